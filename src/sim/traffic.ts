/**
 * Traffic mode (DESIGN.md §4): many requests per second with a chosen static/read/write mix,
 * per-component requests and errors per second, served and failed per second for a chart.
 * Pure and deterministic given a seed: `stepTraffic` takes the traffic, the design and the
 * state and returns new ones, never changing its inputs.
 *
 * Model:
 * - arrivals are a Poisson process at `rate` requests per second (exponential gaps drawn from
 *   a seeded mulberry32), each request's type drawn from the mix;
 * - each request is routed when it starts, by the same routing tables as
 *   {@link simulateRequest} (computed once per design and failure set, so 1,000 requests per
 *   second cost a few table look-ups each); failing a component mid-traffic changes the
 *   routes of the requests that start afterwards;
 * - a request is in flight from its start to its end (start + total latency) at every node of
 *   its path; least-connections balancers see those in-flight counts (only the targets of
 *   least-connections balancers are tracked). The returned `state.connections` holds them;
 *   the input `state.connections` is ignored (the traffic owns them);
 * - counters are attributed to the time a request starts: its outcome is known then.
 */
import type { Design } from '../model/types';
import { getRoutingTable, routeRequest, type RoutingTable } from './routing';
import { nextRandom, seedState } from './random';
import { addCount, readCount, setOwn, writeCount } from './records';
import type { Direction, RequestType, SimState, SimStatus } from './types';

/** Relative weights of the request types (any non-negative numbers; all zero = equal). */
export interface TrafficMix {
  static: number;
  read: number;
  write: number;
}

/** What `createTraffic` takes. */
export interface TrafficOptions {
  /** Requests per second, 1…1,000 (clamped). */
  rate: number;
  mix: TrafficMix;
  /** Seed of the random arrivals and types. */
  seed: number;
  /** The user requests start from; default the first user. */
  from?: string;
  /** Sliding window of the per-component rates, ms; default 1,000 (clamped to 100…10,000). */
  windowMs?: number;
}

/** One hop of a traffic request on the traffic clock: animate a token from `startMs` to `endMs`. */
export interface TimedHop {
  from: string;
  to: string;
  edge: string;
  direction: Direction;
  startMs: number;
  /** Request hops last the latency of the node entered; response hops last 0 ms (see `simulateRequest`). */
  endMs: number;
}

/** A request started by the traffic, with its full route and timings. */
export interface TrafficRequest {
  /** 1, 2, 3… in start order. */
  id: number;
  type: RequestType;
  startMs: number;
  endMs: number;
  status: SimStatus;
  servedBy?: string;
  failedAt?: string;
  reason?: string;
  hops: TimedHop[];
}

/** Rates over the sliding window. */
export interface ComponentTraffic {
  /** Requests entering the component per second (the user counts the requests it sends). */
  requestsPerSecond: number;
  /** Requests failing at the component per second. */
  errorsPerSecond: number;
}

/** Requests started during one second of the traffic clock, by outcome. */
export interface TrafficSecond {
  /** Whole seconds since the traffic started (0, 1, 2…). */
  second: number;
  started: number;
  served: number;
  failed: number;
}

/** Requests started since the traffic began, by outcome (served + failed = started). */
export interface TrafficTotals {
  started: number;
  served: number;
  failed: number;
}

/** What the traffic looks like at its clock: for the per-component badges and the small chart. */
export interface TrafficStats {
  clockMs: number;
  windowMs: number;
  /** By node id; components with no traffic in the window are absent. */
  components: Record<string, ComponentTraffic>;
  /** Request hops per second by design edge id, over the window. */
  edges: Record<string, number>;
  totals: TrafficTotals;
  /** The last {@link SERIES_SECONDS} seconds, oldest first (the current one partial). */
  series: TrafficSecond[];
}

/** Counts of one step in one time slice of the window (several steps may share a slice). */
interface Bucket {
  /** The slice: start time / (window / {@link BUCKETS_PER_WINDOW}). */
  index: number;
  hits: Record<string, number>;
  errors: Record<string, number>;
  edges: Record<string, number>;
}

interface InFlight {
  endMs: number;
  nodes: string[];
}

/** The traffic's own state: plain data, replaced (never changed) by each step. */
export interface Traffic {
  readonly options: Readonly<Required<Omit<TrafficOptions, 'from'>>> & { readonly from?: string };
  /** Time since the traffic started, ms. */
  readonly clockMs: number;
  /** PRNG state. */
  readonly rng: number;
  /** When the next request starts, on the traffic clock. */
  readonly nextArrivalMs: number;
  readonly nextId: number;
  /** Requests in flight at least-connections targets, by end time (earliest first). */
  readonly inFlight: readonly InFlight[];
  readonly buckets: readonly Bucket[];
  readonly series: readonly TrafficSecond[];
  readonly totals: TrafficTotals;
}

