/**
 * The overlay layer of traffic mode: many tokens at once, batched by colour (one path and one
 * `fill` per colour, a small square per token: performance.md §6), and on each component its
 * requests and errors per second, from the stats the runner publishes four times a second.
 * With reduced motion no token moves: the edges carrying traffic are highlighted instead,
 * thicker for more requests per second.
 *
 * Per frame the cost is per token: a route look-up, a point on it, and a square in its
 * colour's path. Tokens that land on the same canvas pixel as one already in the path add
 * nothing to the union that is filled (a busy edge carries hundreds on top of each other),
 * so they are left out. Counter labels are rebuilt only when the stats change, their text
 * widths measured once per text and font, and drawn in a few batched paths.
 */
import type { TimedHop, TrafficStats } from '../sim';
import type { DesignStore } from '../store';
import { TOKEN_HOP_MS, type TrafficRunner, type TrafficToken } from '../store/traffic-runner';
import { sampleAt, type Polyline, type RouteHandle } from './edge-geometry';
import { pillStyle, type OverlayFrame, type OverlayLayer } from './overlay';

const TOKEN = 7;
/** Font size of the counters, screen px. */
const COUNTER_SIZE = 10.5;
/** Flow units around the view where tokens and labels are still drawn (half on screen). */
const MARGIN = 40;

function formatRate(x: number): string {
  if (x >= 100) return `${Math.round(x)}`;
  if (x >= 10) return x.toFixed(0);
  return x.toFixed(1).replace(/\.0$/, '');
}

/**
 * The canvas pixels already holding a token of one colour this frame: an open-addressing
 * set of integer pixel coordinates, emptied in O(1) by a generation stamp.
 */
export class PixelSet {
  private keys = new Float64Array(0);
  private stamps = new Uint32Array(0);
  private mask = 0;
  private shift = 32;
  private generation = 0;

  /** Empties the set, sized for up to `count` pixels. */
  reset(count: number): void {
    let size = 1024;
    while (size < 2 * count) size *= 2;
    if (size > this.keys.length) {
      this.keys = new Float64Array(size);
      this.stamps = new Uint32Array(size);
      this.mask = size - 1;
      this.shift = 32 - Math.log2(size);
      this.generation = 0;
    }
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  /** Adds pixel (px, py) (integers); false when it was already there. */
  add(px: number, py: number): boolean {
    const key = px * 4194304 + py;
    const { keys, stamps, mask, generation } = this;
    let i = (Math.imul(px, 0x9e3779b1) ^ Math.imul(py, 0x85ebca6b)) >>> this.shift;
    while (stamps[i] === generation) {
      if (keys[i] === key) return false;
      i = (i + 1) & mask;
    }
    stamps[i] = generation;
    keys[i] = key;
    return true;
  }
}

/** Token centres of one colour, reused every frame (no garbage per token). */
class TokenBatch {
  points = new Float64Array(4096);
  n = 0;
  readonly pixels = new PixelSet();

  reset(tokens: number): void {
    if (this.points.length < 2 * tokens)
      this.points = new Float64Array(Math.max(2 * tokens, 2 * this.points.length));
    this.n = 0;
    this.pixels.reset(tokens);
  }

  /** Adds a token at (x, y) unless one already covers that canvas pixel (`k` px per unit). */
  add(x: number, y: number, k: number): void {
    if (!this.pixels.add(Math.round(x * k), Math.round(y * k))) return;
    this.points[this.n++] = x;
    this.points[this.n++] = y;
  }
}

/** Colour of a hop's token: the request, a response of a served or of a failed request. */
const REQUEST = 0;
const OK = 1;
const ERROR = 2;
function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

/** Routes kept by number before starting again (designs edited for a long time). */
const MAX_SLOTS = 8192;

/**
 * The runner's tokens as flat arrays, kept in step with its list every frame: start times,
 * and for each hop its route slot and colour. Placing thousands of tokens then reads a few
 * typed arrays in order instead of chasing each token's objects. The runner only appends
 * tokens and drops finished ones, keeping the order, so one walk beside the previous list
 * finds every token already known (by identity) and only new ones are resolved.
 */
export class TokenTable {
  /** Tokens, in the runner's order. */
  n = 0;
  starts = new Float64Array(1024);
  /** Index of each token's first hop in `hopSlot` / `hopColor`. */
  base = new Int32Array(1024);
  count = new Int32Array(1024);
  hopSlot = new Int32Array(8192);
  hopColor = new Uint8Array(8192);
  private refs: TrafficToken[] = [];
  private hopEnd = 0;
  // The arrays of the next sync (swapped, so nothing is allocated per frame).
  private nextRefs: TrafficToken[] = [];
  private nextStarts = new Float64Array(1024);
  private nextBase = new Int32Array(1024);
  private nextCount = new Int32Array(1024);
  private from = new Int32Array(1024);

