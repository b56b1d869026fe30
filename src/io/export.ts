/**
 * Exports: the design as a JSON file, an SVG document, or a PNG image that carries the
 * design inside (so dropping the PNG back on the board opens it). Browser-only.
 *
 * PNG: the design is painted from the model straight onto a canvas at 2× its extent (the
 * same drawing as the SVG export, through `render-canvas.ts`), encoded with `toBlob`, and
 * the design JSON is added as an `iTXt` chunk. Huge extents are scaled down to fit
 * {@link PNG_LIMITS}; a canvas the browser cannot allocate is retried smaller, so the result
 * is never a blank or cut-off image.
 */
import { serializeDesign, type Design } from '../model';
import { PNG_KEYWORD } from './import';
import { insertTextChunk } from './png';
import { prepareCanvasDrawing } from './render-canvas';
import { renderDesignSvg } from './render-svg';

/** The scale of PNG exports: 2 image pixels per design unit (sharp on high-density screens). */
export const PNG_SCALE = 2;

/**
 * Canvas limits that hold in every current browser (Chromium allows 32767 px a side and
 * 268 M pixels in all; Firefox and Safari less) and keep encoding well under a second.
 */
export const PNG_LIMITS = { maxSide: 16_384, maxPixels: 12_000_000 } as const;

export type ExportTheme = 'light' | 'dark';

const UNSAFE_IN_FILE_NAMES =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A file name from the design's title: characters that file systems refuse or that hide
 * the name (controls, bidi overrides) removed, spaces kept, at most 100 characters.
 */
export function designFileName(title: string, extension: 'json' | 'png' | 'svg'): string {
  const base = title
    .normalize('NFC')
    .replace(UNSAFE_IN_FILE_NAMES, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/(^|\s)\.+(?=\s|$)/g, ' ') // "..", "." path parts
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  const short = Array.from(base).slice(0, 100).join('').trim();
  const reserved = /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(short);
  return `${short && !reserved ? short : 'archboard-design'}.${extension}`;
}

/** Offers a blob to the person as a download named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Downloads the design as its JSON file. */
export function exportJson(design: Design): void {
  const blob = new Blob([serializeDesign(design)], { type: 'application/json' });
  downloadBlob(blob, designFileName(design.title, 'json'));
}

/** Downloads the design as a standalone SVG (with the design embedded). */
export function exportSvg(design: Design, options: { theme?: ExportTheme } = {}): void {
  const svg = renderDesignSvg(design, { theme: options.theme ?? 'light', embedJson: true });
  downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), designFileName(design.title, 'svg'));
}

export interface PngOptions {
  theme?: ExportTheme;
  /** Image pixels per design unit before clamping (default {@link PNG_SCALE}). */
  scale?: number;
  /** Limits (tests use small ones). */
  limits?: { maxSide: number; maxPixels: number };
  /** Embed the design JSON (default true). */
  embedJson?: boolean;
}

/** The scale that fits `width × height` design units in the limits, at most `wanted`. */
export function fitScale(
  width: number,
  height: number,
  wanted: number,
  limits: { maxSide: number; maxPixels: number } = PNG_LIMITS,
): number {
  const bySide = Math.min(limits.maxSide / width, limits.maxSide / height);
  const byArea = Math.sqrt(limits.maxPixels / (width * height));
  return Math.min(wanted, bySide, byArea);
}

function canvasToBlob(canvas: HTMLCanvasElement): Promise<Blob | null> {
  return new Promise((resolve) => {
    try {
      canvas.toBlob(resolve, 'image/png');
    } catch {
      resolve(null);
    }
  });
}

/** Rendered PNG bytes and their pixel size. */
export interface RenderedPng {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** The scale used: below {@link PNG_SCALE} when the design was too large. */
  scale: number;
}

/**
 * The design as PNG bytes (design JSON embedded), with the pixel size and the scale used.
 * Rejects only when the browser cannot draw at all.
 */
export async function renderDesignPngImage(
  design: Design,
  options: PngOptions = {},
): Promise<RenderedPng> {
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
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    // A canvas the browser cannot allocate has no context (or reports a 0 size): go smaller.
    const context = canvas.getContext('2d');
    if (!context || canvas.width !== width || canvas.height !== height) continue;
    drawing.draw(context, Math.min(width / drawing.width, height / drawing.height));
    const blob = await canvasToBlob(canvas);
    canvas.width = 0; // free the pixels now, not at the next GC
    if (!blob || blob.size === 0) continue;
    const png = new Uint8Array(await blob.arrayBuffer());
    const bytes =
      options.embedJson === false
        ? png
        : insertTextChunk(png, PNG_KEYWORD, serializeDesign(design));
    return { bytes, width, height, scale };
  }
  throw new Error('the browser could not draw an image this large');
}

/** The design as PNG bytes with the design JSON embedded (tests and benchmarks). */
export async function renderDesignPng(design: Design, options?: PngOptions): Promise<Uint8Array> {
  return (await renderDesignPngImage(design, options)).bytes;
}

export type PngExportResult =
  { ok: true; width: number; height: number; scaledDown: boolean } | { ok: false; message: string };

/** Downloads the design as a PNG image that re-opens the design when imported. Never rejects. */
export async function exportPng(
  design: Design,
  options: PngOptions = {},
): Promise<PngExportResult> {
  try {
    const image = await renderDesignPngImage(design, options);
    const bytes = image.bytes;
    const blob = new Blob(
      [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer],
      { type: 'image/png' },
    );
    downloadBlob(blob, designFileName(design.title, 'png'));
    return {
      ok: true,
      width: image.width,
      height: image.height,
      scaledDown: image.scale < (options.scale ?? PNG_SCALE),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Could not export the PNG: ${reason}` };
  }
}
