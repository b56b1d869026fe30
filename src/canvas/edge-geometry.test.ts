import { describe, expect, it } from 'vitest';
import { getBezierPath, Position } from '@xyflow/react';
import {
  RouteCache,
  appendBezier,
  hopPoints,
  SAMPLE_SPACING,
  pointAt,
  sampleAt,
  toPolyline,
  type Anchors,
  type RouteLookup,
  type Sides,
} from './edge-geometry';
import { bezierPoint, type Side } from './geometry';

/** A node 100 wide and 40 tall at (x, y): a handle at the middle of each side. */
function box(x: number, y: number, w = 100, h = 40): Anchors {
  return {
    top: { x: x + w / 2, y },
    right: { x: x + w, y: y + h / 2 },
    bottom: { x: x + w / 2, y: y + h },
    left: { x, y: y + h / 2 },
  };
}

const LR: Sides = { source: 'right', target: 'left' };

function lookupOf(
  anchors: Record<string, Anchors>,
  clusters: Record<string, string> = {},
  sides: Record<string, Sides> = {},
): RouteLookup {
  return {
    anchorsOf: (id) => anchors[id],
    clusterOf: (id) => clusters[id],
    sidesOf: (edgeId) => sides[edgeId] ?? LR,
  };
}

/** The points of the cubic React Flow draws: `M sx,sy C c1x,c1y c2x,c2y tx,ty`. */
function cubicOf(path: string): (u: number) => [number, number] {
  const numbers = path.match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
  expect(numbers).toHaveLength(8);
  const [sx, sy, c1x, c1y, c2x, c2y, tx, ty] = numbers as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return (u) => {
    const v = 1 - u;
    return [
      v * v * v * sx + 3 * v * v * u * c1x + 3 * v * u * u * c2x + u * u * u * tx,
      v * v * v * sy + 3 * v * v * u * c1y + 3 * v * u * u * c2y + u * u * u * ty,
    ];
  };
}

const POSITION: Record<Side, Position> = {
  top: Position.Top,
  right: Position.Right,
  bottom: Position.Bottom,
  left: Position.Left,
};

