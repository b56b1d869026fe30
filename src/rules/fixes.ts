/**
 * One-click fixes: `applyFix(design, fix)` returns the design with the fix applied. Pure
 * (the input is never changed) and deterministic; the store wraps it as one undoable step.
 * A fix whose target no longer exists returns the design unchanged.
 *
 * New components get fresh ids (`createId`), a label that follows the original's
 * ("Nginx 1" → "Nginx 2") and a free spot just below the original (`findFreePosition`:
 * never overlapping another component).
 *
 * A fix removes the finding it is attached to and, on a sound design, adds none. On a
 * design with other mistakes it can reveal or repeat them: a peer of a component that
 * sends requests nowhere sends them nowhere too (dead-end twice); an app server that can
 * now write makes the primary a SPOF of writes for its users (where no-path stood before).
 */
import { NODE_SIZE } from '../model/catalogue';
import { createId, createLabel, ID_PREFIX } from '../model/factories';
import { findFreePosition } from '../model/layout';
import type { Cluster, Design, DesignEdge, DesignNode, Position } from '../model/types';
import { buildRequestGraph, expandEndpoint } from '../graph/request-graph';
import type { Fix } from './types';

/** The design with `fix` applied (a new design; `design` is not changed). */
export function applyFix(design: Design, fix: Fix): Design {
  switch (fix.kind) {
    case 'add-peer':
      return addPeer(design, fix.node);
    case 'cluster-load-balancers':
      return clusterLoadBalancers(design, fix.nodes);
    case 'add-replica':
      return addReplica(design, fix.primary);
    case 'set-entry-points':
      return setEntryPoints(design, fix.cluster, fix.entryPoints);
    case 'reverse-replication':
      return mapEdge(design, fix.edge, (e) =>
        e.kind === 'replication' ? { ...e, source: e.target, target: e.source } : e,
      );
    case 'make-writable':
      return mapEdge(design, fix.edge, (e) =>
        e.kind === 'request' && e.access !== undefined && e.access !== 'read-write'
          ? { ...e, access: 'read-write' }
          : e,
      );
    case 'connect-writer':
      return connectWriter(design, fix.app, fix.primary);
  }
}

/** Ids handed out during one fix, so two new things never get the same one. */
class IdPool {
  private readonly taken = new Set<string>();
  constructor(private readonly design: Design) {}
  next(prefix: string): string {
    const id = createId(this.design, prefix, this.taken);
    this.taken.add(id);
    return id;
  }
}

/** The spot right below `node` (one row down), or the nearest free one. */
function spotBelow(design: Design, node: DesignNode): Position {
  return findFreePosition(design, {
    x: node.position.x,
    y: node.position.y + NODE_SIZE.height + 40,
  });
}

/** "Nginx 1" → "Nginx 2" (the next free number); "Nginx" → "Nginx 2". */
export function nextLabel(design: Design, label: string): string {
  const match = /^(.*?)(\d+)$/.exec(label);
  if (!match) return createLabel(design, label);
  const labels = new Set(design.nodes.map((n) => n.label));
  const base = match[1]!;
  for (let n = Number(match[2]) + 1; n < Number.MAX_SAFE_INTEGER; n++) {
    const candidate = `${base}${n}`;
    if (!labels.has(candidate)) return candidate;
  }
  return createLabel(design, label);
}

function findNode(design: Design, id: string): DesignNode | undefined {
  return design.nodes.find((n) => n.id === id);
}

/** A copy of `node` with a fresh id and label, placed below it, in the same cluster, on no server. */
function createPeer(
  design: Design,
  node: DesignNode,
  ids: IdPool,
  cluster = node.cluster,
): DesignNode {
  const peer: DesignNode = {
    id: ids.next(ID_PREFIX[node.kind] ?? 'node'),
    kind: node.kind,
    label: nextLabel(design, node.label),
    position: spotBelow(design, node),
  };
  if (node.role !== undefined) peer.role = node.role;
  if (cluster !== undefined) peer.cluster = cluster;
  if (node.algorithm !== undefined) peer.algorithm = node.algorithm;
  if (node.latencyMs !== undefined) peer.latencyMs = node.latencyMs;
  return peer;
}

/**
 * A second component wired like the first: the same edges in and out, the same cluster,
 * no server. Only the edges that do their job are copied: request edges in the tier order
 * (into a replica as reads only) and replication from a primary to a replica — copying a
 * mistake would only repeat its finding.
 */
