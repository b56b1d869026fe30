/**
 * The request graph of a design (DESIGN.md §3): the one graph the rules engine and the
 * simulator both travel, so that they never disagree.
 *
 * - request edges only (replication edges carry no request);
 * - a cluster endpoint stands for every member of the cluster (edges are expanded);
 * - only edges that keep the documented tier order carry requests: an out-of-order edge
 *   is listed in {@link RequestGraph.outOfOrder} and contributes no arc;
 * - databases are terminal: no arc leaves a database.
 *
 * Stored as compressed sparse rows (typed arrays) because the rules run on every edit of
 * designs up to 5,000 components and 20,000 edges.
 */
import type { Access, ComponentKind, Design, DesignEdge, DesignNode } from '../model/types';

/** The tiers of the documented order, first to last. */
export const TIERS: readonly ComponentKind[] = [
  'load-balancer',
  'web-server',
  'app-server',
  'database',
];

export interface RequestGraph {
  readonly design: Design;
  /** Node id → index into `design.nodes`. Clusters and servers are not in it. */
  readonly index: ReadonlyMap<string, number>;
  /** Number of nodes (= `design.nodes.length`). */
  readonly size: number;
  /** Arcs of node `i` are `targets[offsets[i]] … targets[offsets[i + 1] - 1]`. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** For each arc, the index into `design.edges` of the design edge it comes from. */
  readonly arcEdge: Int32Array;
  /** Indices of the `user` nodes: the entry points. */
  readonly users: readonly number[];
  /** Request edges (as the file writes them) that break the documented order. */
  readonly outOfOrder: readonly DesignEdge[];
  /** The tiers the design has, in order (a subset of {@link TIERS}). */
  readonly tiers: readonly ComponentKind[];
  /** Members of each cluster, as node indices (empty when the cluster has none). */
  readonly members: ReadonlyMap<string, readonly number[]>;
}

/** True when `access` allows the operation. Undefined access (not into a database) allows both. */
export function allows(access: Access | undefined, op: 'read' | 'write'): boolean {
  if (access === undefined || access === 'read-write') return true;
  return access === op;
}

/**
 * The tiers present in a design, in the documented order.
 * @example tiersOf(simpleStack) // ['web-server', 'app-server', 'database']
 */
export function tiersOf(nodes: readonly DesignNode[]): ComponentKind[] {
  const present = new Set(nodes.map((n) => n.kind));
  return TIERS.filter((t) => present.has(t));
}

/**
 * Whether a request from a component of kind `from` to one of kind `to` keeps the
 * documented order, given the tiers the design has (DESIGN.md §3): user→dns, user→first,
 * dns→first, or a tier to the next tier the design has.
 */
export function isInOrder(
  from: ComponentKind,
  to: ComponentKind,
  tiers: readonly ComponentKind[],
): boolean {
  const first = tiers[0];
  if (from === 'user') return to === 'dns' || to === first;
  if (from === 'dns') return to === first;
  const at = tiers.indexOf(from);
  return at >= 0 && at + 1 < tiers.length && tiers[at + 1] === to;
}

/** Node indices an edge endpoint stands for: the node itself, or every member of a cluster. */
export function expandEndpoint(
  id: string,
  index: ReadonlyMap<string, number>,
  members: ReadonlyMap<string, readonly number[]>,
): readonly number[] {
  const i = index.get(id);
  if (i !== undefined) return [i];
  return members.get(id) ?? [];
}

/**
 * Builds the request graph of a design. Linear in nodes plus expanded edges.
 * Assumes a valid `Design` (as `parseDesign` returns); unknown endpoints are skipped.
 */
export function buildRequestGraph(design: Design): RequestGraph {
  const { nodes, edges } = design;
  const size = nodes.length;
  const index = new Map<string, number>();
  nodes.forEach((n, i) => index.set(n.id, i));

  const members = new Map<string, number[]>();
  for (const c of design.clusters) members.set(c.id, []);
  nodes.forEach((n, i) => {
    if (n.cluster !== undefined) members.get(n.cluster)?.push(i);
  });

  const tiers = tiersOf(nodes);
  const users: number[] = [];
  nodes.forEach((n, i) => {
    if (n.kind === 'user') users.push(i);
  });

  // First pass: decide which edges carry requests, and count arcs per source.
  const outOfOrder: DesignEdge[] = [];
  const degree = new Int32Array(size + 1);
  const carried: Array<{ sources: readonly number[]; targets: readonly number[]; edge: number }> =
    [];
  edges.forEach((edge, e) => {
    if (edge.kind !== 'request') return;
    const sources = expandEndpoint(edge.source, index, members);
    const targets = expandEndpoint(edge.target, index, members);
    let inOrder = true;
    for (const s of sources) {
      for (const t of targets) {
        if (!isInOrder(nodes[s]!.kind, nodes[t]!.kind, tiers)) inOrder = false;
      }
    }
    if (!inOrder) {
      outOfOrder.push(edge);
      return;
    }
    if (sources.length === 0 || targets.length === 0) return;
    carried.push({ sources, targets, edge: e });
    for (const s of sources) {
      if (nodes[s]!.kind === 'database') continue; // databases are terminal
      degree[s + 1]! += targets.length;
    }
  });

  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) offsets[i + 1] = offsets[i]! + degree[i + 1]!;
  const arcs = offsets[size]!;
  const targets = new Int32Array(arcs);
  const arcEdge = new Int32Array(arcs);
  const fill = offsets.slice(0, size);
  for (const { sources, targets: ts, edge } of carried) {
    for (const s of sources) {
      if (nodes[s]!.kind === 'database') continue;
      for (const t of ts) {
        const at = fill[s]!++;
        targets[at] = t;
        arcEdge[at] = edge;
      }
    }
  }

  return { design, index, size, offsets, targets, arcEdge, users, outOfOrder, tiers, members };
}

/**
 * The nodes some user reaches in the request graph, whatever the access (DESIGN.md §3:
 * a component is *reached* when some user has a path to it).
 */
export function findReached(graph: RequestGraph): Uint8Array {
  const seen = new Uint8Array(graph.size);
  const stack: number[] = [];
  for (const u of graph.users) {
    if (!seen[u]) {
      seen[u] = 1;
      stack.push(u);
    }
  }
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let a = graph.offsets[v]!; a < graph.offsets[v + 1]!; a++) {
      const w = graph.targets[a]!;
      if (!seen[w]) {
        seen[w] = 1;
        stack.push(w);
      }
    }
  }
  return seen;
}
