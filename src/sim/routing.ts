/**
 * Routing tables: where each node may send each type of request, given the failures.
 *
 * The simulator travels the shared request graph (`graph/request-graph.ts`, DESIGN.md §3):
 * in-order request edges, clusters expanded, databases terminal. So a request succeeds
 * exactly when, with the failed components removed, its user still reaches an end of the
 * request's flow — which is what the rules call a SPOF (DESIGN.md §4).
 *
 * For one design and one set of failures, the table is computed once (linear in nodes plus
 * arcs) and cached; each request then walks it in O(path length). Traffic mode reuses the
 * same table for every request until the design or the failures change.
 *
 * Routing, node by node:
 * - a node forwards only to healthy targets that CAN STILL COMPLETE the request (a healthy
 *   path to an end of the flow exists beyond them), as deep health checks would; when no
 *   target can, it forwards to a healthy one anyway so the request fails where the break
 *   is (an LB with every web server down, a web server with every app server down…);
 * - a user prefers its DNS to connecting straight to the first tier;
 * - reads into databases prefer replicas, then the primary (`primary-fallback`);
 *   writes only enter a primary by an edge that allows writes;
 * - among the members of an active-passive cluster only the active one is a target: the
 *   first member (in the design's node order) that can complete the request;
 * - the remaining targets are picked by the node's algorithm: load balancers by their
 *   `algorithm` (round robin by default, or least connections: fewest open connections,
 *   ties by round robin), every other node by round robin. Counters are per choosing node
 *   (`id`, or `id:read` / `id:write` for the choice of a database).
 */
import { KINDS } from '../model/catalogue';
import type { ComponentKind, Design, DesignNode, LbAlgorithm } from '../model/types';
import { allows, buildRequestGraph, TIERS, type RequestGraph } from '../graph/request-graph';
import { readCount, writeCount } from './records';
import type { HopChoice, RequestType, SkippedHop } from './types';

/** Index of a request type in the per-type arrays of a {@link RoutingTable}. */
export const TYPE_INDEX: Readonly<Record<RequestType, 0 | 1 | 2>> = {
  static: 0,
  read: 1,
  write: 2,
};

/** Where a node sends one type of request. */
export interface RouteEntry {
  /** The targets the node picks from (node indices); empty when the request fails here. */
  readonly targets: readonly number[];
  /** For each target, the id of the design edge the request travels. */
  readonly edges: readonly string[];
  /** For each target, how it was chosen (shown in the trace), if there was a choice. */
  readonly choices: readonly (HopChoice | undefined)[];
  /** Targets passed over: failed, or unable to complete the request. */
  readonly skipped: readonly SkippedHop[];
  /** Whether the targets can complete the request (false: a forward that will fail deeper). */
  readonly completes: boolean;
  /** Key of the round-robin counter in `SimState.counters`. */
  readonly counterKey: string;
  readonly algorithm: LbAlgorithm;
  /** Set when `targets` is empty: the status and a label-free reason. */
  readonly failure?: { status: 502 | 503; reason: string };
}

/** Routing for one design and one set of failures. Immutable once built. */
export interface RoutingTable {
  readonly design: Design;
  readonly graph: RequestGraph;
  /** 1 when the node is up (neither it nor its server is failed). */
  readonly healthy: Uint8Array;
  /** Per request type: 1 when the node is up and a request of that type can complete from it. */
  readonly completes: readonly [Uint8Array, Uint8Array, Uint8Array];
  /** Latency of one hop into each node, ms. */
  readonly latency: Float64Array;
  /** Whether the design has a database (else read and write end at app servers: the dynamic flow). */
  readonly hasDatabase: boolean;
  /** Route entries, built on first use: `entries[TYPE_INDEX[type]][node]`. */
  readonly entries: readonly [
    Array<RouteEntry | undefined>,
    Array<RouteEntry | undefined>,
    Array<RouteEntry | undefined>,
  ];
}

