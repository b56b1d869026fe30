/**
 * Draws a whole design from the model (never the DOM) through a {@link Painter}: the SVG
 * exporter paints strings, the PNG exporter paints straight onto a canvas. One layout, one
 * drawing, two back ends, so the PNG and the SVG look alike and like the canvas.
 *
 * Layout: components at their positions (NODE_SIZE), cluster boxes around their members,
 * server boxes (dashed) around theirs, edges as smooth curves from side to side (a cluster
 * endpoint attaches to the cluster box), edge labels placed where they cover nothing.
 *
 * Text handed to the painter is already cleaned for drawing (`cleanForDrawing`) and
 * shortened to fit; the painter escapes it for its medium.
 */
// From the modules themselves, not the model's index: the PNG worker bundles this file, and
// the index would bring the parse pipeline along.
import { getIcon, KINDS, NODE_SIZE, REPLICA_INFO, type IconNode } from '../model/catalogue';
import type { Cluster, Design, DesignEdge, DesignNode, Server } from '../model/types';
import { cleanForDrawing, estimateTextWidth, splitToFit, truncateToWidth } from './text';

export interface Paint {
  fill?: string;
  fillOpacity?: number;
  stroke?: string;
  strokeOpacity?: number;
  strokeWidth?: number;
  dash?: readonly number[];
  /** Round caps and joins (lines); default butt/miter. */
  round?: boolean;
}

export interface TextStyle {
  size: number;
  fill: string;
  weight?: number;
  anchor?: 'start' | 'middle';
}

/** What a back end draws with. Coordinates are in design units (after `translate`). */
export interface Painter {
  /** Groups what `draw` paints (a class name for the SVG; nothing for a canvas). */
  group(className: string, draw: () => void): void;
  translate(dx: number, dy: number, draw: () => void): void;
  rect(x: number, y: number, width: number, height: number, radius: number, paint: Paint): void;
  text(x: number, y: number, content: string, style: TextStyle): void;
  bezier(p0: Point, p1: Point, p2: Point, p3: Point, paint: Paint): void;
  /** A polyline (`closed` false) or a polygon. */
  poly(points: readonly Point[], closed: boolean, paint: Paint): void;
  /** A 24×24 stroked icon drawn `size` px wide with its top-left corner at (x, y). */
  icon(icon: IconNode, x: number, y: number, size: number, color: string): void;
}

export interface DrawOptions {
  theme?: 'light' | 'dark';
  /** Draw the design's title at the top (default true). */
  title?: boolean;
}

export const FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export interface Theme {
  background: string;
  text: string;
  muted: string;
  nodeFill: string;
  edge: string;
  serverStroke: string;
  pillFill: string;
  dark: boolean;
}

const THEMES: Record<'light' | 'dark', Theme> = {
  light: {
    background: '#ffffff',
    text: '#1f2328',
    muted: '#59636e',
    nodeFill: '#ffffff',
    edge: '#8c959f',
    serverStroke: '#8c959f',
    pillFill: '#ffffff',
    dark: false,
  },
  dark: {
    background: '#0d1117',
    text: '#e6edf3',
    muted: '#9198a1',
    nodeFill: '#161b22',
    edge: '#6e7681',
    serverStroke: '#6e7681',
    pillFill: '#0d1117',
    dark: true,
  },
};

const PADDING = 40;
const TITLE_BAND = 52;
const CLUSTER_PAD = 16;
const CLUSTER_LABEL = 40;
const SERVER_PAD = 8;
const SERVER_LABEL = 20;
const LABEL_FONT = 13;
const SUB_FONT = 11;
const EDGE_FONT = 11;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const right = (r: Rect) => r.x + r.width;
const bottom = (r: Rect) => r.y + r.height;

function nodeRect(node: DesignNode): Rect {
  return { x: node.position.x, y: node.position.y, ...NODE_SIZE };
}

function boundsOf(rects: Rect[]): Rect | undefined {
  if (rects.length === 0) return undefined;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const r of rects) {
    x1 = Math.min(x1, r.x);
    y1 = Math.min(y1, r.y);
    x2 = Math.max(x2, right(r));
    y2 = Math.max(y2, bottom(r));
  }
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

function grow(r: Rect, pad: number, top: number): Rect {
  return {
    x: r.x - pad,
    y: r.y - pad - top,
    width: r.width + 2 * pad,
    height: r.height + 2 * pad + top,
  };
}

function kindColor(node: DesignNode, theme: Theme): string {
  const info = KINDS[node.kind];
  return theme.dark ? info.colorDark : info.color;
}

function kindCaption(node: DesignNode): string {
  if (node.kind === 'database') {
    return node.role === 'replica' ? REPLICA_INFO.name : 'Database · primary';
  }
  return KINDS[node.kind].name;
}

