/**
 * The token overlay: ONE `<canvas>` above React Flow's viewport, drawn by one
 * `requestAnimationFrame` loop outside React (performance.md §6). Layers (the request being
 * traced, traffic mode) register here and draw in flow coordinates; the loop applies the
 * viewport transform, reads node positions from React Flow's store each frame (so tokens
 * follow a drag), and stops when no layer needs motion. Nothing here sets React state.
 */
import type { InternalNode, ReactFlowState } from '@xyflow/react';
import type { Design, DesignEdge } from '../model/types';
import type { DesignStore } from '../store';
import {
  RouteCache,
  type Anchors,
  type EdgeEnds,
  type Point,
  type Polyline,
  type RouteHandle,
  type RouteLookup,
  type Sides,
} from './edge-geometry';
import { chooseSides, type Side } from './geometry';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Theme colours, read from the CSS variables when the theme changes. */
export interface OverlayColors {
  request: string;
  ok: string;
  error: string;
  text: string;
  panel: string;
  muted: string;
}

export interface OverlayFrame {
  ctx: CanvasRenderingContext2D;
  /** `performance.now()` of this frame. */
  now: number;
  /** Time since the previous frame, ms (0 on the first, at most 100). */
  dt: number;
  /** The viewport zoom (sizes meant in screen pixels divide by it). */
  zoom: number;
  /** Canvas pixels per screen pixel (`devicePixelRatio`, at most 2). */
  pixelRatio: number;
  colors: OverlayColors;
  design: Design;
  /** The visible part of the flow, in flow coordinates (to skip what is off screen). */
  view: Rect;
  /** The rectangle of a rendered node or cluster box, in flow coordinates. */
  rect(id: string): Rect | undefined;
  /** The route of a hop along a design edge (the edge's ends from `ends`, else the design). */
  route(edgeId: string, from: string, to: string, ends?: EdgeEnds): Polyline | undefined;
  /** A handle on the route of a hop, to keep across frames (one per edge, source and target). */
  hop(edgeId: string, from: string, to: string): RouteHandle;
  /** The route of a kept hop this frame, along the design's edge (no look-up per call). */
  hopRoute(handle: RouteHandle): Polyline | undefined;
}

export interface OverlayLayer {
  /** Draws one frame; returns true while it needs the next frame (something moves). */
  draw(frame: OverlayFrame): boolean;
  /**
   * Draws what changes seldom (labels) on a second canvas over the first, kept between
   * frames: called again only when the view, the nodes, the theme or `stillKey()` change.
   */
  drawStill?(frame: OverlayFrame): void;
  /** A value that changes (by identity) whenever `drawStill` would draw something else. */
  stillKey?(): unknown;
  /**
   * True when the layer has nothing to draw on either canvas. When every layer is idle the
   * loop leaves both canvases blank and draws nothing, however the view moves.
   */
  idle?(): boolean;
}

type FlowStore = {
  getState(): ReactFlowState;
  subscribe(listener: () => void): () => void;
};

/** The overlay of one design store: its layers and, once a canvas is attached, its loop. */
export interface Overlay {
  /** Adds a layer; returns its removal. */
  add(layer: OverlayLayer): () => void;
  /** Draws a frame soon (something changed), restarting the loop if it was idle. */
  wake(): void;
  /**
   * Starts drawing on `canvas` (and the layers' still parts on `still`, a canvas of the same
   * size over it) over the React Flow instance `flow`; returns the detach.
   */
  attach(canvas: HTMLCanvasElement, flow: FlowStore, still?: HTMLCanvasElement): () => void;
}

const overlays = new WeakMap<DesignStore, Overlay>();

/** The overlay of `store` (one per store, created on first use). */
export function getOverlay(store: DesignStore): Overlay {
  let overlay = overlays.get(store);
  if (!overlay) {
    overlay = createOverlay(store);
    overlays.set(store, overlay);
  }
  return overlay;
}

/** Clears a whole canvas, whatever transform it was left with. */
function clearCanvas(target: CanvasRenderingContext2D): void {
  target.setTransform(1, 0, 0, 1, 0, 0);
  target.clearRect(0, 0, target.canvas.width, target.canvas.height);
}

function readColors(): OverlayColors {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    request: v('--ab-accent', '#4f5bd5'),
    ok: v('--ab-ok', '#1a7f37'),
    error: v('--ab-danger', '#c9372c'),
    text: v('--ab-text', '#1c2026'),
    panel: v('--ab-panel', '#ffffff'),
    muted: v('--ab-text-3', '#8a919c'),
  };
}

