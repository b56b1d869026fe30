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
}

/** Straight pieces per bezier: smooth at any zoom the canvas allows. */
const BEZIER_STEPS = 28;

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
 * A cached route. It is valid while the anchors it was built from are the very same objects
 * (a lookup hands out a new one when a node moves) and the edge keeps its sides.
 */
interface RouteEntry {
  from: Anchors | undefined;
  to: Anchors | undefined;
  source: Anchors | undefined;
  target: Anchors | undefined;
  sourceSide: Side | undefined;
  targetSide: Side | undefined;
  line: Polyline | undefined;
  frame: number;
}

/**
 * Hop routes, rebuilt only when an anchor they depend on moves or the edge changes sides,
 * and checked at most once per frame per hop (many tokens share a route).
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
    let entry = byTo.get(to);
    if (entry && entry.frame === this.frame) return entry.line;
    const a = lookup.anchorsOf(from);
    const b = lookup.anchorsOf(to);
    const s =
      edge.source === from || edge.source === to ? undefined : lookup.anchorsOf(edge.source);
    const t =
      edge.target === from || edge.target === to ? undefined : lookup.anchorsOf(edge.target);
    const sides = lookup.sidesOf(edgeId, edge);
    if (
      entry &&
      entry.from === a &&
      entry.to === b &&
      entry.source === s &&
      entry.target === t &&
      entry.sourceSide === sides?.source &&
      entry.targetSide === sides?.target
    ) {
      entry.frame = this.frame;
      return entry.line;
    }
    const flat = sides ? hopPoints(edge, sides, from, to, lookup) : undefined;
    if (!entry) this.size++;
    entry = {
      from: a,
      to: b,
      source: s,
      target: t,
      sourceSide: sides?.source,
      targetSide: sides?.target,
      line: flat ? toPolyline(flat) : undefined,
      frame: this.frame,
    };
    byTo.set(to, entry);
    return entry.line;
  }
}
