import { memo, useEffect, useId, useRef } from 'react';
import { useStoreApi as useFlowStoreApi } from '@xyflow/react';
import { GRID } from '../model/catalogue';

/** Dot radius, flow units (React Flow's `<Background variant="dots" size={1.2}>`). */
const DOT_RADIUS = 0.6;
/** How far a zoom may scale the drawn dots before they are drawn again at once. */
const SCALE_RANGE = [0.5, 2] as const;
/** Dots drawn again at the new zoom once the zoom has rested this long, ms. */
const REDRAW_AFTER_MS = 150;

type Transform = readonly [number, number, number];

/** The pattern as last drawn: at which zoom, and where the layer's origin then was. */
export interface DrawnDots {
  zoom: number;
  /** The viewport's pan when drawn, screen px. */
  tx: number;
  ty: number;
  /** The layer's origin on screen when drawn (relative to the canvas), px. */
  ox: number;
  oy: number;
}

/** Where the layer goes: moved (and, mid-zoom, scaled) by a transform, or drawn again. */
export type DotLayer = { redraw: true } | { redraw: false; x: number; y: number; scale: number };

/** The dot pattern at a zoom: one cell, the dot's radius and its centre in the cell (px). */
export function dotPattern(zoom: number): { cell: number; radius: number; at: number } {
  const cell = GRID * zoom;
  const radius = DOT_RADIUS * zoom;
  // Where React Flow's pattern puts its dots: half a cell plus a radius past each grid line.
  return { cell, radius, at: cell / 2 + radius };
}

/**
 * Draws the pattern for `transform` on a layer that reaches half the canvas past each edge
 * (`size` is the canvas): the layer's origin is the first grid line at or before that corner.
 */
export function drawDots(transform: Transform, size: { width: number; height: number }): DrawnDots {
  const [tx, ty, zoom] = transform;
  const { cell } = dotPattern(zoom);
  // The largest origin ≤ -size/2 that lies on a grid line (tx + k·cell).
  const origin = (pan: number, half: number) => pan - Math.ceil((pan + half) / cell) * cell;
  return {
    zoom,
    tx,
    ty,
    ox: origin(tx, size.width / 2),
    oy: origin(ty, size.height / 2),
  };
}

/**
 * The layer's transform for `transform`, the pattern drawn as `drawn`: translated by the pan
 * since; scaled by the zoom since (the drawn dots are scaled as they are; they are drawn again
 * when the zoom rests), unless the scale leaves SCALE_RANGE or the layer (twice the canvas,
 * origin at `drawn.ox/oy` when drawn) would no longer cover the canvas.
 */
export function placeDots(
  transform: Transform,
  drawn: DrawnDots,
  size: { width: number; height: number },
): DotLayer {
  const [tx, ty, zoom] = transform;
  const scale = zoom / drawn.zoom;
  if (scale < SCALE_RANGE[0] || scale > SCALE_RANGE[1]) return { redraw: true };
  // A point drawn at screen `ox + L` is at flow `(ox + L - tx0) / z0`, now at `tx + that · z`.
  const x = tx + (drawn.ox - drawn.tx) * scale;
  const y = ty + (drawn.oy - drawn.ty) * scale;
  const reach = 2 * scale;
  const covers =
    x <= 0 &&
    y <= 0 &&
    x + reach * size.width >= size.width &&
    y + reach * size.height >= size.height;
  return covers ? { redraw: false, x, y, scale } : { redraw: true };
}

/**
 * The dotted grid, as React Flow's `<Background variant="dots">` draws it (a dot in the middle
 * of each 16-unit cell, scaling with the zoom), in screen space under the canvas, on a layer
 * twice the canvas's size. A pan step only moves the layer; a zoom step moves and scales it (the
 * pattern drawn so far, scaled) and the pattern is drawn again at the new zoom once it rests, or
 * at once when the scale grows past 2 or below 0.5 or the layer no longer covers the canvas.
 *
 * React Flow's Background re-renders and repaints the whole canvas's background on every step;
 * a pattern drawn in flow space inside the viewport is cheaper, but larger than the view, so
 * the browser repaints the viewport each step as its visible part changes.
 */
export const DotGrid = memo(function DotGrid() {
  const flow = useFlowStoreApi();
  const id = useId();
  const layerRef = useRef<HTMLDivElement>(null);
  const patternRef = useRef<SVGPatternElement>(null);
  const dotRef = useRef<SVGCircleElement>(null);

  useEffect(() => {
    const layer = layerRef.current;
    const pattern = patternRef.current;
    const dot = dotRef.current;
    if (!layer || !pattern || !dot) return;
    let drawn: DrawnDots | undefined;
    let size = { width: 0, height: 0 };
    let timer: ReturnType<typeof setTimeout> | undefined;

    const draw = (transform: Transform) => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const p = dotPattern(transform[2]);
      if (drawn?.zoom !== transform[2]) {
        pattern.setAttribute('width', String(p.cell));
        pattern.setAttribute('height', String(p.cell));
        dot.setAttribute('cx', String(p.at));
        dot.setAttribute('cy', String(p.at));
        dot.setAttribute('r', String(p.radius));
      }
      drawn = drawDots(transform, size);
      layer.style.transform = `translate(${drawn.ox}px, ${drawn.oy}px)`;
    };

    const apply = (transform: Transform, width: number, height: number) => {
      if (width !== size.width || height !== size.height) {
        size = { width, height };
        layer.style.width = `${2 * width}px`;
        layer.style.height = `${2 * height}px`;
        draw(transform);
        return;
      }
      // A pan at the zoom drawn: the pattern repeats, so `draw` only moves the origin.
      if (!drawn || transform[2] === drawn.zoom) return draw(transform);
      const place = placeDots(transform, drawn, size);
      if (place.redraw) return draw(transform);
      layer.style.transform = `translate(${place.x}px, ${place.y}px) scale(${place.scale})`;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        const state = flow.getState();
        draw(state.transform);
      }, REDRAW_AFTER_MS);
    };

    const { transform, width, height } = flow.getState();
    apply(transform, width, height);
    const unsubscribe = flow.subscribe((state, previous) => {
      if (
        state.transform !== previous.transform ||
        state.width !== previous.width ||
        state.height !== previous.height
      )
        apply(state.transform, state.width, state.height);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [flow]);

  return (
    <div ref={layerRef} className="ab-dots" aria-hidden="true">
      <svg width="100%" height="100%">
        <defs>
          <pattern ref={patternRef} id={id} patternUnits="userSpaceOnUse">
            <circle ref={dotRef} />
          </pattern>
        </defs>
        <rect width="100%" height="100%" fill={`url(#${id})`} />
      </svg>
    </div>
  );
});
