import { describe, expect, it } from 'vitest';
import { getTemplate } from '../model/templates';
import type { TimedHop } from '../sim';
import { createDesignStore } from '../store/create-store';
import { TOKEN_HOP_MS, createTrafficRunner, type TrafficToken } from '../store/traffic-runner';
import { RouteCache, pointAt } from './edge-geometry';
import { createRouteLookup, edgesById, type OverlayFrame } from './overlay';
import { toFlow } from './to-flow';
import { PixelSet, TokenTable, createTrafficLayer } from './traffic-layer';

describe('the pixels holding a token', () => {
  it('takes each pixel once until emptied', () => {
    const set = new PixelSet();
    set.reset(10);
    expect(set.add(3, 4)).toBe(true);
    expect(set.add(3, 4)).toBe(false);
    expect(set.add(4, 3)).toBe(true);
    expect(set.add(-3, 4)).toBe(true);
    expect(set.add(3, -4)).toBe(true);
    set.reset(10);
    expect(set.add(3, 4)).toBe(true);
  });

  it('holds thousands of pixels', () => {
    const set = new PixelSet();
    set.reset(5000);
    for (let i = 0; i < 5000; i++) expect(set.add(i % 71, Math.floor(i / 71))).toBe(true);
    for (let i = 0; i < 5000; i++) expect(set.add(i % 71, Math.floor(i / 71))).toBe(false);
  });
});

function hop(edge: number, direction: 'request' | 'response' = 'request'): TimedHop {
  return { edge: `e${edge}`, from: 'a', to: 'b', direction, startMs: 0, endMs: 0 };
}

function token(start: number, edges: number[], ok = true): TrafficToken {
  const half = Math.ceil(edges.length / 2);
  return {
    start,
    ok,
    hops: edges.map((e, i) => hop(e, i < half ? 'request' : 'response')),
  };
}

/** Checks the table against the tokens it was synced with (slot = the edge's number). */
function expectInStep(table: TokenTable, tokens: TrafficToken[]) {
  expect(table.n).toBe(tokens.length);
  tokens.forEach((t, i) => {
    expect(table.starts[i]).toBe(t.start);
    expect(table.count[i]).toBe(t.hops.length);
    t.hops.forEach((h, k) => {
      expect(table.hopSlot[table.base[i]! + k]).toBe(Number(h.edge.slice(1)));
      expect(table.hopColor[table.base[i]! + k]).toBe(h.direction === 'request' ? 0 : t.ok ? 1 : 2);
    });
  });
}

describe('the token table', () => {
  const slotOf = (resolved: TimedHop[]) => (h: TimedHop) => {
    resolved.push(h);
    return Number(h.edge.slice(1));
  };

  it('resolves the hops of new tokens only, and follows tokens dropped anywhere', () => {
    const table = new TokenTable();
    const a = token(0, [1, 2, 2, 1]);
    const b = token(5, [3, 4, 4, 3], false);
    const c = token(9, [5, 6]);
    let resolved: TimedHop[] = [];
    table.sync([a, b, c], slotOf(resolved));
    expect(resolved).toHaveLength(10);
    expectInStep(table, [a, b, c]);

    resolved = [];
    const d = token(12, [7, 7]);
    table.sync([a, c, d], slotOf(resolved));
    expect(resolved).toEqual(d.hops);
    expectInStep(table, [a, c, d]);

    resolved = [];
    table.sync([], slotOf(resolved));
    expectInStep(table, []);
    table.sync([b], slotOf(resolved));
    expect(resolved).toEqual(b.hops);
    expectInStep(table, [b]);
  });

  it('stays in step through thousands of frames of tokens coming and going', () => {
    const table = new TokenTable();
    let tokens: TrafficToken[] = [];
    let next = 0;
    let resolvedCount = 0;
    for (let frame = 0; frame < 2000; frame++) {
      // A few new tokens per frame, of varied lengths; finished ones leave from anywhere.
      for (let k = 0; k < 1 + (frame % 7); k++) {
        const length = 2 + ((next * 7) % 11);
        tokens.push(
          token(
            next,
            Array.from({ length }, (_, i) => (next + i) % 50),
            next % 3 > 0,
          ),
        );
        next++;
      }
      tokens = tokens.filter((t) => t.start + t.hops.length * 10 > next);
      table.sync(tokens, (h) => {
        resolvedCount++;
        return Number(h.edge.slice(1));
      });
      if (frame % 97 === 0) expectInStep(table, tokens);
    }
    expectInStep(table, tokens);
    // Every hop resolved exactly once.
    let hops = 0;
    for (let i = 0; i < next; i++) hops += 2 + ((i * 7) % 11);
    expect(resolvedCount).toBe(hops);
  });
});

