/**
 * One line of the benchmark report (`npm run bench`, issue #5). `npm run bench -- --json`
 * prints `{ "benchmarks": BenchResult[] }` and nothing else on stdout.
 */
export interface BenchResult {
  /** Stable name, e.g. `B1 drag N=500 (app/bare)`. */
  name: string;
  /**
   * The gated figure (usually a median of per-pair ratios), or `null` when it could not be
   * measured — then `pass` is false and `detail` says why. Never a made-up number.
   */
  value: number | null;
  /** `ratio`, `ms`, `ms/s`, `count`, `kB`… */
  unit: string;
  /** The upper bound: the benchmark passes when `value <= target`. */
  target: number;
  pass: boolean;
  /** The absolute numbers behind the figure (medians of each arm, sample counts…). */
  absolute?: Record<string, number | string>;
  /** Why it failed or could not run, or a note worth reading beside the figure. */
  detail?: string;
}

/** A result whose value passes when at most `target`. */
export function result(
  name: string,
  value: number | null,
  unit: string,
  target: number,
  extra: { absolute?: BenchResult['absolute']; detail?: string } = {},
): BenchResult {
  const pass = value !== null && Number.isFinite(value) && value <= target;
  return { name, value, unit, target, pass, ...extra };
}

/** A benchmark that could not be measured: no number, never a pass. */
export function missing(name: string, unit: string, target: number, detail: string): BenchResult {
  return { name, value: null, unit, target, pass: false, detail };
}
