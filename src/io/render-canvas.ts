/**
 * The canvas back end of `draw-design.ts`: paints a design straight onto a 2D canvas
 * context, for the PNG export. No SVG, no image decoding, no DOM text: labels go through
 * `fillText` (text, never markup). Several times faster than rasterising the SVG for
 * large boards (performance.md §7).
 */
import type { IconNode } from '../model/catalogue';
import {
  FONT_FAMILY,
  layoutDesign,
  type DrawOptions,
  type Paint,
  type Painter,
  type Point,
  type TextStyle,
} from './draw-design';

/** A 2D context of a `<canvas>` or of an `OffscreenCanvas` (in a worker). */
export type CanvasContext = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
type Context = CanvasContext;

function num(value: unknown): number {
  const v = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(v) ? v : 0;
}

/** An icon's elements as one Path2D, built once per icon. */
const iconPaths = new WeakMap<IconNode, Path2D>();

function iconPath(icon: IconNode): Path2D {
  const cached = iconPaths.get(icon);
  if (cached) return cached;
  const path = new Path2D();
  for (const [tag, a] of icon) {
    switch (tag) {
      case 'path':
        if (typeof a.d === 'string') path.addPath(new Path2D(a.d));
        break;
      case 'circle':
        path.moveTo(num(a.cx) + num(a.r), num(a.cy));
        path.arc(num(a.cx), num(a.cy), num(a.r), 0, Math.PI * 2);
        break;
      case 'ellipse':
        path.moveTo(num(a.cx) + num(a.rx), num(a.cy));
        path.ellipse(num(a.cx), num(a.cy), num(a.rx), num(a.ry), 0, 0, Math.PI * 2);
        break;
      case 'rect':
        path.roundRect(num(a.x), num(a.y), num(a.width), num(a.height), num(a.rx));
        break;
      case 'line':
        path.moveTo(num(a.x1), num(a.y1));
        path.lineTo(num(a.x2), num(a.y2));
        break;
      case 'polyline':
      case 'polygon': {
        const values = String(a.points ?? '')
          .trim()
          .split(/[\s,]+/)
          .map(Number);
        for (let i = 0; i + 1 < values.length; i += 2) {
          if (i === 0) path.moveTo(num(values[i]), num(values[i + 1]));
          else path.lineTo(num(values[i]), num(values[i + 1]));
        }
        if (tag === 'polygon') path.closePath();
        break;
      }
    }
  }
  iconPaths.set(icon, path);
  return path;
}

class CanvasPainter implements Painter {
  constructor(private readonly ctx: Context) {}

  group(_className: string, draw: () => void): void {
    draw();
  }

  translate(dx: number, dy: number, draw: () => void): void {
    this.ctx.save();
    this.ctx.translate(dx, dy);
    draw();
    this.ctx.restore();
  }

  private finish(paint: Paint): void {
    const ctx = this.ctx;
    if (paint.fill) {
      ctx.globalAlpha = paint.fillOpacity ?? 1;
      ctx.fillStyle = paint.fill;
      ctx.fill();
    }
    if (paint.stroke) {
      ctx.globalAlpha = paint.strokeOpacity ?? 1;
      ctx.strokeStyle = paint.stroke;
      ctx.lineWidth = paint.strokeWidth ?? 1;
      ctx.setLineDash(paint.dash ? [...paint.dash] : []);
      ctx.lineCap = paint.round ? 'round' : 'butt';
      ctx.lineJoin = paint.round ? 'round' : 'miter';
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  rect(x: number, y: number, width: number, height: number, radius: number, paint: Paint): void {
    this.ctx.beginPath();
    if (radius > 0) this.ctx.roundRect(x, y, width, height, radius);
    else this.ctx.rect(x, y, width, height);
    this.finish(paint);
  }

  text(x: number, y: number, content: string, style: TextStyle): void {
    const ctx = this.ctx;
    ctx.font = `${style.weight ?? 400} ${style.size}px ${FONT_FAMILY}`;
    ctx.textAlign = style.anchor === 'middle' ? 'center' : 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = style.fill;
    ctx.fillText(content, x, y);
  }

  bezier(p0: Point, p1: Point, p2: Point, p3: Point, paint: Paint): void {
    this.ctx.beginPath();
    this.ctx.moveTo(p0.x, p0.y);
    this.ctx.bezierCurveTo(p1.x, p1.y, p2.x, p2.y, p3.x, p3.y);
    this.finish(paint);
  }

  poly(points: readonly Point[], closed: boolean, paint: Paint): void {
    this.ctx.beginPath();
    points.forEach((p, i) => (i === 0 ? this.ctx.moveTo(p.x, p.y) : this.ctx.lineTo(p.x, p.y)));
    if (closed) this.ctx.closePath();
    this.finish(paint);
  }

  icon(icon: IconNode, x: number, y: number, size: number, color: string): void {
    const ctx = this.ctx;
    ctx.save();
    ctx.translate(x, y);
    ctx.scale(size / 24, size / 24);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.setLineDash([]);
    ctx.stroke(iconPath(icon));
    ctx.restore();
  }
}

/** The design laid out for a canvas: its extent in design units (to size the canvas by) and a `draw` that paints it at a scale. */
export function prepareCanvasDrawing(...args: Parameters<typeof layoutDesign>): {
  width: number;
  height: number;
  draw: (ctx: Context, scale: number) => void;
} {
  const layout = layoutDesign(...args);
  return {
    width: layout.width,
    height: layout.height,
    draw(ctx, scale) {
      ctx.save();
      ctx.scale(scale, scale);
      layout.draw(new CanvasPainter(ctx));
      ctx.restore();
    },
  };
}

export type { DrawOptions };
