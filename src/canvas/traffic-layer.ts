/**
 * The overlay layer of traffic mode: many tokens at once, batched by colour (one path and one
 * `fill` per colour, a small square per token: performance.md §6), and on each component its
 * requests and errors per second, from the stats the runner publishes four times a second.
 * With reduced motion no token moves: the edges carrying traffic are highlighted instead,
 * thicker for more requests per second.
 */
import type { DesignStore } from '../store';
import { TOKEN_HOP_MS, type TrafficRunner } from '../store/traffic-runner';
import { pointAt } from './edge-geometry';
import { drawPill, ringPath, type OverlayFrame, type OverlayLayer } from './overlay';

const TOKEN = 7;

function formatRate(x: number): string {
  if (x >= 100) return `${Math.round(x)}`;
  if (x >= 10) return x.toFixed(0);
  return x.toFixed(1).replace(/\.0$/, '');
}

export function createTrafficLayer(store: DesignStore, runner: TrafficRunner): OverlayLayer {
  const at = { x: 0, y: 0 };
  // Token positions by colour, reused every frame (no garbage per token).
  let request = new Float64Array(2048);
  let ok = new Float64Array(2048);
  let error = new Float64Array(2048);

  const grow = (buffer: Float64Array<ArrayBuffer>, needed: number): Float64Array<ArrayBuffer> => {
    if (buffer.length >= needed) return buffer;
    const next = new Float64Array(Math.max(needed, buffer.length * 2));
    next.set(buffer);
    return next;
  };

  function drawTokens(frame: OverlayFrame) {
    const tokens = runner.tokens;
    const clock = runner.clock;
    const view = frame.view;
    const margin = 40;
    request = grow(request, tokens.length * 2);
    ok = grow(ok, tokens.length * 2);
    error = grow(error, tokens.length * 2);
    let nRequest = 0;
    let nOk = 0;
    let nError = 0;
    for (const token of tokens) {
      const t = (clock - token.start) / TOKEN_HOP_MS;
      const index = Math.floor(t);
      const hop = token.hops[index];
      if (!hop) continue;
      const line = frame.route(hop.edge, hop.from, hop.to);
      if (!line) continue;
      pointAt(line, t - index, at);
      if (
        at.x < view.x - margin ||
        at.y < view.y - margin ||
        at.x > view.x + view.width + margin ||
        at.y > view.y + view.height + margin
      )
        continue;
      if (hop.direction === 'request') {
        request[nRequest++] = at.x;
        request[nRequest++] = at.y;
      } else if (token.ok) {
        ok[nOk++] = at.x;
        ok[nOk++] = at.y;
      } else {
        error[nError++] = at.x;
        error[nError++] = at.y;
      }
    }
    const { ctx } = frame;
    const batches: Array<[Float64Array, number, string]> = [
      [request, nRequest, frame.colors.request],
      [ok, nOk, frame.colors.ok],
      [error, nError, frame.colors.error],
    ];
    ctx.globalAlpha = 0.85;
    for (const [points, n, color] of batches) {
      if (n === 0) continue;
      ctx.beginPath();
      for (let i = 0; i < n; i += 2)
        ctx.rect(points[i]! - TOKEN / 2, points[i + 1]! - TOKEN / 2, TOKEN, TOKEN);
      ctx.fillStyle = color;
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }

  function drawEdgeLoad(frame: OverlayFrame) {
    const stats = runner.stats;
    if (!stats) return;
    const { ctx } = frame;
    ctx.lineCap = 'round';
    ctx.strokeStyle = frame.colors.request;
    ctx.globalAlpha = 0.35;
    for (const edge of frame.design.edges) {
      const rate = Object.hasOwn(stats.edges, edge.id) ? stats.edges[edge.id]! : 0;
      if (rate <= 0) continue;
      const line = frame.route(edge.id, edge.source, edge.target);
      if (!line) continue;
      ctx.beginPath();
      ctx.moveTo(line.xs[0]!, line.ys[0]!);
      for (let k = 1; k < line.xs.length; k++) ctx.lineTo(line.xs[k]!, line.ys[k]!);
      ctx.lineWidth = 2 + 2.2 * Math.log10(1 + rate);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  function drawCounters(frame: OverlayFrame) {
    const stats = runner.stats;
    if (!stats) return;
    const { ctx, colors } = frame;
    for (const node of frame.design.nodes) {
      if (!Object.hasOwn(stats.components, node.id)) continue;
      const c = stats.components[node.id]!;
      const r = frame.rect(node.id);
      if (!r) continue;
      const errors = c.errorsPerSecond > 0;
      if (errors) {
        ringPath(ctx, r, 5, 14);
        ctx.lineWidth = 2.5;
        ctx.strokeStyle = colors.error;
        ctx.stroke();
      }
      const text = errors
        ? `${formatRate(c.requestsPerSecond)}/s · ${formatRate(c.errorsPerSecond)} err/s`
        : `${formatRate(c.requestsPerSecond)} req/s`;
      drawPill(
        frame,
        text,
        r.x + r.width / 2,
        r.y + r.height + 13,
        errors ? colors.error : colors.text,
        colors.panel,
        10.5,
      );
    }
  }

  return {
    draw(frame) {
      const more = runner.tick(frame.dt);
      const { reducedMotion } = store.getState().simulation;
      if (reducedMotion) {
        if (runner.running) drawEdgeLoad(frame);
      } else drawTokens(frame);
      if (runner.running) drawCounters(frame);
      return more;
    },
  };
}