function drawNode(p: Painter, node: DesignNode, theme: Theme): void {
  const r = nodeRect(node);
  const color = kindColor(node, theme);
  const iconBox = 32;
  const iconY = r.y + (r.height - iconBox) / 2;
  const textX = r.x + 12 + iconBox + 10;
  const textWidth = right(r) - 10 - textX;
  p.group(`node node-${node.kind}`, () => {
    p.rect(r.x, r.y, r.width, r.height, 10, {
      fill: theme.nodeFill,
      stroke: color,
      strokeWidth: 1.5,
    });
    p.rect(r.x + 12, iconY, iconBox, iconBox, 8, {
      fill: color,
      fillOpacity: theme.dark ? 0.22 : 0.12,
    });
    p.icon(getIcon(node.kind, node.role), r.x + 18, iconY + 6, 20, color);
    const label = cleanForDrawing(node.label);
    const { head, rest } = splitToFit(label, textWidth, LABEL_FONT, true);
    const bold = { size: LABEL_FONT, fill: theme.text, weight: 600 };
    if (!rest) {
      p.text(textX, r.y + 25, head, bold);
      p.text(textX, r.y + 42, truncateToWidth(kindCaption(node), textWidth, SUB_FONT), {
        size: SUB_FONT,
        fill: theme.muted,
      });
    } else {
      // A long label takes both lines; the kind shows in the icon and the colour.
      p.text(textX, r.y + 24, head, bold);
      p.text(textX, r.y + 41, truncateToWidth(rest, textWidth, LABEL_FONT, true), bold);
    }
  });
}

interface Box {
  rect: Rect;
  color: string;
}

function clusterCaption(cluster: Cluster): string {
  const entries = `${cluster.entryPoints} entry point${cluster.entryPoints === 1 ? '' : 's'}`;
  return `${cluster.mode} · ${entries}`;
}

function drawCluster(p: Painter, cluster: Cluster, box: Box, theme: Theme): void {
  const r = box.rect;
  const room = r.width - 24;
  p.group('cluster', () => {
    p.rect(r.x, r.y, r.width, r.height, 14, {
      fill: box.color,
      fillOpacity: theme.dark ? 0.1 : 0.06,
      stroke: box.color,
      strokeOpacity: 0.55,
      strokeWidth: 1.5,
    });
    p.text(r.x + 12, r.y + 19, truncateToWidth(cleanForDrawing(cluster.label), room, 12, true), {
      size: 12,
      fill: theme.text,
      weight: 600,
    });
    p.text(r.x + 12, r.y + 34, truncateToWidth(clusterCaption(cluster), room, 11), {
      size: 11,
      fill: theme.muted,
    });
  });
}

function drawServer(p: Painter, server: Server, r: Rect, theme: Theme): void {
  const label = truncateToWidth(`Server · ${cleanForDrawing(server.label)}`, r.width - 16, 11);
  p.group('server', () => {
    p.rect(r.x, r.y, r.width, r.height, 12, {
      stroke: theme.serverStroke,
      strokeWidth: 1.25,
      dash: [6, 4],
    });
    p.text(r.x + 10, r.y + 14, label, { size: 11, fill: theme.muted });
  });
}

export interface Point {
  x: number;
  y: number;
}

interface Route {
  /** Start, two control points, end of a cubic bezier. */
  p0: Point;
  p1: Point;
  p2: Point;
  p3: Point;
  /** Unit direction of travel at the end (for the arrowhead). */
  dir: Point;
}

/**
 * A smooth curve from source to target: right side to left side when the target lies to
 * the right (the usual left-to-right flow), the mirror when it lies to the left, bottom to
 * top (or top to bottom) when the two overlap horizontally, as a replica under its primary.
 */
function route(s: Rect, t: Rect): Route {
  const gap = 8;
  if (t.x >= right(s) + gap || right(t) <= s.x - gap) {
    const forward = t.x >= right(s) + gap;
    const p0 = { x: forward ? right(s) : s.x, y: s.y + s.height / 2 };
    const p3 = { x: forward ? t.x : right(t), y: t.y + t.height / 2 };
    const k = Math.max(24, Math.abs(p3.x - p0.x) / 2);
    const sign = forward ? 1 : -1;
    return {
      p0,
      p1: { x: p0.x + sign * k, y: p0.y },
      p2: { x: p3.x - sign * k, y: p3.y },
      p3,
      dir: { x: sign, y: 0 },
    };
  }
  const down = t.y + t.height / 2 >= s.y + s.height / 2;
  const p0 = { x: s.x + s.width / 2, y: down ? bottom(s) : s.y };
  const p3 = { x: t.x + t.width / 2, y: down ? t.y : bottom(t) };
  const k = Math.max(20, Math.abs(p3.y - p0.y) / 2);
  const sign = down ? 1 : -1;
  return {
    p0,
    p1: { x: p0.x, y: p0.y + sign * k },
    p2: { x: p3.x, y: p3.y - sign * k },
    p3,
    dir: { x: 0, y: sign },
  };
}

