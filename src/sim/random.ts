/**
 * A small seeded PRNG (mulberry32): 32 bits of state, plain numbers, so traffic is
 * deterministic given a seed and its state fits in a JSON-friendly object.
 */

/**
 * One draw: a number in [0, 1) and the next state. Pure.
 * @example
 * let seed = 42, x; [x, seed] = nextRandom(seed);
 */
export function nextRandom(state: number): [value: number, next: number] {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next >>> 0];
}

/** A seed as a 32-bit state (any finite number is accepted; others become 0). */
export function seedState(seed: number): number {
  return Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
}
