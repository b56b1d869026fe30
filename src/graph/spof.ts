/**
 * Single points of failure of the flows (DESIGN.md §3), from dominators.
 *
 * A component C (any kind but `user` and `dns`) is a SPOF of flow F when some user that
 * reaches the end of F can no longer reach it once C is removed: that is, C dominates the
 * flow's virtual exit in the dominator tree rooted at that user. Two implementations:
 * - {@link findSpofs}, the engine's: one dominator tree of the request graph per user
 *   (users with the same arcs out share it) serves every flow;
 * - {@link findFlowSpofs}, the textbook form on one explicit {@link FlowGraph} (virtual
 *   exit included) per flow; the tests hold both to remove-and-search.
 *
 * A server (two or more components on one machine) is a SPOF when removing all its
 * components together cuts a user off. Exactly:
 * - a server holding a dominator of the exit (or the user itself) cuts it;
 * - otherwise it can only cut as a set, and then it must meet every path to an end, in
 *   particular one chosen path. So only the servers on that path (at most one per tier)
 *   are candidates, and each is settled by one search that skips its components. The
 *   engine chooses the path through the fewest shared servers, so usually there is no
 *   candidate at all.
 *
 * Contracting every server into one node and taking dominators of the contracted graph
 * would be wrong: merging another server's components creates paths that do not exist
 * (enter that server at one component, leave from another). See the test "does not let
 * another server's components lend a path".
 */
import type { Design } from '../model/types';
import { createDominatorWorkspace, type DominatorWorkspace, findDominators } from './dominators';
import type { FlowGraph, FlowName } from './flow-graph';
import type { RequestGraph } from './request-graph';

/** Which server each component runs on, by index into `design.servers`. */
export interface ServerTable {
  /** Number of servers (= `design.servers.length`). */
  readonly count: number;
  /** Server index of each node, -1 when the node is its own machine. */
  readonly serverOf: Int32Array;
  /** Number of components on each server. */
  readonly sizes: Int32Array;
  /** Server id → index. */
  readonly index: ReadonlyMap<string, number>;
}

/** The server table of a design. Nodes naming an undeclared server count as their own machine. */
export function buildServerTable(design: Design): ServerTable {
  const count = design.servers.length;
  const index = new Map<string, number>();
  design.servers.forEach((s, i) => index.set(s.id, i));
  const serverOf = new Int32Array(design.nodes.length).fill(-1);
  const sizes = new Int32Array(count);
  design.nodes.forEach((node, v) => {
    if (node.server === undefined) return;
    const s = index.get(node.server);
    if (s === undefined) return;
    serverOf[v] = s;
    sizes[s]!++;
  });
  return { count, serverOf, sizes, index };
}

/** What one flow's dominators say. */
export interface FlowSpofs {
  readonly flow: FlowName;
  /** Users (node indices, in node order) that reach no end of the flow. */
  readonly pathless: number[];
  /** 1 for each component (not a user or DNS) that is a SPOF of the flow. */
  readonly spof: Uint8Array;
  /** 1 for each server holding two or more components that is a SPOF of the flow. */
  readonly serverSpof: Uint8Array;
}

/** Buffers shared by the flows of one check (all flow graphs of a design have one size). */
export interface SpofScratch {
  readonly workspace: DominatorWorkspace;
  readonly idom: Int32Array;
  readonly seen: Int32Array;
  readonly queue: Int32Array;
  stamp: number;
}

/** Buffers for {@link findFlowSpofs} on flow graphs of `size` nodes (design nodes + 1). */
export function createSpofScratch(size: number): SpofScratch {
  return {
    workspace: createDominatorWorkspace(size),
    idom: new Int32Array(size),
    seen: new Int32Array(size),
    queue: new Int32Array(size),
    stamp: 0,
  };
}

interface UserVerdict {
  reaches: boolean;
  /** Component SPOFs (node indices), the user itself excluded. */
  spofs: number[];
  /** Server SPOFs (server indices) found beyond the user; the caller adds the user's own server. */
  servers: number[];
}

/**
 * The SPOFs of one flow, on its explicit flow graph: component SPOFs, server SPOFs and the
 * users that reach no end. The candidate servers are those on the depth-first path.
 *
 * @param graph the request graph the flow graph was built from
 * @param flowGraph from {@link buildFlowGraph}
 * @param servers from {@link buildServerTable}
 * @param scratch buffers of size `flowGraph.size` (see {@link createSpofScratch})
 */
