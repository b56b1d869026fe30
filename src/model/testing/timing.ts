/**
 * Timing for tests on a shared machine: CPU time of this process (user + system) is what a
 * parse costs; wall time also counts every other process on the cores, so a budget
 * asserted on it fails whenever the machine is busy.
 */
export interface Timed<T> {
  value: T;
  /** CPU milliseconds this process spent (user + system). */
  cpuMs: number;
  /** Wall-clock milliseconds. */
  wallMs: number;
}

export function timed<T>(run: () => T): Timed<T> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}
