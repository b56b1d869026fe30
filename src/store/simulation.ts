/**
 * The simulation slice (DESIGN.md §4): what the store keeps between requests and how it
 * applies the simulator's results. The simulator (`src/sim`) stays pure; this slice owns
 * its persistent state (round-robin counters, open connections) next to the failed ids the
 * editor already keeps, so `selectSimState` always hands the simulator the failures on screen.
 *
 * A request run is the events of one request plus a cursor: how many of them the person has
 * seen. The canvas animation advances the cursor as its token reaches each hop; with reduced
 * motion the cursor starts at the end (everything shown at once); step back and forward move
 * it by one.
 */
import type { Design } from '../model/types';
import {
  REQUEST_TYPES,
  describeEvent,
  describeOutcome,
  formatMs,
  simulateRequest,
  type RequestType,
  type SimEvent,
  type SimResult,
  type SimState,
  type SimStatus,
  type TrafficMix,
  type TrafficStats,
} from '../sim';
import type { DesignStoreState } from './create-store';

export { REQUEST_TYPES, describeEvent, describeOutcome, formatMs };
export type { RequestType, SimEvent, SimResult, SimState, SimStatus, TrafficMix, TrafficStats };

/** The playback speeds offered, as multipliers of the normal pace. */
export const SIM_SPEEDS: readonly number[] = [0.5, 1, 2, 4];

/** Traffic rate limits, requests per second (the simulator clamps to the same). */
export const TRAFFIC_MIN_RATE = 1;
export const TRAFFIC_MAX_RATE = 1000;

/** One request sent from the panel, and how far through its events the person is. */
export interface SimulationRun {
  /** 1, 2, 3… in the order requests were sent. */
  id: number;
  type: RequestType;
  /** The design the request travelled (labels for the trace, even if the design changes later). */
  design: Design;
  result: SimResult;
  /** How many events have been reached (0 … `result.events.length`). */
  cursor: number;
}

/** Traffic mode's settings; the traffic itself (arrivals, tokens, stats) lives in its runner. */
export interface TrafficSettings {
  running: boolean;
  /** Requests per second, 1 … 1,000. */
  rate: number;
  mix: TrafficMix;
}

/** The fields the simulation UI adds to the store's `simulation` slice. */
export interface SimulationExtra {
  /** Round-robin counters of the simulator (`SimState.counters`). */
  counters: Record<string, number>;
  /** Open connections of the simulator (`SimState.connections`). */
  connections: Record<string, number>;
  /** The type the `Send request` button sends. */
  requestType: RequestType;
  /** The last request sent, if any. */
  run: SimulationRun | undefined;
  /** How many requests have been sent (the next run's id is one more). */
  runCount: number;
  /** Whether the canvas is animating the run. */
  playing: boolean;
  /** Playback speed, one of {@link SIM_SPEEDS}. */
  speed: number;
  /** Hops are highlighted without motion, and the whole trace shows at once. */
  reducedMotion: boolean;
  /** True once the person chose reduced motion themselves: the system setting no longer applies. */
  reducedMotionByUser: boolean;
  traffic: TrafficSettings;
}

export interface SimulationActions {
  setRequestType(type: RequestType): void;
  /**
   * Sends one request (default: the selected request type) through the current design with
   * the current failures, keeps the simulator's new counters, and starts showing the run.
   */
  sendRequest(type?: RequestType): SimulationRun;
  /** Plays the run (from the start again when it was finished). */
  play(): void;
  pause(): void;
  /** Moves the cursor one event forward or back, and pauses. */
  stepRun(delta: 1 | -1): void;
  /**
   * The animation reached the end of event `cursor` of run `runId`: reveal it. Ignored when
   * the run or its cursor has moved on since (a stale frame).
   */
  advanceRun(runId: number, cursor: number): void;
  /** Shows the whole run at once and stops playing. */
  finishRun(): void;
  /** Forgets the run (the trace empties, the canvas highlight goes). */
  clearRun(): void;
  setSpeed(speed: number): void;
  /**
   * Turns reduced motion on or off. With `fromSystem`, the value comes from the system
   * setting (`prefers-reduced-motion`) and is ignored once the person has chosen.
   */
  setReducedMotion(on: boolean, options?: { fromSystem?: boolean }): void;
  setTraffic(patch: Partial<TrafficSettings>): void;
  /** Keeps the counters and connections of a simulator state (traffic mode hands them back). */
  applySimState(state: Pick<SimState, 'counters' | 'connections'>): void;
}