function addPeer(design: Design, nodeId: string): Design {
  const node = findNode(design, nodeId);
  if (!node) return design;
  const ids = new IdPool(design);
  const peer = createPeer(design, node, ids);
  const graph = buildRequestGraph(design);
  const outOfOrder = new Set(graph.outOfOrder);
  const isReplica = node.kind === 'database' && node.role === 'replica';
  const roleOf = (id: string) => {
    const ends = expandEndpoint(id, graph.index, graph.members).map((v) => design.nodes[v]!);
    if (ends.length > 0 && ends.every((n) => n.kind === 'database' && n.role !== 'replica'))
      return 'primary';
    if (ends.length > 0 && ends.every((n) => n.kind === 'database' && n.role === 'replica'))
      return 'replica';
    return 'other';
  };
  const copies: DesignEdge[] = [];
  for (const edge of design.edges) {
    if (edge.source !== node.id && edge.target !== node.id) continue;
    if (edge.kind === 'request') {
      if (outOfOrder.has(edge)) continue;
      const intoReplica =
        (isReplica && edge.target === node.id) || roleOf(edge.target) === 'replica';
      if (intoReplica && (edge.access === 'write' || edge.access === 'read-write')) {
        // A replica only serves reads: copy the edge as a read, not the mistake.
        copies.push({
          ...edge,
          id: ids.next('e'),
          source: edge.source === node.id ? peer.id : edge.source,
          target: edge.target === node.id ? peer.id : edge.target,
          access: 'read',
        });
        continue;
      }
    } else if (roleOf(edge.source) !== 'primary' || roleOf(edge.target) !== 'replica') {
      continue;
    }
    copies.push({
      ...edge,
      id: ids.next('e'),
      source: edge.source === node.id ? peer.id : edge.source,
      target: edge.target === node.id ? peer.id : edge.target,
    });
  }
  return { ...design, nodes: [...design.nodes, peer], edges: [...design.edges, ...copies] };
}

/**
 * The load balancers in one active-active cluster with two entry points (a second one is
 * added when only one would be in it). Request edges that named one of them (or a cluster
 * it leaves) now name the cluster, so every member gets the same traffic in and out;
 * edges that break the tier order are left alone (they carry nothing).
 */
function clusterLoadBalancers(design: Design, nodeIds: readonly string[]): Design {
  const lbs = nodeIds
    .map((id) => findNode(design, id))
    .filter((n): n is DesignNode => n !== undefined && n.kind === 'load-balancer');
  if (lbs.length === 0) return design;
  const ids = new IdPool(design);
  const graph = buildRequestGraph(design);
  const outOfOrder = new Set(graph.outOfOrder);

  const shared = lbs[0]!.cluster;
  const allShare = shared !== undefined && lbs.every((n) => n.cluster === shared);
  let clusterId: string;
  let clusters: Cluster[];
  if (allShare) {
    clusterId = shared;
    clusters = design.clusters.map((c) =>
      c.id === shared
        ? { ...c, mode: 'active-active' as const, entryPoints: Math.max(2, c.entryPoints) }
        : c,
    );
  } else {
    clusterId = ids.next('lbc');
    const base = lbs[0]!.label.replace(/\s*\d+$/, '').trim() || 'Load balancer';
    clusters = [
      ...design.clusters,
      { id: clusterId, label: `${base} cluster`, mode: 'active-active', entryPoints: 2 },
    ];
  }

  const moving = new Set(lbs.map((n) => n.id));
  // Clusters the load balancers leave: emptied ones are replaced by the new cluster, the
  // others keep their remaining members and lend their edges to the new cluster too.
  const left = new Set<string>();
  for (const n of lbs) if (n.cluster !== undefined && n.cluster !== clusterId) left.add(n.cluster);
  const emptied = new Set<string>();
  for (const c of left) {
    if (!design.nodes.some((n) => n.cluster === c && !moving.has(n.id))) emptied.add(c);
  }

  let nodes = design.nodes.map((n) =>
    moving.has(n.id) && n.cluster !== clusterId ? { ...n, cluster: clusterId } : n,
  );
  const members = nodes.filter((n) => n.cluster === clusterId).length;
  if (members < 2) nodes = [...nodes, createPeer(design, lbs[0]!, ids, clusterId)];
  clusters = clusters.filter((c) => !emptied.has(c.id));

  const rename = (id: string) => (moving.has(id) || emptied.has(id) ? clusterId : id);
  const keyOf = (e: DesignEdge) =>
    `${e.kind}\u0000${e.source}\u0000${e.target}\u0000${e.access ?? ''}`;
  const keys = new Set<string>();
  const edges: DesignEdge[] = [];
  const lent: DesignEdge[] = [];
  for (const edge of design.edges) {
    const carries = edge.kind === 'request' && !outOfOrder.has(edge);
    let next = edge;
    if (carries) {
      const source = rename(edge.source);
      const target = rename(edge.target);
      if (source !== edge.source || target !== edge.target) next = { ...edge, source, target };
      for (const end of ['source', 'target'] as const) {
        if (left.has(edge[end]) && !emptied.has(edge[end])) {
          lent.push({ ...edge, id: '', [end]: clusterId });
        }
      }
    } else if (emptied.has(edge.source) || emptied.has(edge.target)) {
      next = {
        ...edge,
        source: emptied.has(edge.source) ? clusterId : edge.source,
        target: emptied.has(edge.target) ? clusterId : edge.target,
      };
    }
    if (next !== edge && joinsItsOwnCluster(next, nodes)) continue; // a nonsense edge, now invalid
    const key = keyOf(next);
    if (next !== edge && keys.has(key)) continue; // an edge the cluster already has
    keys.add(key);
    edges.push(next);
  }
  for (const edge of lent) {
    const key = keyOf(edge);
    if (keys.has(key)) continue;
    keys.add(key);
    edges.push({ ...edge, id: ids.next('e') });
  }
  return { ...design, nodes, edges, clusters };
}

