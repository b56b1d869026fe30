import { describe, expect, it } from 'vitest';
import { getTemplate } from '../model/templates';
import { createDesignStore, type DesignStore } from './create-store';
import { STATS_INTERVAL_MS, TOKEN_HOP_MS, createTrafficRunner } from './traffic-runner';

const FRAME = 16;

function scaleUpStore(): DesignStore {
  return createDesignStore(getTemplate('scale-up')!);
}

/** Ticks the runner for `ms` of real time, frame by frame. */
function run(runner: ReturnType<typeof createTrafficRunner>, ms: number) {
  for (let t = 0; t < ms; t += FRAME) runner.tick(FRAME);
}

describe('traffic runner', () => {
  it('does nothing until traffic is started', () => {
    const store = scaleUpStore();
    const runner = createTrafficRunner(store, { seed: 7 });
    run(runner, 1000);
    expect(runner.running).toBe(false);
    expect(runner.tokens).toHaveLength(0);
    expect(runner.stats).toBeUndefined();
  });

  it('sends about `rate` requests per second, each with a token, all served', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 200 });
    const runner = createTrafficRunner(store, { seed: 7 });
    run(runner, 2000);
    const totals = runner.stats!.totals;
    expect(totals.started).toBeGreaterThan(300);
    expect(totals.started).toBeLessThan(500);
    expect(totals.failed).toBe(0);
    expect(runner.tokens.length).toBeGreaterThan(0);
    expect(runner.tokens.every((t) => t.ok)).toBe(true);
  });

  it('moves the load to the peer when a web server fails mid-traffic', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 300 });
    const runner = createTrafficRunner(store, { seed: 3 });
    run(runner, 1500);
    const before = runner.stats!.components;
    expect(before.web1?.requestsPerSecond).toBeGreaterThan(50);
    expect(before.web2?.requestsPerSecond).toBeGreaterThan(50);

    store.getState().toggleFailed('web1');
    run(runner, 1500);
    const after = runner.stats!.components;
    expect(after.web1?.requestsPerSecond ?? 0).toBe(0);
    expect(after.web2!.requestsPerSecond).toBeGreaterThan(200);
    expect(runner.stats!.totals.failed).toBe(0);
  });

  it('counts errors where requests fail once both web servers are down', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 100 });
    store.getState().setFailed(['web1', 'web2']);
    const runner = createTrafficRunner(store, { seed: 5 });
    run(runner, 1500);
    const stats = runner.stats!;
    expect(stats.totals.served).toBe(0);
    expect(stats.totals.failed).toBe(stats.totals.started);
    const lbErrors =
      (stats.components.lb1?.errorsPerSecond ?? 0) + (stats.components.lb2?.errorsPerSecond ?? 0);
    expect(lbErrors).toBeGreaterThan(50);
    expect(runner.tokens.some((t) => !t.ok)).toBe(true);
  });

  it('hands the round-robin counters back to the store when stopped', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 50 });
    const runner = createTrafficRunner(store, { seed: 9 });
    run(runner, 1000);
    expect(store.getState().simulation.counters).toEqual({});
    store.getState().setTraffic({ running: false });
    runner.tick(FRAME);
    expect(runner.running).toBe(false);
    expect(Object.keys(store.getState().simulation.counters).length).toBeGreaterThan(0);
  });

  it('lets the tokens finish their trip after the traffic stops', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 100 });
    const runner = createTrafficRunner(store, { seed: 2 });
    run(runner, 500);
    store.getState().setTraffic({ running: false });
    runner.tick(FRAME);
    expect(runner.tokens.length).toBeGreaterThan(0);
    const longest = Math.max(...runner.tokens.map((t) => t.hops.length));
    run(runner, longest * TOKEN_HOP_MS + 100);
    expect(runner.tokens).toHaveLength(0);
    expect(runner.tick(FRAME)).toBe(false);
  });

  it('publishes stats at most four times a second', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 100 });
    const runner = createTrafficRunner(store, { seed: 4 });
    let published = 0;
    runner.subscribe(() => published++);
    run(runner, 2000);
    expect(published).toBeLessThanOrEqual(Math.ceil(2000 / STATS_INTERVAL_MS) + 1);
    expect(published).toBeGreaterThanOrEqual(6);
  });

  it('stops drawing new tokens past the cap but still counts the requests', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 1000 });
    const runner = createTrafficRunner(store, { seed: 1, maxTokens: 50 });
    run(runner, 1000);
    expect(runner.tokens.length).toBeLessThanOrEqual(50);
    expect(runner.undrawn).toBeGreaterThan(500);
    // Stats are at most one publishing interval old.
    expect(runner.stats!.totals.started).toBeGreaterThan(600);
  });

  it('follows a new rate while running', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 10 });
    const runner = createTrafficRunner(store, { seed: 6 });
    run(runner, 1000);
    const slow = runner.stats!.totals.started;
    store.getState().setTraffic({ rate: 500 });
    run(runner, 1000);
    expect(runner.stats!.totals.started - slow).toBeGreaterThan(300);
  });

  it('forgets everything on reset', () => {
    const store = scaleUpStore();
    store.getState().setTraffic({ running: true, rate: 100 });
    const runner = createTrafficRunner(store, { seed: 8 });
    run(runner, 600);
    runner.reset();
    expect(runner.stats).toBeUndefined();
    expect(runner.tokens).toHaveLength(0);
    run(runner, 300);
    expect(runner.stats!.totals.started).toBeLessThan(60);
  });
});
