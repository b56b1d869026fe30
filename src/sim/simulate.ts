/**
 * One request through a design, as events (DESIGN.md §4): pure and deterministic.
 */
import type { Design, DesignNode } from '../model/types';
import { getRoutingTable, routeRequest, type Route, type RoutingTable } from './routing';
import { readCount } from './records';
import type { RequestType, SimEvent, SimOptions, SimResult, SimState } from './types';

/** The site a DNS resolves when its label names none. */
export const DEFAULT_SITE = 'www.foobar.com';

const HOSTNAME = /\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b/i;

/**
 * The host name a DNS resolves: the first host name in its label ("DNS www.foobar.com"),
 * else {@link DEFAULT_SITE}.
 */
export function siteOf(dns: DesignNode | undefined): string {
  const match = dns ? HOSTNAME.exec(dns.label) : null;
  return match ? match[0] : DEFAULT_SITE;
}

/** The node index a request starts from: `from` when it names a user, else the first user. */
function startOf(table: RoutingTable, from: string | undefined): number {
  if (from === undefined) return table.graph.users[0] ?? -1;
  const i = table.graph.index.get(from);
  return i !== undefined && table.design.nodes[i]!.kind === 'user' ? i : -1;
}

/**
 * Sends one request of `type` from a user (the first user, or `opts.from`) and returns
 * every hop as an event, the outcome, and the new state (round-robin counters advanced).
 * Pure: the input state is never changed; the same inputs give the same result.
 *
 * The request travels the shared request graph: DNS first (the user resolves the site),
 * then the load balancers (round robin over an active-active cluster, the active member of
 * an active-passive one), the web tier (which answers static requests itself), the app
 * tier, and the databases (reads to replicas, falling back to the primary; writes to the
 * primary). Failed components, and every component of a failed server, are skipped. When no
 * healthy next hop is left the request fails there: 503 at a user, DNS or load balancer
 * (nothing can serve), 502 at a web or app server (bad gateway). The response retraces the
 * path. Latency: each request hop costs the latency of the component it enters
 * (`latencyMs`, else the kind's default); response hops cost 0; `totalMs` is the sum.
 *
 * @example
 * const { events, state: next } = simulateRequest(design, 'read', createSimState());
 * events.map((e) => describeEvent(design, e));
 * // ['User → DNS www.foobar.com: resolve www.foobar.com', …, '200 OK — served by MySQL replica in 43 ms']
 */
export function simulateRequest(
  design: Design,
  request: RequestType,
  state: SimState,
  opts: SimOptions = {},
): SimResult {
  const table = getRoutingTable(design, state.failed);
  const counters = { ...state.counters };
  const next: SimState = {
    counters,
    connections: { ...state.connections },
    failed: [...state.failed],
  };
  const start = startOf(table, opts.from);
  if (start < 0) {
    const reason = opts.from === undefined ? 'the design has no user' : 'no such user';
    return {
      events: [{ type: 'response', status: 503, totalMs: 0, reason }],
      state: next,
      status: 503,
      totalMs: 0,
    };
  }
  const route = routeRequest(table, request, start, {
    counters,
    connectionsOf: (node) => readCount(state.connections, design.nodes[node]!.id),
  });
  return {
    events: toEvents(table, request, route),
    state: next,
    status: route.status,
    totalMs: route.totalMs,
  };
}

/** What travels on a request hop, in words (label-free). */
function actionOf(
  table: RoutingTable,
  request: RequestType,
  from: DesignNode,
  to: DesignNode,
): string {
  if (to.kind === 'dns') return `resolve ${siteOf(to)}`;
  if (from.kind === 'dns') {
    const cluster = table.design.clusters.find((c) => c.id === to.cluster);
    return cluster?.mode === 'active-passive' ? 'virtual IP' : 'A record';
  }
  if (from.kind === 'user') return 'connect';
  if (request === 'static') return 'static page';
  if (to.kind === 'web-server') return 'dynamic request';
  return request;
}

/** Words for a choice (shared with `describeEvent`). */
export const CHOICE_WORDS = {
  'round-robin': 'round robin',
  'least-connections': 'least connections',
  'active-member': 'active member',
  failover: 'failover',
  'primary-fallback': 'fallback to the primary',
} as const;

const SERVED_NOTE: Record<RequestType, string> = {
  static: 'static page',
  read: 'read',
  write: 'write',
};

/** Turns a route into the events of DESIGN.md §4: request hops, served/failed, response hops, outcome. */
function toEvents(table: RoutingTable, request: RequestType, route: Route): SimEvent[] {
  const nodes = table.design.nodes;
  const events: SimEvent[] = [];
  const { path } = route;
  for (let i = 0; i + 1 < path.length; i++) {
    const from = nodes[path[i]!]!;
    const to = nodes[path[i + 1]!]!;
    const action = actionOf(table, request, from, to);
    const choice = route.choices[i];
    const skipped = route.skipped[i] ?? [];
    events.push({
      type: 'hop',
      direction: 'request',
      from: from.id,
      to: to.id,
      edge: route.edges[i]!,
      note: choice ? `${action}, ${CHOICE_WORDS[choice]}` : action,
      latencyMs: table.latency[path[i + 1]!]!,
      action,
      ...(choice ? { choice } : {}),
      ...(skipped.length > 0 ? { skipped: skipped.map((s) => ({ ...s })) } : {}),
    });
  }
  const at = nodes[route.at]!;
  if (route.status === 200) {
    const dynamic = request !== 'static' && at.kind === 'app-server';
    events.push({
      type: 'served',
      at: at.id,
      note: dynamic ? 'dynamic request' : SERVED_NOTE[request],
      latencyMs: 0,
    });
  } else {
    events.push({
      type: 'failed',
      at: at.id,
      status: route.status,
      reason: route.reason ?? 'no next hop',
    });
  }
  for (let i = path.length - 1; i > 0; i--) {
    events.push({
      type: 'hop',
      direction: 'response',
      from: nodes[path[i]!]!.id,
      to: nodes[path[i - 1]!]!.id,
      edge: route.edges[i - 1]!,
      note: `response ${route.status}`,
      latencyMs: 0,
      status: route.status,
    });
  }
  events.push(
    route.status === 200
      ? { type: 'response', status: 200, totalMs: route.totalMs, servedBy: at.id }
      : {
          type: 'response',
          status: route.status,
          totalMs: route.totalMs,
          failedAt: at.id,
          reason: route.reason ?? 'no next hop',
        },
  );
  return events;
}
