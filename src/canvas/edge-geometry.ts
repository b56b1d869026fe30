/**
 * Where a hop travels on screen, for the token overlay: the same curve React Flow draws for
 * the edge (`getBezierPath` with a right-hand source handle and a left-hand target handle),
 * as a polyline with cumulative lengths, so placing a token is one binary search, never
 * `SVGPathElement.getPointAtLength` per frame (performance.md §6).
 *
 * An edge that names a cluster is drawn to (or from) the cluster's box; a hop along it goes
 * to one member. Its route follows the drawn curve to the box's handle, then a short straight
 * segment to the member, so the token lands on the component that takes the request.
 *
 * Plain TypeScript: no React, no DOM. Flow coordinates throughout.
 */

export interface Point {
  x: number;
  y: number;
}

/** The handle points of a rendered node (component or cluster box), in flow coordinates. */
export interface Anchors {
  /** Where edges leave (the right-hand handle). */
  out: Point;
  /** Where edges arrive (the left-hand handle). */
  in: Point;
}

/** A route: points and the cumulative length at each point. */
export interface Polyline {
  xs: Float64Array;
  ys: Float64Array;
  /** `cum[i]`: length from the first point to point i. */
  cum: Float64Array;
  length: number;
}

/** React Flow's default bezier curvature (`getBezierPath`). */
const CURVATURE = 0.25;
/** Straight pieces per bezier: smooth at any zoom the canvas allows. */
const BEZIER_STEPS = 28;

/** React Flow's `calculateControlOffset`. */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

/**
 * The points of React Flow's bezier from a right-hand handle at `s` to a left-hand handle at
 * `t`, appended to `out` as x, y pairs (the first point included).
 */
export function appendBezier(s: Point, t: Point, out: number[]): void {
  const c1x = s.x + controlOffset(t.x - s.x);
  const c2x = t.x - controlOffset(t.x - s.x);
  for (let i = 0; i <= BEZIER_STEPS; i++) {
    const u = i / BEZIER_STEPS;
    const v = 1 - u;
    const a = v * v * v;
    const b = 3 * v * v * u;
    const c = 3 * v * u * u;
    const d = u * u * u;
    out.push(a * s.x + b * c1x + c * c2x + d * t.x, a * s.y + b * s.y + c * t.y + d * t.y);
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
  return { xs, ys, cum, length };
}

/**
 * The point at fraction `t` (0…1) of the route's length, written into `out`.
 * A route of one point (or of length 0) stays at its first point.
 */
export function pointAt(line: Polyline, t: number, out: Point): Point {
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
}

/**
 * The points of one hop along `edge`, from `from` to `to` (a response hop runs the edge
 * backwards), as flat x, y pairs; undefined when an end is not on the canvas.
 */
export function hopPoints(
  edge: EdgeEnds,
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
  if (sourceBox) flat.push(source.out.x, source.out.y);
  appendBezier(sourceBox ? sourceBox.out : source.out, targetBox ? targetBox.in : target.in, flat);
  if (targetBox) flat.push(target.in.x, target.in.y);
  if (forward) return flat;
  const reversed: number[] = [];
  for (let i = flat.length - 2; i >= 0; i -= 2) reversed.push(flat[i]!, flat[i + 1]!);
  return reversed;
}

interface RouteEntry {
  /** The anchor coordinates the route was built from (rebuilt when any moves). */
  key: number[];
  line: Polyline | undefined;
  frame: number;
}

/**
 * Hop routes, rebuilt only when an anchor they depend on moves, and looked up at most once
 * per frame per hop (many tokens share a route).
 */
export class RouteCache {
  /** Entries by edge id, then hop source, then hop target (no key strings built per token). */
  private entries = new Map<string, Map<string, Map<string, RouteEntry>>>();
  private size = 0;
  private frame = 0;

  /** Starts a new frame: routes are checked against the anchors again. */
  nextFrame(): void {
    this.frame++;
    if (this.size > 4096) {
      this.entries.clear();
      this.size = 0;
    }
  }

  get(
    edgeId: string,
    edge: EdgeEnds,
    from: string,
    to: string,
    lookup: RouteLookup,
  ): Polyline | undefined {
    let byFrom = this.entries.get(edgeId);
    if (!byFrom) this.entries.set(edgeId, (byFrom = new Map()));
    let byTo = byFrom.get(from);
    if (!byTo) byFrom.set(from, (byTo = new Map()));
    const entry = byTo.get(to);
    if (entry && entry.frame === this.frame) return entry.line;
    const key = anchorKey(edge, from, to, lookup);
    if (entry && sameKey(entry.key, key)) {
      entry.frame = this.frame;
      return entry.line;
    }
    const flat = hopPoints(edge, from, to, lookup);
    const line = flat ? toPolyline(flat) : undefined;
    if (!entry) this.size++;
    byTo.set(to, { key, line, frame: this.frame });
    return line;
  }
}

function anchorKey(edge: EdgeEnds, from: string, to: string, lookup: RouteLookup): number[] {
  const key: number[] = [];
  for (const id of [from, to, edge.source, edge.target]) {
    const a = lookup.anchorsOf(id);
    if (a) key.push(a.out.x, a.out.y, a.in.x, a.in.y);
    else key.push(NaN);
  }
  return key;
}

function sameKey(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