/** What `stepTraffic` returns. */
export interface TrafficStep {
  traffic: Traffic;
  /** The state with round-robin counters advanced and `connections` = requests in flight. */
  state: SimState;
  /** The requests started in this step, in start order. */
  requests: TrafficRequest[];
  /** The stats after the step (computed on first read). */
  readonly stats: TrafficStats;
}

/** The longest step taken at once, ms: a longer `dtMs` (a tab back from the background) is cut. */
export const MAX_STEP_MS = 1000;
/** Slowest traffic, requests per second. */
export const MIN_RATE = 1;
/** Fastest traffic, requests per second. */
export const MAX_RATE = 1000;
/** How many seconds the served/failed series keeps. */
export const SERIES_SECONDS = 60;
const BUCKETS_PER_WINDOW = 10;

function clamp(x: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(x) ? Math.min(max, Math.max(min, x)) : fallback;
}

function normalizeOptions(options: TrafficOptions): Traffic['options'] {
  const weight = (x: number) => (Number.isFinite(x) && x > 0 ? x : 0);
  let mix = {
    static: weight(options.mix.static),
    read: weight(options.mix.read),
    write: weight(options.mix.write),
  };
  if (mix.static + mix.read + mix.write === 0) mix = { static: 1, read: 1, write: 1 };
  return {
    rate: clamp(options.rate, MIN_RATE, MAX_RATE, MIN_RATE),
    mix,
    seed: options.seed,
    windowMs: clamp(options.windowMs ?? 1000, 100, 10_000, 1000),
    ...(options.from !== undefined ? { from: options.from } : {}),
  };
}

/** Gap to the next arrival, ms (exponential with mean 1000 / rate). */
function drawGap(u: number, rate: number): number {
  return (-Math.log(1 - u) / rate) * 1000;
}

/**
 * New traffic at clock 0: nothing sent yet. Options are clamped (rate 1…1,000 per second).
 * @example
 * let traffic = createTraffic(design, { rate: 200, mix: { static: 6, read: 3, write: 1 }, seed: 1 });
 * ({ traffic, state, requests, stats } = stepTraffic(traffic, design, state, 16));
 */
export function createTraffic(design: Design, options: TrafficOptions): Traffic {
  void design; // reserved: the traffic does not depend on the design until it steps
  const opts = normalizeOptions(options);
  const [u, rng] = nextRandom(seedState(opts.seed));
  return {
    options: opts,
    clockMs: 0,
    rng,
    nextArrivalMs: drawGap(u, opts.rate),
    nextId: 1,
    inFlight: [],
    buckets: [],
    series: [],
    totals: { started: 0, served: 0, failed: 0 },
  };
}

/**
 * The traffic with a new rate or mix (or user, or window), keeping its clock and counters.
 * The next arrival is redrawn at the new rate.
 */
export function updateTraffic(traffic: Traffic, options: Partial<TrafficOptions>): Traffic {
  const opts = normalizeOptions({ ...traffic.options, ...options });
  const [u, rng] = nextRandom(traffic.rng);
  return { ...traffic, options: opts, rng, nextArrivalMs: traffic.clockMs + drawGap(u, opts.rate) };
}

function pickType(u: number, mix: TrafficMix): RequestType {
  const total = mix.static + mix.read + mix.write;
  const x = u * total;
  if (x < mix.static) return 'static';
  if (x < mix.static + mix.read) return 'read';
  return mix.write > 0 ? 'write' : mix.read > 0 ? 'read' : 'static';
}

const trackedCache = new WeakMap<RoutingTable, Uint8Array | null>();

/** Node indices that a least-connections balancer may pick: the only ones whose connections matter. */
function trackedNodes(table: RoutingTable): Uint8Array | null {
  const cached = trackedCache.get(table);
  if (cached !== undefined) return cached;
  const { graph, design } = table;
  let tracked: Uint8Array | null = new Uint8Array(graph.size);
  let any = false;
  design.nodes.forEach((n, v) => {
    if (n.kind !== 'load-balancer' || n.algorithm !== 'least-connections') return;
    for (let a = graph.offsets[v]!; a < graph.offsets[v + 1]!; a++) {
      tracked![graph.targets[a]!] = 1;
      any = true;
    }
  });
  if (!any) tracked = null;
  trackedCache.set(table, tracked);
  return tracked;
}

const bump = addCount;

