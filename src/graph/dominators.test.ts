import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Csr, createDominatorWorkspace, findDominators, reverseCsr } from './dominators';

function csr(size: number, arcs: ReadonlyArray<readonly [number, number]>): Csr {
  const offsets = new Int32Array(size + 1);
  for (const [s] of arcs) offsets[s + 1]!++;
  for (let v = 0; v < size; v++) offsets[v + 1]! += offsets[v]!;
  const fill = offsets.slice(0, size);
  const targets = new Int32Array(arcs.length);
  for (const [s, t] of arcs) targets[fill[s]!++] = t;
  return { size, offsets, targets };
}

/** Whether root reaches v in g without passing through `removed` (-1: nothing removed). */
function naiveReaches(g: Csr, root: number, removed: number, v: number): boolean {
  const seen = new Uint8Array(g.size);
  seen[root] = 1;
  if (removed >= 0) seen[removed] = 1;
  const stack = [root];
  while (stack.length > 0) {
    const x = stack.pop()!;
    for (let a = g.offsets[x]!; a < g.offsets[x + 1]!; a++) {
      const y = g.targets[a]!;
      if (!seen[y]) {
        seen[y] = 1;
        stack.push(y);
      }
    }
  }
  return seen[v] === 1 && v !== removed;
}

/** d dominates v from root: v is unreachable once d is removed (every node dominates itself). */
function naiveDominates(g: Csr, root: number, d: number, v: number): boolean {
  if (d === v || d === root) return true;
  return !naiveReaches(g, root, d, v);
}

describe('findDominators', () => {
  it('finds the join of a diamond dominated by its top, and the tail by the join', () => {
    const g = csr(5, [
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
      [3, 4],
    ]);
    expect([...findDominators(g, 0)]).toEqual([0, 0, 0, 0, 3]);
  });

  it('marks nodes the root does not reach with -1', () => {
    const g = csr(4, [
      [0, 1],
      [2, 3],
    ]);
    expect([...findDominators(g, 0)]).toEqual([0, 0, -1, -1]);
  });

  it('handles cycles and back edges (irreducible loop)', () => {
    // 0 → 1, 0 → 2, 1 ⇄ 2, 2 → 3: neither 1 nor 2 dominates 3.
    const g = csr(4, [
      [0, 1],
      [0, 2],
      [1, 2],
      [2, 1],
      [2, 3],
    ]);
    expect([...findDominators(g, 0)]).toEqual([0, 0, 0, 2]);
  });

  it('reuses a workspace across roots and records a depth-first tree', () => {
    const g = csr(4, [
      [0, 1],
      [1, 2],
      [3, 2],
    ]);
    const ws = createDominatorWorkspace(4);
    const preds = reverseCsr(g);
    expect([...findDominators(g, 0, preds, ws)]).toEqual([0, 0, 1, -1]);
    expect(ws.reached).toBe(3);
    expect(ws.parent[2]).toBe(1);
    expect([...findDominators(g, 3, preds, ws)]).toEqual([-1, -1, 3, 3]);
    expect(ws.reached).toBe(2);
  });

  it('agrees with "remove d and search again" on random acyclic graphs, in one pass', () => {
    const dag = fc.integer({ min: 1, max: 14 }).chain((size) =>
      fc.record({
        size: fc.constant(size),
        arcs: fc
          .array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: size * 3 })
          .map((arcs) => arcs.filter(([a, b]) => a < b)),
      }),
    );
    fc.assert(
      fc.property(dag, ({ size, arcs }) => {
        const g = csr(size, arcs);
        const ws = createDominatorWorkspace(size);
        const idom = findDominators(g, 0, undefined, ws);
        expect(ws.cyclic).toBe(false);
        expect(ws.passes).toBe(1);
        for (let v = 1; v < size; v++) {
          if (idom[v] === -1) {
            expect(naiveReaches(g, 0, -1, v)).toBe(false);
            continue;
          }
          const chain = new Set<number>();
          for (let d = v; ; d = idom[d]!) {
            chain.add(d);
            if (d === 0) break;
          }
          for (let d = 0; d < size; d++) expect(chain.has(d)).toBe(naiveDominates(g, 0, d, v));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with "remove d and search again" on random graphs with cycles', () => {
    const graph = fc.integer({ min: 1, max: 12 }).chain((size) =>
      fc.record({
        size: fc.constant(size),
        arcs: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: size * 3 }),
        root: fc.nat(size - 1),
      }),
    );
    fc.assert(
      fc.property(graph, ({ size, arcs, root }) => {
        const g = csr(size, arcs);
        const idom = findDominators(g, root);
        for (let v = 0; v < size; v++) {
          const reachable = naiveReaches(g, root, -1, v);
          if (idom[v] === -1) {
            expect(reachable).toBe(false);
            continue;
          }
          // The dominators of v are exactly the idom chain.
          const chain = new Set<number>();
          for (let d = v; ; d = idom[d]!) {
            chain.add(d);
            if (d === root) break;
          }
          for (let d = 0; d < size; d++) {
            expect(chain.has(d)).toBe(naiveDominates(g, root, d, v));
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
