import { memo, useEffect, useRef } from 'react';
import { Panel, useStoreApi as useFlowStoreApi, type ReactFlowState } from '@xyflow/react';
import { KINDS } from '../model/catalogue';
import type { Box } from './geometry';
import type { FlowNode } from './to-flow';

/** Size of the overview, CSS px. */
export const OVERVIEW_SIZE = { width: 176, height: 112 } as const;
/**
 * While components keep moving (a drag), the overview draws them at most this often, ms: each
 * redraw rebuilds its paths and repaints it, on top of the frame's own work.
 */
const NODES_REDRAW_MS = 200;
/** Room around the drawing, in overview px (React Flow's MiniMap `offsetScale`). */
const OFFSET_SCALE = 5;

/** A rectangle in flow units or overview px (the canvas's one box type). */
export type Rect = Box;

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
 * The overview's mapping of a flow area, as React Flow's MiniMap lays out its SVG: `bounds`
 * scaled to fit, centred, with a margin; then fitted into the element the way an SVG
 * `viewBox` is (uniform scale, centred).
 */
export function overviewFrame(
  bounds: Rect,
  size: { width: number; height: number } = OVERVIEW_SIZE,
): OverviewFrame {
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

/** Room added around the view when the overview has to grow to show it (fraction of it). */
const VIEW_SLACK = 0.1;

function grow(r: Rect, by: number): Rect {
  const dx = r.width * by;
  const dy = r.height * by;
  return { x: r.x - dx, y: r.y - dy, width: r.width + 2 * dx, height: r.height + 2 * dy };
}

function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/**
 * The flow area the overview shows: the design and the view, as React Flow's MiniMap does,
 * but kept while the view moves inside it. Growing to take in the view adds a little room
 * around the view, so panning past the design (every step moves the view, and with it the
 * MiniMap's whole drawing) redraws the components once in many steps, not every step.
 * `kept` is the area shown so far.
 */
export function overviewBounds(
  kept: Rect | undefined,
  content: Rect | undefined,
  view: Rect,
): Rect {
  const needed = content ? unionRect(content, view) : view;
  const roomy = content ? unionRect(content, grow(view, VIEW_SLACK)) : grow(view, VIEW_SLACK);
  const area = (r: Rect) => r.width * r.height;
  if (kept && contains(kept, needed) && area(kept) <= area(roomy) * 1.5) return kept;
  return roomy;
}

/**
 * The shade around the view's window in the overview, as four bands (above, below, left,
 * right of it), each clamped to the overview; px.
 */
export function shadeBands(
  view: Rect,
  size: { width: number; height: number } = OVERVIEW_SIZE,
): [Rect, Rect, Rect, Rect] {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const left = clamp(view.x, size.width);
  const right = clamp(view.x + view.width, size.width);
  const top = clamp(view.y, size.height);
  const bottom = clamp(view.y + view.height, size.height);
  return [
    { x: 0, y: 0, width: size.width, height: top },
    { x: 0, y: bottom, width: size.width, height: size.height - bottom },
    { x: 0, y: top, width: left, height: bottom - top },
    { x: right, y: top, width: size.width - right, height: bottom - top },
  ];
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

/** A path drawing every rectangle: `M x y h w v h h -w z` each, to one decimal. */
export function rectsPath(rects: readonly Rect[]): string {
  const r1 = (v: number) => Math.round(v * 10) / 10;
  let d = '';
  for (const r of rects)
    d += `M${r1(r.x)} ${r1(r.y)}h${r1(r.width)}v${r1(r.height)}h${r1(-r.width)}z`;
  return d;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The overview in the corner of the canvas: every component as a rectangle in its kind's
 * colour, the part in view left clear and the rest shaded; drag in it to pan, scroll in it to
 * zoom (as React Flow's `<MiniMap pannable zoomable>`).
 *
 * Drawn outside React into one small SVG, one path per kind colour, rebuilt only when the
 * components move; its `viewBox` moves only when the view leaves the area shown (see
 * {@link overviewBounds}). The shade around the view is four bands over it, placed by
 * transforms: a pan or zoom step lays nothing out and repaints nothing. React Flow's MiniMap
 * re-renders on every step and moves its
 * `viewBox` with the view, which restyles, lays out and repaints one SVG rectangle per
 * component each step.
 */
export const OverviewMap = memo(function OverviewMap({ ariaLabel }: { ariaLabel: string }) {
  const flow = useFlowStoreApi<FlowNode>();
  const frameRef = useRef<HTMLDivElement>(null);
  const nodesRef = useRef<SVGGElement>(null);
  const shadeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const box = frameRef.current;
    const group = nodesRef.current;
    const bands = shadeRef.current ? ([...shadeRef.current.children] as HTMLElement[]) : [];
    const svg = group?.ownerSVGElement;
    if (!box || !group || bands.length !== 4 || !svg) return;

    let nodes: ReactFlowState<FlowNode>['nodes'] | undefined;
    let content: ReturnType<typeof componentRects> = { rects: [], bounds: undefined };
    const paths = new Map<string, SVGPathElement>();
    let drawn: OverviewFrame | undefined;
    let current: OverviewFrame | undefined;
    let bounds: Rect | undefined;
    let frameId = 0;

    const drawNodes = () => {
      const byColor = new Map<string, NodeRect[]>();
      for (const r of content.rects) {
        const list = byColor.get(r.color);
        if (list) list.push(r);
        else byColor.set(r.color, [r]);
      }
      for (const [color, path] of paths) {
        if (!byColor.has(color)) {
          path.remove();
          paths.delete(color);
        }
      }
      for (const [color, rects] of byColor) {
        let path = paths.get(color);
        if (!path) {
          path = document.createElementNS(SVG_NS, 'path');
          path.setAttribute('fill', color);
          group.append(path);
          paths.set(color, path);
        }
        path.setAttribute('d', rectsPath(rects));
      }
    };

    /** When the components were last drawn (`performance.now()`), and the pending redraw. */
    let drawnAt = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;

    /** Draws the components again, in a frame (a drag changes them several times a frame). */
    const drawFrame = () => {
      frameId = 0;
      place();
    };

    /**
     * The components changed: drawn again in the next frame, then at most every
     * NODES_REDRAW_MS while they keep changing (a drag), the last change always drawn.
     */
    const scheduleNodes = () => {
      if (frameId !== 0 || timer !== undefined) return;
      const wait = drawnAt + NODES_REDRAW_MS - performance.now();
      if (wait <= 0) frameId = requestAnimationFrame(drawFrame);
      else
        timer = setTimeout(() => {
          timer = undefined;
          if (frameId === 0) frameId = requestAnimationFrame(drawFrame);
        }, wait);
    };

    /** Places the view (and, when they changed, draws the components). */
    const place = () => {
      const state = flow.getState();
      const [tx, ty, zoom] = state.transform;
      if (state.nodes !== nodes) {
        nodes = state.nodes;
        content = componentRects(state);
        bounds = undefined;
        drawNodes();
        drawnAt = performance.now();
      }
      const view = {
        x: -tx / zoom,
        y: -ty / zoom,
        width: state.width / zoom,
        height: state.height / zoom,
      };
      bounds = overviewBounds(bounds, content.bounds, view);
      const map = overviewFrame(bounds);
      current = map;
      const { frame } = map;
      if (!sameFrame(drawn, map)) {
        drawn = map;
        svg.setAttribute('viewBox', `${frame.x} ${frame.y} ${frame.width} ${frame.height}`);
      }
      // The shade around the view's window: four solid bands, each a 1 px box placed and
      // sized by a transform on a compositor layer of its own, so neither a pan nor a zoom
      // step lays out or repaints anything here.
      const shade = shadeBands({
        x: map.left + (view.x - frame.x) * map.scale,
        y: map.top + (view.y - frame.y) * map.scale,
        width: view.width * map.scale,
        height: view.height * map.scale,
      });
      shade.forEach((r, i) => {
        bands[i]!.style.transform = `translate(${r.x}px, ${r.y}px) scale(${r.width}, ${r.height})`;
      });
    };

    place();
    const unsubscribe = flow.subscribe((state, previous) => {
      if (state.nodes !== previous.nodes) {
        scheduleNodes();
      } else if (
        frameId === 0 &&
        (state.transform !== previous.transform ||
          state.width !== previous.width ||
          state.height !== previous.height)
      ) {
        // A pan or zoom step: four transforms, at once (no frame callback of its own).
        place();
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
      if (timer !== undefined) clearTimeout(timer);
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
        <svg
          className="ab-minimap__svg"
          width={OVERVIEW_SIZE.width}
          height={OVERVIEW_SIZE.height}
          aria-hidden="true"
        >
          <g ref={nodesRef} />
        </svg>
        <div ref={shadeRef} className="ab-minimap__shade" aria-hidden="true">
          <div />
          <div />
          <div />
          <div />
        </div>
      </div>
    </Panel>
  );
});
