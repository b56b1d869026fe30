/**
 * Where a hop travels on screen, for the token overlay: the same curve React Flow draws for
 * the edge (`getBezierPath` between the handles on the sides the edge uses — right to left,
 * left to right, bottom to top or top to bottom, see `chooseSides`), as a polyline with
 * cumulative lengths, so placing a token is one binary search, never
 * `SVGPathElement.getPointAtLength` per frame (performance.md §6).
 *
 * An edge that names a cluster is drawn to (or from) the cluster's box; a hop along it goes
 * to one member. Its route follows the drawn curve to the box's handle, then a short straight
 * segment to the member's handle on the same side, so the token lands on the component that
 * takes the request.
 *
 * Plain TypeScript: no React, no DOM. Flow coordinates throughout.
 */
import { bezierPoint, type Side } from './geometry';

export interface Point {
  x: number;
  y: number;
}

/**
 * The handle points of a rendered node (component or cluster box), one per side, in flow
 * coordinates. A lookup returns the same object while the node does not move or change size,
 * so routes built from it stay valid (compared by identity).
 */
export type Anchors = Readonly<Record<Side, Point>>;

/** The sides an edge leaves its source and enters its target (its handles). */
export interface Sides {
  source: Side;
  target: Side;
}

/** A route: points and the cumulative length at each point. */
export interface Polyline {
  xs: Float64Array;
  ys: Float64Array;
  /** `cum[i]`: length from the first point to point i. */
  cum: Float64Array;
  length: number;
  /**
   * The route again as `[x0, y0, …, xm, ym]`: m + 1 points (m ≥ 1) at equal distances along
   * it, at most {@link SAMPLE_SPACING} apart, so that placing one of thousands of tokens per
   * frame reads two neighbouring points and searches nothing (see `sampleAt`).
   */
  samples: Float32Array;
}

/** Largest distance between two points of a polyline's `samples`, flow units. */
export const SAMPLE_SPACING = 3;
const MAX_SAMPLES = 1024;

/** Straight pieces per bezier: smooth at any zoom the canvas allows. */
const BEZIER_STEPS = 64;

/**
 * The points of React Flow's bezier from the handle at `s` on side `sourceSide` to the handle
 * at `t` on side `targetSide` (the control points of `getBezierPath`, via `bezierPoint`),
 * appended to `out` as x, y pairs (the first point included).
 */
export function appendBezier(
  s: Point,
  sourceSide: Side,
  t: Point,
  targetSide: Side,
  out: number[],
): void {
  const source = { x: s.x, y: s.y, side: sourceSide };
  const target = { x: t.x, y: t.y, side: targetSide };
  for (let i = 0; i <= BEZIER_STEPS; i++) {
    const p = bezierPoint(i / BEZIER_STEPS, source, target);
    out.push(p.x, p.y);
  }
}

/** A polyline through flat x, y pairs (consecutive duplicates kept: they add no length). */
export function toPolyline(flat: readonly number[]): Polyline {
  const n = flat.length / 2;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const cum = new Float64Array(n);
  let length = 0;
  for (let i = 0; i < n; i++) {
    xs[i] = flat[2 * i]!;
    ys[i] = flat[2 * i + 1]!;
    if (i > 0) length += Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!);
    cum[i] = length;
  }
  return { xs, ys, cum, length, samples: resample({ xs, ys, cum, length }) };
}

/** Points at equal distances along a polyline (see `Polyline.samples`). */
function resample(line: Omit<Polyline, 'samples'>): Float32Array {
  const m = Math.max(1, Math.min(MAX_SAMPLES, Math.ceil(line.length / SAMPLE_SPACING)));
  const samples = new Float32Array(2 * (m + 1));
  const p = { x: 0, y: 0 };
  for (let i = 0; i <= m; i++) {
    pointAt(line, i / m, p);
    samples[2 * i] = p.x;
    samples[2 * i + 1] = p.y;
  }
  return samples;
}

/**
 * The point at fraction `t` (0…1) of the route's length, written into `out`.
 * A route of one point (or of length 0) stays at its first point.
 */
export function pointAt(line: Omit<Polyline, 'samples'>, t: number, out: Point): Point {
  const n = line.xs.length;
  if (n === 0) return out;
  const target = Math.max(0, Math.min(1, t)) * line.length;
  if (n === 1 || line.length === 0 || target <= 0) {
    out.x = line.xs[0]!;
    out.y = line.ys[0]!;
    return out;
  }
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (line.cum[mid]! < target) lo = mid;
    else hi = mid;
  }
  const span = line.cum[hi]! - line.cum[lo]!;
  const f = span > 0 ? (target - line.cum[lo]!) / span : 0;
  out.x = line.xs[lo]! + (line.xs[hi]! - line.xs[lo]!) * f;
  out.y = line.ys[lo]! + (line.ys[hi]! - line.ys[lo]!) * f;
  return out;
}

