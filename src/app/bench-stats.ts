/**
 * Counters the benchmarks read from the page (bench/page-probe.js): `window.__archboardStats`.
 * `rulesRuns` is how many times the rules engine has run (a drag must add 0).
 */
import { reportStats } from '../store/report';

declare global {
  interface Window {
    __archboardStats?: { readonly rulesRuns: number };
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