/** The point at parameter `t` of the route's bezier. */
function pointAt(r: Route, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return {
    x: a * r.p0.x + b * r.p1.x + c * r.p2.x + d * r.p3.x,
    y: a * r.p0.y + b * r.p1.y + c * r.p2.y + d * r.p3.y,
  };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < right(b) && b.x < right(a) && a.y < bottom(b) && b.y < bottom(a);
}

interface EdgeLabel {
  route: Route;
  /** Positions to try along the route, best first. */
  positions: readonly number[];
  text: string;
  color: string;
}

interface PlacedLabel {
  rect: Rect;
  text: string;
  color: string;
}

/** Where along its edge a label may sit, best first: the middle, then either side. */
const LABEL_POSITIONS = [0.5, 0.36, 0.64, 0.26, 0.74, 0.18, 0.82];
/**
 * Access labels lean towards the database they describe, which also keeps the labels of
 * two crossing edges (app1→db2, app2→db1) apart.
 */
const ACCESS_LABEL_POSITIONS = [0.66, 0.56, 0.76, 0.46, 0.84, 0.36];
const PILL_HEIGHT = 18;

/**
 * Places each edge label on its curve where it covers no component and no label placed
 * before it (two crossing edges have the same midpoint); the middle when nowhere is free.
 */
function placeLabels(labels: EdgeLabel[], obstacles: Rect[]): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  for (const label of labels) {
    const content = truncateToWidth(label.text, 160, EDGE_FONT);
    const width = estimateTextWidth(content, EDGE_FONT) + 12;
    const at = (t: number): Rect => {
      const p = pointAt(label.route, t);
      return { x: p.x - width / 2, y: p.y - PILL_HEIGHT / 2, width, height: PILL_HEIGHT };
    };
    const free = label.positions
      .map(at)
      .find(
        (rect) =>
          !obstacles.some((o) => overlaps(rect, o)) && !placed.some((p) => overlaps(rect, p.rect)),
      );
    placed.push({ rect: free ?? at(label.positions[0] ?? 0.5), text: content, color: label.color });
  }
  return placed;
}

const ARROW = 9;

interface EdgeDrawing {
  edge: DesignEdge;
  route: Route;
  color: string;
  label?: EdgeLabel;
}

function layoutEdge(
  edge: DesignEdge,
  r: Route,
  theme: Theme,
  replicationColor: string,
): EdgeDrawing {
  const replication = edge.kind === 'replication';
  const color = replication ? replicationColor : theme.edge;
  const words: string[] = [];
  const userLabel = edge.label ? cleanForDrawing(edge.label) : '';
  if (userLabel) words.push(userLabel);
  if (replication) words.push('replication');
  else if (edge.access) words.push(edge.access);
  if (words.length === 0) return { edge, route: r, color };
  const positions = !replication && edge.access ? ACCESS_LABEL_POSITIONS : LABEL_POSITIONS;
  return { edge, route: r, color, label: { route: r, positions, text: words.join(' · '), color } };
}

function drawEdge(p: Painter, { edge, route: r, color }: EdgeDrawing): void {
  const replication = edge.kind === 'replication';
  const { x, y } = r.p3;
  const bx = x - r.dir.x * ARROW;
  const by = y - r.dir.y * ARROW;
  const half = ARROW * 0.55;
  const left = { x: bx - r.dir.y * half, y: by + r.dir.x * half };
  const rightWing = { x: bx + r.dir.y * half, y: by - r.dir.x * half };
  p.group(`edge edge-${replication ? 'replication' : 'request'}`, () => {
    if (replication) {
      p.bezier(r.p0, r.p1, r.p2, r.p3, {
        stroke: color,
        strokeWidth: 1.75,
        dash: [6, 5],
        round: true,
      });
      // Replication flows into the replica: a small open chevron at the end.
      p.poly([left, r.p3, rightWing], false, { stroke: color, strokeWidth: 1.75, round: true });
    } else {
      // Stop the line at the arrowhead's base so its round cap does not poke through the tip.
      const end = { x: x - r.dir.x * ARROW * 0.8, y: y - r.dir.y * ARROW * 0.8 };
      p.bezier(r.p0, r.p1, r.p2, end, { stroke: color, strokeWidth: 1.5, round: true });
      p.poly([r.p3, left, rightWing], true, { fill: color });
    }
  });
}