/**
 * {@link pointAt} from a polyline's samples, starting at `offset` in `samples` and `m` pieces
 * long: within a fraction of a pixel of it along smooth curves, and at most half the sample
 * spacing off where the route turns a corner.
 */
export function sampleAt(
  samples: Float32Array,
  offset: number,
  m: number,
  t: number,
  out: Point,
): Point {
  const u = (t > 0 ? (t < 1 ? t : 1) : 0) * m;
  const i = u < m ? Math.floor(u) : m - 1;
  const f = u - i;
  const a = offset + 2 * i;
  out.x = samples[a]! + (samples[a + 2]! - samples[a]!) * f;
  out.y = samples[a + 1]! + (samples[a + 3]! - samples[a + 1]!) * f;
  return out;
}

/** The ends of a design edge (node ids, or a cluster id standing for its members). */
export interface EdgeEnds {
  source: string;
  target: string;
}

export interface RouteLookup {
  /** Anchors of a rendered node or cluster box; undefined when it is not on the canvas. */
  anchorsOf(id: string): Anchors | undefined;
  /** The cluster a component belongs to, if any. */
  clusterOf(id: string): string | undefined;
  /**
   * The sides the edge is drawn between (its `sourceHandle` / `targetHandle` on the canvas);
   * undefined when its ends are not on the canvas.
   */
  sidesOf(edgeId: string, edge: EdgeEnds): Sides | undefined;
}

/**
 * The points of one hop along `edge`, drawn between `sides`, from `from` to `to` (a response
 * hop runs the edge backwards), as flat x, y pairs; undefined when an end is not on the canvas.
 */
export function hopPoints(
  edge: EdgeEnds,
  sides: Sides,
  from: string,
  to: string,
  lookup: RouteLookup,
): number[] | undefined {
  const isEnd = (node: string, end: string) => node === end || lookup.clusterOf(node) === end;
  const forward = isEnd(from, edge.source) && isEnd(to, edge.target);
  const sourceNode = forward ? from : to;
  const targetNode = forward ? to : from;
  const source = lookup.anchorsOf(sourceNode);
  const target = lookup.anchorsOf(targetNode);
  if (!source || !target) return undefined;
  const sourceBox = edge.source !== sourceNode ? lookup.anchorsOf(edge.source) : undefined;
  const targetBox = edge.target !== targetNode ? lookup.anchorsOf(edge.target) : undefined;

  const flat: number[] = [];
  const start = source[sides.source];
  const end = target[sides.target];
  if (sourceBox) flat.push(start.x, start.y);
  appendBezier(
    sourceBox ? sourceBox[sides.source] : start,
    sides.source,
    targetBox ? targetBox[sides.target] : end,
    sides.target,
    flat,
  );
  if (targetBox) flat.push(end.x, end.y);
  if (forward) return flat;
  const reversed: number[] = [];
  for (let i = flat.length - 2; i >= 0; i -= 2) reversed.push(flat[i]!, flat[i + 1]!);
  return reversed;
}

/**
 * A hop's route that a layer may keep across frames (the same object for the same edge, hop
 * source and hop target): `RouteCache.line` gives its polyline in the current frame.
 */
export interface RouteHandle {
  readonly edgeId: string;
  readonly from: string;
  readonly to: string;
}

/**
 * A cached route. It is valid while it was built for the same edge ends and the anchors it
 * was built from are the very same objects (a lookup hands out a new one when a node moves)
 * and the edge keeps its sides.
 */
class RouteEntry implements RouteHandle {
  ends: EdgeEnds | undefined = undefined;
  /** The edges by id `ends` was last read from (see `RouteCache.lineIn`). */
  edges: ReadonlyMap<string, EdgeEnds> | undefined = undefined;
  fromAnchors: Anchors | undefined = undefined;
  toAnchors: Anchors | undefined = undefined;
  sourceAnchors: Anchors | undefined = undefined;
  targetAnchors: Anchors | undefined = undefined;
  sourceSide: Side | undefined = undefined;
  targetSide: Side | undefined = undefined;
  line: Polyline | undefined = undefined;
  /** The frame the route was last checked in (0: never). */
  frame = 0;
  /** The geometry version it was last checked against (see `RouteCache.nextFrame`). */
  version = -1;