export function findFlowSpofs(
  graph: RequestGraph,
  flowGraph: FlowGraph,
  servers: ServerTable,
  scratch: SpofScratch = createSpofScratch(flowGraph.size),
): FlowSpofs {
  const n = graph.size;
  const nodes = graph.design.nodes;
  const { serverOf, sizes } = servers;
  const spof = new Uint8Array(n);
  const serverSpof = new Uint8Array(servers.count);
  const pathless: number[] = [];
  const { offsets, targets } = flowGraph;
  const memo = new Map<string, UserVerdict>();

  for (const u of graph.users) {
    // A user has no arc in, so its answer depends only on its successors: share it.
    const key = targets.subarray(offsets[u]!, offsets[u + 1]!).join(',');
    let verdict = memo.get(key);
    if (verdict === undefined) {
      verdict = judgeUser(flowGraph, u, nodes, serverOf, sizes, scratch);
      memo.set(key, verdict);
    }
    if (!verdict.reaches) {
      pathless.push(u);
      continue;
    }
    for (const c of verdict.spofs) spof[c] = 1;
    for (const s of verdict.servers) serverSpof[s] = 1;
    const own = serverOf[u]!;
    if (own >= 0 && sizes[own]! >= 2) serverSpof[own] = 1; // removing the user's machine removes the user
  }
  return { flow: flowGraph.flow, pathless, spof, serverSpof };
}

function judgeUser(
  fg: FlowGraph,
  u: number,
  nodes: Design['nodes'],
  serverOf: Int32Array,
  sizes: Int32Array,
  scratch: SpofScratch,
): UserVerdict {
  const exit = fg.exit;
  const idom = findDominators(fg, u, fg.preds, scratch.workspace, scratch.idom);
  if (idom[exit] === -1) return { reaches: false, spofs: [], servers: [] };
  const spofs: number[] = [];
  const cut: number[] = [];
  for (let c = idom[exit]!; c !== u; c = idom[c]!) {
    const kind = nodes[c]!.kind;
    if (kind !== 'user' && kind !== 'dns') spofs.push(c);
    const s = serverOf[c]!;
    if (s >= 0 && sizes[s]! >= 2 && !cut.includes(s)) cut.push(s);
  }
  // Servers that may cut as a set: those on the depth-first path user → exit.
  const parent = scratch.workspace.parent;
  const tried: number[] = [];
  for (let v = parent[exit]!; v !== u && v !== -1; v = parent[v]!) {
    const s = serverOf[v]!;
    if (s < 0 || sizes[s]! < 2 || cut.includes(s) || tried.includes(s)) continue;
    tried.push(s);
    if (!reachesExitAvoiding(fg, u, s, serverOf, scratch)) cut.push(s);
  }
  spofs.sort((a, b) => a - b);
  cut.sort((a, b) => a - b);
  return { reaches: true, spofs, servers: cut };
}

