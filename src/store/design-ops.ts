/**
 * Pure operations on a `Design`, one per editor intent. The store wraps each one as a single
 * undoable step; tests call them directly.
 *
 * Every operation:
 * - returns a new `Design` that keeps the invariants of `model/types.ts`, or the very same
 *   `Design` object when nothing changed (so the store can tell a no-op and add no history step);
 * - shares the objects it did not touch (structural sharing): an untouched node keeps its
 *   identity, which lets the canvas skip re-rendering it.
 */
import { GRID, KINDS, NODE_SIZE, getDefaultLabel } from '../model/catalogue';
import { ID_PREFIX, createId, createLabel } from '../model/factories';
import {
  LIMITS,
  type Access,
  type Cluster,
  type ComponentKind,
  type DatabaseRole,
  type Design,
  type DesignEdge,
  type DesignNode,
  type EdgeKind,
  type LbAlgorithm,
  type Position,
  type Result,
  type Server,
} from '../model/types';

/** What the editor has selected, by id (edges by edge id). */
export interface Selection {
  nodes: string[];
  edges: string[];
  clusters: string[];
  servers: string[];
}

export const EMPTY_SELECTION: Selection = Object.freeze({
  nodes: [],
  edges: [],
  clusters: [],
  servers: [],
}) as Selection;

/** What copy puts on the editor's own clipboard: nodes and the edges between them. */
export interface Clipboard {
  nodes: DesignNode[];
  edges: DesignEdge[];
}

export interface NewNode {
  kind: ComponentKind;
  role?: DatabaseRole;
  label?: string;
  position: Position;
  notes?: string;
}

export interface NodePatch {
  label?: string;
  kind?: ComponentKind;
  role?: DatabaseRole;
  /** `''` removes the notes. */
  notes?: string;
  algorithm?: LbAlgorithm;
  /** A cluster id, or `null` to leave the cluster. */
  cluster?: string | null;
  /** A server id, or `null` to leave the server. */
  server?: string | null;
  latencyMs?: number;
}

export interface EdgePatch {
  kind?: EdgeKind;
  access?: Access;
  /** `''` removes the label. */
  label?: string;
  source?: string;
  target?: string;
}

export interface ClusterPatch {
  label?: string;
  mode?: Cluster['mode'];
  entryPoints?: number;
}