function createOverlay(store: DesignStore): Overlay {
  const layers = new Set<OverlayLayer>();
  /** Changes when a layer comes or goes (the still canvas is drawn again). */
  let layersVersion = 0;
  let wakeUp: (() => void) | undefined;

  return {
    add(layer) {
      layers.add(layer);
      layersVersion++;
      wakeUp?.();
      return () => {
        layers.delete(layer);
        layersVersion++;
        wakeUp?.();
      };
    },
    wake() {
      wakeUp?.();
    },
    attach(canvas, flow, still) {
      const ctx = canvas.getContext('2d');
      if (!ctx) return () => {};
      const stillCtx = still?.getContext('2d') ?? undefined;
      // What the still canvas was drawn for: redrawn when any of it changes.
      let stillFlow = -1;
      let stillLayers = -1;
      let stillColors: OverlayColors | undefined;
      let stillDesign: Design | undefined;
      const stillKeys = new Map<OverlayLayer, unknown>();
      /** Counts changes of React Flow's state (viewport, nodes), the design and the canvas size. */
      let flowVersion = 0;
      let routesDesign: Design | undefined;
      const routes = new RouteCache();
      let frameId = 0;
      let last = 0;
      let colors: OverlayColors | undefined;
      let colorsTheme: string | undefined;
      let cssWidth = 0;
      let cssHeight = 0;
      let dpr = 1;
      /** Both canvases are blank and hidden (every layer was idle when last drawn). */
      let blank = false;
      const setShown = (shown: boolean) => {
        const visibility = shown ? '' : 'hidden';
        canvas.style.visibility = visibility;
        if (still) still.style.visibility = visibility;
      };

      const resize = () => {
        const box = canvas.getBoundingClientRect();
        dpr = Math.min(window.devicePixelRatio || 1, 2);
        cssWidth = box.width;
        cssHeight = box.height;
        const w = Math.max(1, Math.round(box.width * dpr));
        const h = Math.max(1, Math.round(box.height * dpr));
        if (canvas.width !== w || canvas.height !== h) {
          canvas.width = w;
          canvas.height = h;
        }
        if (still && (still.width !== w || still.height !== h)) {
          still.width = w;
          still.height = h;
        }
        flowVersion++;
        schedule();
      };

      const lookup = createRouteLookup(flow, () => store.getState().design);
      const rect = (id: string): Rect | undefined => {
        const node = flow.getState().nodeLookup.get(id);
        if (!node) return undefined;
        const p = node.internals.positionAbsolute;
        return {
          x: p.x,
          y: p.y,
          width: node.measured?.width ?? node.width ?? 0,
          height: node.measured?.height ?? node.height ?? 0,
        };
      };

      const draw = (now: number) => {
        frameId = 0;
        if (allIdle()) {
          // Nothing to show: blank once, then leave the canvases alone (a pan or zoom step
          // would otherwise clear and re-upload both of them for nothing).
          last = 0;
          if (!blank) {
            blank = true;
            // Hidden as well: a visible canvas is handed to the compositor on every frame.
            setShown(false);
            clearCanvas(ctx);
            if (stillCtx) clearCanvas(stillCtx);
            stillFlow = -1;
          }
          return;
        }
        if (blank) {
          blank = false;
          setShown(true);
        }
        const dt = last === 0 ? 0 : Math.min(100, Math.max(0, now - last));
        const theme = document.documentElement.dataset.theme ?? '';
        if (!colors || colorsTheme !== theme) {
          colors = readColors();
          colorsTheme = theme;
        }
        const design = store.getState().design;
        const edges = edgesById(design);
        if (design !== routesDesign) {
          routesDesign = design;
          flowVersion++;
        }
        // Routes are checked against the nodes again only after React Flow's state changed.
        routes.nextFrame(flowVersion);
        const [tx, ty, zoom] = flow.getState().transform;
        clearCanvas(ctx);
        ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
        const frame: OverlayFrame = {
          ctx,
          now,
          dt,
          zoom,
          pixelRatio: dpr,
          colors,
          design,
          view: { x: -tx / zoom, y: -ty / zoom, width: cssWidth / zoom, height: cssHeight / zoom },
          rect,
          route: (edgeId, from, to, ends) =>
            ends
              ? routes.get(edgeId, ends, from, to, lookup)
              : routes.lineIn(routes.handle(edgeId, from, to), edges, lookup),
          hop: (edgeId, from, to) => routes.handle(edgeId, from, to),
          hopRoute: (handle) => routes.lineIn(handle, edges, lookup),
        };
        let more = false;
        for (const layer of layers) {
          ctx.save();
          try {
            if (layer.draw(frame)) more = true;
          } catch {
            // A layer that fails must not stop the canvas: it draws nothing this frame.
          }
          ctx.restore();
        }
        if (stillCtx) drawStill(stillCtx, frame);
        else {
          // No second canvas: the still parts are drawn over the rest, every frame.
          for (const layer of layers) {
            if (!layer.drawStill) continue;
            ctx.save();
            try {
              layer.drawStill(frame);
            } catch {
              // As for `draw`: a failing layer draws nothing.
            }
            ctx.restore();
          }
        }
        if (more) {
          last = now;
          frameId = requestAnimationFrame(draw);
        } else {
          last = 0;
        }
      };

      /** Draws the layers' still parts again when anything they depend on changed. */
      function drawStill(target: CanvasRenderingContext2D, frame: OverlayFrame) {
        let changed =
          stillFlow !== flowVersion ||
          stillLayers !== layersVersion ||
          stillColors !== frame.colors ||
          stillDesign !== frame.design;
        for (const layer of layers) {
          if (!layer.drawStill) continue;
          const key = layer.stillKey?.();
          if (stillKeys.get(layer) !== key || !stillKeys.has(layer)) changed = true;
          stillKeys.set(layer, key);
        }
        if (!changed) return;
        stillFlow = flowVersion;
        stillLayers = layersVersion;
        stillColors = frame.colors;
        stillDesign = frame.design;
        for (const layer of stillKeys.keys()) if (!layers.has(layer)) stillKeys.delete(layer);
        const [tx, ty, zoom] = flow.getState().transform;
        clearCanvas(target);
        target.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
        const stillFrame: OverlayFrame = { ...frame, ctx: target };
        for (const layer of layers) {
          if (!layer.drawStill) continue;
          target.save();
          try {
            layer.drawStill(stillFrame);
          } catch {
            // As for `draw`: a failing layer draws nothing.
          }
          target.restore();
        }
      }

      function schedule() {
        if (frameId === 0) frameId = requestAnimationFrame(draw);
      }

      function allIdle() {
        for (const layer of layers) if (layer.idle?.() !== true) return false;
        return true;
      }

      const observer = new ResizeObserver(resize);
      observer.observe(canvas);
      resize();
      const unsubscribeStore = store.subscribe((s, prev) => {
        if (s.simulation !== prev.simulation || s.design !== prev.design || s.ui !== prev.ui)
          schedule();
      });
      const unsubscribeFlow = flow.subscribe(() => {
        flowVersion++;
        // Blank with nothing to draw: a pan or zoom step needs no frame at all.
        if (!(blank && allIdle())) schedule();
      });
      wakeUp = schedule;
      schedule();

      return () => {
        wakeUp = undefined;
        if (frameId !== 0) cancelAnimationFrame(frameId);
        frameId = 0;
        observer.disconnect();
        unsubscribeStore();
        unsubscribeFlow();
      };
    },
  };
}