/** The slice's starting values (no run, nothing failed). */
export function createSimulationExtra(): SimulationExtra {
  return {
    counters: {},
    connections: {},
    requestType: 'static',
    run: undefined,
    runCount: 0,
    playing: false,
    speed: 1,
    reducedMotion: false,
    reducedMotionByUser: false,
    traffic: { running: false, rate: 50, mix: { static: 6, read: 3, write: 1 } },
  };
}

type SetState = (partial: Partial<DesignStoreState>) => void;
type GetState = () => DesignStoreState;

function clampRate(rate: number, fallback: number): number {
  if (!Number.isFinite(rate)) return fallback;
  return Math.min(TRAFFIC_MAX_RATE, Math.max(TRAFFIC_MIN_RATE, Math.round(rate)));
}

function cleanMix(mix: TrafficMix, fallback: TrafficMix): TrafficMix {
  const weight = (x: number, old: number) => (Number.isFinite(x) && x >= 0 ? x : old);
  return {
    static: weight(mix.static, fallback.static),
    read: weight(mix.read, fallback.read),
    write: weight(mix.write, fallback.write),
  };
}

/** The simulation actions, for `createDesignStore` to spread into the store. */
export function createSimulationActions(set: SetState, get: GetState): SimulationActions {
  const update = (patch: Partial<DesignStoreState['simulation']>) =>
    set({ simulation: { ...get().simulation, ...patch } });

  return {
    setRequestType(type) {
      if (REQUEST_TYPES.includes(type) && get().simulation.requestType !== type)
        update({ requestType: type });
    },

    sendRequest(type) {
      const { design, simulation } = get();
      const requestType = type ?? simulation.requestType;
      const result = simulateRequest(design, requestType, selectSimState(get()));
      const run: SimulationRun = {
        id: simulation.runCount + 1,
        type: requestType,
        design,
        result,
        cursor: simulation.reducedMotion ? result.events.length : 0,
      };
      update({
        // The simulator's state minus `failed`, which stays the slice's own (one source).
        counters: result.state.counters,
        connections: result.state.connections,
        run,
        runCount: run.id,
        playing: !simulation.reducedMotion,
      });
      return run;
    },

    play() {
      const { run, playing } = get().simulation;
      if (!run || playing) return;
      const finished = run.cursor >= run.result.events.length;
      update({ playing: true, ...(finished ? { run: { ...run, cursor: 0 } } : {}) });
    },

    pause() {
      if (get().simulation.playing) update({ playing: false });
    },

    stepRun(delta) {
      const { run } = get().simulation;
      if (!run) return;
      const cursor = Math.max(0, Math.min(run.result.events.length, run.cursor + delta));
      update({ playing: false, ...(cursor !== run.cursor ? { run: { ...run, cursor } } : {}) });
    },

    advanceRun(runId, cursor) {
      const { run, playing } = get().simulation;
      if (!run || run.id !== runId || run.cursor !== cursor) return;
      const total = run.result.events.length;
      if (cursor >= total) return;
      const next = cursor + 1;
      update({ run: { ...run, cursor: next }, playing: playing && next < total });
    },

    finishRun() {
      const { run } = get().simulation;
      if (!run) return;
      update({ run: { ...run, cursor: run.result.events.length }, playing: false });
    },

    clearRun() {
      if (get().simulation.run) update({ run: undefined, playing: false });
    },

    setSpeed(speed) {
      if (SIM_SPEEDS.includes(speed) && get().simulation.speed !== speed) update({ speed });
    },

    setReducedMotion(on, options = {}) {
      const { simulation } = get();
      if (options.fromSystem && simulation.reducedMotionByUser) return;
      const byUser = simulation.reducedMotionByUser || !options.fromSystem;
      if (simulation.reducedMotion === on && simulation.reducedMotionByUser === byUser) return;
      const { run } = simulation;
      // Turning motion off mid-run shows the rest of the run at once.
      const finish = on && run !== undefined && simulation.playing;
      update({
        reducedMotion: on,
        reducedMotionByUser: byUser,
        ...(finish ? { run: { ...run, cursor: run.result.events.length }, playing: false } : {}),
      });
    },

    setTraffic(patch) {
      const { traffic } = get().simulation;
      const next: TrafficSettings = {
        running: patch.running ?? traffic.running,
        rate: patch.rate === undefined ? traffic.rate : clampRate(patch.rate, traffic.rate),
        mix: patch.mix ? cleanMix(patch.mix, traffic.mix) : traffic.mix,
      };
      if (
        next.running !== traffic.running ||
        next.rate !== traffic.rate ||
        next.mix.static !== traffic.mix.static ||
        next.mix.read !== traffic.mix.read ||
        next.mix.write !== traffic.mix.write
      )
        update({ traffic: next });
    },

    applySimState(state) {
      update({ counters: { ...state.counters }, connections: { ...state.connections } });
    },
  };
}

