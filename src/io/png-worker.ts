/**
 * The PNG export's worker: draws a design on an `OffscreenCanvas` and encodes it on this
 * thread, at once (see `png-render.ts` for why). Started by `export.ts` on first use.
 *
 * Messages: in {@link PngWorkerRequest}, out {@link PngWorkerResponse}. Never throws out:
 * a failure is a response with a message, and the exporter then draws on the main thread.
 */
import type { Design } from '../model/types';
import { drawDesignPng, offscreenCanvasMaker, type PngImage, type PngOptions } from './png-render';

export interface PngWorkerRequest {
  id: number;
  design: Design;
  options: Pick<PngOptions, 'theme' | 'scale' | 'limits'>;
}

export type PngWorkerResponse =
  { id: number; ok: true; image: PngImage } | { id: number; ok: false; message: string };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<PngWorkerRequest>) => void) | null;
  postMessage(message: PngWorkerResponse): void;
};

scope.onmessage = (event) => {
  const { id, design, options } = event.data;
  drawDesignPng(design, options, offscreenCanvasMaker).then(
    (image) => scope.postMessage({ id, ok: true, image }),
    (error: unknown) =>
      scope.postMessage({
        id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
};
