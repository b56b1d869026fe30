/**
 * Immediate dominators of a directed graph (Cooper, Harvey & Kennedy, "A Simple, Fast
 * Dominance Algorithm", 2001): iterate over the reverse postorder from the root, intersecting
 * the dominator-tree paths of each node's processed predecessors with a two-finger walk,
 * until nothing changes.
 *
 * Node `d` dominates node `v` (from `root`) when every path from `root` to `v` passes
 * through `d`. The immediate dominator of `v` is its nearest strict dominator; following
 * `idom` from `v` up to `root` lists every dominator of `v`. This is how the rules engine
 * finds single points of failure without removing each node and searching again
 * (DESIGN.md §3): the SPOFs of a flow are the dominators of its virtual exit.
 *
 * Worst case O(V²). On an acyclic graph (every request graph is one: each arc goes one tier
 * further) reverse postorder is a topological order, and one forward pass that pushes each
 * node into its successors settles every idom, with no reverse graph at all. Everything is
 * typed arrays; pass a {@link DominatorWorkspace} to reuse buffers across calls.
 */

/** A directed graph as compressed sparse rows: the successors of `v` are `targets[offsets[v] … offsets[v + 1] - 1]`. */
export interface Csr {
  readonly size: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/** Scratch buffers for {@link findDominators}, reusable across calls on graphs of at most `size` nodes. */
export interface DominatorWorkspace {
  readonly size: number;
  /** Postorder number of each node visited by the last call, -1 when unreached. */
  readonly postorder: Int32Array;
  /** Nodes of the last call in postorder: `order[0 … reached - 1]` (the root comes last). */
  readonly order: Int32Array;
  /** Parent of each node in the depth-first tree of the last call (-1 for the root and unreached nodes). */
  readonly parent: Int32Array;
  /** Number of nodes the last call reached from its root. */
  reached: number;
  /** Passes over the reverse postorder the last call needed (the last one changes nothing). */
  passes: number;
  /** Whether the part of the graph the last call reached has a cycle. */
  cyclic: boolean;
  readonly stack: Int32Array;
  readonly cursor: Int32Array;
}

/** Buffers for {@link findDominators} on graphs of up to `size` nodes. */
export function createDominatorWorkspace(size: number): DominatorWorkspace {
  return {
    size,
    postorder: new Int32Array(size),
    order: new Int32Array(size),
    parent: new Int32Array(size),
    reached: 0,
    passes: 0,
    cyclic: false,
    stack: new Int32Array(size),
    cursor: new Int32Array(size),
  };
}

/**
 * The predecessors of a graph, as compressed sparse rows (the reverse graph). Linear time.
 *
 * @example
 * reverseCsr({ size: 2, offsets: Int32Array.of(0, 1, 1), targets: Int32Array.of(1) })
 * // { size: 2, offsets: [0, 0, 1], targets: [0] }
 */
export function reverseCsr(graph: Csr): Csr {
  const { size, offsets, targets } = graph;
  const arcs = offsets[size]!;
  const rOffsets = new Int32Array(size + 1);
  for (let a = 0; a < arcs; a++) rOffsets[targets[a]! + 1]!++;
  for (let v = 0; v < size; v++) rOffsets[v + 1]! += rOffsets[v]!;
  const fill = rOffsets.slice(0, size);
  const rTargets = new Int32Array(arcs);
  for (let v = 0; v < size; v++) {
    for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
      rTargets[fill[targets[a]!]!++] = v;
    }
  }
  return { size, offsets: rOffsets, targets: rTargets };
}

/**
 * Depth-first search from `root`: fills `workspace.postorder`, `order`, `parent` and
 * `reached`. Iterative (designs may be thousands of tiers deep in principle).
 */