// --- routes: anchors, clusters and sides read from React Flow and the design

const edgeIndex = new WeakMap<Design, ReadonlyMap<string, DesignEdge>>();

/** The edges of a design by id (built once per design object). */
export function edgesById(design: Design): ReadonlyMap<string, DesignEdge> {
  let map = edgeIndex.get(design);
  if (!map) {
    map = new Map(design.edges.map((e) => [e.id, e]));
    edgeIndex.set(design, map);
  }
  return map;
}

const clusterIndex = new WeakMap<Design, ReadonlyMap<string, string>>();

/** The cluster of each clustered component of a design (built once per design object). */
function clustersById(design: Design): ReadonlyMap<string, string> {
  let map = clusterIndex.get(design);
  if (!map) {
    const next = new Map<string, string>();
    for (const n of design.nodes) if (n.cluster !== undefined) next.set(n.id, n.cluster);
    clusterIndex.set(design, (map = next));
  }
  return map;
}

function isSide(handle: string | null | undefined): handle is Side {
  return handle === 'top' || handle === 'right' || handle === 'bottom' || handle === 'left';
}

interface AnchorMemo {
  node: InternalNode;
  x: number;
  y: number;
  width: number;
  height: number;
  bounds: unknown;
  anchors: Anchors;
}

/**
 * The handle points of a node, as React Flow places an edge's ends (`getHandlePosition`):
 * the handle with the side's id (handles are all `source` in loose mode, so both lists are
 * searched), at the middle of its outer edge; the middle of the box's side when the node has
 * no such handle (not measured yet).
 */
