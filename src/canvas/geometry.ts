/**
 * Edge geometry, pure: which sides of two boxes an edge should leave and enter, and points
 * along React Flow's bezier path (same control points as `getBezierPath`).
 */

export type Side = 'top' | 'right' | 'bottom' | 'left';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The sides an edge from `source` to `target` leaves and enters: left to right whenever the
 * boxes stand side by side (tiers read left to right), top to bottom when they are stacked
 * (a primary above its replica gets a short straight edge, not a loop around).
 */
export function chooseSides(source: Box, target: Box): { source: Side; target: Side } {
  const sx = source.x + source.width / 2;
  const sy = source.y + source.height / 2;
  const tx = target.x + target.width / 2;
  const ty = target.y + target.height / 2;
  const gapX = Math.abs(tx - sx) - (source.width + target.width) / 2;
  const gapY = Math.abs(ty - sy) - (source.height + target.height) / 2;
  // Side by side (any horizontal gap) reads left to right, as tiers do; stacked boxes go down.
  if (gapX >= 0 || gapX >= gapY)
    return tx >= sx ? { source: 'right', target: 'left' } : { source: 'left', target: 'right' };
  return ty >= sy ? { source: 'bottom', target: 'top' } : { source: 'top', target: 'bottom' };
}

function controlOffset(distance: number, curvature: number): number {
  return distance >= 0 ? 0.5 * distance : curvature * 25 * Math.sqrt(-distance);
}

function control(
  side: Side,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  c: number,
): [number, number] {
  switch (side) {
    case 'left':
      return [x1 - controlOffset(x1 - x2, c), y1];
    case 'right':
      return [x1 + controlOffset(x2 - x1, c), y1];
    case 'top':
      return [x1, y1 - controlOffset(y1 - y2, c)];
    case 'bottom':
      return [x1, y1 + controlOffset(y2 - y1, c)];
  }
}

/** The point at `t` (0 = source, 1 = target) on the bezier React Flow draws between two handles. */
export function bezierPoint(
  t: number,
  source: { x: number; y: number; side: Side },
  target: { x: number; y: number; side: Side },
  curvature = 0.25,
): { x: number; y: number } {
  const [c1x, c1y] = control(source.side, source.x, source.y, target.x, target.y, curvature);
  const [c2x, c2y] = control(target.side, target.x, target.y, source.x, source.y, curvature);
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return {
    x: a * source.x + b * c1x + c * c2x + d * target.x,
    y: a * source.y + b * c1y + c * c2y + d * target.y,
  };
}