/** Whether `u` reaches the exit of `fg` through no component of server `s`. */
function reachesExitAvoiding(
  fg: FlowGraph,
  u: number,
  s: number,
  serverOf: Int32Array,
  scratch: SpofScratch,
): boolean {
  const { offsets, targets, exit } = fg;
  const { seen, queue } = scratch;
  const stamp = ++scratch.stamp;
  let head = 0;
  let tail = 0;
  queue[tail++] = u;
  seen[u] = stamp;
  while (head < tail) {
    const v = queue[head++]!;
    for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
      const w = targets[a]!;
      if (w === exit) return true;
      if (seen[w] === stamp || serverOf[w] === s) continue;
      seen[w] = stamp;
      queue[tail++] = w;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// All flows from one dominator tree per user

const READ = 1;
const WRITE = 2;

/** Node roles for the flows: what a node can end, and whether it can be a SPOF. */
const ROLE_OTHER = 0;
const ROLE_ENTRY = 1; // user or DNS: never a component SPOF
const ROLE_WEB = 2;
const ROLE_APP = 3;
const ROLE_PRIMARY = 4;
const ROLE_REPLICA = 5;

interface FlowVerdict {
  reaches: boolean;
  spofs: number[];
  servers: number[];
}

/** Buffers of {@link findSpofs}, kept between calls (the rules run on every edit). */
interface Scratch {
  n: number;
  arcs: number;
  role: Uint8Array;
  onShared: Uint8Array;
  attach: Int32Array;
  firstSource: Int32Array;
  cost: Int32Array;
  via: Int32Array;
  idom: Int32Array;
  seen: Int32Array;
  queue: Int32Array;
  workspace: DominatorWorkspace;
  allow: Uint8Array;
  arcEnd: Uint8Array;
  dbArcSource: Int32Array;
  dbArc: Int32Array;
  stamp: number;
}

let kept: Scratch | undefined;

/** Buffers for `n` nodes and `arcs` arcs: the kept ones when big enough, else new (and kept). */
function scratchFor(n: number, arcs: number): Scratch {
  if (kept && kept.n >= n && kept.arcs >= arcs) return kept;
  const size = Math.max(n, kept?.n ?? 0);
  const arcSize = Math.max(arcs, kept?.arcs ?? 0);
  kept = {
    n: size,
    arcs: arcSize,
    role: new Uint8Array(size),
    onShared: new Uint8Array(size),
    attach: new Int32Array(size),
    firstSource: new Int32Array(size),
    cost: new Int32Array(size),
    via: new Int32Array(size),
    idom: new Int32Array(size),
    seen: new Int32Array(size),
    queue: new Int32Array(size),
    workspace: createDominatorWorkspace(size),
    allow: new Uint8Array(arcSize),
    arcEnd: new Uint8Array(arcSize),
    dbArcSource: new Int32Array(arcSize),
    dbArc: new Int32Array(arcSize),
    stamp: 0,
  };
  return kept;
}

/**
 * The SPOFs of every flow of a design, from ONE dominator tree of the request graph per
 * user (users with the same successors share it) — the engine's fast path, equal to
 * {@link findFlowSpofs} on each {@link buildFlowGraph} (the tests check both against
 * remove-and-search).
 *
 * Why one tree serves every flow: the flows' graphs differ only in the arcs into
 * databases (kept by access) and in which nodes join the virtual exit. Databases are
 * terminal, so dropping arcs into them changes no other node's dominators. The exit's
 * immediate dominator in flow F is then, as in Cooper–Harvey–Kennedy, the nearest common
 * ancestor of its predecessors — the ends of F the user reaches — where a database end
 * hangs below the common ancestor of the sources of its F-allowed arcs.
 */
export function findSpofs(
  graph: RequestGraph,
  flows: readonly FlowName[],
  servers: ServerTable,
): FlowSpofs[] {
  const n = graph.size;
  const { design, offsets, targets, arcEdge } = graph;
  const nodes = design.nodes;
  const edges = design.edges;
  const { serverOf, sizes } = servers;
  const arcs = offsets[n]!;

  const scratch = scratchFor(n, arcs);
  const {
    role,
    allow,
    arcEnd,
    dbArcSource,
    dbArc,
    onShared,
    cost,
    via,
    attach,
    firstSource,
    workspace,
    idom,
    seen,
    queue,
  } = scratch;
  const webs: number[] = [];
  const apps: number[] = [];
  const databases: number[] = [];
  let anyShared = false;
  for (let v = 0; v < n; v++) {
    const node = nodes[v]!;
    switch (node.kind) {
      case 'user':
      case 'dns':
        role[v] = ROLE_ENTRY;
        break;
      case 'web-server':
        role[v] = ROLE_WEB;
        webs.push(v);
        break;
      case 'app-server':
        role[v] = ROLE_APP;
        apps.push(v);
        break;
      case 'database':
        role[v] = node.role === 'replica' ? ROLE_REPLICA : ROLE_PRIMARY;
        databases.push(v);
        break;
      default:
        role[v] = ROLE_OTHER;
    }
    // Components on a server of two or more: the only ones a server SPOF is made of.
    const sv = serverOf[v]!;
    const shared = sv >= 0 && sizes[sv]! >= 2 ? 1 : 0;
    onShared[v] = shared;
    if (shared) anyShared = true;
  }

  // Per arc: which operations may use it (`allow`, by access into databases) and which
  // flows' ends it enters (`arcEnd`, bits over the indices of `flows`); and the list of
  // arcs into databases.
  const flowBits = flows.map((f) => (f === 'read' ? READ : f === 'write' ? WRITE : 0));
  const bitOf = (flow: FlowName) => (flows.includes(flow) ? 1 << flows.indexOf(flow) : 0);
  const staticMask = bitOf('static');
  const dynamicMask = bitOf('dynamic');
  const readMask = bitOf('read');
  const writeMask = bitOf('write');
  let dbArcCount = 0;
  for (let v = 0; v < n; v++) {
    for (let a = offsets[v]!, stop = offsets[v + 1]!; a < stop; a++) {
      const r = role[targets[a]!]!;
      let ends: number;
      if (r === ROLE_PRIMARY || r === ROLE_REPLICA) {
        const access = edges[arcEdge[a]!]!.access; // undefined allows both, as `allows` says
        const read = access !== 'write';
        const write = r === ROLE_PRIMARY && access !== 'read';
        allow[a] = (read ? READ : 0) | (write ? WRITE : 0);
        ends = (read ? readMask : 0) | (write ? writeMask : 0);
        dbArcSource[dbArcCount] = v;
        dbArc[dbArcCount++] = a;
      } else {
        allow[a] = READ | WRITE;
        ends = r === ROLE_WEB ? staticMask : r === ROLE_APP ? dynamicMask : 0;
      }
      arcEnd[a] = ends;
    }
  }
  const postorder = workspace.postorder;
  const parent = workspace.parent;

  /** Nearest common ancestor in the dominator tree (two fingers on postorder numbers). */
  const meet = (a: number, b: number): number => {
    while (a !== b) {
      while (postorder[a]! < postorder[b]!) a = idom[a]!;
      while (postorder[b]! < postorder[a]!) b = idom[b]!;
    }
    return a;
  };

  /**
   * Which flows' ends `u` still reaches with every component of server `s` removed, as a
   * bit set over the indices of `flows` (stops once all of `wanted` are found).
   */
  const reachesAvoiding = (u: number, s: number, wanted: number): number => {
    if (scratch.stamp > 0x3fffffff) {
      seen.fill(0);
      scratch.stamp = 0;
    }
    const mark = ++scratch.stamp;
    let found = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = u;
    seen[u] = mark;
    while (head < tail) {
      const v = queue[head++]!;
      for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
        const w = targets[a]!;
        if (serverOf[w] === s) continue;
        found |= arcEnd[a]!;
        if ((found & wanted) === wanted) return found;
        if (seen[w] === mark) continue;
        seen[w] = mark;
        queue[tail++] = w;
      }
    }
    return found;
  };

  /**
   * One path from `u` to an end of flow `i`, through as few components on shared servers
   * as possible (so that usually no server is a candidate at all): a cheapest-path pass in
   * topological order, which the depth-first search has just produced. `fallback` is the
   * end found first and `fallbackPred` its source when it is a database (cyclic graphs).
   */
  const findWitness = (u: number, i: number, fallback: number, fallbackPred: number): number[] => {
    const path: number[] = [];
    const isDatabase = (v: number) => role[v] === ROLE_PRIMARY || role[v] === ROLE_REPLICA;
    if (workspace.cyclic) {
      path.push(fallback);
      for (
        let v = isDatabase(fallback) ? fallbackPred : parent[fallback]!;
        v !== u && v !== -1;
        v = parent[v]!
      )
        path.push(v);
      return path;
    }
    if (!costed) {
      // Cheapest paths in topological order; the cheapest arc into an end of each flow.
      const { order, reached } = workspace;
      for (let k = 0; k < reached; k++) cost[order[k]!] = 0x3fffffff;
      cost[u] = onShared[u]!;
      via[u] = -1;
      bestCost.fill(0x3fffffff);
      for (let k = reached - 1; k >= 0; k--) {
        const v = order[k]!;
        const base = cost[v]!;
        for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
          const w = targets[a]!;
          const next = base + onShared[w]!;
          if (next < cost[w]!) {
            cost[w] = next;
            via[w] = v;
          }
          const ends = arcEnd[a]!;
          if (ends === 0) continue;
          for (let f = 0; f < flows.length; f++) {
            if (ends & (1 << f) && next < bestCost[f]!) {
              bestCost[f] = next;
              bestEnd[f] = w;
              bestVia[f] = v;
            }
          }
        }
      }
      costed = true;
    }
    // A path through no shared server: no server can cut this flow as a set.
    if (bestCost[i]! === 0 || bestCost[i]! === 0x3fffffff) return path;
    path.push(bestEnd[i]!);
    for (let v = bestVia[i]!; v !== u && v !== -1; v = via[v]!) path.push(v);
    return path;
  };
  const bestCost = new Int32Array(flows.length);
  const bestEnd = new Int32Array(flows.length);
  const bestVia = new Int32Array(flows.length);
  let costed = false;

  const judge = (u: number): FlowVerdict[] => {
    findDominators(graph, u, undefined, workspace, idom);
    costed = false;
    const verdicts: FlowVerdict[] = [];
    const witnesses: number[][] = [];
    flows.forEach((flow, i) => {
      const bit = flowBits[i]!;
      let ends = 0;
      let start = -1; // common ancestor of the ends (database ends by their attachment)
      let single = -1; // the end, when there is exactly one
      let singleAttach = -1;
      let witnessPred = -1;
      if (flow === 'static' || flow === 'dynamic') {
        for (const v of flow === 'static' ? webs : apps) {
          if (idom[v] === -1) continue;
          if (++ends === 1) single = v;
          start = start === -1 ? v : meet(start, v);
        }
      } else {
        for (const d of databases) attach[d] = -1;
        for (let k = 0; k < dbArcCount; k++) {
          const p = dbArcSource[k]!;
          const a = dbArc[k]!;
          if (idom[p] === -1 || (allow[a]! & bit) === 0) continue;
          const d = targets[a]!;
          const current = attach[d]!;
          if (current === -1) {
            attach[d] = p;
            firstSource[d] = p;
          } else attach[d] = meet(current, p);
        }
        for (const d of databases) {
          const at = attach[d]!;
          if (at === -1) continue;
          if (++ends === 1) {
            single = d;
            singleAttach = at;
            witnessPred = firstSource[d]!;
          }
          start = start === -1 ? at : meet(start, at);
        }
      }
      if (ends === 0) {
        verdicts.push({ reaches: false, spofs: [], servers: [] });
        witnesses.push([]);
        return;
      }
      const spofs: number[] = [];
      const cut: number[] = [];
      const take = (c: number) => {
        if (role[c] !== ROLE_ENTRY) spofs.push(c);
        const s = serverOf[c]!;
        if (s >= 0 && sizes[s]! >= 2 && !cut.includes(s)) cut.push(s);
      };
      let c = start;
      if (ends === 1 && single !== start) {
        take(single); // a database end: the exit's only predecessor
        c = singleAttach;
      }
      for (; c !== u; c = idom[c]!) take(c);
      witnesses.push(anyShared ? findWitness(u, i, single, witnessPred) : []);
      verdicts.push({ reaches: true, spofs, servers: cut });
    });

    // Servers that may cut a flow only as a set: those on its witness path.
    const tried: number[] = [];
    witnesses.forEach((witness) => {
      for (const x of witness) {
        const s = serverOf[x]!;
        if (s < 0 || sizes[s]! < 2 || tried.includes(s)) continue;
        tried.push(s);
        let need = 0;
        verdicts.forEach((verdict, i) => {
          if (verdict.reaches && !verdict.servers.includes(s)) need |= 1 << i;
        });
        if (need === 0) continue;
        const found = reachesAvoiding(u, s, need);
        verdicts.forEach((verdict, i) => {
          if (need & (1 << i) && !(found & (1 << i))) verdict.servers.push(s);
        });
      }
    });
    for (const verdict of verdicts) {
      verdict.spofs.sort((a, b) => a - b);
      verdict.servers.sort((a, b) => a - b);
    }
    return verdicts;
  };

  const results: FlowSpofs[] = flows.map((flow) => ({
    flow,
    pathless: [],
    spof: new Uint8Array(n),
    serverSpof: new Uint8Array(servers.count),
  }));
  const memo = new Map<string, FlowVerdict[]>();
  for (const u of graph.users) {
    // A user has no arc in, so its answer depends only on its arcs out: share it.
    let key = '';
    for (let a = offsets[u]!, end = offsets[u + 1]!; a < end; a++)
      key += `${targets[a]}:${allow[a]},`;
    let verdicts = memo.get(key);
    if (verdicts === undefined) {
      verdicts = judge(u);
      memo.set(key, verdicts);
    }
    const own = serverOf[u]!;
    verdicts.forEach((verdict, i) => {
      const out = results[i]!;
      if (!verdict.reaches) {
        out.pathless.push(u);
        return;
      }
      for (const c of verdict.spofs) out.spof[c] = 1;
      for (const s of verdict.servers) out.serverSpof[s] = 1;
      if (own >= 0 && sizes[own]! >= 2) out.serverSpof[own] = 1; // the user's machine takes the user
    });
  }
  return results;
}
