/**
 * The simulator's vocabulary (DESIGN.md §4). Pure data: no DOM, no store.
 */

/** What a request asks for: a static page or image, a read, or a write. */
export type RequestType = 'static' | 'read' | 'write';
/** Every request type, in the order a menu shows them. */
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

/** Which way a hop goes: towards the component that answers, or back to the user. */
export type Direction = 'request' | 'response';

/** An HTTP status the simulator answers with: 200, or 502/503 when the request fails. */
export type SimStatus = 200 | 502 | 503;

/**
 * How a node picked the next hop (added for the trace; rendered in parentheses):
 * - `round-robin` / `least-connections`: the node's balancing algorithm among several targets;
 * - `active-member`: the active member of an active-passive cluster;
 * - `failover`: a passive member took over because the member before it is down;
 * - `primary-fallback`: a read went to the primary because no replica can answer it.
 */
export type HopChoice =
  'round-robin' | 'least-connections' | 'active-member' | 'failover' | 'primary-fallback';

/** A next hop that was passed over, and why (`down`: failed health check; `dead-end`: no healthy path onward). */
export interface SkippedHop {
  node: string;
  why: 'down' | 'dead-end';
}

/** One step of a simulated request, in order: request hops, `served` or `failed`, response hops, `response`. */
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
      /**
       * Time spent in this hop, ms: a request hop costs the latency of the component it
       * enters (its `latencyMs`, or the kind's default); a response hop costs 0.
       */
      latencyMs: number;
      /** Request hops: what travels, label-free ("resolve www.foobar.com", "A record", "static page", "read"). */
      action?: string;
      /** Request hops: how the target was chosen, when there was a choice. */
      choice?: HopChoice;
      /** Request hops: targets passed over (failed, or unable to complete the request). */
      skipped?: SkippedHop[];
      /** Response hops: the status carried back. */
      status?: SimStatus;
    }
  /**
   * A component answers the request (a web server for static, a database for read/write, an
   * app server for dynamic requests when the design has no database). `note`: "static page",
   * "read", "write" or "dynamic request". `latencyMs` is 0: the component's time is counted
   * on the hop into it.
   */
  | { type: 'served'; at: string; note: string; latencyMs: number }
  /** No healthy next hop: the request fails where it stands. `reason` is label-free. */
  | { type: 'failed'; at: string; status: 502 | 503; reason: string }
  /** The response reaches the user: the outcome. `reason` is set on failures. */
  | {
      type: 'response';
      status: SimStatus;
      totalMs: number;
      servedBy?: string;
      failedAt?: string;
      reason?: string;
    };

/** What `simulateRequest` returns: the events, the new state, and the outcome (as in the last event). */
export interface SimResult {
  events: SimEvent[];
  state: SimState;
  status: SimStatus;
  totalMs: number;
}

/** Options of {@link SimResult}-producing calls. */
export interface SimOptions {
  /** The user the request starts from (a `user` node id). Default: the first user of the design. */
  from?: string;
}
