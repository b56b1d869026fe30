import { memo, useEffect, useRef } from 'react';
import { Panel, useStoreApi as useFlowStoreApi, type ReactFlowState } from '@xyflow/react';
import { KINDS } from '../model/catalogue';
import type { FlowNode } from './to-flow';

/** Size of the overview, CSS px. */
export const OVERVIEW_SIZE = { width: 176, height: 112 } as const;
/** Room around the drawing, in overview px (React Flow's MiniMap `offsetScale`). */
const OFFSET_SCALE = 5;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How flow coordinates map into the overview: `px = left + (x - frame.x) * scale`. */
export interface OverviewFrame {
  /** The flow area shown (the design and the view, centred, with a margin). */
  frame: Rect;
  /** Overview px per flow unit. */
  scale: number;
  /** Where the frame's top left lands in the overview, px. */
  left: number;
  top: number;
  /** Flow units per overview px, as React Flow's MiniMap computes it (for panning). */
  viewScale: number;
}

export function unionRect(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * The overview's mapping, as React Flow's MiniMap lays out its SVG: the bounds of the design
 * and of the view, scaled to fit, centred, with a margin; then fitted into the element the
 * way an SVG `viewBox` is (uniform scale, centred).
 */
export function overviewFrame(
  content: Rect | undefined,
  view: Rect,
  size: { width: number; height: number } = OVERVIEW_SIZE,
): OverviewFrame {
  const bounds = content ? unionRect(content, view) : view;
  const viewScale = Math.max(bounds.width / size.width, bounds.height / size.height) || 1;
  const viewWidth = viewScale * size.width;
  const viewHeight = viewScale * size.height;
  const offset = OFFSET_SCALE * viewScale;
  const frame = {
    x: bounds.x - (viewWidth - bounds.width) / 2 - offset,
    y: bounds.y - (viewHeight - bounds.height) / 2 - offset,
    width: viewWidth + offset * 2,
    height: viewHeight + offset * 2,
  };
  const scale = Math.min(size.width / frame.width, size.height / frame.height);
  return {
    frame,
    scale,
    left: (size.width - frame.width * scale) / 2,
    top: (size.height - frame.height * scale) / 2,
    viewScale,
  };
}

function sameFrame(a: OverviewFrame | undefined, b: OverviewFrame): boolean {
  return (
    a !== undefined &&
    a.frame.x === b.frame.x &&
    a.frame.y === b.frame.y &&
    a.frame.width === b.frame.width &&
    a.frame.height === b.frame.height
  );
}

interface NodeRect extends Rect {
  color: string;
}

function componentRects(state: ReactFlowState<FlowNode>): {
  rects: NodeRect[];
  bounds: Rect | undefined;
} {
  const rects: NodeRect[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of state.nodeLookup.values()) {
    if (node.hidden) continue;
    const { x, y } = node.internals.positionAbsolute;
    const width = node.measured.width ?? node.width ?? 0;
    const height = node.measured.height ?? node.height ?? 0;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + width);
    maxY = Math.max(maxY, y + height);
    // Boxes count for the bounds but are not drawn (as the MiniMap's transparent colour).
    const user = node.internals.userNode;
    if (user.type === 'component') {
      rects.push({ x, y, width, height, color: KINDS[user.data.kind].color });
    }
  }
  const bounds =
    minX === Infinity ? undefined : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  return { rects, bounds };
}

/**
 * The overview in the corner of the canvas: every component as a rectangle in its kind's
 * colour, the part in view left clear and the rest shaded; drag in it to pan, scroll in it to
 * zoom (as React Flow's `<MiniMap pannable zoomable>`).
 *
 * Drawn outside React, on a canvas redrawn only when the components or the overview's frame
 * change, with the view as one element moved by a transform. React Flow's MiniMap re-renders
 * on every pan or zoom step and moves its SVG `viewBox`, which restyles, lays out and repaints
 * one SVG rectangle per component each step.
 */