interface CacheSlot {
  graph: RequestGraph;
  tables: Map<string, RoutingTable>;
}

/** How many failure sets are kept per design (least recently used dropped first). */
const TABLES_PER_DESIGN = 16;
const cache = new WeakMap<Design, CacheSlot>();

/**
 * The routing table of a design with these failures (node ids and server ids; others are
 * ignored). Memoized per design object and failure set (weakly: a dropped design frees its
 * tables), so callers may ask for it on every request. Designs are treated as immutable, as
 * the store keeps them: a changed design must be a new object.
 */
export function getRoutingTable(design: Design, failed: readonly string[]): RoutingTable {
  let slot = cache.get(design);
  if (!slot) {
    slot = { graph: buildRequestGraph(design), tables: new Map() };
    cache.set(design, slot);
  }
  const key = failureKey(failed);
  const hit = slot.tables.get(key);
  if (hit) {
    slot.tables.delete(key);
    slot.tables.set(key, hit); // most recently used last
    return hit;
  }
  const table = buildRoutingTable(slot.graph, failed);
  slot.tables.set(key, table);
  if (slot.tables.size > TABLES_PER_DESIGN) {
    const oldest = slot.tables.keys().next().value;
    if (oldest !== undefined) slot.tables.delete(oldest);
  }
  return table;
}

function failureKey(failed: readonly string[]): string {
  if (failed.length === 0) return '';
  return [...new Set(failed)].sort().join('\n');
}

/** The level of a kind in the (acyclic) request graph: user 0, DNS 1, then the tiers. */
function levelOf(kind: ComponentKind): number {
  if (kind === 'user') return 0;
  if (kind === 'dns') return 1;
  const tier = TIERS.indexOf(kind);
  return tier >= 0 ? 2 + tier : 2 + TIERS.length;
}

/** Builds a routing table (uncached). Linear in nodes plus arcs. */
export function buildRoutingTable(graph: RequestGraph, failed: readonly string[]): RoutingTable {
  const { design, size } = graph;
  const nodes = design.nodes;
  const down = new Set(failed);
  const healthy = new Uint8Array(size);
  const latency = new Float64Array(size);
  let hasDatabase = false;
  nodes.forEach((n, i) => {
    const isDown = down.has(n.id) || (n.server !== undefined && down.has(n.server));
    healthy[i] = isDown ? 0 : 1;
    latency[i] = n.latencyMs ?? KINDS[n.kind]?.latencyMs ?? 0;
    if (n.kind === 'database') hasDatabase = true;
  });

  const table: RoutingTable = {
    design,
    graph,
    healthy,
    completes: [new Uint8Array(size), new Uint8Array(size), new Uint8Array(size)],
    latency,
    hasDatabase,
    entries: [new Array(size), new Array(size), new Array(size)],
  };

  // The request graph is acyclic by levels (user → DNS → tiers in order): decide
  // "can complete" from the last level back to the users.
  const order = nodes.map((_, i) => i);
  order.sort((a, b) => levelOf(nodes[b]!.kind) - levelOf(nodes[a]!.kind) || a - b);
  for (const type of ['static', 'read', 'write'] as const) {
    const completes = table.completes[TYPE_INDEX[type]];
    for (const v of order) {
      if (!healthy[v]) continue;
      if (isEnd(table, type, v)) {
        completes[v] = 1;
        continue;
      }
      if (nodes[v]!.kind === 'database') continue; // terminal, and not an end of this flow
      for (let a = graph.offsets[v]!; a < graph.offsets[v + 1]!; a++) {
        if (canEnter(table, type, a)) {
          completes[v] = 1;
          break;
        }
      }
    }
  }
  return table;
}

/**
 * Whether a request of `type` is answered at node `v` (once it got there by an admissible
 * arc): a web server answers static requests; a database answers reads and writes; without
 * any database in the design, an app server answers them (the *dynamic* flow of DESIGN.md §3).
 */
