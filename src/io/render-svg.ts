/**
 * Draws a whole design as a standalone SVG document, from the model (never the DOM), so
 * the export looks like the canvas whatever part of it is on screen, and costs the same
 * for 5 or 500 components. The drawing itself is `draw-design.ts`; this is its SVG back end.
 *
 * Safety: every user string (title, labels, edge labels) is XML-escaped and cleaned of
 * characters XML 1.0 forbids before it is drawn; nothing is ever interpolated raw. The
 * output has no `<foreignObject>`, no script, no event attribute, no external reference
 * (not even an internal `url(#…)`: arrowheads are drawn as polygons). Icon elements come
 * from an allow-list of tags and attributes.
 *
 * The design itself may be embedded, exactly, as base64 of its UTF-8 JSON in
 * `<metadata><archboard:design encoding="base64">…</archboard:design></metadata>`; the
 * importer reads it back through the one parse pipeline.
 */
import { serializeDesign, type Design, type IconNode } from '../model';
import { FONT_FAMILY, layoutDesign, type Paint, type Painter, type Point } from './draw-design';
import { SVG_METADATA } from './embedding';
import { encodeBase64Utf8, escapeXml } from './text';

export interface RenderSvgOptions {
  theme?: 'light' | 'dark';
  /** Draw the design's title at the top (default true). */
  title?: boolean;
  /** Embed the design's JSON in `<metadata>` (default true). */
  embedJson?: boolean;
  /**
   * Pixel size of the document relative to the design's extent (default 1): width and
   * height are multiplied, the drawing scales with them.
   */
  scale?: number;
}

export interface SvgDocument {
  svg: string;
  /** Extent of the drawing in design units (before `scale`). */
  width: number;
  height: number;
}

export { SVG_METADATA };

/** A number for an attribute: finite, at most two decimals. */
function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0';
}

function paintAttributes(paint: Paint): string {
  let out = ` fill="${paint.fill ? escapeXml(paint.fill) : 'none'}"`;
  if (paint.fill && paint.fillOpacity !== undefined)
    out += ` fill-opacity="${n(paint.fillOpacity)}"`;
  if (paint.stroke) {
    out += ` stroke="${escapeXml(paint.stroke)}" stroke-width="${n(paint.strokeWidth ?? 1)}"`;
    if (paint.strokeOpacity !== undefined) out += ` stroke-opacity="${n(paint.strokeOpacity)}"`;
    if (paint.dash) out += ` stroke-dasharray="${paint.dash.map(n).join(' ')}"`;
    if (paint.round) out += ` stroke-linecap="round" stroke-linejoin="round"`;
  }
  return out;
}

/** Tags and attributes an icon may use: lucide draws with these only. */
const ICON_TAGS = new Set(['path', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'rect']);
const ICON_ATTRS = new Set('d cx cy r rx ry x y x1 y1 x2 y2 width height points'.split(' '));

/** Paints SVG markup into an array of strings. */
class SvgPainter implements Painter {
  readonly out: string[] = [];

  group(className: string, draw: () => void): void {
    this.out.push(`<g class="${escapeXml(className)}">`);
    draw();
    this.out.push('</g>');
  }

  translate(dx: number, dy: number, draw: () => void): void {
    this.out.push(`<g transform="translate(${n(dx)} ${n(dy)})">`);
    draw();
    this.out.push('</g>');
  }

  rect(x: number, y: number, width: number, height: number, radius: number, paint: Paint): void {
    const rx = radius > 0 ? ` rx="${n(radius)}"` : '';
    this.out.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}"${rx}${paintAttributes(paint)}/>`,
    );
  }

  text(
    x: number,
    y: number,
    content: string,
    style: { size: number; fill: string; weight?: number; anchor?: 'start' | 'middle' },
  ): void {
    const weight = style.weight ? ` font-weight="${style.weight}"` : '';
    const anchor = style.anchor === 'middle' ? ` text-anchor="middle"` : '';
    this.out.push(
      `<text x="${n(x)}" y="${n(y)}" font-size="${n(style.size)}" fill="${escapeXml(style.fill)}"${weight}${anchor}>${escapeXml(content)}</text>`,
    );
  }

  bezier(p0: Point, p1: Point, p2: Point, p3: Point, paint: Paint): void {
    const d = `M${n(p0.x)} ${n(p0.y)} C${n(p1.x)} ${n(p1.y)} ${n(p2.x)} ${n(p2.y)} ${n(p3.x)} ${n(p3.y)}`;
    this.out.push(`<path d="${d}"${paintAttributes(paint)}/>`);
  }

  poly(points: readonly Point[], closed: boolean, paint: Paint): void {
    const list = points.map((p) => `${n(p.x)},${n(p.y)}`).join(' ');
    this.out.push(
      `<${closed ? 'polygon' : 'polyline'} points="${list}"${paintAttributes(paint)}/>`,
    );
  }

  icon(icon: IconNode, x: number, y: number, size: number, color: string): void {
    const parts = icon.flatMap(([tag, attrs]) => {
      if (!ICON_TAGS.has(tag)) return [];
      const attributes = Object.entries(attrs)
        .filter(([name]) => ICON_ATTRS.has(name))
        .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
        .join('');
      return [`<${tag}${attributes}/>`];
    });
    this.out.push(
      `<g transform="translate(${n(x)} ${n(y)}) scale(${n(size / 24)})" fill="none" stroke="${escapeXml(color)}" ` +
        `stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${parts.join('')}</g>`,
    );
  }
}

/**
 * The design drawn as an SVG document, with its extent.
 *
 * @example
 * const { svg, width, height } = renderDesignSvgDocument(design, { theme: 'dark' });
 */
export function renderDesignSvgDocument(design: Design, opts: RenderSvgOptions = {}): SvgDocument {
  const layout = layoutDesign(design, opts);
  const { width, height } = layout;
  const scale = opts.scale && Number.isFinite(opts.scale) && opts.scale > 0 ? opts.scale : 1;
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width * scale)}" height="${n(height * scale)}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}" role="img">`,
    `<title>${escapeXml(layout.title || 'archboard design')}</title>`,
  ];
  if (opts.embedJson !== false) {
    out.push(
      `<metadata><${SVG_METADATA.element} xmlns:archboard="${SVG_METADATA.namespace}" encoding="base64">` +
        encodeBase64Utf8(serializeDesign(design)) +
        `</${SVG_METADATA.element}></metadata>`,
    );
  }
  const painter = new SvgPainter();
  layout.draw(painter);
  out.push(painter.out.join('\n'), '</svg>');
  return { svg: out.join('\n'), width, height };
}

/**
 * The design drawn as a standalone SVG document (the text of an `.svg` file).
 * See {@link renderDesignSvgDocument}.
 */
export function renderDesignSvg(design: Design, opts?: RenderSvgOptions): string {
  return renderDesignSvgDocument(design, opts).svg;
}
