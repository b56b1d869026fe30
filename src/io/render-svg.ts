/**
 * Draws a whole design as a standalone SVG document, from the model (never the DOM), so
 * the export looks like the canvas whatever part of it is on screen, and costs the same
 * for 5 or 500 components.
 *
 * Safety: every user string (title, labels, edge labels) is XML-escaped and cleaned of
 * characters XML 1.0 forbids before it is drawn; nothing is ever interpolated raw. The
 * output has no `<foreignObject>`, no script, no event attribute, no external reference
 * (not even an internal `url(#…)`: arrowheads are drawn as polygons).
 *
 * The design itself may be embedded, exactly, as base64 of its UTF-8 JSON in
 * `<metadata><archboard:design encoding="base64">…</archboard:design></metadata>`; the
 * importer reads it back through the one parse pipeline.
 */
import { getIcon, KINDS, NODE_SIZE, REPLICA_INFO, serializeDesign } from '../model';
import type { Cluster, Design, DesignEdge, DesignNode, Server } from '../model';
import {
  cleanForDrawing,
  encodeBase64Utf8,
  escapeXml,
  estimateTextWidth,
  splitToFit,
  truncateToWidth,
} from './text';

export interface RenderSvgOptions {
  theme?: 'light' | 'dark';
  /** Draw the design's title at the top (default true). */
  title?: boolean;
  /** Embed the design's JSON in `<metadata>` (default true). */
  embedJson?: boolean;
  /**
   * Pixel size of the document relative to the design's extent (default 1): width and
   * height are multiplied, the drawing scales with them (the PNG exporter uses 2).
   */
  scale?: number;
}

export interface SvgDocument {
  svg: string;
  /** Extent of the drawing in design units (before `scale`). */
  width: number;
  height: number;
}

/** Element and namespace of the embedded design, shared with the importer. */
export const SVG_METADATA = {
  element: 'archboard:design',
  namespace: 'urn:archboard:design',
} as const;

