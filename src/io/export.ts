/**
 * Exports: the design as a JSON file, an SVG document, or a PNG image that carries the
 * design inside (so dropping the PNG back on the board opens it). Browser-only.
 *
 * PNG: the design is painted from the model straight onto a canvas at 2× its extent (the
 * same drawing as the SVG export, through `render-canvas.ts`) in a worker (`png-worker.ts`;
 * on the main thread when workers cannot draw), and the design JSON is added as an `iTXt`
 * chunk without copying the picture. Huge extents are scaled down to fit {@link PNG_LIMITS};
 * a canvas the browser cannot allocate is retried smaller, so the result is never a blank
 * or cut-off image (`png-render.ts`).
 */
import { serializeDesign, type Design } from '../model';
import { downloadBlob } from './download';
import { PNG_KEYWORD } from './embedding';
import { insertTextChunkInBlob } from './png';
import {
  drawDesignPng,
  elementCanvasMaker,
  PNG_SCALE,
  type ExportTheme,
  type PngImage,
  type PngOptions,
} from './png-render';
import type { PngWorkerRequest, PngWorkerResponse } from './png-worker';
import { renderDesignSvg } from './render-svg';

export { downloadBlob };
export {
  fitScale,
  PNG_LIMITS,
  PNG_SCALE,
  type ExportTheme,
  type PngOptions,
  type PngLimits,
} from './png-render';

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

/** Rendered PNG (design embedded unless asked otherwise) and its pixel size. */
export interface RenderedPng {
  blob: Blob;
  width: number;
  height: number;
  /** The scale used: below {@link PNG_SCALE} when the design was too large. */
  scale: number;
}

type DrawRequest = PngWorkerRequest['options'];

/** The drawing worker, started on first use; `null` once it proved unusable here. */
let worker: Worker | null | undefined;
let nextRequest = 1;
const waiting = new Map<number, (response: PngWorkerResponse | undefined) => void>();

function stopWorker(): void {
  worker?.terminate();
  worker = null;
  for (const answer of waiting.values()) answer(undefined);
  waiting.clear();
}

function drawingWorker(): Worker | undefined {
  if (worker !== undefined) return worker ?? undefined;
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') {
    worker = null;
    return undefined;
  }
  try {
    worker = new Worker(new URL('./png-worker.ts', import.meta.url), {
      type: 'module',
      name: 'archboard-png',
    });
  } catch {
    worker = null;
    return undefined;
  }
  worker.onmessage = (event: MessageEvent<PngWorkerResponse>) => {
    const answer = waiting.get(event.data.id);
    waiting.delete(event.data.id);
    answer?.(event.data);
  };
  // A worker that cannot load (or crashes) answers nothing: the main thread draws instead.
  worker.onerror = (event) => {
    event.preventDefault();
    stopWorker();
  };
  worker.onmessageerror = stopWorker;
  return worker;
}

/** The picture drawn by the worker, or undefined when the worker cannot draw it. */
function drawInWorker(design: Design, options: DrawRequest): Promise<PngImage | undefined> {
  const target = drawingWorker();
  if (!target) return Promise.resolve(undefined);
  const id = nextRequest++;
  return new Promise((resolve) => {
    waiting.set(id, (response) => resolve(response?.ok ? response.image : undefined));
    try {
      target.postMessage({ id, design, options } satisfies PngWorkerRequest);
    } catch {
      waiting.delete(id);
      resolve(undefined);
    }
  });
}

/**
 * The design as a PNG (design JSON embedded), with the pixel size and the scale used.
 * Rejects only when the browser cannot draw at all.
 */
export async function renderDesignPngImage(
  design: Design,
  options: PngOptions = {},
): Promise<RenderedPng> {
  const request: DrawRequest = {
    theme: options.theme ?? 'light',
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  };
  const image =
    (await drawInWorker(design, request)) ??
    (await drawDesignPng(design, request, elementCanvasMaker));
  const blob =
    options.embedJson === false
      ? image.blob
      : await insertTextChunkInBlob(image.blob, PNG_KEYWORD, serializeDesign(design));
  return { ...image, blob };
}

/** The design as PNG bytes with the design JSON embedded (tests and benchmarks). */
export async function renderDesignPng(design: Design, options?: PngOptions): Promise<Uint8Array> {
  const { blob } = await renderDesignPngImage(design, options);
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * `scaledDown`: the picture is smaller than the design on the canvas at 100 % (fewer than
 * one pixel per design unit), worth telling the person; between 1× and 2× it is not.
 */
export type PngExportResult =
  { ok: true; width: number; height: number; scaledDown: boolean } | { ok: false; message: string };

/** Downloads the design as a PNG image that re-opens the design when imported. Never rejects. */
export async function exportPng(
  design: Design,
  options: PngOptions = {},
): Promise<PngExportResult> {
  try {
    const image = await renderDesignPngImage(design, options);
    downloadBlob(image.blob, designFileName(design.title, 'png'));
    return {
      ok: true,
      width: image.width,
      height: image.height,
      scaledDown: image.scale < Math.min(1, options.scale ?? PNG_SCALE),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Could not export the PNG: ${reason}` };
  }
}
