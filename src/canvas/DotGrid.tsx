import { memo, useEffect, useId, useRef } from 'react';
import { useStoreApi as useFlowStoreApi } from '@xyflow/react';
import { GRID } from '../model/catalogue';

/** Dot radius, flow units (React Flow's `<Background variant="dots" size={1.2}>`). */
const DOT_RADIUS = 0.6;

/** Where the dotted layer sits for a viewport transform `[x, y, zoom]`, screen px. */
export interface DotPlacement {
  /** One grid cell on screen. */
  cell: number;
  /** The layer's offset, each in (-cell, 0]: the pattern repeats, so this is the pan mod a cell. */
  x: number;
  y: number;
  /** Dot radius and where its centre sits in a cell. */
  radius: number;
  at: number;
}

export function dotPlacement([tx, ty, zoom]: readonly [number, number, number]): DotPlacement {
  const cell = GRID * zoom;
  // Where React Flow's pattern puts its dots: half a cell plus a radius past each grid line.
  const radius = DOT_RADIUS * zoom;
  const shift = (v: number) => {
    const m = v % cell;
    return m > 0 ? m - cell : m === 0 ? 0 : m;
  };
  return { cell, x: shift(tx), y: shift(ty), radius, at: cell / 2 + radius };
}

/**
 * The dotted grid, as React Flow's `<Background variant="dots">` draws it (a dot in the middle
 * of each 16-unit cell, scaling with the zoom), in screen space under the canvas: reaching one
 * largest cell past the canvas and moved by a transform, on a layer of its own, so a pan step
 * moves it on the compositor (the pattern repeats every cell: the pan modulo a cell) and a
 * zoom step redraws the pattern only.
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
    let cell = NaN;
    let reach = NaN;
    const apply = (transform: readonly [number, number, number], maxZoom: number) => {
      const p = dotPlacement(transform);
      // One largest cell past the canvas, set only when the zoom limit changes: a zoom step
      // then changes the pattern but lays nothing out.
      const past = GRID * Math.max(maxZoom, transform[2]);
      if (past !== reach) {
        reach = past;
        layer.style.right = layer.style.bottom = `${-past}px`;
      }
      if (p.cell !== cell) {
        cell = p.cell;
        pattern.setAttribute('width', String(p.cell));
        pattern.setAttribute('height', String(p.cell));
        dot.setAttribute('cx', String(p.at));
        dot.setAttribute('cy', String(p.at));
        dot.setAttribute('r', String(p.radius));
      }
      layer.style.transform = `translate(${p.x}px, ${p.y}px)`;
    };
    const { transform, maxZoom } = flow.getState();
    apply(transform, maxZoom);
    return flow.subscribe((state, previous) => {
      if (state.transform !== previous.transform || state.maxZoom !== previous.maxZoom)
        apply(state.transform, state.maxZoom);
    });
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