/** A frame over the scale-up design drawn by React Flow at zoom 1, with a recording canvas. */
function setUp(rate: number) {
  const design = getTemplate('scale-up')!;
  const store = createDesignStore(design);
  store.getState().setTraffic({ running: true, rate });
  const runner = createTrafficRunner(store, { seed: 11 });
  const layer = createTrafficLayer(store, runner);
  const graph = toFlow(design, {
    selection: { nodes: [], edges: [], clusters: [], servers: [] },
    failed: [],
  });
  const state = {
    nodeLookup: new Map(
      graph.nodes.map((n) => [
        n.id,
        {
          ...n,
          measured: { width: n.width, height: n.height },
          internals: { positionAbsolute: n.position, z: 0, userNode: n },
        },
      ]),
    ),
    edgeLookup: new Map(graph.edges.map((e) => [e.id, e])),
  };
  const flow = { getState: () => state as never, subscribe: () => () => {} };
  const lookup = createRouteLookup(flow, () => store.getState().design);
  const routes = new RouteCache();

  const drawn: Array<{ color: string; x: number; y: number }> = [];
  const texts: string[] = [];
  let path: Array<[number, number]> = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    globalAlpha: 1,
    lineWidth: 1,
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    lineCap: 'butt',
    beginPath: () => (path = []),
    rect: (x: number, y: number, w: number, h: number) => path.push([x + w / 2, y + h / 2]),
    fill() {
      for (const [x, y] of path) drawn.push({ color: ctx.fillStyle, x, y });
    },
    roundRect: () => {},
    stroke: () => {},
    moveTo: () => {},
    lineTo: () => {},
    measureText: (text: string) => ({ width: 6 * text.length }),
    fillText: (text: string) => texts.push(text),
  };
  const colors = {
    request: 'blue',
    ok: 'green',
    error: 'red',
    text: 'black',
    panel: 'white',
    muted: 'grey',
  };
  const frame = (dt: number): OverlayFrame => {
    routes.nextFrame();
    const edges = edgesById(store.getState().design);
    return {
      ctx: ctx as unknown as CanvasRenderingContext2D,
      now: 0,
      dt,
      zoom: 1,
      pixelRatio: 1,
      colors,
      design: store.getState().design,
      view: { x: -1000, y: -1000, width: 5000, height: 5000 },
      rect: (id) => {
        const n = state.nodeLookup.get(id);
        return n && { ...n.internals.positionAbsolute, width: n.width!, height: n.height! };
      },
      route: (edgeId, from, to, ends) =>
        ends
          ? routes.get(edgeId, ends, from, to, lookup)
          : routes.lineIn(routes.handle(edgeId, from, to), edges, lookup),
      hop: (edgeId, from, to) => routes.handle(edgeId, from, to),
      hopRoute: (handle) => routes.lineIn(handle, edges, lookup),
    };
  };
  return { store, runner, layer, frame, drawn, texts };
}

describe('the traffic layer', () => {
  it('draws each token on its hop’s route, one square per pixel, in its colour', () => {
    const { runner, layer, frame, drawn } = setUp(400);
    for (let i = 0; i < 90; i++) layer.draw(frame(16));
    drawn.length = 0;
    const f = frame(16);
    layer.draw(f);
    expect(runner.tokens.length).toBeGreaterThan(100);

    // Where each token should be, by colour and pixel.
    const expected = new Map<string, { color: string; x: number; y: number }>();
    const p = { x: 0, y: 0 };
    for (const t of runner.tokens) {
      const progress = (runner.clock - t.start) / TOKEN_HOP_MS;
      const h = t.hops[Math.floor(progress)];
      if (!h) continue;
      pointAt(f.route(h.edge, h.from, h.to)!, progress - Math.floor(progress), p);
      const color = h.direction === 'request' ? 'blue' : t.ok ? 'green' : 'red';
      expected.set(`${color} ${Math.round(p.x)} ${Math.round(p.y)}`, { color, ...p });
    }
    // One square per pixel and colour, each on a token (sampled routes: within 0.4 units).
    expect(drawn.length).toBeLessThanOrEqual(expected.size);
    expect(drawn.length).toBeGreaterThan(expected.size * 0.9);
    const near = (a: { x: number; y: number }, b: { x: number; y: number }) =>
      Math.hypot(a.x - b.x, a.y - b.y) < 1.5;
    for (const d of drawn)
      expect([...expected.values()].some((e) => e.color === d.color && near(e, d))).toBe(true);
    for (const e of expected.values())
      expect(drawn.some((d) => d.color === e.color && near(e, d))).toBe(true);
    expect(new Set(drawn.map((d) => d.color))).toEqual(new Set(['blue', 'green']));
  });

  it('draws the counters on the still canvas, again only when the stats change', () => {
    const { runner, layer, frame, texts } = setUp(300);
    for (let i = 0; i < 40; i++) layer.draw(frame(16));
    const key = layer.stillKey!();
    expect(key).toBe(runner.stats);
    layer.drawStill!(frame(0));
    const components = Object.keys(runner.stats!.components);
    expect(texts).toHaveLength(components.length);
    expect(texts.every((t) => /^\d+(\.\d)? req\/s$/.test(t))).toBe(true);
    // Stats are published every 250 ms: the key changes then, and only then.
    let changes = 0;
    let last = layer.stillKey!();
    for (let i = 0; i < 32; i++) {
      layer.draw(frame(16));
      if (layer.stillKey!() !== last) changes++;
      last = layer.stillKey!();
    }
    expect(changes).toBeGreaterThanOrEqual(1);
    expect(changes).toBeLessThanOrEqual(3);
  });
});