interface Theme {
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

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const PADDING = 40;
const TITLE_BAND = 52;
const CLUSTER_PAD = 16;
const CLUSTER_LABEL = 40;
const SERVER_PAD = 8;
const SERVER_LABEL = 20;
const LABEL_FONT = 13;
const SUB_FONT = 11;
const EDGE_FONT = 11;

interface Rect {
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

/** A number for an attribute: finite, at most two decimals. */
function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}

function text(
  x: number,
  y: number,
  content: string,
  attrs: { size: number; fill: string; weight?: number; anchor?: 'start' | 'middle' },
): string {
  const weight = attrs.weight ? ` font-weight="${attrs.weight}"` : '';
  const anchor = attrs.anchor && attrs.anchor !== 'start' ? ` text-anchor="${attrs.anchor}"` : '';
  return `<text x="${n(x)}" y="${n(y)}" font-size="${attrs.size}" fill="${escapeXml(attrs.fill)}"${weight}${anchor}>${escapeXml(content)}</text>`;
}

/** Tags and attributes an icon may use: lucide draws with these only. */
const ICON_TAGS = new Set(['path', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'rect']);
const ICON_ATTRS = new Set([
  'd',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'width',
  'height',
  'points',
]);

function drawIcon(node: DesignNode, x: number, y: number, size: number, color: string): string {
  const scale = size / 24;
  const parts = getIcon(node.kind, node.role).flatMap(([tag, attrs]) => {
    if (!ICON_TAGS.has(tag)) return [];
    const attributes = Object.entries(attrs)
      .filter(([name]) => ICON_ATTRS.has(name))
      .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
      .join('');
    return [`<${tag}${attributes}/>`];
  });
  return (
    `<g transform="translate(${n(x)} ${n(y)}) scale(${n(scale)})" fill="none" stroke="${escapeXml(color)}" ` +
    `stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${parts.join('')}</g>`
  );
}

function kindColor(node: DesignNode, theme: Theme): string {
  const info = KINDS[node.kind];
  return theme.dark ? info.colorDark : info.color;
}

function kindCaption(node: DesignNode): string {
  if (node.kind === 'database')
    return node.role === 'replica' ? REPLICA_INFO.name : 'Database · primary';
  return KINDS[node.kind].name;
}

function drawNode(node: DesignNode, theme: Theme): string {
  const r = nodeRect(node);
  const color = kindColor(node, theme);
  const iconBox = 32;
  const textX = r.x + 12 + iconBox + 10;
  const textWidth = right(r) - 10 - textX;
  const label = cleanForDrawing(node.label);
  const out: string[] = [
    `<g class="node node-${node.kind}">`,
    `<rect x="${n(r.x)}" y="${n(r.y)}" width="${r.width}" height="${r.height}" rx="10" fill="${theme.nodeFill}" stroke="${color}" stroke-width="1.5"/>`,
    `<rect x="${n(r.x + 12)}" y="${n(r.y + (r.height - iconBox) / 2)}" width="${iconBox}" height="${iconBox}" rx="8" fill="${color}" fill-opacity="${theme.dark ? 0.22 : 0.12}"/>`,
    drawIcon(node, r.x + 12 + 6, r.y + (r.height - iconBox) / 2 + 6, 20, color),
  ];
  const { head, rest } = splitToFit(label, textWidth, LABEL_FONT, true);
  if (!rest) {
    out.push(text(textX, r.y + 25, head, { size: LABEL_FONT, fill: theme.text, weight: 600 }));
    out.push(
      text(textX, r.y + 42, truncateToWidth(kindCaption(node), textWidth, SUB_FONT), {
        size: SUB_FONT,
        fill: theme.muted,
      }),
    );
  } else {
    // A long label takes both lines; the kind shows in the icon and the colour.
    out.push(text(textX, r.y + 24, head, { size: LABEL_FONT, fill: theme.text, weight: 600 }));
    out.push(
      text(textX, r.y + 41, truncateToWidth(rest, textWidth, LABEL_FONT, true), {
        size: LABEL_FONT,
        fill: theme.text,
        weight: 600,
      }),
    );
  }
  out.push('</g>');
  return out.join('');
}

interface Box {
  rect: Rect;
  /** Rect of the label band, for edge attachment nothing changes. */
  color: string;
}

function clusterCaption(cluster: Cluster): string {
  const entries = `${cluster.entryPoints} entry point${cluster.entryPoints === 1 ? '' : 's'}`;
  return `${cluster.mode} · ${entries}`;
}

function drawCluster(cluster: Cluster, box: Box, theme: Theme): string {
  const r = box.rect;
  const room = r.width - 24;
  const title = truncateToWidth(cleanForDrawing(cluster.label), room, 12, true);
  const caption = truncateToWidth(clusterCaption(cluster), room, 11);
  return (
    `<g class="cluster">` +
    `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.width)}" height="${n(r.height)}" rx="14" fill="${box.color}" fill-opacity="${theme.dark ? 0.1 : 0.06}" stroke="${box.color}" stroke-opacity="0.55" stroke-width="1.5"/>` +
    text(r.x + 12, r.y + 19, title, { size: 12, fill: theme.text, weight: 600 }) +
    text(r.x + 12, r.y + 34, caption, { size: 11, fill: theme.muted }) +
    `</g>`
  );
}

function drawServer(server: Server, rect: Rect, theme: Theme): string {
  const label = truncateToWidth(`Server · ${cleanForDrawing(server.label)}`, rect.width - 16, 11);
  return (
    `<g class="server">` +
    `<rect x="${n(rect.x)}" y="${n(rect.y)}" width="${n(rect.width)}" height="${n(rect.height)}" rx="12" fill="none" stroke="${theme.serverStroke}" stroke-width="1.25" stroke-dasharray="6 4"/>` +
    text(rect.x + 10, rect.y + 14, label, { size: 11, fill: theme.muted }) +
    `</g>`
  );
}

interface Point {
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

function drawEdge(
  edge: DesignEdge,
  r: Route,
  theme: Theme,
  replicationColor: string,
): { path: string; label?: EdgeLabel } {
  const replication = edge.kind === 'replication';
  const color = replication ? replicationColor : theme.edge;
  // Stop the line at the arrowhead's base so its round cap does not poke through the tip.
  const end = replication
    ? r.p3
    : { x: r.p3.x - r.dir.x * ARROW * 0.8, y: r.p3.y - r.dir.y * ARROW * 0.8 };
  const d = `M${n(r.p0.x)} ${n(r.p0.y)} C${n(r.p1.x)} ${n(r.p1.y)} ${n(r.p2.x)} ${n(r.p2.y)} ${n(end.x)} ${n(end.y)}`;
  let path =
    `<g class="edge edge-${replication ? 'replication' : 'request'}">` +
    `<path d="${d}" fill="none" stroke="${color}" stroke-width="${replication ? 1.75 : 1.5}"` +
    (replication ? ` stroke-dasharray="6 5"` : '') +
    ` stroke-linecap="round"/>`;
  if (!replication) {
    // Arrowhead: a triangle with its tip on the target, pointing along the travel direction.
    const { x, y } = r.p3;
    const ux = r.dir.x;
    const uy = r.dir.y;
    const bx = x - ux * ARROW;
    const by = y - uy * ARROW;
    const half = ARROW * 0.55;
    path += `<polygon points="${n(x)},${n(y)} ${n(bx - uy * half)},${n(by + ux * half)} ${n(bx + uy * half)},${n(by - ux * half)}" fill="${color}"/>`;
  } else {
    // Replication flows into the replica: a small open chevron at the end.
    const { x, y } = r.p3;
    const bx = x - r.dir.x * ARROW;
    const by = y - r.dir.y * ARROW;
    const half = ARROW * 0.55;
    path += `<polyline points="${n(bx - r.dir.y * half)},${n(by + r.dir.x * half)} ${n(x)},${n(y)} ${n(bx + r.dir.y * half)},${n(by - r.dir.x * half)}" fill="none" stroke="${color}" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round"/>`;
  }
  path += '</g>';
  const words: string[] = [];
  const userLabel = edge.label ? cleanForDrawing(edge.label) : '';
  if (userLabel) words.push(userLabel);
  if (replication) words.push('replication');
  else if (edge.access) words.push(edge.access);
  if (words.length === 0) return { path };
  const positions = !replication && edge.access ? ACCESS_LABEL_POSITIONS : LABEL_POSITIONS;
  return { path, label: { route: r, positions, text: words.join(' · '), color } };
}

function drawEdgeLabel(label: PlacedLabel, theme: Theme): string {
  const r = label.rect;
  return (
    `<g class="edge-label">` +
    `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.width)}" height="${r.height}" rx="9" fill="${theme.pillFill}" stroke="${label.color}" stroke-opacity="0.6"/>` +
    text(r.x + r.width / 2, r.y + r.height / 2 + 4, label.text, {
      size: EDGE_FONT,
      fill: theme.muted,
      anchor: 'middle',
    }) +
    `</g>`
  );
}

/**
 * The design drawn as an SVG document, with its extent.
 *
 * @example
 * const { svg, width, height } = renderDesignSvgDocument(design, { theme: 'dark' });
 */
export function renderDesignSvgDocument(design: Design, opts: RenderSvgOptions = {}): SvgDocument {
  const theme = THEMES[opts.theme ?? 'light'];
  const scale = opts.scale && Number.isFinite(opts.scale) && opts.scale > 0 ? opts.scale : 1;
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
    return [drawEdge(edge, route(s, t), theme, replicationColor)];
  });