// --- selectors

let lastSlice: DesignStoreState['simulation'] | undefined;
let lastSimState: SimState | undefined;

/**
 * The simulator's state as the store holds it: counters and connections of the slice, and
 * the slice's `failed` (so the simulator always skips exactly what the canvas shows failed).
 * The same object comes back while the slice is unchanged.
 */
export function selectSimState(s: DesignStoreState): SimState {
  if (s.simulation !== lastSlice || !lastSimState) {
    lastSlice = s.simulation;
    lastSimState = {
      counters: s.simulation.counters,
      connections: s.simulation.connections,
      failed: s.simulation.failed,
    };
  }
  return lastSimState;
}

export const selectRun = (s: DesignStoreState): SimulationRun | undefined => s.simulation.run;
export const selectPlaying = (s: DesignStoreState): boolean => s.simulation.playing;
export const selectReducedMotion = (s: DesignStoreState): boolean => s.simulation.reducedMotion;
export const selectRequestType = (s: DesignStoreState): RequestType => s.simulation.requestType;
export const selectTraffic = (s: DesignStoreState): TrafficSettings => s.simulation.traffic;

/** What one request type does now, with the current failures. */
export interface FlowCheck {
  type: RequestType;
  status: SimStatus;
  ok: boolean;
  /** The outcome in words: "200 OK — served by Nginx 2 in 23 ms", "503 failed at HAProxy 1: …". */
  outcome: string;
  servedBy?: string;
  failedAt?: string;
  /** Why it failed, label-free ("no healthy web server"). */
  reason?: string;
}

/**
 * Sends one request of each type through `design` with `failed` (fresh counters, so the
 * result does not depend on earlier requests: a request succeeds exactly when some healthy
 * path exists) and reports which ones still work.
 */
export function checkFlows(design: Design, failed: readonly string[]): FlowCheck[] {
  return REQUEST_TYPES.map((type) => {
    const result = simulateRequest(design, type, {
      counters: {},
      connections: {},
      failed: [...failed],
    });
    const last = result.events[result.events.length - 1];
    const end = last?.type === 'response' ? last : undefined;
    return {
      type,
      status: result.status,
      ok: result.status === 200,
      outcome: describeOutcome(design, result),
      ...(end?.servedBy !== undefined ? { servedBy: end.servedBy } : {}),
      ...(end?.failedAt !== undefined ? { failedAt: end.failedAt } : {}),
      ...(end?.reason !== undefined ? { reason: end.reason } : {}),
    };
  });
}

let flowsKey: { design: Design; failed: readonly string[] } | undefined;
let flowsValue: FlowCheck[] = [];

/** {@link checkFlows} for the store's design and failures, recomputed only when they change. */
export function selectFlowChecks(s: DesignStoreState): FlowCheck[] {
  if (!flowsKey || flowsKey.design !== s.design || flowsKey.failed !== s.simulation.failed) {
    flowsKey = { design: s.design, failed: s.simulation.failed };
    flowsValue = checkFlows(s.design, s.simulation.failed);
  }
  return flowsValue;
}

/** One line of the trace: the words, the time it took, and whether it is the outcome. */
export interface TraceLine {
  text: string;
  /** Time spent in this step, ms (request hops: the latency of the component entered). */
  ms: number;
  kind: 'request' | 'response' | 'served' | 'failed' | 'outcome';
  status?: SimStatus;
}

/** The trace line of one event of a run (labels from the design the run travelled). */
export function describeTraceLine(design: Design, event: SimEvent): TraceLine {
  switch (event.type) {
    case 'hop':
      return {
        text: describeEvent(design, event),
        ms: event.latencyMs,
        kind: event.direction,
        ...(event.status !== undefined ? { status: event.status } : {}),
      };
    case 'served':
      return { text: describeEvent(design, event), ms: event.latencyMs, kind: 'served' };
    case 'failed':
      return {
        text: describeEvent(design, event),
        ms: 0,
        kind: 'failed',
        status: event.status,
      };
    case 'response':
      return {
        text: describeEvent(design, event),
        ms: event.totalMs,
        kind: 'outcome',
        status: event.status,
      };
  }
}