export interface ServerPatch {
  label?: string;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Snaps a coordinate to the grid. */
export function snapToGrid(value: number, grid: number = GRID): number {
  return Math.round(value / grid) * grid;
}

function clampCoordinate(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.max(-LIMITS.maxCoordinate, Math.min(LIMITS.maxCoordinate, value));
}

/** A position clamped to the model's bounds and, when `snap`, to the grid. */
export function normalizePosition(position: Position, snap: boolean): Position {
  const x = clampCoordinate(position.x);
  const y = clampCoordinate(position.y);
  return snap ? { x: snapToGrid(x), y: snapToGrid(y) } : { x, y };
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** What an id names in a design: a node, a cluster, a server, or nothing. */
export function describeId(design: Design, id: string): 'node' | 'cluster' | 'server' | undefined {
  if (design.nodes.some((n) => n.id === id)) return 'node';
  if (design.clusters.some((c) => c.id === id)) return 'cluster';
  if (design.servers.some((s) => s.id === id)) return 'server';
  return undefined;
}

function nodeById(design: Design): Map<string, DesignNode> {
  return new Map(design.nodes.map((n) => [n.id, n]));
}

/** The members of a cluster, in design order. */
export function clusterMembers(design: Design, clusterId: string): DesignNode[] {
  return design.nodes.filter((n) => n.cluster === clusterId);
}

/** The components on a server, in design order. */
export function serverMembers(design: Design, serverId: string): DesignNode[] {
  return design.nodes.filter((n) => n.server === serverId);
}

/** The kind of an edge endpoint: the node's kind, or the kind of a cluster's members. */
function endpointKind(
  design: Design,
  nodes: Map<string, DesignNode>,
  id: string,
): ComponentKind | undefined {
  const node = nodes.get(id);
  if (node) return node.kind;
  return design.nodes.find((n) => n.cluster === id)?.kind;
}

/**
 * The access a new request edge into `target` gets (DESIGN.md §2): `read-write` into a
 * primary, `read` into a replica, none into anything but a database. A cluster of databases
 * counts as a primary when any member is one.
 */
export function defaultAccess(design: Design, target: string): Access | undefined {
  const node = design.nodes.find((n) => n.id === target);
  if (node) {
    if (node.kind !== 'database') return undefined;
    return node.role === 'replica' ? 'read' : 'read-write';
  }
  const members = clusterMembers(design, target);
  if (members.length === 0 || members[0]?.kind !== 'database') return undefined;
  return members.some((m) => m.role !== 'replica') ? 'read-write' : 'read';
}

function isDatabaseEndpoint(design: Design, nodes: Map<string, DesignNode>, id: string): boolean {
  return endpointKind(design, nodes, id) === 'database';
}

/** Why an edge between `source` and `target` may not exist, or undefined when it may. */
export function checkEndpoints(design: Design, source: string, target: string): string | undefined {
  if (source === target) return 'A component cannot connect to itself.';
  const s = describeId(design, source);
  const t = describeId(design, target);
  if (!s || !t) return 'Both ends of a connection must be components or clusters.';
  if (s === 'server' || t === 'server') return 'A connection cannot end at a server box.';
  const nodes = nodeById(design);
  if (s === 'cluster' && nodes.get(target)?.cluster === source)
    return 'A cluster cannot connect to one of its own members.';
  if (t === 'cluster' && nodes.get(source)?.cluster === target)
    return 'A cluster cannot connect to one of its own members.';
  return undefined;
}

/**
 * Restores the edge invariants after a change: drops edges whose endpoints are gone, self
 * edges and cluster↔member edges; sets the default access on request edges into a database
 * and removes it elsewhere. Returns `design` itself when every edge was already fine.
 */
export function normalizeEdges(design: Design): Design {
  const nodes = nodeById(design);
  let changed = false;
  const edges: DesignEdge[] = [];
  for (const edge of design.edges) {
    if (checkEndpoints(design, edge.source, edge.target) !== undefined) {
      changed = true;
      continue;
    }
    const intoDatabase = edge.kind === 'request' && isDatabaseEndpoint(design, nodes, edge.target);
    if (intoDatabase && edge.access === undefined) {
      const access = defaultAccess(design, edge.target);
      edges.push(access ? { ...edge, access } : edge);
      changed ||= access !== undefined;
    } else if (!intoDatabase && edge.access !== undefined) {
      const { access: _dropped, ...rest } = edge;
      edges.push(rest);
      changed = true;
    } else {
      edges.push(edge);
    }
  }
  return changed ? { ...design, edges } : design;
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): T {
  if (!(key in value)) return value;
  const copy = { ...value };
  delete copy[key];
  return copy;
}

/** A new edge id (`e1`, `e2`…), unique among every id of the design. */
function createEdgeId(design: Design): string {
  return createId(design, 'e');
}

// ---------------------------------------------------------------------------------------------
// Nodes

/** Adds a component. Its id comes from its kind (`lb3`); its label from the catalogue. */
export function addNode(design: Design, input: NewNode): { design: Design; id: string } {
  const id = createId(design, ID_PREFIX[input.kind]);
  const node: DesignNode = {
    id,
    kind: input.kind,
    label: truncate(
      input.label ?? createLabel(design, getDefaultLabel(input.kind, input.role)),
      LIMITS.maxLabelLength,
    ),
    position: normalizePosition(input.position, false),
  };
  if (input.kind === 'database') node.role = input.role ?? 'primary';
  if (input.notes) node.notes = truncate(input.notes, LIMITS.maxNotesLength);
  return { design: { ...design, nodes: [...design.nodes, node] }, id };
}

/**
 * Changes one component. Keeps the invariants: a kind change drops `role`/`algorithm` that no
 * longer apply and leaves a cluster of another kind; joining a cluster of another kind is
 * refused (the patch field is ignored); edges are normalized afterwards.
 */
export function updateNode(design: Design, id: string, patch: NodePatch): Design {
  const index = design.nodes.findIndex((n) => n.id === id);
  const old = design.nodes[index];
  if (!old) return design;
  let node: DesignNode = { ...old };

  if (patch.label !== undefined) node.label = truncate(patch.label, LIMITS.maxLabelLength);
  if (patch.notes !== undefined) {
    if (patch.notes === '') node = withoutKey(node, 'notes');
    else node.notes = truncate(patch.notes, LIMITS.maxNotesLength);
  }
  const others = { ...design, nodes: design.nodes.filter((n) => n.id !== id) };
  if (patch.kind !== undefined && patch.kind !== old.kind) {
    node.kind = patch.kind;
    if (isDefaultLabel(old.label, getDefaultLabel(old.kind, old.role)))
      node.label = createLabel(
        others,
        getDefaultLabel(patch.kind, patch.kind === 'database' ? 'primary' : undefined),
      );
    if (patch.kind === 'database') node.role = 'primary';
    else node = withoutKey(node, 'role');
    if (patch.kind !== 'load-balancer') node = withoutKey(node, 'algorithm');
    if (node.cluster !== undefined) {
      const others = design.nodes.filter((n) => n.cluster === node.cluster && n.id !== id);
      if (others.some((n) => n.kind !== patch.kind)) node = withoutKey(node, 'cluster');
    }
  }
  if (patch.role !== undefined && node.kind === 'database') {
    if (old.role !== patch.role && isDefaultLabel(old.label, getDefaultLabel(old.kind, old.role)))
      node.label = createLabel(others, getDefaultLabel('database', patch.role));
    node.role = patch.role;
  }
  if (patch.algorithm !== undefined && node.kind === 'load-balancer')
    node.algorithm = patch.algorithm;
  if (patch.latencyMs !== undefined && Number.isFinite(patch.latencyMs))
    node.latencyMs = Math.max(0, Math.min(LIMITS.maxLatencyMs, patch.latencyMs));
  if (patch.cluster === null) node = withoutKey(node, 'cluster');
  else if (patch.cluster !== undefined && patch.cluster !== node.cluster) {
    const cluster = design.clusters.find((c) => c.id === patch.cluster);
    const others = design.nodes.filter((n) => n.cluster === patch.cluster && n.id !== id);
    if (cluster && others.every((n) => n.kind === node.kind)) node.cluster = cluster.id;
  }
  if (patch.server === null) node = withoutKey(node, 'server');
  else if (patch.server !== undefined && design.servers.some((s) => s.id === patch.server))
    node.server = patch.server;

  if (shallowEqualNode(old, node)) return design;
  const nodes = design.nodes.slice();
  nodes[index] = node;
  return normalizeEdges({ ...design, nodes });
}

/** True for a kind's default label, numbered or not: `Nginx`, `Nginx 2`. */
function isDefaultLabel(label: string, base: string): boolean {
  return (
    label === base || (label.startsWith(`${base} `) && /^\d+$/.test(label.slice(base.length + 1)))
  );
}

function shallowEqualNode(a: DesignNode, b: DesignNode): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DesignNode>;
  for (const key of keys) {
    if (key === 'position') {
      if (a.position.x !== b.position.x || a.position.y !== b.position.y) return false;
    } else if (a[key] !== b[key]) return false;
  }
  return true;
}

/**
 * Moves components to new positions (clamped; snapped to the grid when `snap`).
 * Components whose position does not change keep their identity.
 */
export function moveNodes(
  design: Design,
  moves: ReadonlyArray<{ id: string; position: Position }>,
  snap: boolean,
): Design {
  if (moves.length === 0) return design;
  const wanted = new Map(moves.map((m) => [m.id, normalizePosition(m.position, snap)]));
  let changed = false;
  const nodes = design.nodes.map((n) => {
    const p = wanted.get(n.id);
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: p };
  });
  return changed ? { ...design, nodes } : design;
}

