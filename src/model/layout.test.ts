import { describe, expect, it } from 'vitest';
import { CLUSTER_PADDING, GRID, NODE_SIZE, SERVER_PADDING } from './catalogue';
import { makeDesign } from './sketch';
import {
  COLUMN_STEP,
  DATA_COLUMN_EXTRA,
  findFreePosition,
  GROUP_MARGIN,
  layoutByTier,
  NODE_GAP,
  ROW_STEP,
} from './layout';
import type { Design, DesignNode, Position } from './types';
import { timed } from './testing/timing';

function overlaps(a: Position, b: Position): boolean {
  return Math.abs(a.x - b.x) < NODE_SIZE.width && Math.abs(a.y - b.y) < NODE_SIZE.height;
}

function expectNoOverlap(nodes: readonly DesignNode[]) {
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      expect(
        overlaps(nodes[i]!.position, nodes[j]!.position),
        `${nodes[i]!.id} overlaps ${nodes[j]!.id}`,
      ).toBe(false);
    }
  }
}

const mixed = makeDesign({
  nodes: [
    { id: 'db', kind: 'database' },
    { id: 'w1', kind: 'web-server', server: 's2' },
    { id: 'a1', kind: 'app-server', server: 's1' },
    { id: 'w2', kind: 'web-server', server: 's1' },
    { id: 'u', kind: 'user' },
    { id: 'l1', kind: 'load-balancer', cluster: 'c' },
    { id: 'w3', kind: 'web-server', server: 's2' },
    { id: 'd', kind: 'dns' },
    { id: 'l2', kind: 'load-balancer' },
    { id: 'l3', kind: 'load-balancer', cluster: 'c' },
  ],
  clusters: [{ id: 'c' }],
  servers: [{ id: 's1' }, { id: 's2' }],
});
const laid = layoutByTier(mixed);
const at = (d: Design, id: string) => d.nodes.find((n) => n.id === id)!.position;

describe('layoutByTier', () => {
  it('puts users, DNS, load balancers, web, app and database columns left to right', () => {
    const order = ['u', 'd', 'l1', 'w1', 'a1', 'db'];
    const xs = order.map((id) => at(laid, id).x);
    expect(xs).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => i * COLUMN_STEP + (i === 5 ? DATA_COLUMN_EXTRA : 0)),
    );
  });

  it('skips empty columns', () => {
    const d = layoutByTier(
      makeDesign({
        nodes: [
          { id: 'u', kind: 'user' },
          { id: 'db', kind: 'database' },
        ],
      }),
    );
    expect(at(d, 'db').x).toBe(COLUMN_STEP + DATA_COLUMN_EXTRA);
  });

  it('spaces the members of one group by ROW_STEP and centres the column on y = 0', () => {
    const ys = ['w1', 'w3', 'w2'].map((id) => at(laid, id).y);
    expect(ys[1]! - ys[0]!).toBe(ROW_STEP); // w1, w3: server s2
    const middle = (ys[0]! + ys[2]! + NODE_SIZE.height) / 2;
    expect(Math.abs(middle)).toBeLessThanOrEqual(GRID / 2);
  });

  it('leaves room between groups for their server and cluster boxes', () => {
    // w3 (last of s2) above w2 (s1): s2's box bottom padding, s1's top padding, a margin.
    const gap = at(laid, 'w2').y - (at(laid, 'w3').y + NODE_SIZE.height);
    expect(gap).toBeGreaterThanOrEqual(SERVER_PADDING.bottom + SERVER_PADDING.top + GROUP_MARGIN);
    // l3 (last of cluster c) above l2 (no group): the cluster box's bottom padding.
    const lbGap = at(laid, 'l2').y - (at(laid, 'l3').y + NODE_SIZE.height);
    expect(lbGap).toBeGreaterThanOrEqual(CLUSTER_PADDING.bottom + GROUP_MARGIN);
    expect(lbGap).toBeLessThan(gap);
  });

  it('keeps the members of a server, then of a cluster, next to each other', () => {
    const webs = ['w1', 'w2', 'w3'].sort((a, b) => at(laid, a).y - at(laid, b).y);
    expect(webs).toEqual(['w1', 'w3', 'w2']); // s2 first (its first member comes first in the file)
    const lbs = ['l1', 'l2', 'l3'].sort((a, b) => at(laid, a).y - at(laid, b).y);
    expect(lbs).toEqual(['l1', 'l3', 'l2']);
  });

  it('snaps every position to the grid and overlaps nothing', () => {
    for (const n of laid.nodes) {
      expect(n.position.x % GRID).toBe(0);
      expect(Math.abs(n.position.y % GRID)).toBe(0);
    }
    expectNoOverlap(laid.nodes);
  });

  it('is deterministic and does not change its input', () => {
    const before = JSON.stringify(mixed);
    expect(layoutByTier(mixed)).toEqual(laid);
    expect(JSON.stringify(mixed)).toBe(before);
  });

  it('lays out 5,000 components in one column within the coordinate bounds, fast', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => ({
      id: `d${i}`,
      kind: 'database' as const,
    }));
    const { value: d, cpuMs } = timed(() => makeDesign({ nodes }));
    expect(cpuMs).toBeLessThan(1000);
    const ys = d.nodes.map((n) => n.position.y);
    expect(Math.max(...ys)).toBeLessThanOrEqual(1e6);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(-1e6);
    expect(new Set(ys).size).toBe(5000);
  });
});

describe('findFreePosition', () => {
  it('returns the spot asked for, snapped, when it is free', () => {
    expect(findFreePosition(laid, { x: 5000, y: 5003 })).toEqual({ x: 5008, y: 5008 });
  });

  it('finds the nearest spot that overlaps no component, keeping a gap', () => {
    const near = at(laid, 'w1');
    const spot = findFreePosition(laid, near);
    for (const n of laid.nodes) {
      expect(
        Math.abs(n.position.x - spot.x) >= NODE_SIZE.width + NODE_GAP ||
          Math.abs(n.position.y - spot.y) >= NODE_SIZE.height + NODE_GAP,
      ).toBe(true);
    }
    expect(Math.hypot(spot.x - near.x, spot.y - near.y)).toBeLessThan(3 * COLUMN_STEP);
  });

  it('places many pasted components one after another without overlap', () => {
    let d = laid;
    for (let i = 0; i < 50; i++) {
      const position = findFreePosition(d, { x: 0, y: 0 });
      d = { ...d, nodes: [...d.nodes, { id: `p${i}`, kind: 'user', label: 'User', position }] };
    }
    expectNoOverlap(d.nodes);
  });

  it('copes with a non-finite request by starting from the origin', () => {
    expect(findFreePosition(makeDesign(), { x: NaN, y: Infinity })).toEqual({ x: 0, y: 0 });
  });
});
