/**
 * The overlay layer of the request being traced: a token moves along each hop in turn (the
 * request in the accent colour, the response green, or red when it carries an error), the
 * component it is at is ringed, and the hops already travelled stay highlighted. When the
 * token reaches the end of a hop the layer tells the store (`advanceRun`), which reveals the
 * next line of the trace: one store update per hop, none per frame.
 *
 * With reduced motion nothing slides: a sent run is shown whole, and stepping or playing
 * lights up one hop at a time.
 */
import type { DesignStore, SimEvent, SimulationRun } from '../store';
import { drawPill, edgesById, ringPath, type OverlayFrame, type OverlayLayer } from './overlay';
import { pointAt } from './edge-geometry';

/** How long each kind of event takes on screen at 1×, ms. */
export function eventDuration(event: SimEvent): number {
  switch (event.type) {
    case 'hop':
      return event.direction === 'request' ? 900 : 550;
    case 'served':
      return 650;
    case 'failed':
      return 900;
    case 'response':
      return 500;
  }
}

function hopColor(frame: OverlayFrame, event: SimEvent): string {
  if (event.type === 'hop' && event.direction === 'response')
    return event.status === 200 ? frame.colors.ok : frame.colors.error;
  return frame.colors.request;
}

/** What the token carries, for its label. */
function tokenLabel(event: Extract<SimEvent, { type: 'hop' }>): string {
  if (event.direction === 'response') return event.status === 200 ? '200 OK' : `${event.status}`;
  return event.action ?? event.note;
}

