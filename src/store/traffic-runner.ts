/**
 * Traffic mode's engine: steps the simulator's traffic (`stepTraffic`) with the store's design
 * and failures, keeps a token for each request to draw, and publishes stats at most four
 * times a second. It is driven by the overlay's animation loop (`tick`), holds its state
 * outside the store (hundreds of requests per second must not cause store updates), and hands
 * the simulator's counters back to the store when the traffic stops.
 *
 * Loaded with traffic mode (a separate chunk); no DOM, no React.
 */
import {
  createTraffic,
  stepTraffic,
  updateTraffic,
  type SimState,
  type TimedHop,
  type Traffic,
  type TrafficStats,
} from '../sim';
import type { DesignStore } from './create-store';
import { selectSimState, type TrafficSettings } from './simulation';

/** One request on its way, as the overlay draws it. */
export interface TrafficToken {
  hops: readonly TimedHop[];
  /** When it started, on the runner's visual clock (ms). */
  start: number;
  ok: boolean;
}

/** How long a token takes for one hop on screen at 1×, ms (latencies are far too short to see). */
export const TOKEN_HOP_MS = 360;
/** At most this many tokens at once; past it new requests are counted but not drawn. */
export const MAX_TOKENS = 6000;
/** Stats are published at most this often, ms. */
export const STATS_INTERVAL_MS = 250;

export interface TrafficRunner {
  /** Tokens on screen, oldest first. */
  readonly tokens: readonly TrafficToken[];
  /** The visual clock, ms (advances with the playback speed). */
  readonly clock: number;
  /** The latest published stats, or undefined before the first. */
  readonly stats: TrafficStats | undefined;
  readonly running: boolean;
  /** Requests that started but got no token (over {@link MAX_TOKENS}). */
  readonly undrawn: number;
  /**
   * Advances by `dtMs` of real time: starts the requests due (while running), moves the tokens.
   * Returns true while anything is running or still on screen.
   */
  tick(dtMs: number): boolean;
  /** Forgets the traffic so far (counts, chart, tokens). */
  reset(): void;
  /** Called with each published stats (at most every {@link STATS_INTERVAL_MS}); returns the unsubscribe. */
  subscribe(listener: (stats: TrafficStats | undefined) => void): () => void;
}

function sameSettings(a: TrafficSettings, b: TrafficSettings): boolean {
  return (
    a.rate === b.rate &&
    a.mix.static === b.mix.static &&
    a.mix.read === b.mix.read &&
    a.mix.write === b.mix.write
  );
}

/** A runner for `store` (see {@link getTrafficRunner} for the shared one). */
export function createTrafficRunner(
  store: DesignStore,
  options: { seed?: number; maxTokens?: number } = {},
): TrafficRunner {
  const maxTokens = options.maxTokens ?? MAX_TOKENS;
  let traffic: Traffic | undefined;
  let applied: TrafficSettings | undefined;
  let simState: Pick<SimState, 'counters' | 'connections'> | undefined;
  let tokens: TrafficToken[] = [];
  let clock = 0;
  let stats: TrafficStats | undefined;
  let sinceStats = 0;
  let running = false;
  let undrawn = 0;
  let seed = options.seed ?? 1;
  const listeners = new Set<(stats: TrafficStats | undefined) => void>();

  const publish = (next: TrafficStats | undefined) => {
    stats = next;
    sinceStats = 0;
    for (const listener of listeners) listener(next);
  };

  return {
    get tokens() {
      return tokens;
    },
    get clock() {
      return clock;
    },
    get stats() {
      return stats;
    },
    get running() {
      return running;
    },
    get undrawn() {
      return undrawn;
    },

    tick(dtMs) {
      const state = store.getState();
      const settings = state.simulation.traffic;
      const dt = Number.isFinite(dtMs) ? Math.max(0, dtMs) : 0;
      if (settings.running) {
        if (!traffic) {
          traffic = createTraffic(state.design, {
            rate: settings.rate,
            mix: settings.mix,
            seed: seed++,
          });
          applied = settings;
          simState = selectSimState(state);
        } else if (applied && !sameSettings(applied, settings)) {
          traffic = updateTraffic(traffic, { rate: settings.rate, mix: settings.mix });
          applied = settings;
        }
        if (!running) {
          running = true;
          simState = selectSimState(state);
        }
        const step = stepTraffic(
          traffic,
          state.design,
          {
            counters: simState!.counters,
            connections: simState!.connections,
            // The failures on screen, read every step: failing mid-traffic reroutes at once.
            failed: state.simulation.failed,
          },
          dt,
        );
        traffic = step.traffic;
        simState = step.state;
        for (const request of step.requests) {
          if (tokens.length >= maxTokens || request.hops.length === 0) {
            undrawn++;
            continue;
          }
          tokens.push({ hops: request.hops, start: clock, ok: request.status === 200 });
        }
        sinceStats += dt;
        if (sinceStats >= STATS_INTERVAL_MS || !stats) publish(step.stats);
      } else if (running) {
        running = false;
        if (simState) store.getState().applySimState(simState);
        publish(stats);
      }

      clock += dt * state.simulation.speed;
      if (tokens.length > 0) {
        const hop = TOKEN_HOP_MS;
        let dead = 0;
        while (
          dead < tokens.length &&
          clock - tokens[dead]!.start >= tokens[dead]!.hops.length * hop
        )
          dead++;
        // Tokens start in order but differ in length: drop every finished one, keep the order.
        if (dead > 0) tokens = tokens.slice(dead);
        if (tokens.some((t) => clock - t.start >= t.hops.length * hop))
          tokens = tokens.filter((t) => clock - t.start < t.hops.length * hop);
      }
      return running || tokens.length > 0;
    },

    reset() {
      traffic = undefined;
      applied = undefined;
      tokens = [];
      undrawn = 0;
      running = false;
      publish(undefined);
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const runners = new WeakMap<DesignStore, TrafficRunner>();

/** The traffic runner of `store`, created on first use. */
export function getTrafficRunner(store: DesignStore): TrafficRunner {
  let runner = runners.get(store);
  if (!runner) {
    runner = createTrafficRunner(store, { seed: Date.now() % 2 ** 31 });
    runners.set(store, runner);
  }
  return runner;
}