function visitDepthFirst(graph: Csr, root: number, ws: DominatorWorkspace): void {
  const { offsets, targets } = graph;
  const { postorder, order, parent, stack, cursor } = ws;
  postorder.fill(-1, 0, graph.size);
  parent.fill(-1, 0, graph.size);
  // postorder -2 marks "on the stack or finished"; the number is set when the node finishes.
  let top = 0;
  let count = 0;
  let cyclic = false;
  stack[0] = root;
  cursor[0] = offsets[root]!;
  postorder[root] = -2;
  while (top >= 0) {
    const v = stack[top]!;
    const a = cursor[top]!;
    if (a < offsets[v + 1]!) {
      cursor[top] = a + 1;
      const w = targets[a]!;
      const state = postorder[w]!;
      if (state === -1) {
        postorder[w] = -2;
        parent[w] = v;
        top++;
        stack[top] = w;
        cursor[top] = offsets[w]!;
      } else if (state === -2) {
        cyclic = true; // an arc back to a node still on the stack
      }
    } else {
      postorder[v] = count;
      order[count++] = v;
      top--;
    }
  }
  ws.reached = count;
  ws.cyclic = cyclic;
}

/**
 * The immediate dominator of every node reached from `root`.
 *
 * Returns `idom` with `idom[root] === root`, `idom[v]` the immediate dominator of each
 * node reached from the root, and `-1` for nodes the root does not reach.
 *
 * @param graph successors, as compressed sparse rows
 * @param root the entry node
 * @param preds the reverse graph, used only when the reached part has a cycle (computed
 *   then when omitted; pass it when calling many times on a cyclic graph)
 * @param workspace reusable buffers (see {@link createDominatorWorkspace}); after the call
 *   it also holds the depth-first tree (`parent`), so a caller can read one root→v path
 * @param out where to write the result (length ≥ `graph.size`)
 *
 * @example
 * // 0 → 1 → 3, 0 → 2 → 3, 3 → 4: 0 dominates everything, 3 dominates 4.
 * const g = { size: 5, offsets: Int32Array.of(0, 2, 3, 4, 5, 5), targets: Int32Array.of(1, 2, 3, 3, 4) };
 * findDominators(g, 0); // Int32Array [0, 0, 0, 0, 3]
 */
export function findDominators(
  graph: Csr,
  root: number,
  preds?: Csr,
  workspace: DominatorWorkspace = createDominatorWorkspace(graph.size),
  out: Int32Array = new Int32Array(graph.size),
): Int32Array {
  const n = graph.size;
  if (workspace.size < n) throw new RangeError('findDominators: workspace too small');
  if (root < 0 || root >= n) throw new RangeError('findDominators: root out of range');
  visitDepthFirst(graph, root, workspace);
  const { postorder, order } = workspace;
  const count = workspace.reached;
  const idom = out;
  idom.fill(-1, 0, n);
  idom[root] = root;

  /** Two-finger intersection on postorder numbers (the root has the largest). */
  const intersect = (f1: number, f2: number): number => {
    while (f1 !== f2) {
      while (postorder[f1]! < postorder[f2]!) f1 = idom[f1]!;
      while (postorder[f2]! < postorder[f1]!) f2 = idom[f2]!;
    }
    return f1;
  };

  if (!workspace.cyclic) {
    // Acyclic: reverse postorder is a topological order, so when a node is reached every
    // predecessor has pushed into it and its idom is final. One pass, no reverse graph.
    const { offsets, targets } = graph;
    for (let i = count - 1; i >= 0; i--) {
      const v = order[i]!;
      for (let a = offsets[v]!, end = offsets[v + 1]!; a < end; a++) {
        const w = targets[a]!;
        const current = idom[w]!;
        idom[w] = current === -1 ? v : intersect(v, current);
      }
    }
    idom[root] = root;
    workspace.passes = 1;
    return idom;
  }

  const reverse = preds ?? reverseCsr(graph);
  const pOffsets = reverse.offsets;
  const pTargets = reverse.targets;
  let passes = 0;
  let changed = true;
  while (changed) {
    changed = false;
    passes++;
    // Reverse postorder, skipping the root (last in postorder).
    for (let i = count - 2; i >= 0; i--) {
      const b = order[i]!;
      let next = -1;
      for (let a = pOffsets[b]!, end = pOffsets[b + 1]!; a < end; a++) {
        const p = pTargets[a]!;
        if (idom[p] === -1) continue; // unreached, or not processed yet in the first pass
        next = next === -1 ? p : intersect(p, next);
      }
      if (idom[b] !== next) {
        idom[b] = next;
        changed = true;
      }
    }
  }
  workspace.passes = passes;
  return idom;
}
