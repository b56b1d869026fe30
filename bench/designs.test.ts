import { describe, expect, it } from 'vitest';
import { parseDesign } from '../src/model/parse';
import {
  countTiers,
  createBenchDesign,
  createBenchDesignJson,
  ID_PREFIX,
  MIN_COMPONENTS,
} from './designs';

describe('createBenchDesign', () => {
  it.each([MIN_COMPONENTS, 50, 100, 200, 500, 2000])(
    'makes a valid design of exactly %i components',
    (n) => {
      const parsed = parseDesign(createBenchDesignJson(n));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.value.nodes).toHaveLength(n);
      expect(parsed.value.nodes.every((node) => node.id.startsWith(ID_PREFIX))).toBe(true);
    },
  );

  it('gives the same bytes for the same size', () => {
    expect(createBenchDesignJson(500)).toBe(createBenchDesignJson(500));
  });

  it('keeps every component at its own position', () => {
    const design = createBenchDesign(2000);
    const spots = new Set(design.nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(spots.size).toBe(design.nodes.length);
  });

  it('lays a large design out wider than tall, not as one tall column per tier', () => {
    const design = createBenchDesign(2000);
    const xs = design.nodes.map((n) => n.position.x);
    const ys = design.nodes.map((n) => n.position.y);
    const width = Math.max(...xs) - Math.min(...xs);
    const height = Math.max(...ys) - Math.min(...ys);
    expect(width).toBeGreaterThan(height);
    expect(height).toBeLessThan(10_000);
  });

  it('has about two to three edges per component, as the research graphs do', () => {
    const design = createBenchDesign(1000);
    const perNode = design.edges.length / design.nodes.length;
    expect(perNode).toBeGreaterThan(2);
    expect(perNode).toBeLessThan(3);
  });

  it('never makes fewer than the minimum, and splits the tiers to the total', () => {
    expect(createBenchDesign(3).nodes).toHaveLength(MIN_COMPONENTS);
    const t = countTiers(777);
    expect(4 + t.web + t.app + t.databases).toBe(777);
    expect(t.web).toBeGreaterThanOrEqual(t.app);
  });
});