export function createRequestLayer(store: DesignStore): OverlayLayer {
  let runId = -1;
  let cursor = -1;
  let progress = 0;
  const at = { x: 0, y: 0 };

  function drawTrail(frame: OverlayFrame, run: SimulationRun, upTo: number) {
    const { ctx } = frame;
    const events = run.result.events;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    // Request hops first (wide, faint), then responses over them (narrow, stronger).
    for (const pass of ['request', 'response'] as const) {
      for (let i = 0; i < upTo; i++) {
        const e = events[i]!;
        if (e.type !== 'hop' || e.direction !== pass || e.edge === undefined) continue;
        const line = frame.route(e.edge, e.from, e.to, ends(run, e.edge));
        if (!line) continue;
        ctx.beginPath();
        ctx.moveTo(line.xs[0]!, line.ys[0]!);
        for (let k = 1; k < line.xs.length; k++) ctx.lineTo(line.xs[k]!, line.ys[k]!);
        ctx.strokeStyle = hopColor(frame, e);
        ctx.globalAlpha = pass === 'request' ? 0.28 : 0.55;
        ctx.lineWidth = pass === 'request' ? 7 : 3;
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
  }

  function ring(frame: OverlayFrame, id: string, color: string, label?: string) {
    const r = frame.rect(id);
    if (!r) return;
    const { ctx } = frame;
    ringPath(ctx, r, 6, 15);
    ctx.globalAlpha = 0.1;
    ctx.fillStyle = color;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = 3;
    ctx.strokeStyle = color;
    ctx.stroke();
    if (label) drawPill(frame, label, r.x + r.width / 2, r.y - 16, color, frame.colors.panel);
  }

  function drawToken(frame: OverlayFrame, x: number, y: number, color: string, label: string) {
    const { ctx } = frame;
    ctx.beginPath();
    ctx.arc(x, y, 15, 0, Math.PI * 2);
    ctx.globalAlpha = 0.2;
    ctx.fillStyle = color;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, Math.PI * 2);
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = frame.colors.panel;
    ctx.stroke();
    drawPill(frame, label, x, y - 24, color, frame.colors.panel);
  }

  function drawEvent(
    frame: OverlayFrame,
    run: SimulationRun,
    event: SimEvent,
    p: number,
    still: boolean,
  ) {
    switch (event.type) {
      case 'hop': {
        const color = hopColor(frame, event);
        const line =
          event.edge !== undefined
            ? frame.route(event.edge, event.from, event.to, ends(run, event.edge))
            : undefined;
        if (still) {
          // Reduced motion: the whole hop lights up at once, its label at its middle.
          ring(frame, event.to, color);
          if (!line) return;
          const { ctx } = frame;
          ctx.beginPath();
          ctx.moveTo(line.xs[0]!, line.ys[0]!);
          for (let k = 1; k < line.xs.length; k++) ctx.lineTo(line.xs[k]!, line.ys[k]!);
          ctx.strokeStyle = color;
          ctx.lineWidth = 4;
          ctx.lineCap = 'round';
          ctx.stroke();
          pointAt(line, 0.5, at);
          drawPill(frame, tokenLabel(event), at.x, at.y - 14, color, frame.colors.panel);
          return;
        }
        ring(frame, p < 0.5 ? event.from : event.to, color);
        if (!line) return;
        pointAt(line, easeInOut(p), at);
        drawToken(frame, at.x, at.y, color, tokenLabel(event));
        return;
      }
      case 'served':
        ring(frame, event.at, frame.colors.ok, 'served here');
        return;
      case 'failed':
        ring(frame, event.at, frame.colors.error, `${event.status}: ${event.reason}`);
        return;
      case 'response':
        drawOutcome(frame, run);
        return;
    }
  }

  function drawOutcome(frame: OverlayFrame, run: SimulationRun) {
    const last = run.result.events[run.result.events.length - 1];
    if (last?.type !== 'response') return;
    if (last.servedBy !== undefined) ring(frame, last.servedBy, frame.colors.ok, 'served here');
    if (last.failedAt !== undefined)
      ring(frame, last.failedAt, frame.colors.error, `${last.status}: ${last.reason ?? 'failed'}`);
    const user = firstHop(run)?.from;
    if (user !== undefined)
      ring(
        frame,
        user,
        last.status === 200 ? frame.colors.ok : frame.colors.error,
        last.status === 200 ? `200 OK · ${formatTotal(last.totalMs)}` : `${last.status} failed`,
      );
  }

  return {
    idle() {
      return store.getState().simulation.run === undefined;
    },
    draw(frame) {
      const { simulation } = store.getState();
      const run = simulation.run;
      if (!run) {
        runId = -1;
        return false;
      }
      if (run.id !== runId || run.cursor !== cursor) {
        runId = run.id;
        cursor = run.cursor;
        progress = 0;
      }
      const events = run.result.events;
      // With reduced motion a playing run still advances hop by hop, but nothing slides.
      const moving = simulation.playing && cursor < events.length;
      if (moving) {
        const event = events[cursor]!;
        progress += (frame.dt * simulation.speed) / eventDuration(event);
        if (progress >= 1) {
          progress = 1;
          store.getState().advanceRun(run.id, cursor);
        }
      }
      if (cursor >= events.length) {
        drawTrail(frame, run, events.length);
        drawOutcome(frame, run);
      } else if (simulation.reducedMotion) {
        // Nothing slides: the last hop the trace shows is lit, the ones before it faint.
        drawTrail(frame, run, Math.max(0, cursor - 1));
        if (cursor > 0) drawEvent(frame, run, events[cursor - 1]!, 1, true);
      } else {
        drawTrail(frame, run, cursor);
        drawEvent(frame, run, events[cursor]!, progress, false);
      }
      return moving;
    },
  };
}

/** The edge as it was when the request ran (it may have been deleted since). */
function ends(run: SimulationRun, edgeId: string) {
  return edgesById(run.design).get(edgeId);
}

function firstHop(run: SimulationRun) {
  const e = run.result.events[0];
  return e?.type === 'hop' ? e : undefined;
}

function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}

function formatTotal(ms: number): string {
  return `${Number.isInteger(ms) ? ms : ms.toFixed(1)} ms`;
}
