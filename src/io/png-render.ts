/**
 * The PNG picture of a design: laid out from the model, painted onto a canvas at
 * {@link PNG_SCALE} (less for a huge board, see {@link fitScale}) and encoded. Shared by the
 * export worker (`png-worker.ts`, an `OffscreenCanvas`) and the main-thread fallback (a
 * `<canvas>`): the canvas comes from a {@link CanvasMaker}.
 *
 * Why a worker first (performance.md §7): the cost is all in the pixels — allocating the
 * canvas, rasterising, encoding — and `HTMLCanvasElement.toBlob` encodes in the main
 * thread's idle time, which after a real click in a busy page may not come for a second.
 * A worker encodes at once, and the board stays responsive meanwhile.
 */
import type { Design } from '../model/types';
import { prepareCanvasDrawing, type CanvasContext } from './render-canvas';

/** The scale of PNG exports: 2 image pixels per design unit (sharp on high-density screens). */
export const PNG_SCALE = 2;

/**
 * How many pixels a PNG export may have. The time goes into the pixels (allocating,
 * rasterising and encoding them: about 0.1 s of CPU per million for a dense board, more on
 * a busy machine), so:
 *
 * - `budgetPixels`: a board is drawn at {@link PNG_SCALE} until that passes 6 MP, then
 *   scaled down to 6 MP (a 500-component board: 0.6×, about 0.7 s of CPU);
 * - `readableScale`: but never below 0.6 of its size on the canvas (13 px labels stay
 *   near 8 px, 11 px captions above 6.5 px), which may take it up to
 * - `maxPixels` and `maxSide`: the hard limits, which hold in every current browser
 *   (Chromium allows 32767 px a side and 268 M pixels in all; Firefox and Safari less).
 *   Only a board of more than 33 M square units (some 1,000 components) is drawn smaller.
 */
export const PNG_LIMITS = {
  maxSide: 16_384,
  maxPixels: 12_000_000,
  budgetPixels: 6_000_000,
  readableScale: 0.6,
} as const;

export interface PngLimits {
  maxSide: number;
  maxPixels: number;
  /** Pixels to stay within while the text stays readable (default `maxPixels`). */
  budgetPixels?: number;
  /** The smallest scale `budgetPixels` may bring the drawing to (default 0). */
  readableScale?: number;
}

export type ExportTheme = 'light' | 'dark';

export interface PngOptions {
  theme?: ExportTheme;
  /** Image pixels per design unit before clamping (default {@link PNG_SCALE}). */
  scale?: number;
  /** Limits (tests use small ones). */
  limits?: PngLimits;
  /** Embed the design JSON (default true). */
  embedJson?: boolean;
}

/**
 * The scale for `width × height` design units: at most `wanted`, within the pixel budget
 * unless that would make the text unreadable, and always within the hard limits.
 */
export function fitScale(
  width: number,
  height: number,
  wanted: number,
  limits: PngLimits = PNG_LIMITS,
): number {
  const area = width * height;
  const bySide = Math.min(limits.maxSide / width, limits.maxSide / height);
  const byArea = Math.sqrt(limits.maxPixels / area);
  const byBudget = Math.sqrt((limits.budgetPixels ?? limits.maxPixels) / area);
  return Math.min(wanted, Math.max(byBudget, limits.readableScale ?? 0), bySide, byArea);
}

/** A canvas to paint on, and how to encode and free it. */
export interface DrawingSurface {
  context: CanvasContext;
  /** The pixels as a PNG, or null when the browser could not encode them. */
  encode(): Promise<Blob | null>;
  /** Frees the pixels now, not at the next garbage collection. */
  release(): void;
}

/** A surface of `width × height` pixels, or undefined when the browser cannot allocate it. */
export type CanvasMaker = (width: number, height: number) => DrawingSurface | undefined;

/** A PNG image of the design (no design inside yet) and its pixel size. */
export interface PngImage {
  blob: Blob;
  width: number;
  height: number;
  /** The scale used: below {@link PNG_SCALE} when the design was too large. */
  scale: number;
}

/**
 * Draws and encodes the design. A canvas the browser cannot allocate or encode is retried
 * at half the scale (three times), so the result is never a blank or cut-off image.
 *
 * @throws Error when the browser cannot draw at all.
 */
export async function drawDesignPng(
  design: Design,
  options: Pick<PngOptions, 'theme' | 'scale' | 'limits'>,
  makeCanvas: CanvasMaker,
): Promise<PngImage> {
  const drawing = prepareCanvasDrawing(design, { theme: options.theme ?? 'light' });
  let scale = fitScale(
    drawing.width,
    drawing.height,
    options.scale ?? PNG_SCALE,
    options.limits ?? PNG_LIMITS,
  );
  for (let attempt = 0; attempt < 4; attempt++, scale /= 2) {
    const width = Math.max(1, Math.round(drawing.width * scale));
    const height = Math.max(1, Math.round(drawing.height * scale));
    const surface = makeCanvas(width, height);
    if (!surface) continue;
    let blob: Blob | null;
    try {
      drawing.draw(surface.context, Math.min(width / drawing.width, height / drawing.height));
      blob = await surface.encode();
    } catch {
      blob = null; // out of memory while drawing or encoding: go smaller
    } finally {
      surface.release();
    }
    if (blob && blob.size > 0) return { blob, width, height, scale };
  }
  throw new Error('the browser could not draw an image this large');
}

/** An opaque 2D context, or undefined when the canvas has none or not the size asked for. */
function opaqueContext<C extends HTMLCanvasElement | OffscreenCanvas>(
  canvas: C,
  width: number,
  height: number,
): CanvasContext | undefined {
  // Opaque: the drawing paints its background anyway, and an opaque canvas may encode as
  // RGB, a quarter less data than RGBA.
  const context = canvas.getContext('2d', { alpha: false }) as CanvasContext | null;
  if (!context || canvas.width !== width || canvas.height !== height) return undefined;
  return context;
}

/** Surfaces on an `OffscreenCanvas` (in a worker: encoded at once, on that thread). */
export const offscreenCanvasMaker: CanvasMaker = (width, height) => {
  try {
    const canvas = new OffscreenCanvas(width, height);
    const context = opaqueContext(canvas, width, height);
    if (!context) return undefined;
    return {
      context,
      encode: () => canvas.convertToBlob({ type: 'image/png' }),
      release: () => {
        canvas.width = 0;
        canvas.height = 0;
      },
    };
  } catch {
    return undefined;
  }
};

/** Surfaces on a `<canvas>` element (the main-thread fallback). */
export const elementCanvasMaker: CanvasMaker = (width, height) => {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = opaqueContext(canvas, width, height);
  if (!context) return undefined;
  return {
    context,
    encode: () =>
      new Promise((resolve) => {
        try {
          canvas.toBlob(resolve, 'image/png');
        } catch {
          resolve(null);
        }
      }),
    release: () => {
      canvas.width = 0;
    },
  };
};
