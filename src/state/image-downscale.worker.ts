/**
 * Downscales and re-encodes one image off the main thread (docs/architecture.md#attachments): decoded with
 * `createImageBitmap` (which also applies the photo's EXIF orientation), drawn onto an `OffscreenCanvas`
 * no larger than `MAX_IMAGE_SIDE` on its longest side, and encoded as JPEG. The original's bytes go no
 * further than this worker; its metadata (location, camera) is not carried over.
 */
import { scaledSize } from '../domain/attachments.ts';

export interface DownscaleRequest {
  id: number;
  image: Blob;
  quality: number;
}

export type DownscaleAnswer =
  | { id: number; ok: true; bytes: Uint8Array; width: number; height: number; type: 'image/jpeg' }
  | { id: number; ok: false; message: string };

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<DownscaleRequest>) => void) | null;
  postMessage(message: DownscaleAnswer, transfer?: Transferable[]): void;
};

scope.onmessage = (event) => {
  void downscale(event.data).then(
    (answer) => scope.postMessage(answer, answer.ok ? [answer.bytes.buffer as ArrayBuffer] : []),
    (error: unknown) =>
      scope.postMessage({
        id: event.data.id,
        ok: false,
        message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      }),
  );
};

async function downscale({ id, image, quality }: DownscaleRequest): Promise<DownscaleAnswer> {
  const bitmap = await createImageBitmap(image, { imageOrientation: 'from-image' });
  try {
    const { width, height } = scaledSize(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D context in this worker');
    // JPEG has no transparency: a transparent PNG gets white behind it rather than black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    return {
      id,
      ok: true,
      bytes: new Uint8Array(await blob.arrayBuffer()),
      width,
      height,
      type: 'image/jpeg',
    };
  } finally {
    bitmap.close();
  }
}