export function isEnd(table: RoutingTable, type: RequestType, v: number): boolean {
  const kind = table.design.nodes[v]!.kind;
  if (type === 'static') return kind === 'web-server';
  return table.hasDatabase ? kind === 'database' : kind === 'app-server';
}

/**
 * Whether a request of `type` may travel arc `a` at all (whatever the failures): static
 * requests never go past the web tier; reads enter a database only by an edge that allows
 * reading; writes enter only a primary, by an edge that allows writing.
 */
function isAdmissible(table: RoutingTable, type: RequestType, a: number): boolean {
  const { graph, design } = table;
  const target = design.nodes[graph.targets[a]!]!;
  if (type === 'static') {
    return target.kind === 'dns' || target.kind === 'load-balancer' || target.kind === 'web-server';
  }
  if (target.kind !== 'database') return true;
  if (type === 'write' && target.role !== 'primary') return false;
  return allows(design.edges[graph.arcEdge[a]!]!.access, type);
}

/** Whether arc `a` is admissible and leads to a healthy node from which the request completes. */
function canEnter(table: RoutingTable, type: RequestType, a: number): boolean {
  const w = table.graph.targets[a]!;
  return (
    table.healthy[w] === 1 &&
    isAdmissible(table, type, a) &&
    table.completes[TYPE_INDEX[type]][w] === 1
  );
}

/** Preference class of a target: a user prefers DNS; reads prefer replicas. Lower first. */
function classOf(type: RequestType, from: DesignNode, to: DesignNode): number {
  if (from.kind === 'user') return to.kind === 'dns' ? 0 : 1;
  if (type === 'read' && to.kind === 'database') return to.role === 'replica' ? 0 : 1;
  return 0;
}

/** The route entry of node `v` for `type` (built on first use, then kept in the table). */
export function getRouteEntry(table: RoutingTable, type: RequestType, v: number): RouteEntry {
  const slot = table.entries[TYPE_INDEX[type]];
  let entry = slot[v];
  if (!entry) {
    entry = buildRouteEntry(table, type, v);
    slot[v] = entry;
  }
  return entry;
}

interface Option {
  node: number;
  edge: string;
  cls: number;
  completes: boolean;
}

