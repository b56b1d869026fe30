import { describe, expect, it } from 'vitest';
import { getTemplate, makeDesign } from '../model';
import type { Design } from '../model/types';
import { createSimState, failComponent, recoverComponent } from './state';
import {
  createTraffic,
  getTrafficStats,
  stepTraffic,
  updateTraffic,
  type Traffic,
  type TrafficOptions,
  type TrafficRequest,
} from './traffic';
import type { SimState } from './types';

const scaleUp = getTemplate('scale-up')!;
const MIX = { static: 2, read: 2, write: 1 };

/** Runs the traffic for `ms` in frames of `frameMs`; returns everything it started. */
function run(
  design: Design,
  traffic: Traffic,
  state: SimState,
  ms: number,
  frameMs = 16,
): { traffic: Traffic; state: SimState; requests: TrafficRequest[] } {
  const requests: TrafficRequest[] = [];
  for (let t = 0; t < ms; t += frameMs) {
    const step = stepTraffic(traffic, design, state, Math.min(frameMs, ms - t));
    traffic = step.traffic;
    state = step.state;
    requests.push(...step.requests);
  }
  return { traffic, state, requests };
}

function start(options: Partial<TrafficOptions> = {}, design: Design = scaleUp): Traffic {
  return createTraffic(design, { rate: 200, mix: MIX, seed: 7, ...options });
}

