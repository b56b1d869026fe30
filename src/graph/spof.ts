/**
 * Single points of failure of a flow (DESIGN.md §3), from dominators.
 *
 * A component C (any kind but `user` and `dns`) is a SPOF of flow F when some user that
 * reaches the end of F can no longer reach it once C is removed: that is, C dominates the
 * flow's virtual exit in the dominator tree rooted at that user. One dominator computation
 * per user and flow (users with the same successors share one), then a walk up `idom`
 * from the exit.
 *
 * A server (two or more components on one machine) is a SPOF when removing all its
 * components together cuts a user off. Exactly:
 * - a server holding a dominator of the exit (or the user itself) cuts it;
 * - otherwise it can only cut as a set, and then it must meet every path, in particular
 *   the one depth-first path from the user to the exit that the dominator search already
 *   walked. So only the servers on that one path (at most one per tier) are candidates,
 *   and each candidate is settled by one search that skips its components.
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
 * The SPOFs of one flow: component SPOFs, server SPOFs and the users that reach no end.
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