/**
 * Advances the traffic by `dtMs` (clamped to 0…{@link MAX_STEP_MS}): starts the requests
 * that arrive in that interval, routes each through the design with the state's failures,
 * and returns them with their hops and timings, the new traffic and state, and the stats.
 * Deterministic: the same traffic, design, state and `dtMs` give the same step.
 */
export function stepTraffic(
  traffic: Traffic,
  design: Design,
  state: SimState,
  dtMs: number,
): TrafficStep {
  const dt = clamp(dtMs, 0, MAX_STEP_MS, 0);
  const until = traffic.clockMs + dt;
  const { options } = traffic;
  const table = getRoutingTable(design, state.failed);
  const nodes = design.nodes;
  const tracked = trackedNodes(table);

  let start = -1;
  if (options.from !== undefined) {
    const i = table.graph.index.get(options.from);
    if (i !== undefined && nodes[i]!.kind === 'user') start = i;
  } else {
    start = table.graph.users[0] ?? -1;
  }

  // Open connections by node index, from the requests still in flight.
  const inFlight = traffic.inFlight.filter((f) => f.endMs > traffic.clockMs);
  const openCount = new Map<string, number>();
  for (const f of inFlight)
    for (const id of f.nodes) openCount.set(id, (openCount.get(id) ?? 0) + 1);
  const release = (now: number) => {
    while (inFlight.length > 0 && inFlight[0]!.endMs <= now) {
      for (const id of inFlight.shift()!.nodes) openCount.set(id, (openCount.get(id) ?? 1) - 1);
    }
  };

  const counters = { ...state.counters };
  const chooser = {
    counters,
    connectionsOf: (node: number) => openCount.get(nodes[node]!.id) ?? 0,
  };

  const bucketMs = options.windowMs / BUCKETS_PER_WINDOW;
  // Buckets are never changed once a step returns. A step adds its own buckets, even for a
  // time slice an earlier step already has one for (the stats sum them all): copying the
  // newest bucket instead cost a copy of every component and edge on every animation frame.
  const buckets = [...traffic.buckets];
  const kept = buckets.length;
  const series = [...traffic.series];
  const lastSecond = series[series.length - 1];
  if (lastSecond) series[series.length - 1] = { ...lastSecond };
  const totals = { ...traffic.totals };
  const bucketAt = (t: number): Bucket => {
    const index = Math.floor(t / bucketMs);
    let last = buckets[buckets.length - 1];
    if (!last || last.index !== index || buckets.length === kept) {
      last = { index, hits: {}, errors: {}, edges: {} };
      buckets.push(last);
    }
    return last;
  };
  const secondAt = (t: number): TrafficSecond => {
    const second = Math.floor(t / 1000);
    let last = series[series.length - 1];
    if (!last || last.second !== second) {
      last = { second, started: 0, served: 0, failed: 0 };
      series.push(last);
    }
    return last;
  };

  const requests: TrafficRequest[] = [];
  let rng = traffic.rng;
  let nextArrivalMs = traffic.nextArrivalMs;
  let nextId = traffic.nextId;
  while (nextArrivalMs <= until) {
    const t = nextArrivalMs;
    let u: number;
    [u, rng] = nextRandom(rng);
    const type = pickType(u, options.mix);
    [u, rng] = nextRandom(rng);
    nextArrivalMs = t + drawGap(u, options.rate);
    release(t);

    const request =
      start < 0 ? noUser(nextId, type, t) : timeRoute(table, type, start, t, chooser, nextId);
    nextId++;
    requests.push(request);

    const bucket = bucketAt(t);
    const second = secondAt(t);
    totals.started++;
    second.started++;
    if (request.status === 200) {
      totals.served++;
      second.served++;
    } else {
      totals.failed++;
      second.failed++;
      if (request.failedAt !== undefined) bump(bucket.errors, request.failedAt);
    }
    if (request.hops.length > 0) bump(bucket.hits, request.hops[0]!.from);
    const trackedIds: string[] = [];
    for (const hop of request.hops) {
      if (hop.direction !== 'request') continue;
      bump(bucket.hits, hop.to);
      bump(bucket.edges, hop.edge);
      if (tracked) {
        const i = table.graph.index.get(hop.to);
        if (i !== undefined && tracked[i] === 1) trackedIds.push(hop.to);
      }
    }
    if (trackedIds.length > 0 && request.endMs > t) {
      for (const id of trackedIds) openCount.set(id, (openCount.get(id) ?? 0) + 1);
      const entry = { endMs: request.endMs, nodes: trackedIds };
      let at = inFlight.length;
      while (at > 0 && inFlight[at - 1]!.endMs > entry.endMs) at--;
      inFlight.splice(at, 0, entry);
    }
  }
  release(until);

  const firstBucket = Math.floor(until / bucketMs) - BUCKETS_PER_WINDOW + 1;
  const next: Traffic = {
    ...traffic,
    clockMs: until,
    rng,
    nextArrivalMs,
    nextId,
    inFlight,
    buckets: buckets.filter((b) => b.index >= firstBucket),
    series: series.filter((s) => s.second > Math.floor(until / 1000) - SERIES_SECONDS),
    totals,
  };
  const connections: Record<string, number> = {};
  for (const [id, count] of openCount) if (count > 0) writeCount(connections, id, count);
  // Stats sum every bucket of the window: computed when read, not on every animation frame
  // (traffic mode publishes them four times a second).
  let stats: TrafficStats | undefined;
  return {
    traffic: next,
    state: { counters, connections, failed: [...state.failed] },
    requests,
    get stats() {
      return (stats ??= getTrafficStats(next));
    },
  };
}