export const OverviewMap = memo(function OverviewMap({ ariaLabel }: { ariaLabel: string }) {
  const flow = useFlowStoreApi<FlowNode>();
  const frameRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const box = frameRef.current;
    const canvas = canvasRef.current;
    const viewBox = viewRef.current;
    if (!box || !canvas || !viewBox) return;
    const ctx = canvas.getContext('2d');
    const { width, height } = OVERVIEW_SIZE;

    let nodes: ReactFlowState<FlowNode>['nodes'] | undefined;
    let content: ReturnType<typeof componentRects> = { rects: [], bounds: undefined };
    let drawn: OverviewFrame | undefined;
    let dpr = 0;
    let current: OverviewFrame | undefined;
    let frameId = 0;

    const draw = () => {
      frameId = 0;
      const state = flow.getState();
      const [tx, ty, zoom] = state.transform;
      let nodesChanged = false;
      if (state.nodes !== nodes) {
        nodes = state.nodes;
        content = componentRects(state);
        nodesChanged = true;
      }
      const view = {
        x: -tx / zoom,
        y: -ty / zoom,
        width: state.width / zoom,
        height: state.height / zoom,
      };
      const map = overviewFrame(content.bounds, view);
      current = map;
      const ratio = window.devicePixelRatio || 1;
      if (ctx && (nodesChanged || ratio !== dpr || !sameFrame(drawn, map))) {
        if (ratio !== dpr) {
          dpr = ratio;
          canvas.width = Math.round(width * ratio);
          canvas.height = Math.round(height * ratio);
        }
        drawn = map;
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        const k = map.scale * ratio;
        ctx.setTransform(
          k,
          0,
          0,
          k,
          (map.left - map.frame.x * map.scale) * ratio,
          (map.top - map.frame.y * map.scale) * ratio,
        );
        let color = '';
        for (const r of content.rects) {
          if (r.color !== color) {
            color = r.color;
            ctx.fillStyle = color;
          }
          ctx.fillRect(r.x, r.y, r.width, r.height);
        }
      }
      const left = map.left + (view.x - map.frame.x) * map.scale;
      const top = map.top + (view.y - map.frame.y) * map.scale;
      viewBox.style.transform = `translate(${left}px, ${top}px)`;
      viewBox.style.width = `${view.width * map.scale}px`;
      viewBox.style.height = `${view.height * map.scale}px`;
    };
    const schedule = () => {
      if (frameId === 0) frameId = requestAnimationFrame(draw);
    };
    draw();
    const unsubscribe = flow.subscribe((state, previous) => {
      if (
        state.nodes !== previous.nodes ||
        state.transform !== previous.transform ||
        state.width !== previous.width ||
        state.height !== previous.height
      ) {
        schedule();
      }
    });

    // Drag to pan, wheel to zoom: React Flow's MiniMap handlers (XYMinimap), on pointer events.
    let last: { x: number; y: number } | undefined;
    const onPointerDown = (event: PointerEvent) => {
      if (event.button !== 0) return;
      last = { x: event.clientX, y: event.clientY };
      box.setPointerCapture(event.pointerId);
      event.preventDefault();
    };
    const onPointerMove = (event: PointerEvent) => {
      if (!last || !current) return;
      const state = flow.getState();
      const [tx, ty, zoom] = state.transform;
      const dx = event.clientX - last.x;
      const dy = event.clientY - last.y;
      last = { x: event.clientX, y: event.clientY };
      const moveScale = current.viewScale * Math.max(zoom, Math.log(zoom));
      void state.panZoom?.setViewportConstrained(
        { x: tx - dx * moveScale, y: ty - dy * moveScale, zoom },
        [
          [0, 0],
          [state.width, state.height],
        ],
        state.translateExtent,
      );
    };
    const onPointerUp = (event: PointerEvent) => {
      last = undefined;
      if (box.hasPointerCapture(event.pointerId)) box.releasePointerCapture(event.pointerId);
    };
    const onWheel = (event: WheelEvent) => {
      const state = flow.getState();
      if (!state.panZoom) return;
      event.preventDefault();
      const step = event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : 0.002;
      void state.panZoom.scaleTo(state.transform[2] * Math.pow(2, -event.deltaY * step));
    };
    box.addEventListener('pointerdown', onPointerDown);
    box.addEventListener('pointermove', onPointerMove);
    box.addEventListener('pointerup', onPointerUp);
    box.addEventListener('pointercancel', onPointerUp);
    box.addEventListener('wheel', onWheel, { passive: false });

    return () => {
      unsubscribe();
      if (frameId !== 0) cancelAnimationFrame(frameId);
      box.removeEventListener('pointerdown', onPointerDown);
      box.removeEventListener('pointermove', onPointerMove);
      box.removeEventListener('pointerup', onPointerUp);
      box.removeEventListener('pointercancel', onPointerUp);
      box.removeEventListener('wheel', onWheel);
    };
  }, [flow]);

  return (
    <Panel
      position="bottom-right"
      className="react-flow__minimap ab-minimap"
      style={OVERVIEW_SIZE}
      data-testid="rf__minimap"
    >
      <div
        ref={frameRef}
        className="ab-minimap__frame nopan nowheel"
        role="img"
        aria-label={ariaLabel}
      >
        <canvas ref={canvasRef} className="ab-minimap__nodes" aria-hidden="true" />
        <div ref={viewRef} className="ab-minimap__view" aria-hidden="true" />
      </div>
    </Panel>
  );
});