// ---------------------------------------------------------------------------------------------
// Removal

/**
 * Removes what is selected. Removing components removes their edges, and clusters or servers
 * left empty by it (with the edges of those clusters). Removing a cluster or a server box
 * keeps its members: the grouping goes, and edges naming the cluster go with it.
 */
export function removeItems(design: Design, selection: Selection): Design {
  const nodeIds = new Set(selection.nodes);
  const edgeIds = new Set(selection.edges);
  const clusterIds = new Set(selection.clusters);
  const serverIds = new Set(selection.servers);
  if (nodeIds.size + edgeIds.size + clusterIds.size + serverIds.size === 0) return design;

  const removedNodes = design.nodes.filter((n) => nodeIds.has(n.id));
  // Clusters and servers that had members and lose all of them.
  for (const c of design.clusters) {
    const members = clusterMembers(design, c.id);
    if (members.length > 0 && members.every((m) => nodeIds.has(m.id))) clusterIds.add(c.id);
  }
  for (const s of design.servers) {
    const members = serverMembers(design, s.id);
    if (members.length > 0 && members.every((m) => nodeIds.has(m.id))) serverIds.add(s.id);
  }
  if (
    removedNodes.length === 0 &&
    !design.edges.some((e) => edgeIds.has(e.id)) &&
    !design.clusters.some((c) => clusterIds.has(c.id)) &&
    !design.servers.some((s) => serverIds.has(s.id))
  )
    return design;

  const gone = new Set([...nodeIds, ...clusterIds]);
  const touchesNodes =
    removedNodes.length > 0 ||
    design.nodes.some(
      (n) =>
        (n.cluster !== undefined && clusterIds.has(n.cluster)) ||
        (n.server !== undefined && serverIds.has(n.server)),
    );
  const nodes = !touchesNodes
    ? design.nodes
    : design.nodes
        .filter((n) => !nodeIds.has(n.id))
        .map((n) => {
          let next = n;
          if (next.cluster !== undefined && clusterIds.has(next.cluster))
            next = withoutKey(next, 'cluster');
          if (next.server !== undefined && serverIds.has(next.server))
            next = withoutKey(next, 'server');
          return next;
        });
  const edges = design.edges.filter(
    (e) => !edgeIds.has(e.id) && !gone.has(e.source) && !gone.has(e.target),
  );
  return normalizeEdges({
    ...design,
    nodes,
    edges,
    clusters: design.clusters.filter((c) => !clusterIds.has(c.id)),
    servers: design.servers.filter((s) => !serverIds.has(s.id)),
  });
}