  constructor(
    readonly edgeId: string,
    readonly from: string,
    readonly to: string,
  ) {}
}

/**
 * Hop routes, rebuilt only when an anchor they depend on moves or the edge changes sides,
 * and checked at most once per frame per hop (many tokens share a route).
 */
export class RouteCache {
  /** Entries by edge id, then hop source, then hop target (no key strings built per token). */
  private entries = new Map<string, Map<string, Map<string, RouteEntry>>>();
  private size = 0;
  private frame = 1;

  private version = 0;

  /**
   * Starts a new frame. `geometry` numbers the state of the canvas: while it stays the same
   * (no node moved, no edge changed) routes are not checked against the anchors again.
   */
  nextFrame(geometry = NaN): void {
    this.frame++;
    this.version = Number.isNaN(geometry) ? this.version + 1 : geometry;
    if (this.size > 4096) {
      // Handles already given out keep working; they are just no longer shared.
      this.entries.clear();
      this.size = 0;
    }
  }

  /** The handle of the hop from `from` to `to` along edge `edgeId`. */
  handle(edgeId: string, from: string, to: string): RouteHandle {
    let byFrom = this.entries.get(edgeId);
    if (!byFrom) this.entries.set(edgeId, (byFrom = new Map()));
    let byTo = byFrom.get(from);
    if (!byTo) byFrom.set(from, (byTo = new Map()));
    let entry = byTo.get(to);
    if (!entry) {
      entry = new RouteEntry(edgeId, from, to);
      byTo.set(to, entry);
      this.size++;
    }
    return entry;
  }

  /**
   * The polyline of a hop along the edge with ends `edge` (undefined: no such edge) this
   * frame, or undefined when it has no route on the canvas.
   */
  line(handle: RouteHandle, edge: EdgeEnds | undefined, lookup: RouteLookup): Polyline | undefined {
    const entry = handle as RouteEntry;
    if (entry.ends === edge && (entry.frame === this.frame || entry.version === this.version)) {
      entry.frame = this.frame;
      return entry.line;
    }
    entry.frame = this.frame;
    entry.version = this.version;
    if (entry.ends !== edge) entry.edges = undefined;
    if (!edge) {
      entry.ends = undefined;
      entry.line = undefined;
      return undefined;
    }
    const { from, to } = entry;
    const a = lookup.anchorsOf(from);
    const b = lookup.anchorsOf(to);
    const s =
      edge.source === from || edge.source === to ? undefined : lookup.anchorsOf(edge.source);
    const t =
      edge.target === from || edge.target === to ? undefined : lookup.anchorsOf(edge.target);
    const sides = lookup.sidesOf(entry.edgeId, edge);
    if (
      entry.ends === edge &&
      entry.fromAnchors === a &&
      entry.toAnchors === b &&
      entry.sourceAnchors === s &&
      entry.targetAnchors === t &&
      entry.sourceSide === sides?.source &&
      entry.targetSide === sides?.target
    )
      return entry.line;
    const flat = sides ? hopPoints(edge, sides, from, to, lookup) : undefined;
    entry.ends = edge;
    entry.fromAnchors = a;
    entry.toAnchors = b;
    entry.sourceAnchors = s;
    entry.targetAnchors = t;
    entry.sourceSide = sides?.source;
    entry.targetSide = sides?.target;
    entry.line = flat ? toPolyline(flat) : undefined;
    return entry.line;
  }

  /**
   * `line` with the edge's ends read from `edges` (the design's edges by id), at most once per
   * frame: a layer holding handles pays no look-up per token.
   */
  lineIn(
    handle: RouteHandle,
    edges: ReadonlyMap<string, EdgeEnds>,
    lookup: RouteLookup,
  ): Polyline | undefined {
    const entry = handle as RouteEntry;
    if (entry.edges === edges) {
      if (entry.frame === this.frame) return entry.line;
      return this.line(entry, entry.ends, lookup);
    }
    const line = this.line(entry, edges.get(entry.edgeId), lookup);
    entry.edges = edges;
    return line;
  }

  /** The polyline of the hop from `from` to `to` along edge `edgeId` (ends `edge`) this frame. */
  get(
    edgeId: string,
    edge: EdgeEnds,
    from: string,
    to: string,
    lookup: RouteLookup,
  ): Polyline | undefined {
    return this.line(this.handle(edgeId, from, to), edge, lookup);
  }
}