  clear(): void {
    this.n = 0;
    this.refs.length = 0;
    this.hopEnd = 0;
  }

  /** Brings the table in step with `tokens`; `slotOf` numbers the route of a new token's hop. */
  sync(tokens: readonly TrafficToken[], slotOf: (hop: TimedHop) => number): void {
    const m = tokens.length;
    if (this.from.length < m) this.from = new Int32Array(Math.max(m, 2 * this.from.length));
    if (this.nextStarts.length < m) {
      // (The arrays swapped in next time may be the smaller ones: each pair grows on its own.)
      const size = Math.max(m, 2 * this.nextStarts.length);
      this.nextStarts = new Float64Array(size);
      this.nextBase = new Int32Array(size);
      this.nextCount = new Int32Array(size);
    }
    const { from, refs } = this;
    const known = this.n;
    let j = 0;
    let added = 0;
    for (let i = 0; i < m; i++) {
      const token = tokens[i]!;
      while (j < known && refs[j] !== token) j++;
      if (j < known) from[i] = j++;
      else {
        from[i] = -1;
        added += token.hops.length;
      }
    }
    if (this.hopEnd + added > this.hopSlot.length) this.compact(m, added);

    const { starts, base, count, nextStarts, nextBase, nextCount, nextRefs } = this;
    nextRefs.length = m;
    for (let i = 0; i < m; i++) {
      const token = tokens[i]!;
      nextRefs[i] = token;
      const f = from[i]!;
      if (f >= 0) {
        nextStarts[i] = starts[f]!;
        nextBase[i] = base[f]!;
        nextCount[i] = count[f]!;
        continue;
      }
      nextStarts[i] = token.start;
      nextBase[i] = this.hopEnd;
      nextCount[i] = token.hops.length;
      for (const hop of token.hops) {
        this.hopSlot[this.hopEnd] = slotOf(hop);
        this.hopColor[this.hopEnd] = hop.direction === 'request' ? REQUEST : token.ok ? OK : ERROR;
        this.hopEnd++;
      }
    }
    this.nextRefs = refs;
    this.refs = nextRefs;
    this.nextStarts = starts;
    this.starts = nextStarts;
    this.nextBase = base;
    this.base = nextBase;
    this.nextCount = count;
    this.count = nextCount;
    this.n = m;
  }