// ---------------------------------------------------------------------------------------------
// Edges

export interface ConnectOptions {
  kind?: EdgeKind;
  access?: Access;
  label?: string;
}

/**
 * Connects `source` to `target` (components or clusters). The default kind is `request`,
 * except between two databases, where only `replication` makes sense; request edges into a
 * database get the default access. Refuses self edges, cluster↔own-member edges and servers.
 * Connecting the same pair again with the same kind changes nothing.
 */
export function connect(
  design: Design,
  source: string,
  target: string,
  options: ConnectOptions = {},
): Result<{ design: Design; id: string }, string> {
  const problem = checkEndpoints(design, source, target);
  if (problem) return { ok: false, error: problem };
  const nodes = nodeById(design);
  const bothDatabases =
    endpointKind(design, nodes, source) === 'database' &&
    endpointKind(design, nodes, target) === 'database';
  const kind: EdgeKind = options.kind ?? (bothDatabases ? 'replication' : 'request');
  const existing = design.edges.find(
    (e) => e.source === source && e.target === target && e.kind === kind,
  );
  if (existing) return { ok: true, value: { design, id: existing.id } };
  const edge: DesignEdge = { id: createEdgeId(design), source, target, kind };
  if (kind === 'request') {
    const access = isDatabaseEndpoint(design, nodes, target)
      ? (options.access ?? defaultAccess(design, target))
      : undefined;
    if (access) edge.access = access;
  }
  if (options.label) edge.label = truncate(options.label, LIMITS.maxLabelLength);
  return {
    ok: true,
    value: { design: { ...design, edges: [...design.edges, edge] }, id: edge.id },
  };
}