function buildRouteEntry(table: RoutingTable, type: RequestType, v: number): RouteEntry {
  const { graph, design, healthy } = table;
  const nodes = design.nodes;
  const from = nodes[v]!;

  // Admissible targets, one per node (the first admissible arc to it).
  const options: Option[] = [];
  const seen = new Set<number>();
  let databaseChoice = false;
  for (let a = graph.offsets[v]!; a < graph.offsets[v + 1]!; a++) {
    const w = graph.targets[a]!;
    if (seen.has(w) || !isAdmissible(table, type, a)) continue;
    seen.add(w);
    const to = nodes[w]!;
    if (to.kind === 'database') databaseChoice = true;
    options.push({
      node: w,
      edge: design.edges[graph.arcEdge[a]!]!.id,
      cls: classOf(type, from, to),
      completes: canEnter(table, type, a),
    });
  }

  const algorithm: LbAlgorithm =
    from.kind === 'load-balancer' ? (from.algorithm ?? 'round-robin') : 'round-robin';
  const counterKey = databaseChoice && type !== 'static' ? `${from.id}:${type}` : from.id;
  const base = { counterKey, algorithm };

  // The first preference class holding a target that completes; else a healthy target in
  // the first class that has one (the request will fail further on, where the break is).
  let chosen: Option[] = [];
  let completes = false;
  for (const cls of [0, 1]) {
    chosen = options.filter((o) => o.cls === cls && o.completes);
    if (chosen.length > 0) {
      completes = true;
      break;
    }
  }
  if (!completes) {
    for (const cls of [0, 1]) {
      chosen = options.filter((o) => o.cls === cls && healthy[o.node] === 1);
      if (chosen.length > 0) break;
    }
  }
  if (chosen.length === 0) {
    return {
      ...base,
      targets: [],
      edges: [],
      choices: [],
      skipped: options.map((o) => ({ node: nodes[o.node]!.id, why: 'down' as const })),
      completes: false,
      failure: describeFailure(table, type, v, options.length > 0),
    };
  }
  const cls = chosen[0]!.cls;

  const skipped: SkippedHop[] = [];
  for (const o of options) {
    if (o.cls > cls) continue;
    if (healthy[o.node] !== 1) skipped.push({ node: nodes[o.node]!.id, why: 'down' });
    else if (completes && !o.completes) skipped.push({ node: nodes[o.node]!.id, why: 'dead-end' });
  }

  // Active-passive clusters: only the first member (in node order) stays a target.
  const activeOf = new Map<string, number>();
  for (const o of chosen) {
    const cluster = activeCluster(design, nodes[o.node]!);
    if (cluster === undefined) continue;
    const current = activeOf.get(cluster);
    if (current === undefined || o.node < current) activeOf.set(cluster, o.node);
  }
  const targets = chosen.filter((o) => {
    const cluster = activeCluster(design, nodes[o.node]!);
    return cluster === undefined || activeOf.get(cluster) === o.node;
  });

  const inClass = options.filter((o) => o.cls === cls).length;
  const choices = targets.map((o): HopChoice | undefined => {
    if (type === 'read' && nodes[o.node]!.kind === 'database' && cls === 1) {
      return 'primary-fallback';
    }
    if (targets.length > 1) return algorithm;
    const cluster = activeCluster(design, nodes[o.node]!);
    if (cluster !== undefined && inClass > 1) {
      const passedOver = options.some(
        (p) =>
          p.node < o.node &&
          nodes[p.node]!.cluster === cluster &&
          skipped.some((s) => s.node === nodes[p.node]!.id),
      );
      return passedOver ? 'failover' : 'active-member';
    }
    return inClass > 1 ? algorithm : undefined;
  });

  return {
    ...base,
    targets: targets.map((o) => o.node),
    edges: targets.map((o) => o.edge),
    choices,
    skipped,
    completes,
  };
}

/** The cluster of a node when that cluster is active-passive, else undefined. */
function activeCluster(design: Design, node: DesignNode): string | undefined {
  if (node.cluster === undefined) return undefined;
  const cluster = design.clusters.find((c) => c.id === node.cluster);
  return cluster?.mode === 'active-passive' ? cluster.id : undefined;
}

const NOUNS: Record<ComponentKind, string> = {
  user: 'user',
  dns: 'DNS',
  'load-balancer': 'load balancer',
  'web-server': 'web server',
  'app-server': 'app server',
  database: 'database',
};

/**
 * Why a request of `type` cannot leave node `v`, and the status: 503 when nothing can
 * serve at all (the user, the DNS, or a load balancer with no healthy backend — HAProxy's
 * "no server available"), 502 when a web or app server's upstream is down (bad gateway).
 */
function describeFailure(
  table: RoutingTable,
  type: RequestType,
  v: number,
  hadTargets: boolean,
): { status: 502 | 503; reason: string } {
  const { graph, design } = table;
  const node = design.nodes[v]!;
  const status =
    node.kind === 'user' || node.kind === 'dns' || node.kind === 'load-balancer' ? 503 : 502;

  let next: ComponentKind | undefined;
  const start = graph.offsets[v]!;
  const end = graph.offsets[v + 1]!;
  if (end > start) {
    next = design.nodes[graph.targets[start]!]!.kind;
    for (let a = start; a < end; a++) {
      if (design.nodes[graph.targets[a]!]!.kind === 'dns') next = 'dns';
    }
  } else if (node.kind === 'user' || node.kind === 'dns') {
    next = graph.tiers[0];
  } else {
    const at = graph.tiers.indexOf(node.kind);
    next = at >= 0 ? graph.tiers[at + 1] : undefined;
  }

  if (type === 'static' && next !== 'dns' && next !== 'load-balancer' && next !== 'web-server') {
    return { status, reason: hadTargets ? 'no healthy web server' : 'no web server connected' };
  }
  if (type !== 'static' && (next === 'database' || (next === undefined && table.hasDatabase))) {
    if (type === 'read') {
      return {
        status,
        reason: hadTargets
          ? 'no healthy database to read from'
          : 'no edge allowing reads into a database',
      };
    }
    return {
      status,
      reason: hadTargets
        ? 'no healthy primary database'
        : 'no edge allowing writes into a primary database',
    };
  }
  const noun = NOUNS[next ?? 'app-server'];
  return { status, reason: hadTargets ? `no healthy ${noun}` : `no ${noun} connected` };
}

