import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDesign } from '../sketch';
import {
  arbitraryBadInput,
  arbitraryDesign,
  arbitrarySeededDesign,
  checkDesignInvariants,
  mutatedInput,
  randomDesign,
} from './arbitraries';

function plainEverywhere(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.values(value).every(plainEverywhere);
}

describe('arbitraryDesign and randomDesign', () => {
  it('build designs that keep every invariant', () => {
    for (const arb of [arbitraryDesign(), arbitrarySeededDesign()]) {
      for (const design of fc.sample(arb, { numRuns: 200, seed: 42 })) {
        expect(checkDesignInvariants(design)).toEqual([]);
      }
    }
  });

  // Regression: fc.record builds null-prototype objects by default, so generated positions
  // were not deep-strict-equal to parsed ones (found by a strict round-trip hunt).
  it('build plain objects only', () => {
    for (const design of fc.sample(arbitraryDesign(), { numRuns: 200, seed: 7 })) {
      expect(plainEverywhere(design)).toBe(true);
    }
  });

  it('honour the options', () => {
    for (const design of fc.sample(arbitraryDesign({ maxNodes: 3, kinds: ['database'] }), {
      numRuns: 50,
      seed: 1,
    })) {
      expect(design.nodes.length).toBeLessThanOrEqual(3);
      expect(design.nodes.every((n) => n.kind === 'database' && n.role !== undefined)).toBe(true);
    }
  });

  it('randomDesign and mutatedInput rebuild the same value from the same seed', () => {
    expect(randomDesign(123)).toStrictEqual(randomDesign(123));
    expect(randomDesign(123)).not.toStrictEqual(randomDesign(124));
    expect(mutatedInput(99)).toStrictEqual(mutatedInput(99));
  });
});

describe('arbitraryBadInput', () => {
  it('reaches every door: text, bytes and values', () => {
    const vias = new Set(
      fc.sample(arbitraryBadInput(), { numRuns: 300, seed: 3 }).map((b) => b.via),
    );
    expect([...vias].sort()).toEqual(['bytes', 'text', 'value']);
  });
});

describe('checkDesignInvariants', () => {
  const valid = makeDesign({
    nodes: [
      { id: 'a', kind: 'app-server' },
      { id: 'd', kind: 'database' },
    ],
    edges: [{ source: 'a', target: 'd' }],
  });

  it('passes a parsed design and names each broken invariant', () => {
    expect(checkDesignInvariants(valid)).toEqual([]);
    const broken = {
      ...valid,
      nodes: [
        { ...valid.nodes[0]!, role: 'primary' as const },
        { ...valid.nodes[1]!, id: 'a', position: { x: NaN, y: 0 } },
      ],
      edges: [{ ...valid.edges[0]!, target: 'a', access: undefined }],
    };
    expect(checkDesignInvariants(broken)).toEqual([
      'duplicate id "a" (component and component)',
      'a: role on a app-server',
      'a: bad position',
      'e1: self-edge',
      'e1: access missing on a request edge into a database', // the second "a" is a database
    ]);
  });
});
