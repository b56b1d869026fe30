/**
 * The simulator's persistent state: round-robin counters, open connections, failures.
 * Every function returns a new state and never changes the one it is given.
 */
import type { Design } from '../model/types';
import type { SimState } from './types';

/** A fresh state: no counters, no connections, nothing failed. */
export function createSimState(): SimState {
  return { counters: {}, connections: {}, failed: [] };
}

/**
 * The state with `id` (a component or a server) failed. A failed server fails every
 * component on it. Failing something already failed returns an equal state.
 */
export function failComponent(state: SimState, id: string): SimState {
  if (state.failed.includes(id)) return { ...state, failed: [...state.failed] };
  return { ...state, failed: [...state.failed, id] };
}

/**
 * The state with `id` recovered. A component down because its server is failed stays
 * down until the server itself is recovered.
 */
export function recoverComponent(state: SimState, id: string): SimState {
  return { ...state, failed: state.failed.filter((f) => f !== id) };
}

/**
 * Whether a node is failed: its own id, or the id of the server it runs on, is in
 * `state.failed`. Unknown node ids are failed only when listed themselves.
 */
export function isFailed(design: Design, state: SimState, nodeId: string): boolean {
  if (state.failed.length === 0) return false;
  if (state.failed.includes(nodeId)) return true;
  const node = design.nodes.find((n) => n.id === nodeId);
  return node?.server !== undefined && state.failed.includes(node.server);
}