  const labels = placeLabels(
    edges.flatMap((e) => (e.label ? [e.label] : [])),
    design.nodes.map(nodeRect),
  );
  const content = boundsOf([
    ...design.nodes.map(nodeRect),
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

  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width * scale)}" height="${n(height * scale)}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}" role="img">`,
    `<title>${escapeXml(title || 'archboard design')}</title>`,
  ];
  if (opts.embedJson !== false) {
    out.push(
      `<metadata><${SVG_METADATA.element} xmlns:archboard="${SVG_METADATA.namespace}" encoding="base64">` +
        encodeBase64Utf8(serializeDesign(design)) +
        `</${SVG_METADATA.element}></metadata>`,
    );
  }
  out.push(`<rect width="${width}" height="${height}" fill="${theme.background}"/>`);
  if (title) {
    out.push(
      text(PADDING, PADDING + 14, truncateToWidth(title, width - 2 * PADDING, 20, true), {
        size: 20,
        fill: theme.text,
        weight: 700,
      }),
    );
  }
  out.push(`<g transform="translate(${n(dx)} ${n(dy)})">`);
  for (const server of design.servers) {
    const rect = serverRects.get(server.id);
    if (rect) out.push(drawServer(server, rect, theme));
  }
  for (const cluster of design.clusters) {
    const box = clusterBoxes.get(cluster.id);
    if (box) out.push(drawCluster(cluster, box, theme));
  }
  for (const edge of edges) out.push(edge.path);
  for (const label of labels) out.push(drawEdgeLabel(label, theme));
  for (const node of design.nodes) out.push(drawNode(node, theme));
  out.push(`</g></svg>`);
  return { svg: out.join('\n'), width, height };
}

/**
 * The design drawn as a standalone SVG document (the text of an `.svg` file).
 * See {@link renderDesignSvgDocument}.
 */
export function renderDesignSvg(design: Design, opts?: RenderSvgOptions): string {
  return renderDesignSvgDocument(design, opts).svg;
}