  /** Moves the hops of the tokens still there (`from[i] >= 0`) to the front, room for `added`. */
  private compact(m: number, added: number): void {
    const { from, base, count } = this;
    let live = 0;
    for (let i = 0; i < m; i++) if (from[i]! >= 0) live += count[from[i]!]!;
    let size = this.hopSlot.length;
    while (size < 2 * (live + added)) size *= 2;
    const slot = new Int32Array(size);
    const color = new Uint8Array(size);
    let end = 0;
    for (let i = 0; i < m; i++) {
      const f = from[i]!;
      if (f < 0) continue;
      const b = base[f]!;
      const c = count[f]!;
      slot.set(this.hopSlot.subarray(b, b + c), end);
      color.set(this.hopColor.subarray(b, b + c), end);
      base[f] = end;
      end += c;
    }
    this.hopSlot = slot;
    this.hopColor = color;
    this.hopEnd = end;
  }
}

interface Counter {
  id: string;
  text: string;
  errors: boolean;
}

export function createTrafficLayer(store: DesignStore, runner: TrafficRunner): OverlayLayer {
  const at = { x: 0, y: 0 };
  const request = new TokenBatch();
  const ok = new TokenBatch();
  const error = new TokenBatch();

  // Routes by slot number, each looked up at most once per frame; their samples are copied
  // into one array (`atlas`) so that placing a token touches one small piece of memory.
  const slots = new Map<RouteHandle, number>();
  const slotHandles: RouteHandle[] = [];
  const slotLines: (Polyline | undefined)[] = [];
  let slotFrames = new Int32Array(256);
  let slotOffsets = new Int32Array(256);
  /** Pieces of each slot's samples, or -1 when it has no route. */
  let slotPieces = new Int32Array(256);
  let atlas = new Float32Array(16384);
  let atlasEnd = 0;
  let frameNumber = 0;
  const table = new TokenTable();

  const slotOf = (frame: OverlayFrame, hop: TimedHop): number => {
    const handle = frame.hop(hop.edge, hop.from, hop.to);
    let slot = slots.get(handle);
    if (slot === undefined) {
      slot = slotHandles.length;
      slots.set(handle, slot);
      slotHandles.push(handle);
      slotLines.push(undefined);
      if (slot >= slotFrames.length) {
        slotFrames = grown(slotFrames);
        slotOffsets = grown(slotOffsets);
        slotPieces = grown(slotPieces);
      }
      slotFrames[slot] = 0;
    }
    return slot;
  };

  /** Checks a slot's route this frame; copies its samples into the atlas when it changed. */
  const refresh = (frame: OverlayFrame, slot: number) => {
    slotFrames[slot] = frameNumber;
    const line = frame.hopRoute(slotHandles[slot]!);
    if (!line) {
      slotPieces[slot] = -1;
      slotLines[slot] = undefined;
      return;
    }
    if (line === slotLines[slot]) return;
    const { samples } = line;
    if (atlasEnd + samples.length > atlas.length) {
      // Full: keep only the samples of the slots' current routes, in a larger array if need be.
      let live = samples.length;
      for (const l of slotLines) if (l) live += l.samples.length;
      const next = new Float32Array(Math.max(atlas.length, 2 * live));
      atlasEnd = 0;
      for (let s = 0; s < slotLines.length; s++) {
        const l = slotLines[s];
        if (!l) continue;
        next.set(l.samples, atlasEnd);
        slotOffsets[s] = atlasEnd;
        atlasEnd += l.samples.length;
      }
      atlas = next;
    }
    atlas.set(samples, atlasEnd);
    slotOffsets[slot] = atlasEnd;
    slotPieces[slot] = samples.length / 2 - 1;
    slotLines[slot] = line;
    atlasEnd += samples.length;
  };

  function drawTokens(frame: OverlayFrame) {
    frameNumber++;
    if (slotHandles.length > MAX_SLOTS) {
      // Routes of designs long gone: start again (the tokens are resolved again below).
      slots.clear();
      slotHandles.length = 0;
      slotLines.length = 0;
      atlasEnd = 0;
      table.clear();
    }
    table.sync(runner.tokens, (hop) => slotOf(frame, hop));
    const { n, starts, base, count, hopSlot, hopColor } = table;
    const clock = runner.clock;
    const { view } = frame;
    const left = view.x - MARGIN;
    const top = view.y - MARGIN;
    const right = view.x + view.width + MARGIN;
    const bottom = view.y + view.height + MARGIN;
    const k = frame.zoom * frame.pixelRatio;
    const batches = [request, ok, error] as const;
    for (const batch of batches) batch.reset(n);
    for (let i = 0; i < n; i++) {
      const t = (clock - starts[i]!) / TOKEN_HOP_MS;
      const index = Math.floor(t);
      if (index < 0 || index >= count[i]!) continue;
      const h = base[i]! + index;
      const slot = hopSlot[h]!;
      if (slotFrames[slot] !== frameNumber) refresh(frame, slot);
      const pieces = slotPieces[slot]!;
      if (pieces < 0) continue;
      sampleAt(atlas, slotOffsets[slot]!, pieces, t - index, at);
      const { x, y } = at;
      if (x < left || y < top || x > right || y > bottom) continue;
      batches[hopColor[h]!]!.add(x, y, k);
    }
    const { ctx } = frame;
    ctx.globalAlpha = 0.85;
    for (const [batch, color] of [
      [request, frame.colors.request],
      [ok, frame.colors.ok],
      [error, frame.colors.error],
    ] as const) {
      if (batch.n === 0) continue;
      const { points, n } = batch;
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

  // Counter labels: rebuilt when the stats or the design change, not every frame.
  let counters: Counter[] = [];
  let countersOf: { stats: TrafficStats; nodes: unknown } | undefined;
  const widths = new Map<string, number>();
  let widthsFont = '';
  // Per frame: where each shown counter goes (x, y of its centre, width), reused.
  let placed = new Float64Array(0);

  function countersFor(frame: OverlayFrame, stats: TrafficStats): Counter[] {
    const nodes = frame.design.nodes;
    if (countersOf?.stats === stats && countersOf.nodes === nodes) return counters;
    const next: Counter[] = [];
    for (const node of nodes) {
      if (!Object.hasOwn(stats.components, node.id)) continue;
      const c = stats.components[node.id]!;
      const errors = c.errorsPerSecond > 0;
      next.push({
        id: node.id,
        errors,
        text: errors
          ? `${formatRate(c.requestsPerSecond)}/s · ${formatRate(c.errorsPerSecond)} err/s`
          : `${formatRate(c.requestsPerSecond)} req/s`,
      });
    }
    counters = next;
    countersOf = { stats, nodes };
    return next;
  }

  function drawCounters(frame: OverlayFrame) {
    const stats = runner.stats;
    if (!stats) return;
    const list = countersFor(frame, stats);
    if (list.length === 0) return;
    const { ctx, colors, view } = frame;
    const style = pillStyle(frame.zoom, COUNTER_SIZE);
    ctx.font = style.font;
    if (style.font !== widthsFont || widths.size > 4096) {
      widths.clear();
      widthsFont = style.font;
    }
    if (placed.length < 3 * list.length) placed = new Float64Array(3 * list.length);
    const { height } = style;
    const left = view.x - MARGIN;
    const top = view.y - MARGIN;
    const right = view.x + view.width + MARGIN;
    const bottom = view.y + view.height + MARGIN;

    // Error rings: one path, one stroke.
    let rings = 0;
    ctx.beginPath();
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      const r = frame.rect(c.id);
      if (!r) {
        placed[3 * i + 2] = -1;
        continue;
      }
      const x = r.x + r.width / 2;
      const y = r.y + r.height + 13;
      let width = widths.get(c.text);
      if (width === undefined) {
        width = ctx.measureText(c.text).width;
        widths.set(c.text, width);
      }
      width += style.padX;
      const shown =
        x + width / 2 >= left &&
        x - width / 2 <= right &&
        y - height / 2 <= bottom &&
        y + height / 2 >= top;
      placed[3 * i] = x;
      placed[3 * i + 1] = y;
      placed[3 * i + 2] = shown ? width : -1;
      if (
        c.errors &&
        r.x - 5 <= right &&
        r.x + r.width + 5 >= left &&
        r.y - 5 <= bottom &&
        r.y + r.height + 5 >= top
      ) {
        ctx.roundRect(r.x - 5, r.y - 5, r.width + 10, r.height + 10, 14);
        rings++;
      }
    }
    if (rings > 0) {
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = colors.error;
      ctx.stroke();
    }

    // Pills: one path per background colour, then the texts over them.
    for (const errors of [false, true]) {
      let any = false;
      ctx.beginPath();
      for (let i = 0; i < list.length; i++) {
        const width = placed[3 * i + 2]!;
        if (width < 0 || list[i]!.errors !== errors) continue;
        const x = placed[3 * i]!;
        const y = placed[3 * i + 1]!;
        ctx.roundRect(x - width / 2, y - height / 2, width, height, height / 2);
        any = true;
      }
      if (!any) continue;
      ctx.fillStyle = errors ? colors.error : colors.text;
      ctx.fill();
    }
    ctx.fillStyle = colors.panel;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const dy = 0.5 * style.scale;
    for (let i = 0; i < list.length; i++) {
      if (placed[3 * i + 2]! < 0) continue;
      ctx.fillText(list[i]!.text, placed[3 * i]!, placed[3 * i + 1]! + dy);
    }
  }

  return {
    draw(frame) {
      const more = runner.tick(frame.dt);
      const { reducedMotion } = store.getState().simulation;
      if (reducedMotion) {
        if (runner.running) drawEdgeLoad(frame);
      } else drawTokens(frame);
      return more;
    },
    // Counters change four times a second at most: drawn on the still canvas, not per frame.
    drawStill(frame) {
      if (runner.running) drawCounters(frame);
    },
    stillKey() {
      return runner.running ? runner.stats : undefined;
    },
  };
}
