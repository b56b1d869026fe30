/**
 * The simulator's vocabulary (DESIGN.md §4). Pure data: no DOM, no store.
 */

export type RequestType = 'static' | 'read' | 'write';
export const REQUEST_TYPES: readonly RequestType[] = ['static', 'read', 'write'];

/**
 * Everything that persists between requests. Passed in and returned, never mutated in place.
 * Plain JSON so the store can keep it and tests can compare it.
 */
export interface SimState {
  /** Round-robin counters, keyed by the node that chooses (a load balancer, DNS, an app server…). */
  counters: Record<string, number>;
  /** Open connections by node id, for least-connections balancing. */
  connections: Record<string, number>;
  /** Failed node ids and server ids. A failed server fails every component on it. */
  failed: string[];
}

export type Direction = 'request' | 'response';

export type SimEvent =
  /** The request or response moves from one component to the next along an edge. */
  | {
      type: 'hop';
      direction: Direction;
      from: string;
      to: string;
      /** The design edge carried along (`undefined` never happens for hops between nodes joined by an edge). */
      edge?: string;
      /** Words for a student: "resolve www.foobar.com", "round robin", "read". */
      note: string;
      latencyMs: number;
    }
  /** A component answers the request (a web server for static, a database for read/write). */
  | { type: 'served'; at: string; note: string; latencyMs: number }
  /** No healthy next hop: the request fails where it stands. */
  | { type: 'failed'; at: string; status: 502 | 503; reason: string }
  /** The response reaches the user: the outcome. */
  | { type: 'response'; status: 200 | 502 | 503; totalMs: number; servedBy?: string; failedAt?: string };

export interface SimResult {
  events: SimEvent[];
  state: SimState;
  status: 200 | 502 | 503;
  totalMs: number;
}
