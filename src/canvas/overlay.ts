/**
 * The token overlay: ONE `<canvas>` above React Flow's viewport, drawn by one
 * `requestAnimationFrame` loop outside React (performance.md §6). Layers (the request being
 * traced, traffic mode) register here and draw in flow coordinates; the loop applies the
 * viewport transform, reads node positions from React Flow's store each frame (so tokens
 * follow a drag), and stops when no layer needs motion. Nothing here sets React state.
 */
import type { ReactFlowState } from '@xyflow/react';
import type { Design } from '../model/types';
import type { DesignStore } from '../store';
import { RouteCache, type Anchors, type EdgeEnds, type Polyline } from './edge-geometry';
import { HANDLE_IN, HANDLE_OUT } from './to-flow';

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
  colors: OverlayColors;
  design: Design;
  /** The visible part of the flow, in flow coordinates (to skip what is off screen). */
  view: Rect;
  /** The rectangle of a rendered node or cluster box, in flow coordinates. */
  rect(id: string): Rect | undefined;
  /** The route of a hop along a design edge (the edge's ends from `ends`, else the design). */
  route(edgeId: string, from: string, to: string, ends?: EdgeEnds): Polyline | undefined;
}

export interface OverlayLayer {
  /** Draws one frame; returns true while it needs the next frame (something moves). */
  draw(frame: OverlayFrame): boolean;
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
  /** Starts drawing on `canvas` over the React Flow instance `flow`; returns the detach. */
  attach(canvas: HTMLCanvasElement, flow: FlowStore): () => void;
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
  let wakeUp: (() => void) | undefined;

  return {
    add(layer) {
      layers.add(layer);
      wakeUp?.();
      return () => {
        layers.delete(layer);
        wakeUp?.();
      };
    },
    wake() {
      wakeUp?.();
    },
    attach(canvas, flow) {
      const ctx = canvas.getContext('2d');
      if (!ctx) return () => {};
      const routes = new RouteCache();
      let frameId = 0;
      let last = 0;
      let colors: OverlayColors | undefined;
      let colorsTheme: string | undefined;
      let edgesOf: { design: Design; map: Map<string, EdgeEnds> } | undefined;
      let cssWidth = 0;
      let cssHeight = 0;
      let dpr = 1;

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
        schedule();
      };

      const anchorCache = new Map<string, Anchors | undefined>();
      const anchorsOf = (id: string): Anchors | undefined => {
        if (anchorCache.has(id)) return anchorCache.get(id);
        const node = flow.getState().nodeLookup.get(id);
        let anchors: Anchors | undefined;
        if (node) {
          const p = node.internals.positionAbsolute;
          const w = node.measured?.width ?? node.width ?? 0;
          const h = node.measured?.height ?? node.height ?? 0;
          const bounds = node.internals.handleBounds;
          const out =
            bounds?.source?.find((b) => b.id === HANDLE_OUT) ??
            bounds?.target?.find((b) => b.id === HANDLE_OUT);
          const into =
            bounds?.target?.find((b) => b.id === HANDLE_IN) ??
            bounds?.source?.find((b) => b.id === HANDLE_IN);
          anchors = {
            out: out
              ? { x: p.x + out.x + out.width, y: p.y + out.y + out.height / 2 }
              : { x: p.x + w, y: p.y + h / 2 },
            in: into
              ? { x: p.x + into.x, y: p.y + into.y + into.height / 2 }
              : { x: p.x, y: p.y + h / 2 },
          };
        }
        anchorCache.set(id, anchors);
        return anchors;
      };
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
      const lookup = {
        anchorsOf,
        clusterOf: (id: string) => store.getState().design.nodes.find((n) => n.id === id)?.cluster,
      };

      const draw = (now: number) => {
        frameId = 0;
        const dt = last === 0 ? 0 : Math.min(100, Math.max(0, now - last));
        const theme = document.documentElement.dataset.theme ?? '';
        if (!colors || colorsTheme !== theme) {
          colors = readColors();
          colorsTheme = theme;
        }
        const design = store.getState().design;
        if (!edgesOf || edgesOf.design !== design) {
          edgesOf = { design, map: new Map(design.edges.map((e) => [e.id, e])) };
        }
        const edges = edgesOf.map;
        anchorCache.clear();
        routes.nextFrame();
        const [tx, ty, zoom] = flow.getState().transform;
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
        const frame: OverlayFrame = {
          ctx,
          now,
          dt,
          zoom,
          colors,
          design,
          view: { x: -tx / zoom, y: -ty / zoom, width: cssWidth / zoom, height: cssHeight / zoom },
          rect,
          route: (edgeId, from, to, ends) => {
            const e = ends ?? edges.get(edgeId);
            return e ? routes.get(edgeId, e, from, to, lookup) : undefined;
          },
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
        if (more) {
          last = now;
          frameId = requestAnimationFrame(draw);
        } else {
          last = 0;
        }
      };

      function schedule() {
        if (frameId === 0) frameId = requestAnimationFrame(draw);
      }

      const observer = new ResizeObserver(resize);
      observer.observe(canvas);
      resize();
      const unsubscribeStore = store.subscribe((s, prev) => {
        if (s.simulation !== prev.simulation || s.design !== prev.design || s.ui !== prev.ui)
          schedule();
      });
      const unsubscribeFlow = flow.subscribe(schedule);
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

// --- drawing helpers shared by the layers (flow coordinates)

/** A rounded rectangle around a node, `pad` outside it. */
export function ringPath(ctx: CanvasRenderingContext2D, r: Rect, pad: number, radius: number) {
  ctx.beginPath();
  ctx.roundRect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad, radius);
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
  const scale = 1 / Math.max(0.35, Math.min(frame.zoom, 1.6));
  const font = size * scale;
  ctx.font = `600 ${font}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`;
  const width = ctx.measureText(text).width + 12 * scale;
  const height = font + 8 * scale;
  ctx.beginPath();
  ctx.roundRect(x - width / 2, y - height / 2, width, height, height / 2);
  ctx.fillStyle = background;
  ctx.fill();
  ctx.fillStyle = foreground;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y + 0.5 * scale);
}