/** Changes one edge; an invalid new endpoint is refused (the same design comes back). */
export function updateEdge(design: Design, id: string, patch: EdgePatch): Design {
  const index = design.edges.findIndex((e) => e.id === id);
  const old = design.edges[index];
  if (!old) return design;
  let edge: DesignEdge = { ...old };
  if (patch.source !== undefined) edge.source = patch.source;
  if (patch.target !== undefined) edge.target = patch.target;
  if (
    (edge.source !== old.source || edge.target !== old.target) &&
    checkEndpoints(design, edge.source, edge.target) !== undefined
  )
    return design;
  if (patch.kind !== undefined) edge.kind = patch.kind;
  if (edge.kind === 'replication') edge = withoutKey(edge, 'access');
  else if (patch.access !== undefined) edge.access = patch.access;
  if (edge.kind === 'request' && old.kind === 'replication') edge = withoutKey(edge, 'access');
  if (patch.label !== undefined) {
    if (patch.label === '') edge = withoutKey(edge, 'label');
    else edge.label = truncate(patch.label, LIMITS.maxLabelLength);
  }
  const edges = design.edges.slice();
  edges[index] = edge;
  const next = normalizeEdges({ ...design, edges });
  const after = next.edges.find((e) => e.id === id);
  if (after && sameEdge(after, old) && next.edges.length === design.edges.length) return design;
  return next;
}

function sameEdge(a: DesignEdge, b: DesignEdge): boolean {
  return (
    a.id === b.id &&
    a.source === b.source &&
    a.target === b.target &&
    a.kind === b.kind &&
    a.access === b.access &&
    a.label === b.label
  );
}

// ---------------------------------------------------------------------------------------------
// Clusters and servers

/**
 * Puts two or more components of one kind into a new cluster (mode active-passive, one entry
 * point: the file's defaults). Clusters emptied by the move are replaced by the new one: their
 * edges now name the new cluster.
 */
export function groupIntoCluster(
  design: Design,
  nodeIds: readonly string[],
  options: { label?: string } = {},
): Result<{ design: Design; id: string }, string> {
  const ids = new Set(nodeIds);
  const members = design.nodes.filter((n) => ids.has(n.id));
  if (members.length < 2) return { ok: false, error: 'Select two or more components to cluster.' };
  const kind = members[0]!.kind;
  if (members.some((m) => m.kind !== kind))
    return { ok: false, error: 'A cluster holds components of one kind only.' };
  const first = members[0]!.cluster;
  if (
    first !== undefined &&
    members.every((m) => m.cluster === first) &&
    clusterMembers(design, first).length === members.length
  )
    return { ok: true, value: { design, id: first } };

  const id = createId(design, 'cluster');
  const cluster: Cluster = {
    id,
    label: truncate(options.label ?? `${KINDS[kind].name} cluster`, LIMITS.maxLabelLength),
    mode: 'active-passive',
    entryPoints: 1,
  };
  const emptied = new Set<string>();
  for (const c of design.clusters) {
    const all = clusterMembers(design, c.id);
    if (all.length > 0 && all.every((m) => ids.has(m.id))) emptied.add(c.id);
  }
  const nodes = design.nodes.map((n) => (ids.has(n.id) ? { ...n, cluster: id } : n));
  const edges = design.edges.map((e) =>
    emptied.has(e.source) || emptied.has(e.target)
      ? {
          ...e,
          source: emptied.has(e.source) ? id : e.source,
          target: emptied.has(e.target) ? id : e.target,
        }
      : e,
  );
  const next: Design = {
    ...design,
    nodes,
    edges: dedupeEdges(edges),
    clusters: [...design.clusters.filter((c) => !emptied.has(c.id)), cluster],
  };
  return { ok: true, value: { design: normalizeEdges(next), id } };
}

