/**
 * Counters the benchmarks read from the page (bench/page-probe.js): `window.__archboardStats`.
 * `rulesRuns` is how many times the rules engine has run (a drag must add 0).
 *
 * With `?bench` in the URL, `window.__archboardBench` also lets the benchmark (bench/browser.ts,
 * B3) drive traffic mode at a given rate and speed and count the tokens on screen. The traffic
 * runner is loaded lazily, as in the app, so none of this adds to the initial bundle.
 */
import { reportStats } from '../store/report';
import type { DesignStore } from '../store';

export interface ArchboardBenchHooks {
  /** Traffic settings: on or off, requests per second, playback speed (one of SIM_SPEEDS). */
  setTraffic(settings: { running: boolean; rate?: number; speed?: number }): void;
  /** Tokens drawn right now (loads the traffic runner chunk if needed). */
  tokensInFlight(): Promise<number>;
}

declare global {
  interface Window {
    __archboardStats?: { readonly rulesRuns: number };
    __archboardBench?: ArchboardBenchHooks;
  }
}

/** Exposes the counters on `window` (read live, never copied). */
export function installBenchStats(): void {
  if (window.__archboardStats) return;
  Object.defineProperty(window, '__archboardStats', {
    configurable: true,
    value: Object.freeze({
      get rulesRuns() {
        return reportStats.runs;
      },
    }),
  });
}

/** With `?bench` in the URL: the traffic hooks of B3 on `window.__archboardBench`. */
export function installBenchHooks(store: DesignStore): void {
  if (!new URLSearchParams(window.location.search).has('bench')) return;
  const hooks: ArchboardBenchHooks = {
    setTraffic({ running, rate, speed }) {
      const state = store.getState();
      if (speed !== undefined) state.setSpeed(speed);
      state.setTraffic({ running, ...(rate !== undefined ? { rate } : {}) });
    },
    async tokensInFlight() {
      const { getTrafficRunner } = await import('../store/traffic-runner');
      return getTrafficRunner(store).tokens.length;
    },
  };
  window.__archboardBench = Object.freeze(hooks);
}