/** Whether an edge runs from something to itself, or between a cluster and one of its members. */
function joinsItsOwnCluster(edge: DesignEdge, nodes: readonly DesignNode[]): boolean {
  if (edge.source === edge.target) return true;
  return nodes.some(
    (n) =>
      (n.id === edge.source && n.cluster === edge.target) ||
      (n.id === edge.target && n.cluster === edge.source),
  );
}

/** A replica fed by the primary, serving reads to everything that sends requests to the primary. */
function addReplica(design: Design, primaryId: string): Design {
  const primary = findNode(design, primaryId);
  if (!primary || primary.kind !== 'database' || primary.role === 'replica') return design;
  const ids = new IdPool(design);
  const replica: DesignNode = {
    id: ids.next(ID_PREFIX.database),
    kind: 'database',
    role: 'replica',
    label: createLabel(design, 'MySQL replica'),
    position: spotBelow(design, primary),
  };
  const graph = buildRequestGraph(design);
  const outOfOrder = new Set(graph.outOfOrder);
  const p = graph.index.get(primary.id)!;
  const readers: string[] = [];
  for (const edge of design.edges) {
    if (edge.kind !== 'request' || outOfOrder.has(edge)) continue;
    if (!expandEndpoint(edge.target, graph.index, graph.members).includes(p)) continue;
    if (!readers.includes(edge.source)) readers.push(edge.source);
  }
  const added: DesignEdge[] = [
    { id: ids.next('e'), source: primary.id, target: replica.id, kind: 'replication' },
    ...readers.map((source): DesignEdge => ({
      id: ids.next('e'),
      source,
      target: replica.id,
      kind: 'request',
      access: 'read',
    })),
  ];
  return { ...design, nodes: [...design.nodes, replica], edges: [...design.edges, ...added] };
}

function setEntryPoints(design: Design, clusterId: string, entryPoints: number): Design {
  if (!design.clusters.some((c) => c.id === clusterId)) return design;
  return {
    ...design,
    clusters: design.clusters.map((c) => (c.id === clusterId ? { ...c, entryPoints } : c)),
  };
}

function mapEdge(design: Design, edgeId: string, change: (e: DesignEdge) => DesignEdge): Design {
  const at = design.edges.findIndex((e) => e.id === edgeId);
  if (at < 0) return design;
  const edge = design.edges[at]!;
  const next = change(edge);
  if (next === edge) return design;
  const edges = design.edges.slice();
  edges[at] = next;
  return { ...design, edges };
}

/** A request edge from the app server to the primary, read-write (the file's default). */
function connectWriter(design: Design, appId: string, primaryId: string): Design {
  const app = findNode(design, appId);
  const primary = findNode(design, primaryId);
  if (!app || !primary || primary.kind !== 'database' || primary.role === 'replica') return design;
  const edge: DesignEdge = {
    id: new IdPool(design).next('e'),
    source: app.id,
    target: primary.id,
    kind: 'request',
    access: 'read-write',
  };
  return { ...design, edges: [...design.edges, edge] };
}