function anchorsFor(node: InternalNode, width: number, height: number): Anchors {
  const p = node.internals.positionAbsolute;
  const bounds = node.internals.handleBounds;
  const point = (side: Side): Point => {
    const h =
      bounds?.source?.find((b) => b.id === side) ?? bounds?.target?.find((b) => b.id === side);
    const x = p.x + (h?.x ?? 0);
    const y = p.y + (h?.y ?? 0);
    const w = h?.width ?? width;
    const hh = h?.height ?? height;
    switch (h?.position ?? side) {
      case 'top':
        return { x: x + w / 2, y };
      case 'right':
        return { x: x + w, y: y + hh / 2 };
      case 'bottom':
        return { x: x + w / 2, y: y + hh };
      default:
        return { x, y: y + hh / 2 };
    }
  };
  return { top: point('top'), right: point('right'), bottom: point('bottom'), left: point('left') };
}

/**
 * What routes need, read live from React Flow's store: handle points (the same object while
 * a node neither moves nor changes size or handles), the sides each edge is drawn between
 * (its `sourceHandle` / `targetHandle` in `edgeLookup`; `chooseSides` on the boxes for an
 * edge the canvas does not show, e.g. one deleted since a traced request) and clusters.
 */
export function createRouteLookup(flow: FlowStore, design: () => Design): RouteLookup {
  const memo = new Map<string, AnchorMemo>();
  const sidesMemo = new WeakMap<object, Sides>();
  const anchorsOf = (id: string): Anchors | undefined => {
    const node = flow.getState().nodeLookup.get(id);
    if (!node) return undefined;
    const p = node.internals.positionAbsolute;
    const width = node.measured?.width ?? node.width ?? 0;
    const height = node.measured?.height ?? node.height ?? 0;
    const bounds = node.internals.handleBounds;
    const m = memo.get(id);
    if (
      m &&
      m.node === node &&
      m.x === p.x &&
      m.y === p.y &&
      m.width === width &&
      m.height === height &&
      m.bounds === bounds
    )
      return m.anchors;
    if (memo.size > 2 * flow.getState().nodeLookup.size + 64) memo.clear();
    const anchors = anchorsFor(node, width, height);
    memo.set(id, { node, x: p.x, y: p.y, width, height, bounds, anchors });
    return anchors;
  };
  return {
    anchorsOf,
    clusterOf: (id) => clustersById(design()).get(id),
    sidesOf(edgeId, edge) {
      const drawn = flow.getState().edgeLookup.get(edgeId);
      if (
        drawn &&
        drawn.source === edge.source &&
        drawn.target === edge.target &&
        isSide(drawn.sourceHandle) &&
        isSide(drawn.targetHandle)
      ) {
        let sides = sidesMemo.get(drawn);
        if (!sides) {
          sides = { source: drawn.sourceHandle, target: drawn.targetHandle };
          sidesMemo.set(drawn, sides);
        }
        return sides;
      }
      const source = flow.getState().nodeLookup.get(edge.source);
      const target = flow.getState().nodeLookup.get(edge.target);
      if (!source || !target) return undefined;
      const box = (n: InternalNode) => ({
        ...n.internals.positionAbsolute,
        width: n.measured?.width ?? n.width ?? 0,
        height: n.measured?.height ?? n.height ?? 0,
      });
      return chooseSides(box(source), box(target));
    },
  };
}

// --- drawing helpers shared by the layers (flow coordinates)

/** A rounded rectangle around a node, `pad` outside it. */
export function ringPath(ctx: CanvasRenderingContext2D, r: Rect, pad: number, radius: number) {
  ctx.beginPath();
  ctx.roundRect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad, radius);
}

/** The size of a pill label of font size `size` (screen px) at the frame's zoom, flow units. */
export interface PillStyle {
  /** Flow units per screen pixel, within the zoom range where labels keep their size. */
  scale: number;
  /** The canvas font. */
  font: string;
  /** Font size, flow units. */
  fontSize: number;
  /** Padding added to the text's width. */
  padX: number;
  height: number;
}

export function pillStyle(zoom: number, size = 11): PillStyle {
  const scale = 1 / Math.max(0.35, Math.min(zoom, 1.6));
  const fontSize = size * scale;
  return {
    scale,
    font: `600 ${fontSize}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`,
    fontSize,
    padX: 12 * scale,
    height: fontSize + 8 * scale,
  };
}

/**
 * A small label in a pill, centred on (x, y): `size` is the font size in screen pixels, so
 * the label stays readable at any zoom.
 */
export function drawPill(
  frame: OverlayFrame,
  text: string,
  x: number,
  y: number,
  background: string,
  foreground: string,
  size = 11,
) {
  const { ctx } = frame;
  const style = pillStyle(frame.zoom, size);
  ctx.font = style.font;
  const width = ctx.measureText(text).width + style.padX;
  const height = style.height;
  ctx.beginPath();
  ctx.roundRect(x - width / 2, y - height / 2, width, height, height / 2);
  ctx.fillStyle = background;
  ctx.fill();
  ctx.fillStyle = foreground;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y + 0.5 * style.scale);
}