/** Drops edges that repeat an earlier edge's source, target and kind. */
function dedupeEdges(edges: DesignEdge[]): DesignEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = JSON.stringify([e.source, e.target, e.kind]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Dissolves a cluster: its members stay, and each edge naming the cluster becomes one edge per
 * member (a cluster stands for every member, DESIGN.md §2), so the request graph is unchanged.
 */
export function ungroupCluster(design: Design, clusterId: string): Design {
  if (!design.clusters.some((c) => c.id === clusterId)) return design;
  const members = clusterMembers(design, clusterId);
  const nodes = design.nodes.map((n) => (n.cluster === clusterId ? withoutKey(n, 'cluster') : n));
  let next: Design = {
    ...design,
    nodes,
    edges: design.edges.filter((e) => e.source !== clusterId && e.target !== clusterId),
    clusters: design.clusters.filter((c) => c.id !== clusterId),
  };
  for (const edge of design.edges) {
    if (edge.source !== clusterId && edge.target !== clusterId) continue;
    for (const m of members) {
      const source = edge.source === clusterId ? m.id : edge.source;
      const target = edge.target === clusterId ? m.id : edge.target;
      const options: ConnectOptions = { kind: edge.kind };
      if (edge.access) options.access = edge.access;
      if (edge.label) options.label = edge.label;
      const r = connect(next, source, target, options);
      if (r.ok) next = r.value.design;
    }
  }
  return normalizeEdges(next);
}

/** Puts components on a new server (a machine they share, so they fail together). */
export function putIntoServer(
  design: Design,
  nodeIds: readonly string[],
  options: { label?: string } = {},
): Result<{ design: Design; id: string }, string> {
  const ids = new Set(nodeIds);
  const members = design.nodes.filter((n) => ids.has(n.id));
  if (members.length === 0)
    return { ok: false, error: 'Select the components to put on a server.' };
  const first = members[0]!.server;
  if (
    first !== undefined &&
    members.every((m) => m.server === first) &&
    serverMembers(design, first).length === members.length
  )
    return { ok: true, value: { design, id: first } };
  const id = createId(design, 'server');
  const server: Server = {
    id,
    label: truncate(options.label ?? `Server ${design.servers.length + 1}`, LIMITS.maxLabelLength),
  };
  const emptied = new Set(
    design.servers
      .filter((s) => {
        const all = serverMembers(design, s.id);
        return all.length > 0 && all.every((m) => ids.has(m.id));
      })
      .map((s) => s.id),
  );
  return {
    ok: true,
    value: {
      design: {
        ...design,
        nodes: design.nodes.map((n) => (ids.has(n.id) ? { ...n, server: id } : n)),
        servers: [...design.servers.filter((s) => !emptied.has(s.id)), server],
      },
      id,
    },
  };
}

/** Takes components off their servers; servers left empty are removed. */
export function removeFromServer(design: Design, nodeIds: readonly string[]): Design {
  const ids = new Set(nodeIds);
  if (!design.nodes.some((n) => ids.has(n.id) && n.server !== undefined)) return design;
  const nodes = design.nodes.map((n) => (ids.has(n.id) ? withoutKey(n, 'server') : n));
  const used = new Set(nodes.map((n) => n.server).filter((s) => s !== undefined));
  const before = new Set(design.nodes.map((n) => n.server).filter((s) => s !== undefined));
  return {
    ...design,
    nodes,
    servers: design.servers.filter((s) => used.has(s.id) || !before.has(s.id)),
  };
}

export function updateCluster(design: Design, id: string, patch: ClusterPatch): Design {
  const index = design.clusters.findIndex((c) => c.id === id);
  const old = design.clusters[index];
  if (!old) return design;
  const next: Cluster = { ...old };
  if (patch.label !== undefined) next.label = truncate(patch.label, LIMITS.maxLabelLength);
  if (patch.mode !== undefined) next.mode = patch.mode;
  if (patch.entryPoints !== undefined && Number.isFinite(patch.entryPoints))
    next.entryPoints = Math.max(1, Math.min(LIMITS.maxEntryPoints, Math.round(patch.entryPoints)));
  if (next.label === old.label && next.mode === old.mode && next.entryPoints === old.entryPoints)
    return design;
  const clusters = design.clusters.slice();
  clusters[index] = next;
  return { ...design, clusters };
}

export function updateServer(design: Design, id: string, patch: ServerPatch): Design {
  const index = design.servers.findIndex((s) => s.id === id);
  const old = design.servers[index];
  if (!old || patch.label === undefined) return design;
  const label = truncate(patch.label, LIMITS.maxLabelLength);
  if (label === old.label) return design;
  const servers = design.servers.slice();
  servers[index] = { ...old, label };
  return { ...design, servers };
}

export function setTitle(design: Design, title: string): Design {
  const next = truncate(title, LIMITS.maxTitleLength);
  return next === design.title ? design : { ...design, title: next };
}

// ---------------------------------------------------------------------------------------------
// Copy, paste, duplicate

/** The selected components and the edges between them, as plain copies. */
export function copyItems(design: Design, nodeIds: readonly string[]): Clipboard {
  const ids = new Set(nodeIds);
  const nodes = design.nodes.filter((n) => ids.has(n.id));
  const edges = design.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { nodes: structuredClone(nodes), edges: structuredClone(edges) };
}

/**
 * Adds copies of the clipboard's components, moved by `offset`, with fresh ids, and the edges
 * between them. A copy stays in its cluster when that cluster still exists and holds its kind
 * (a duplicated load balancer joins its pair's cluster); it never shares a server (a copy is a
 * new machine).
 */
export function pasteClipboard(
  design: Design,
  clipboard: Clipboard,
  offset: Position,
): { design: Design; ids: string[] } {
  if (clipboard.nodes.length === 0) return { design, ids: [] };
  let next = design;
  const idMap = new Map<string, string>();
  for (const source of clipboard.nodes) {
    const id = createId(next, ID_PREFIX[source.kind]);
    idMap.set(source.id, id);
    let node: DesignNode = {
      ...structuredClone(source),
      id,
      position: normalizePosition(
        { x: source.position.x + offset.x, y: source.position.y + offset.y },
        false,
      ),
    };
    node = withoutKey(node, 'server');
    if (node.cluster !== undefined) {
      const clusterId = node.cluster;
      const exists = next.clusters.some((c) => c.id === clusterId);
      const kinds = next.nodes
        .filter((n) => n.cluster === clusterId)
        .every((n) => n.kind === node.kind);
      if (!exists || !kinds) node = withoutKey(node, 'cluster');
    }
    next = { ...next, nodes: [...next.nodes, node] };
  }
  for (const edge of clipboard.edges) {
    const source = idMap.get(edge.source);
    const target = idMap.get(edge.target);
    if (!source || !target) continue;
    const options: ConnectOptions = { kind: edge.kind };
    if (edge.access) options.access = edge.access;
    if (edge.label) options.label = edge.label;
    const r = connect(next, source, target, options);
    if (r.ok) next = r.value.design;
  }
  return { design: normalizeEdges(next), ids: [...idMap.values()] };
}

/** Duplicates components (and the edges between them) next to the originals. */
export function duplicateNodes(
  design: Design,
  nodeIds: readonly string[],
): { design: Design; ids: string[] } {
  const clipboard = copyItems(design, nodeIds);
  return pasteClipboard(design, clipboard, findFreeOffset(design, clipboard.nodes));
}

/**
 * Where copies of `nodes` can go without covering anything: straight below the originals (a
 * duplicated web server lands under it, as its peer would), one group height further each
 * time that spot is taken.
 */
export function findFreeOffset(design: Design, nodes: readonly DesignNode[]): Position {
  const fallback = { x: 2 * GRID, y: 2 * GRID };
  if (nodes.length === 0 || nodes.length * design.nodes.length > 2_000_000) return fallback;
  const minY = Math.min(...nodes.map((n) => n.position.y));
  const maxY = Math.max(...nodes.map((n) => n.position.y)) + NODE_SIZE.height;
  const step = Math.ceil((maxY - minY + GRID) / GRID) * GRID;
  const overlaps = (a: Position, b: Position) =>
    Math.abs(a.x - b.x) < NODE_SIZE.width + GRID && Math.abs(a.y - b.y) < NODE_SIZE.height + GRID;
  for (let k = 1; k <= 100; k += 1) {
    const dy = k * step;
    const free = nodes.every((n) => {
      const p = { x: n.position.x, y: n.position.y + dy };
      return design.nodes.every((o) => !overlaps(p, o.position));
    });
    if (free) return { x: 0, y: dy };
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// Comparison

/**
 * Structural equality of two designs (plain JSON values). Fast path on identity; used by the
 * store to add no history step when a change changed nothing.
 */
export function designsEqual(a: Design, b: Design): boolean {
  return a === b || deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!deepEqual(ra[k], rb[k])) return false;
  return true;
}
