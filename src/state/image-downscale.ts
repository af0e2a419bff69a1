import type { DownscaleAnswer, DownscaleRequest } from './image-downscale.worker.ts';

/** JPEG quality of stored photos: text on a photographed notice stays sharp at a fraction of the size. */
export const PHOTO_QUALITY = 0.82;

export interface DownscaledImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  type: 'image/jpeg';
}

export class DownscaleError extends Error {
  override name = 'DownscaleError';
}

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<
  number,
  { resolve: (image: DownscaledImage) => void; reject: (error: Error) => void }
>();

function theWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./image-downscale.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<DownscaleAnswer>) => {
    const answer = event.data;
    const pending = waiting.get(answer.id);
    if (!pending) return;
    waiting.delete(answer.id);
    if (answer.ok) {
      pending.resolve({ bytes: answer.bytes, width: answer.width, height: answer.height, type: answer.type });
    } else {
      pending.reject(new DownscaleError(answer.message));
    }
  };
  worker.onerror = (event) => {
    for (const pending of waiting.values()) pending.reject(new DownscaleError(event.message));
    waiting.clear();
    worker?.terminate();
    worker = undefined;
  };
  return worker;
}

/**
 * Downscales a photo to at most `MAX_IMAGE_SIDE` pixels on its longest side and encodes it as JPEG, in a
 * worker, so the page stays responsive while a 12-megapixel photo is decoded. Rejects with `DownscaleError`
 * for a file that is no image the browser can decode.
 */
export function downscaleImage(image: Blob, quality = PHOTO_QUALITY): Promise<DownscaledImage> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    const request: DownscaleRequest = { id, image, quality };
    theWorker().postMessage(request);
  });
}
