/**
 * The simulator's public API (DESIGN.md §4): pure and deterministic, events out. No DOM, no
 * store, no React: the store applies the results, the canvas animates the events.
 */
export * from './types';
export { createSimState, failComponent, recoverComponent, isFailed } from './state';
export { simulateRequest, siteOf, DEFAULT_SITE, CHOICE_WORDS } from './simulate';
export { describeEvent, describeOutcome, formatMs, STATUS_TEXT } from './describe';
export { getRoutingTable, type RoutingTable, type RouteEntry } from './routing';
export {
  createTraffic,
  stepTraffic,
  updateTraffic,
  getTrafficStats,
  MAX_STEP_MS,
  MIN_RATE,
  MAX_RATE,
  SERIES_SECONDS,
  type Traffic,
  type TrafficOptions,
  type TrafficMix,
  type TrafficStep,
  type TrafficRequest,
  type TrafficStats,
  type TrafficSecond,
  type TrafficTotals,
  type TimedHop,
  type ComponentTraffic,
} from './traffic';
export { nextRandom, seedState } from './random';