/** What the walk needs from the caller: counters to advance, open connections to read. */
export interface Chooser {
  /** Round-robin counters, advanced in place (the caller owns this object). */
  readonly counters: Record<string, number>;
  /** Open connections at a node, for least connections. */
  connectionsOf(node: number): number;
}

/** One request's way through the design, as node indices. */
export interface Route {
  /** The nodes visited, from the user. */
  readonly path: number[];
  /** `edges[i]`: the design edge from `path[i]` to `path[i + 1]`. */
  readonly edges: string[];
  /** `choices[i]`, `skipped[i]`: how `path[i + 1]` was picked. */
  readonly choices: (HopChoice | undefined)[];
  readonly skipped: (readonly SkippedHop[])[];
  readonly status: 200 | 502 | 503;
  /** The node that answered (status 200) or where the request failed; -1 when there is no user. */
  readonly at: number;
  /** Label-free reason of a failure. */
  readonly reason?: string;
  /** Sum of the latencies of the nodes entered, ms. */
  readonly totalMs: number;
}

/** Picks one of an entry's targets (index into `entry.targets`), advancing counters. */
function pickTarget(entry: RouteEntry, chooser: Chooser): number {
  const n = entry.targets.length;
  if (n === 1) return 0;
  const counter = readCount(chooser.counters, entry.counterKey);
  writeCount(chooser.counters, entry.counterKey, counter + 1);
  if (entry.algorithm !== 'least-connections') return counter % n;
  let least = Infinity;
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    const open = chooser.connectionsOf(entry.targets[i]!);
    if (open < least) {
      least = open;
      tied.length = 0;
    }
    if (open === least) tied.push(i);
  }
  return tied[counter % tied.length]!;
}

/**
 * Walks one request of `type` from node `start` (a user) through the table, until an end
 * of the flow answers it or no healthy next hop is left. Advances `chooser.counters`.
 */
export function routeRequest(
  table: RoutingTable,
  type: RequestType,
  start: number,
  chooser: Chooser,
): Route {
  const path = [start];
  const edges: string[] = [];
  const choices: (HopChoice | undefined)[] = [];
  const skipped: (readonly SkippedHop[])[] = [];
  let totalMs = 0;
  const done = (status: 200 | 502 | 503, at: number, reason?: string): Route => ({
    path,
    edges,
    choices,
    skipped,
    status,
    at,
    totalMs,
    ...(reason !== undefined ? { reason } : {}),
  });

  if (table.healthy[start] !== 1) return done(503, start, 'the user is down');
  let v = start;
  // Paths in the request graph are at most one node per level long; the bound is a guard.
  for (let step = 0; step <= table.graph.size; step++) {
    if (step > 0 && isEnd(table, type, v)) return done(200, v);
    const entry = getRouteEntry(table, type, v);
    if (entry.targets.length === 0) {
      const failure = entry.failure ?? { status: 502 as const, reason: 'no next hop' };
      return done(failure.status, v, failure.reason);
    }
    const i = pickTarget(entry, chooser);
    const w = entry.targets[i]!;
    path.push(w);
    edges.push(entry.edges[i]!);
    choices.push(entry.choices[i]);
    skipped.push(entry.skipped);
    totalMs += table.latency[w]!;
    v = w;
  }
  return done(502, v, 'no next hop');
}
