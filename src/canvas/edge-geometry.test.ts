import { describe, expect, it } from 'vitest';
import { getBezierPath, Position } from '@xyflow/react';
import {
  RouteCache,
  appendBezier,
  hopPoints,
  pointAt,
  toPolyline,
  type Anchors,
  type RouteLookup,
} from './edge-geometry';

/** A node 100 wide and 40 tall at (x, y): handles at the middle of its left and right sides. */
function box(x: number, y: number, w = 100, h = 40): Anchors {
  return { in: { x, y: y + h / 2 }, out: { x: x + w, y: y + h / 2 } };
}

function lookupOf(
  anchors: Record<string, Anchors>,
  clusters: Record<string, string> = {},
): RouteLookup {
  return {
    anchorsOf: (id) => anchors[id],
    clusterOf: (id) => clusters[id],
  };
}

function cubic(p: number[], u: number): [number, number] {
  const [sx, sy, c1x, c1y, c2x, c2y, tx, ty] = p as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const v = 1 - u;
  return [
    v * v * v * sx + 3 * v * v * u * c1x + 3 * v * u * u * c2x + u * u * u * tx,
    v * v * v * sy + 3 * v * v * u * c1y + 3 * v * u * u * c2y + u * u * u * ty,
  ];
}

describe('the route of a hop', () => {
  it.each([
    ['forwards', { x: 0, y: 0 }, { x: 300, y: 120 }],
    ['backwards (target left of source)', { x: 400, y: 50 }, { x: 100, y: -80 }],
  ])('follows the curve React Flow draws, %s', (_name, s, t) => {
    const [path] = getBezierPath({
      sourceX: s.x,
      sourceY: s.y,
      sourcePosition: Position.Right,
      targetX: t.x,
      targetY: t.y,
      targetPosition: Position.Left,
    });
    const numbers = path.match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
    const flat: number[] = [];
    appendBezier(s, t, flat);
    const steps = flat.length / 2 - 1;
    for (const i of [0, 7, steps / 2, steps]) {
      const [x, y] = cubic(numbers, i / steps);
      expect(flat[2 * i]).toBeCloseTo(x, 6);
      expect(flat[2 * i + 1]).toBeCloseTo(y, 6);
    }
  });

  it('runs from the source handle to the target handle', () => {
    const lookup = lookupOf({ a: box(0, 0), b: box(300, 0) });
    const flat = hopPoints({ source: 'a', target: 'b' }, 'a', 'b', lookup)!;
    expect(flat.slice(0, 2)).toEqual([100, 20]);
    expect(flat.slice(-2)).toEqual([300, 20]);
  });

  it('runs the edge backwards for a response', () => {
    const lookup = lookupOf({ a: box(0, 0), b: box(300, 0) });
    const flat = hopPoints({ source: 'a', target: 'b' }, 'b', 'a', lookup)!;
    expect(flat.slice(0, 2)).toEqual([300, 20]);
    expect(flat.slice(-2)).toEqual([100, 20]);
  });

  it('goes through the cluster box to the member that takes the request', () => {
    const lookup = lookupOf(
      { dns: box(0, 0), lbc: box(280, -60, 140, 200), lb2: box(300, 80) },
      { lb2: 'lbc' },
    );
    const flat = hopPoints({ source: 'dns', target: 'lbc' }, 'dns', 'lb2', lookup)!;
    expect(flat.slice(0, 2)).toEqual([100, 20]);
    // The drawn curve ends at the box's handle, then a straight piece reaches the member.
    expect(flat.slice(-4)).toEqual([280, 40, 300, 100]);
  });

  it('leaves a cluster from the member, through the box', () => {
    const lookup = lookupOf(
      { lbc: box(0, -60, 140, 200), lb1: box(20, -40), web: box(400, 0) },
      { lb1: 'lbc' },
    );
    const flat = hopPoints({ source: 'lbc', target: 'web' }, 'lb1', 'web', lookup)!;
    expect(flat.slice(0, 4)).toEqual([120, -20, 140, 40]);
    expect(flat.slice(-2)).toEqual([400, 20]);
  });

  it('has no route when an end is not on the canvas', () => {
    expect(hopPoints({ source: 'a', target: 'b' }, 'a', 'b', lookupOf({}))).toBeUndefined();
  });
});

describe('points along a route', () => {
  const line = toPolyline([0, 0, 10, 0, 10, 30]);

  it('measures its length', () => {
    expect(line.length).toBe(40);
  });

  it('places a point by fraction of the length', () => {
    const p = { x: 0, y: 0 };
    expect(pointAt(line, 0, p)).toEqual({ x: 0, y: 0 });
    expect(pointAt(line, 0.125, p)).toEqual({ x: 5, y: 0 });
    expect(pointAt(line, 0.5, p)).toEqual({ x: 10, y: 10 });
    expect(pointAt(line, 1, p)).toEqual({ x: 10, y: 30 });
    expect(pointAt(line, 7, p)).toEqual({ x: 10, y: 30 });
  });

  it('stays put on a route of length zero', () => {
    expect(pointAt(toPolyline([3, 4, 3, 4]), 0.5, { x: 0, y: 0 })).toEqual({ x: 3, y: 4 });
  });
});

describe('the route cache', () => {
  it('keeps a route until an anchor it depends on moves', () => {
    const anchors: Record<string, Anchors> = { a: box(0, 0), b: box(300, 0) };
    const lookup = lookupOf(anchors);
    const cache = new RouteCache();
    const edge = { source: 'a', target: 'b' };
    const first = cache.get('e1', edge, 'a', 'b', lookup);
    cache.nextFrame();
    expect(cache.get('e1', edge, 'a', 'b', lookup)).toBe(first);
    anchors.b = box(320, 40);
    cache.nextFrame();
    const moved = cache.get('e1', edge, 'a', 'b', lookup);
    expect(moved).not.toBe(first);
    expect(moved?.xs[moved.xs.length - 1]).toBe(320);
  });
});
