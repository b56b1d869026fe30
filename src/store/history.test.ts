/**
 * Model-based test of the history laws: from any start, after any sequence of editor
 * operations, undoing everything gives back the initial design and redoing everything gives
 * back the final one; every step is a real change; every design along the way keeps the model's
 * invariants (checked by the model's own parse pipeline).
 */
import { describe, expect, it } from 'vitest';
import { parseDesign, serializeDesign } from '../model';
import { getTemplate } from '../model/templates';
import { COMPONENT_KINDS, type Design } from '../model/types';
import { createDesignStore, type DesignStore } from './create-store';
import { designsEqual } from './design-ops';

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick<T>(items: readonly T[]): T | undefined {
      return items.length ? items[Math.floor(next() * items.length)] : undefined;
    },
    some<T>(items: readonly T[], max: number): T[] {
      const count = 1 + Math.floor(next() * max);
      return Array.from({ length: count }, () => items[Math.floor(next() * items.length)]!).filter(
        (x, i, all) => x !== undefined && all.indexOf(x) === i,
      );
    },
  };
}

type Rng = ReturnType<typeof random>;

/** One random editor operation. Returns false for an undo/redo (not a new change). */
function operate(store: DesignStore, rng: Rng): void {
  const s = store.getState();
  const d = s.design;
  const nodeIds = d.nodes.map((n) => n.id);
  const ids = [...nodeIds, ...d.clusters.map((c) => c.id), ...d.servers.map((x) => x.id)];
  switch (rng.int(18)) {
    case 0:
    case 1:
      s.addNode({
        kind: rng.pick(COMPONENT_KINDS)!,
        ...(rng.next() < 0.3 ? { role: 'replica' as const } : {}),
        position: { x: rng.int(2000) - 500, y: rng.int(1200) - 300 },
      });
      break;
    case 2: {
      const id = rng.pick(nodeIds);
      if (id)
        s.updateNode(
          id,
          { label: `L${rng.int(5)}` },
          rng.next() < 0.5 ? `k${rng.int(3)}` : undefined,
        );
      break;
    }
    case 3: {
      const id = rng.pick(nodeIds);
      if (id) s.updateNode(id, { kind: rng.pick(COMPONENT_KINDS)! });
      break;
    }
    case 4: {
      const moves = rng
        .some(nodeIds, 3)
        .map((id) => ({ id, position: { x: rng.int(1500), y: rng.int(900) } }));
      s.moveNodes(moves);
      break;
    }
    case 5:
    case 6: {
      const a = rng.pick(ids);
      const b = rng.pick(ids);
      if (a && b) s.connect(a, b);
      break;
    }
    case 7: {
      const e = rng.pick(d.edges);
      if (e)
        s.updateEdge(
          e.id,
          rng.next() < 0.5
            ? { kind: rng.next() < 0.5 ? 'request' : 'replication' }
            : { access: 'write' },
        );
      break;
    }
    case 8: {
      s.setSelection({
        nodes: rng.some(nodeIds, 2),
        edges:
          rng.next() < 0.3
            ? rng.some(
                d.edges.map((e) => e.id),
                2,
              )
            : [],
      });
      store.getState().removeSelection();
      break;
    }
    case 9: {
      const kind = rng.pick(d.nodes)?.kind;
      const same = d.nodes.filter((n) => n.kind === kind).map((n) => n.id);
      s.groupIntoCluster(rng.some(same, 3));
      break;
    }
    case 10: {
      const c = rng.pick(d.clusters);
      if (c) s.ungroupCluster(c.id);
      break;
    }
    case 11:
      s.putIntoServer(rng.some(nodeIds, 3));
      break;
    case 12:
      s.removeFromServer(rng.some(nodeIds, 2));
      break;
    case 13: {
      const c = rng.pick(d.clusters);
      if (c)
        s.updateCluster(c.id, {
          entryPoints: 1 + rng.int(3),
          mode: rng.next() < 0.5 ? 'active-active' : 'active-passive',
        });
      break;
    }
    case 14:
      s.setSelection({ nodes: rng.some(nodeIds, 3) });
      if (rng.next() < 0.5) store.getState().duplicateSelection();
      else {
        store.getState().copySelection();
        store.getState().paste();
      }
      break;
    case 15:
      if (rng.next() < 0.15)
        s.loadDesign(
          getTemplate(rng.pick(['scale-up', 'simple-stack', 'distributed', 'empty'] as const)!)!,
        );
      else s.setTitle(`Title ${rng.int(4)}`);
      break;
    case 16:
      s.undo();
      break;
    case 17:
      s.redo();
      break;
  }
}

function assertValid(design: Design) {
  const reparsed = parseDesign(serializeDesign(design));
  if (!reparsed.ok)
    throw new Error(`invalid design: ${JSON.stringify(reparsed.error.slice(0, 3))}`);
  expect(designsEqual(reparsed.value, design)).toBe(true);
}

describe('history laws (model-based, 100 seeds × 200 operations)', () => {
  it('undo everything gives the initial design; redo everything gives the final one', () => {
    for (let seed = 1; seed <= 100; seed += 1) {
      const rng = random(seed);
      const initial = seed % 2 ? getTemplate('scale-up')! : getTemplate('distributed')!;
      const store = createDesignStore(initial);
      for (let i = 0; i < 200; i += 1) {
        const before = store.getState();
        operate(store, rng);
        const after = store.getState();
        // A step is added only when the design really changed.
        if (after.history.past.length > before.history.past.length)
          expect(designsEqual(after.design, before.design), `seed ${seed} op ${i}`).toBe(false);
        if (after.design === before.design && after.history.lastKey === undefined)
          expect(after.history.past.length).toBeLessThanOrEqual(before.history.past.length);
        if (i % 50 === 0) assertValid(after.design);
      }
      const final = store.getState().design;
      assertValid(final);
      const steps = store.getState().history.past.length;
      for (let i = 0; i < steps; i += 1) store.getState().undo();
      expect(designsEqual(store.getState().design, initial), `seed ${seed}: undo all`).toBe(true);
      expect(store.getState().history.past).toHaveLength(0);
      for (let i = 0; i < steps; i += 1) store.getState().redo();
      expect(store.getState().design, `seed ${seed}: redo all`).toBe(final);
    }
  });

  it('undo∘do is the identity for every single operation', () => {
    for (let seed = 1000; seed < 1100; seed += 1) {
      const rng = random(seed);
      const store = createDesignStore(getTemplate('scale-up')!);
      for (let i = 0; i < 30; i += 1) {
        const before = store.getState().design;
        const steps = store.getState().history.past.length;
        operate(store, rng);
        const state = store.getState();
        if (state.history.past.length === steps + 1 && state.history.future.length === 0) {
          state.undo();
          expect(designsEqual(store.getState().design, before), `seed ${seed} op ${i}`).toBe(true);
          store.getState().redo();
        }
      }
    }
  });
});