function drawEdgeLabel(p: Painter, label: PlacedLabel, theme: Theme): void {
  const r = label.rect;
  p.group('edge-label', () => {
    p.rect(r.x, r.y, r.width, r.height, 9, {
      fill: theme.pillFill,
      stroke: label.color,
      strokeOpacity: 0.6,
      strokeWidth: 1,
    });
    p.text(r.x + r.width / 2, r.y + r.height / 2 + 4, label.text, {
      size: EDGE_FONT,
      fill: theme.muted,
      anchor: 'middle',
    });
  });
}

/** A design laid out for drawing: its extent and everything placed. */
export interface DesignLayout {
  /** Extent of the drawing, design units. */
  width: number;
  height: number;
  theme: Theme;
  /** The title as drawn ('' for none). */
  title: string;
  draw(painter: Painter): void;
}

/**
 * Lays the design out (extent, boxes, routes, label places). Call `draw` with a painter to
 * paint it; the extent is known before painting (the PNG exporter sizes its canvas by it).
 */
export function layoutDesign(design: Design, opts: DrawOptions = {}): DesignLayout {
  const theme = THEMES[opts.theme ?? 'light'];
  const nodesById = new Map(design.nodes.map((node) => [node.id, node]));

  const clusterBoxes = new Map<string, Box>();
  for (const cluster of design.clusters) {
    const members = design.nodes.filter((node) => node.cluster === cluster.id);
    const inner = boundsOf(members.map(nodeRect));
    if (!inner || !members[0]) continue;
    clusterBoxes.set(cluster.id, {
      rect: grow(inner, CLUSTER_PAD, CLUSTER_LABEL - 6),
      color: kindColor(members[0], theme),
    });
  }
  const serverRects = new Map<string, Rect>();
  for (const server of design.servers) {
    const members = design.nodes.filter((node) => node.server === server.id);
    // A server around clustered components wraps their cluster boxes too, so lines do not cross.
    const rects = members.map((node) => {
      const box = node.cluster ? clusterBoxes.get(node.cluster) : undefined;
      const wholeCluster =
        box && design.nodes.every((m) => m.cluster !== node.cluster || m.server === server.id);
      return wholeCluster ? box.rect : nodeRect(node);
    });
    const inner = boundsOf(rects);
    if (inner) serverRects.set(server.id, grow(inner, SERVER_PAD, SERVER_LABEL - 4));
  }

  const endpointRect = (id: string): Rect | undefined => {
    const node = nodesById.get(id);
    if (node) return nodeRect(node);
    return clusterBoxes.get(id)?.rect;
  };
  const replicationColor = theme.dark ? KINDS.database.colorDark : KINDS.database.color;
  const edges = design.edges.flatMap((edge) => {
    const s = endpointRect(edge.source);
    const t = endpointRect(edge.target);
    if (!s || !t) return [];
    return [layoutEdge(edge, route(s, t), theme, replicationColor)];
  });

  const nodeRects = design.nodes.map(nodeRect);
  const labels = placeLabels(
    edges.flatMap((e) => (e.label ? [e.label] : [])),
    nodeRects,
  );
  const content = boundsOf([
    ...nodeRects,
    ...[...clusterBoxes.values()].map((b) => b.rect),
    ...serverRects.values(),
    ...labels.map((l) => l.rect),
  ]) ?? { x: 0, y: 0, width: 320, height: 120 };

  const title = opts.title === false ? '' : cleanForDrawing(design.title);
  const titleBand = title ? TITLE_BAND : 0;
  // A long title widens a narrow drawing, up to a point; beyond that it is shortened.
  const titleWidth = title ? Math.min(estimateTextWidth(title, 20, true), 1200) : 0;
  const width = Math.ceil(Math.max(content.width, titleWidth) + 2 * PADDING);
  const height = Math.ceil(content.height + 2 * PADDING + titleBand);
  const dx = PADDING - content.x + (width - 2 * PADDING - content.width) / 2;
  const dy = PADDING + titleBand - content.y;

  const draw = (p: Painter): void => {
    p.rect(0, 0, width, height, 0, { fill: theme.background });
    if (title) {
      p.text(PADDING, PADDING + 14, truncateToWidth(title, width - 2 * PADDING, 20, true), {
        size: 20,
        fill: theme.text,
        weight: 700,
      });
    }
    p.translate(dx, dy, () => {
      for (const server of design.servers) {
        const rect = serverRects.get(server.id);
        if (rect) drawServer(p, server, rect, theme);
      }
      for (const cluster of design.clusters) {
        const box = clusterBoxes.get(cluster.id);
        if (box) drawCluster(p, cluster, box, theme);
      }
      for (const edge of edges) drawEdge(p, edge);
      for (const label of labels) drawEdgeLabel(p, label, theme);
      for (const node of design.nodes) drawNode(p, node, theme);
    });
  };
  return { width, height, theme, title, draw };
}