describe('traffic', () => {
  it('counts every started request as served or failed, in the totals and in the series', () => {
    const state = failComponent(createSimState(), 'db1'); // writes fail, the rest works
    const { traffic, requests } = run(scaleUp, start(), state, 5000);
    const stats = getTrafficStats(traffic);
    expect(stats.totals.started).toBe(requests.length);
    expect(stats.totals.served + stats.totals.failed).toBe(stats.totals.started);
    expect(stats.totals.served).toBe(requests.filter((r) => r.status === 200).length);
    expect(stats.totals.failed).toBeGreaterThan(0);
    const series = stats.series.reduce(
      (t, s) => ({
        started: t.started + s.started,
        served: t.served + s.served,
        failed: t.failed + s.failed,
      }),
      { started: 0, served: 0, failed: 0 },
    );
    expect(series).toEqual(stats.totals);
    for (const s of stats.series) expect(s.served + s.failed).toBe(s.started);
  });

  it('starts about `rate` requests per second, with the chosen mix', () => {
    const { requests, traffic } = run(scaleUp, start({ rate: 300 }), createSimState(), 10_000);
    expect(requests.length).toBeGreaterThan(2700);
    expect(requests.length).toBeLessThan(3300);
    const writes = requests.filter((r) => r.type === 'write').length / requests.length;
    expect(writes).toBeGreaterThan(0.15);
    expect(writes).toBeLessThan(0.25);
    const user = getTrafficStats(traffic).components.user!.requestsPerSecond;
    expect(user).toBeGreaterThan(240);
    expect(user).toBeLessThan(360);
  });

  it('is deterministic for a seed, and never changes its inputs', () => {
    const traffic = start();
    const state = createSimState();
    const before = structuredClone({ traffic, state });
    const a = stepTraffic(traffic, scaleUp, state, 500);
    const b = stepTraffic(traffic, scaleUp, state, 500);
    expect(a).toEqual(b);
    expect({ traffic, state }).toEqual(before);
    const other = stepTraffic(start({ seed: 8 }), scaleUp, state, 500);
    expect(other.requests.map((r) => r.startMs)).not.toEqual(a.requests.map((r) => r.startMs));
    // Many small steps start the same requests as one big step.
    const small = run(scaleUp, traffic, state, 500, 10).requests;
    expect(small.map((r) => [r.type, r.startMs, r.status])).toEqual(
      a.requests.map((r) => [r.type, r.startMs, r.status]),
    );
  });

  it('lays each request hop after the previous one, ending when the request ends', () => {
    const { requests } = run(scaleUp, start(), createSimState(), 1000);
    const edgeIds = new Set(scaleUp.edges.map((e) => e.id));
    for (const r of requests) {
      let clock = r.startMs;
      for (const hop of r.hops) {
        expect(hop.startMs).toBe(clock);
        expect(hop.endMs).toBeGreaterThanOrEqual(hop.startMs);
        expect(edgeIds.has(hop.edge)).toBe(true);
        clock = hop.endMs;
      }
      expect(clock).toBe(r.endMs);
    }
  });

  it('shows the failover live: a failed web server gets no more requests and nothing fails', () => {
    const first = run(scaleUp, start(), createSimState(), 2000);
    const { traffic } = first;
    let { state } = first;
    let stats = getTrafficStats(traffic);
    expect(stats.components.web1!.requestsPerSecond).toBeGreaterThan(50);
    expect(stats.components.web2!.requestsPerSecond).toBeGreaterThan(50);

    state = failComponent(state, 'web1');
    const after = run(scaleUp, traffic, state, 2000);
    stats = getTrafficStats(after.traffic);
    expect(stats.components.web1).toBeUndefined();
    expect(stats.components.web2!.requestsPerSecond).toBeGreaterThan(150);
    expect(after.requests.every((r) => r.status === 200)).toBe(true);

    const back = run(scaleUp, after.traffic, recoverComponent(after.state, 'web1'), 2000);
    expect(getTrafficStats(back.traffic).components.web1!.requestsPerSecond).toBeGreaterThan(50);
  });

  it('counts errors at the component where requests fail', () => {
    const state = failComponent(failComponent(createSimState(), 'app1'), 'app2');
    const { traffic, requests } = run(
      scaleUp,
      start({ mix: { static: 0, read: 1, write: 1 } }),
      state,
      2000,
    );
    expect(requests.every((r) => r.status === 502)).toBe(true);
    const stats = getTrafficStats(traffic);
    const errors = stats.components.web1!.errorsPerSecond + stats.components.web2!.errorsPerSecond;
    expect(errors).toBeCloseTo(stats.components.user!.requestsPerSecond, 5);
    expect(stats.components.lb1!.errorsPerSecond).toBe(0);
  });

  it('sends more to the faster web server under least connections', () => {
    const design = makeDesign({
      nodes: [
        { id: 'user', kind: 'user' },
        { id: 'lb', kind: 'load-balancer', algorithm: 'least-connections' },
        { id: 'slow', kind: 'web-server', latencyMs: 200 },
        { id: 'fast', kind: 'web-server', latencyMs: 5 },
      ],
      edges: [
        { source: 'user', target: 'lb' },
        { source: 'lb', target: 'slow' },
        { source: 'lb', target: 'fast' },
      ],
    });
    const { requests, state } = run(
      design,
      start({ rate: 100, mix: { static: 1, read: 0, write: 0 } }, design),
      createSimState(),
      5000,
    );
    const slow = requests.filter((r) => r.servedBy === 'slow').length;
    const fast = requests.filter((r) => r.servedBy === 'fast').length;
    expect(fast).toBeGreaterThan(3 * slow);
    expect(slow).toBeGreaterThan(0);
    // The returned state holds the requests still in flight.
    expect(Object.keys(state.connections).every((id) => id === 'slow' || id === 'fast')).toBe(true);

    // Round robin, for comparison, splits evenly whatever the speed.
    const rr = structuredClone(design);
    rr.nodes.find((n) => n.id === 'lb')!.algorithm = 'round-robin';
    const even = run(
      rr,
      start({ rate: 100, mix: { static: 1, read: 0, write: 0 } }, rr),
      createSimState(),
      5000,
    ).requests;
    const evenSlow = even.filter((r) => r.servedBy === 'slow').length;
    expect(Math.abs(2 * evenSlow - even.length)).toBeLessThanOrEqual(1);
  });

  it('keeps its clock and counters when the rate changes', () => {
    let { traffic } = run(scaleUp, start({ rate: 10 }), createSimState(), 1000);
    const started = traffic.totals.started;
    traffic = updateTraffic(traffic, { rate: 500 });
    const next = run(scaleUp, traffic, createSimState(), 1000);
    expect(next.traffic.clockMs).toBe(2000);
    expect(next.traffic.totals.started - started).toBeGreaterThan(400);
  });

  it('clamps rates and steps, and survives ids such as __proto__', () => {
    const design = makeDesign({
      nodes: [
        { id: '__proto__', kind: 'user' },
        { id: 'constructor', kind: 'load-balancer' },
        { id: 'toString', kind: 'web-server' },
        { id: 'hasOwnProperty', kind: 'web-server' },
      ],
      edges: [
        { source: '__proto__', target: 'constructor' },
        { source: 'constructor', target: 'toString' },
        { source: 'constructor', target: 'hasOwnProperty' },
      ],
    });
    const traffic = createTraffic(design, {
      rate: 1e9,
      mix: { static: -1, read: NaN, write: 0 },
      seed: NaN,
    });
    expect(traffic.options.rate).toBe(1000);
    const step = stepTraffic(traffic, design, createSimState(), 1e9);
    expect(step.traffic.clockMs).toBe(1000);
    expect(step.requests.length).toBeGreaterThan(900);
    const web: string = 'toString';
    expect(step.stats.components[web]?.requestsPerSecond).toBeGreaterThan(0);
    expect(Object.hasOwn(step.stats.components, '__proto__')).toBe(true);
    expect(step.state.counters.constructor).toBeGreaterThan(0);
    // Reads and writes have no flow here: they fail at the web server (no app server).
    expect(step.requests.filter((r) => r.type !== 'static').every((r) => r.status === 502)).toBe(
      true,
    );
  });

  it('counts the same rates over many small steps as over one big step', () => {
    const state = createSimState();
    const big = stepTraffic(start({ rate: 400 }), scaleUp, state, 1000).stats;
    const small = run(scaleUp, start({ rate: 400 }), state, 1000, 7);
    const stats = getTrafficStats(small.traffic);
    expect(stats.totals).toEqual(big.totals);
    expect(Object.keys(stats.components).sort()).toEqual(Object.keys(big.components).sort());
    for (const [id, c] of Object.entries(big.components)) {
      expect(stats.components[id]!.requestsPerSecond).toBeCloseTo(c.requestsPerSecond, 9);
      expect(stats.components[id]!.errorsPerSecond).toBeCloseTo(c.errorsPerSecond, 9);
    }
    expect(Object.keys(stats.edges).sort()).toEqual(Object.keys(big.edges).sort());
    for (const [id, r] of Object.entries(big.edges)) expect(stats.edges[id]).toBeCloseTo(r, 9);
  });

  it('gives with each step the stats of the traffic it returns, read once or many times', () => {
    let traffic = start({ rate: 400 });
    let state = createSimState();
    for (let i = 0; i < 40; i++) {
      const step = stepTraffic(traffic, scaleUp, state, 16);
      traffic = step.traffic;
      state = step.state;
      if (i % 10 === 9) {
        expect(step.stats).toEqual(getTrafficStats(step.traffic));
        expect(step.stats).toBe(step.stats);
        expect(step.stats.totals.started).toBeGreaterThan(0);
      }
    }
  });

  it('handles 1,000 requests per second through the scale-up design cheaply', () => {
    let traffic = start({ rate: 1000 });
    let state = failComponent(createSimState(), 'web1');
    const begin = performance.now();
    let count = 0;
    for (let frame = 0; frame < 625; frame++) {
      if (frame === 300) state = failComponent(state, 'db2'); // a failure mid-traffic
      const step = stepTraffic(traffic, scaleUp, state, 16);
      traffic = step.traffic;
      state = step.state;
      count += step.requests.length;
    }
    const elapsed = performance.now() - begin;
    expect(count).toBeGreaterThan(9000);
    // 10 s of traffic at 1,000 req/s in well under real time (~50 ms on an idle machine; the
    // budget is generous because CI boxes are shared, yet catches a per-request cost blow-up).
    expect(elapsed).toBeLessThan(4000);
  });
});