describe('the route of a hop', () => {
  it.each([
    ['right to left', 'right', 'left', { x: 0, y: 0 }, { x: 300, y: 120 }],
    [
      'right to left, target behind the source',
      'right',
      'left',
      { x: 400, y: 50 },
      { x: 100, y: -80 },
    ],
    ['left to right', 'left', 'right', { x: 400, y: 50 }, { x: 100, y: 130 }],
    ['left to right, target behind the source', 'left', 'right', { x: 0, y: 0 }, { x: 260, y: 40 }],
    ['bottom to top', 'bottom', 'top', { x: 50, y: 40 }, { x: 90, y: 136 }],
    ['bottom to top, target above the source', 'bottom', 'top', { x: 50, y: 300 }, { x: 20, y: 0 }],
    ['top to bottom', 'top', 'bottom', { x: 84, y: 200 }, { x: 104, y: 56 }],
    ['top to bottom, target below the source', 'top', 'bottom', { x: 0, y: 0 }, { x: 30, y: 250 }],
  ] as const)('follows the curve React Flow draws, %s', (_name, sourceSide, targetSide, s, t) => {
    const [path] = getBezierPath({
      sourceX: s.x,
      sourceY: s.y,
      sourcePosition: POSITION[sourceSide],
      targetX: t.x,
      targetY: t.y,
      targetPosition: POSITION[targetSide],
    });
    const cubic = cubicOf(path);
    const flat: number[] = [];
    appendBezier(s, sourceSide, t, targetSide, flat);
    const steps = flat.length / 2 - 1;
    for (let i = 0; i <= steps; i++) {
      const [x, y] = cubic(i / steps);
      expect(flat[2 * i]).toBeCloseTo(x, 6);
      expect(flat[2 * i + 1]).toBeCloseTo(y, 6);
    }
  });

  it('runs from the source handle to the target handle', () => {
    const lookup = lookupOf({ a: box(0, 0), b: box(300, 0) });
    const flat = hopPoints({ source: 'a', target: 'b' }, LR, 'a', 'b', lookup)!;
    expect(flat.slice(0, 2)).toEqual([100, 20]);
    expect(flat.slice(-2)).toEqual([300, 20]);
  });

  it('leaves and enters by the sides the edge is drawn between', () => {
    // A replica stacked under its primary: bottom of the primary to the top of the replica.
    const lookup = lookupOf({ primary: box(0, 0), replica: box(0, 120) });
    const down = hopPoints(
      { source: 'primary', target: 'replica' },
      { source: 'bottom', target: 'top' },
      'primary',
      'replica',
      lookup,
    )!;
    expect(down.slice(0, 2)).toEqual([50, 40]);
    expect(down.slice(-2)).toEqual([50, 120]);
    // Boxes dragged so the edge runs backwards: left side of the source to the right of the target.
    const back = hopPoints(
      { source: 'replica', target: 'primary' },
      { source: 'left', target: 'right' },
      'replica',
      'primary',
      lookupOf({ primary: box(0, 0), replica: box(400, 0) }),
    )!;
    expect(back.slice(0, 2)).toEqual([400, 20]);
    expect(back.slice(-2)).toEqual([100, 20]);
  });

  it('runs the edge backwards for a response', () => {
    const lookup = lookupOf({ a: box(0, 0), b: box(0, 300) });
    const sides: Sides = { source: 'bottom', target: 'top' };
    const flat = hopPoints({ source: 'a', target: 'b' }, sides, 'b', 'a', lookup)!;
    expect(flat.slice(0, 2)).toEqual([50, 300]);
    expect(flat.slice(-2)).toEqual([50, 40]);
    const forward = hopPoints({ source: 'a', target: 'b' }, sides, 'a', 'b', lookup)!;
    expect(flat).toEqual(
      Array.from({ length: forward.length }, (_, i) =>
        i % 2 === 0 ? forward[forward.length - 2 - i]! : forward[forward.length - i]!,
      ),
    );
  });

  it('goes through the cluster box to the member that takes the request', () => {
    const lookup = lookupOf(
      { dns: box(0, 0), lbc: box(280, -60, 140, 200), lb2: box(300, 80) },
      { lb2: 'lbc' },
    );
    const flat = hopPoints({ source: 'dns', target: 'lbc' }, LR, 'dns', 'lb2', lookup)!;
    expect(flat.slice(0, 2)).toEqual([100, 20]);
    // The drawn curve ends at the box's handle, then a straight piece reaches the member.
    expect(flat.slice(-4)).toEqual([280, 40, 300, 100]);
  });

  it('enters a cluster from above through the box and the member on the same side', () => {
    const lookup = lookupOf(
      { app: box(300, -300), dbc: box(280, -60, 140, 200), db2: box(300, 80) },
      { db2: 'dbc' },
    );
    const sides: Sides = { source: 'bottom', target: 'top' };
    const flat = hopPoints({ source: 'app', target: 'dbc' }, sides, 'app', 'db2', lookup)!;
    expect(flat.slice(0, 2)).toEqual([350, -260]);
    expect(flat.slice(-4)).toEqual([350, -60, 350, 80]);
  });

  it('leaves a cluster from the member, through the box', () => {
    const lookup = lookupOf(
      { lbc: box(0, -60, 140, 200), lb1: box(20, -40), web: box(400, 0) },
      { lb1: 'lbc' },
    );
    const flat = hopPoints({ source: 'lbc', target: 'web' }, LR, 'lb1', 'web', lookup)!;
    expect(flat.slice(0, 4)).toEqual([120, -20, 140, 40]);
    expect(flat.slice(-2)).toEqual([400, 20]);
  });

  it('has no route when an end is not on the canvas', () => {
    expect(hopPoints({ source: 'a', target: 'b' }, LR, 'a', 'b', lookupOf({}))).toBeUndefined();
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

describe('sampled points along a route', () => {
  /** Largest distance between `sampleAt` and `pointAt` over many fractions of `line`. */
  function worst(line: ReturnType<typeof toPolyline>): number {
    const m = line.samples.length / 2 - 1;
    const p = { x: 0, y: 0 };
    const q = { x: 0, y: 0 };
    let max = 0;
    for (let i = 0; i <= 1000; i++) {
      pointAt(line, i / 1000, p);
      sampleAt(line.samples, 0, m, i / 1000, q);
      max = Math.max(max, Math.hypot(p.x - q.x, p.y - q.y));
    }
    return max;
  }

  it('stays on the curve React Flow draws, whatever its sides (within 0.4 units)', () => {
    for (const [sourceSide, targetSide, t] of [
      ['right', 'left', { x: 300, y: 140 }],
      ['right', 'left', { x: -300, y: 40 }],
      ['left', 'right', { x: 120, y: 400 }],
      ['bottom', 'top', { x: 40, y: 96 }],
      ['top', 'bottom', { x: -200, y: -30 }],
    ] as const) {
      const s = { x: 0, y: 0, side: sourceSide };
      const e = { ...t, side: targetSide };
      const curve = Array.from({ length: 4001 }, (_, i) => bezierPoint(i / 4000, s, e));
      const off = (p: { x: number; y: number }) =>
        Math.min(...curve.map((q) => Math.hypot(p.x - q.x, p.y - q.y)));
      const flat: number[] = [];
      appendBezier(s, sourceSide, t, targetSide, flat);
      const line = toPolyline(flat);
      const m = line.samples.length / 2 - 1;
      const p = { x: 0, y: 0 };
      let worstLine = 0;
      let worstSamples = 0;
      for (let i = 0; i <= 200; i++) {
        worstLine = Math.max(worstLine, off(pointAt(line, i / 200, p)));
        worstSamples = Math.max(worstSamples, off(sampleAt(line.samples, 0, m, i / 200, p)));
      }
      expect(worstLine).toBeLessThan(0.1);
      expect(worstSamples).toBeLessThan(0.4);
    }
  });

  it('cuts a corner by at most half its spacing', () => {
    const corner = toPolyline([0, 0, 103, 0, 103, 61]);
    expect(worst(corner)).toBeLessThanOrEqual(SAMPLE_SPACING / 2);
    expect(worst(corner)).toBeGreaterThan(0);
  });

  it('starts and ends where the route does, and reads from an offset', () => {
    const line = toPolyline([0, 0, 10, 0, 10, 30]);
    const m = line.samples.length / 2 - 1;
    const shifted = new Float32Array(6 + line.samples.length);
    shifted.set(line.samples, 6);
    const p = { x: 0, y: 0 };
    expect(sampleAt(shifted, 6, m, 0, p)).toEqual({ x: 0, y: 0 });
    expect(sampleAt(shifted, 6, m, 1, p)).toEqual({ x: 10, y: 30 });
    expect(sampleAt(shifted, 6, m, -3, p)).toEqual({ x: 0, y: 0 });
    expect(sampleAt(shifted, 6, m, 0.5, p)).toEqual({ x: 10, y: 10 });
  });
});

describe('the route cache', () => {
  it('rebuilds a route when the edge changes sides', () => {
    const sides: Record<string, Sides> = { e1: LR };
    const lookup = lookupOf({ a: box(0, 0), b: box(0, 200) }, {}, sides);
    const cache = new RouteCache();
    const edge = { source: 'a', target: 'b' };
    const first = cache.get('e1', edge, 'a', 'b', lookup)!;
    expect([first.xs[0], first.ys[0]]).toEqual([100, 20]);
    sides.e1 = { source: 'bottom', target: 'top' };
    cache.nextFrame();
    const moved = cache.get('e1', edge, 'a', 'b', lookup)!;
    expect([moved.xs[0], moved.ys[0]]).toEqual([50, 40]);
    expect([moved.xs[moved.xs.length - 1], moved.ys[moved.ys.length - 1]]).toEqual([50, 200]);
  });

  it('skips checking the anchors while the canvas keeps its geometry version', () => {
    const anchors: Record<string, Anchors> = { a: box(0, 0), b: box(300, 0) };
    let reads = 0;
    const lookup = lookupOf(anchors);
    const counting: RouteLookup = {
      ...lookup,
      anchorsOf: (id) => {
        reads++;
        return lookup.anchorsOf(id);
      },
    };
    const cache = new RouteCache();
    const edge = { source: 'a', target: 'b' };
    cache.nextFrame(1);
    const first = cache.get('e1', edge, 'a', 'b', counting);
    const afterBuild = reads;
    cache.nextFrame(1);
    expect(cache.get('e1', edge, 'a', 'b', counting)).toBe(first);
    expect(reads).toBe(afterBuild);
    anchors.b = box(300, 90);
    cache.nextFrame(2);
    const moved = cache.get('e1', edge, 'a', 'b', counting);
    expect(moved).not.toBe(first);
    expect(moved?.ys[moved.ys.length - 1]).toBe(110);
  });

  it('gives one handle per hop, valid across frames and for a changed edge', () => {
    const lookup = lookupOf({ a: box(0, 0), b: box(300, 0), c: box(300, 200) });
    const cache = new RouteCache();
    const handle = cache.handle('e1', 'a', 'b');
    expect(cache.handle('e1', 'a', 'b')).toBe(handle);
    const edges = new Map([['e1', { source: 'a', target: 'b' }]]);
    expect(cache.lineIn(handle, edges, lookup)?.xs[0]).toBe(100);
    cache.nextFrame();
    // The edge now runs from b to a: the hop from a to b runs it backwards, between its handles.
    const changed = new Map([['e1', { source: 'b', target: 'a' }]]);
    const line = cache.lineIn(handle, changed, lookup);
    expect([line?.xs[0], line?.xs[line.xs.length - 1]]).toEqual([0, 400]);
    cache.nextFrame();
    expect(cache.lineIn(handle, new Map(), lookup)).toBeUndefined();
  });

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