function noUser(id: number, type: RequestType, t: number): TrafficRequest {
  return {
    id,
    type,
    startMs: t,
    endMs: t,
    status: 503,
    reason: 'the design has no user',
    hops: [],
  };
}

/** Routes one request and lays its hops on the traffic clock. */
function timeRoute(
  table: RoutingTable,
  type: RequestType,
  start: number,
  t: number,
  chooser: Parameters<typeof routeRequest>[3],
  id: number,
): TrafficRequest {
  const route = routeRequest(table, type, start, chooser);
  const nodes = table.design.nodes;
  const { path } = route;
  const hops: TimedHop[] = [];
  let clock = t;
  for (let i = 0; i + 1 < path.length; i++) {
    const end = clock + table.latency[path[i + 1]!]!;
    hops.push({
      from: nodes[path[i]!]!.id,
      to: nodes[path[i + 1]!]!.id,
      edge: route.edges[i]!,
      direction: 'request',
      startMs: clock,
      endMs: end,
    });
    clock = end;
  }
  for (let i = path.length - 1; i > 0; i--) {
    hops.push({
      from: nodes[path[i]!]!.id,
      to: nodes[path[i - 1]!]!.id,
      edge: route.edges[i - 1]!,
      direction: 'response',
      startMs: clock,
      endMs: clock,
    });
  }
  const at = nodes[route.at]!.id;
  return {
    id,
    type,
    startMs: t,
    endMs: t + route.totalMs,
    status: route.status,
    ...(route.status === 200
      ? { servedBy: at }
      : { failedAt: at, reason: route.reason ?? 'no next hop' }),
    hops,
  };
}

/** The stats of a traffic at its clock: rates over the sliding window, totals, the series. */
export function getTrafficStats(traffic: Traffic): TrafficStats {
  const { windowMs } = traffic.options;
  const bucketMs = windowMs / BUCKETS_PER_WINDOW;
  const firstBucket = Math.floor(traffic.clockMs / bucketMs) - BUCKETS_PER_WINDOW + 1;
  const from = Math.max(0, firstBucket * bucketMs);
  const seconds = Math.max(traffic.clockMs - from, bucketMs) / 1000;
  // Summed in maps, written to records once: a window holds every component and edge.
  const hits = new Map<string, number>();
  const errors = new Map<string, number>();
  const edges = new Map<string, number>();
  const sum = (into: Map<string, number>, record: Readonly<Record<string, number>>) => {
    for (const id of Object.keys(record)) into.set(id, (into.get(id) ?? 0) + readCount(record, id));
  };
  for (const b of traffic.buckets) {
    if (b.index < firstBucket) continue;
    sum(hits, b.hits);
    sum(errors, b.errors);
    sum(edges, b.edges);
  }
  const components: Record<string, ComponentTraffic> = {};
  const rates = (id: string): ComponentTraffic => ({
    requestsPerSecond: (hits.get(id) ?? 0) / seconds,
    errorsPerSecond: (errors.get(id) ?? 0) / seconds,
  });
  for (const id of hits.keys()) setOwn(components, id, rates(id));
  for (const id of errors.keys()) if (!hits.has(id)) setOwn(components, id, rates(id));
  const edgeRates: Record<string, number> = {};
  for (const [id, n] of edges) writeCount(edgeRates, id, n / seconds);
  return {
    clockMs: traffic.clockMs,
    windowMs,
    components,
    edges: edgeRates,
    totals: { ...traffic.totals },
    series: traffic.series.map((s) => ({ ...s })),
  };
}
