/**
 * What may be attached to a case and how large it may be: rules the app checks before anything is stored
 * (docs/architecture.md#attachments). The relay enforces its own limits again on the encrypted bytes.
 */
import { DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_CASE_MAX_BYTES } from '../protocol/attachments.ts';

/** Images are re-encoded on the device; these are what a browser can decode for it. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export const DOCUMENT_TYPES = ['application/pdf'] as const;
/** What is stored: images always as JPEG after downscaling, PDFs as they are. */
export const STORED_TYPES = ['image/jpeg', 'image/webp', 'application/pdf'] as const;
export type StoredType = (typeof STORED_TYPES)[number];

/** The longest side of a stored photo, in pixels: enough to read a notice, small enough to sync. */
export const MAX_IMAGE_SIDE = 2_000;
/** A picture larger than this is not even decoded: no camera produces it, and decoding it could exhaust memory. */
export const MAX_IMAGE_INPUT_BYTES = 50 * 1024 * 1024;
/** What the encryption adds to each attachment: a 12-byte IV and a 16-byte tag. */
export const ENCRYPTION_OVERHEAD_BYTES = 28;
/** Limits the app checks, in stored bytes; the relay's defaults, which its operators may lower. */
export const ATTACHMENT_LIMITS = {
  fileBytes: DEFAULT_ATTACHMENT_MAX_BYTES,
  caseBytes: DEFAULT_ATTACHMENT_CASE_MAX_BYTES,
} as const;

export type AttachmentKind = 'image' | 'document';

export type AttachmentRefusal =
  | { code: 'attachment-type-unsupported'; type: string }
  | { code: 'attachment-too-large'; maxBytes: number }
  | { code: 'case-attachments-full'; maxBytes: number }
  | { code: 'attachment-empty' };

/** Guesses the type of a file whose browser gave none, from its name (some file pickers do). */
export function typeOf(file: { type: string; name: string }): string {
  if (file.type !== '') return file.type.toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const byExtension: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    webp: 'image/webp',
    gif: 'image/gif',
    pdf: 'application/pdf',
  };
  return (extension && byExtension[extension]) ?? 'application/octet-stream';
}

/** Whether a chosen file can be attached, and as what; checks type and the size before processing. */
export function admitFile(file: {
  type: string;
  name: string;
  size: number;
}): { ok: true; kind: AttachmentKind } | { ok: false; refusal: AttachmentRefusal } {
  const type = typeOf(file);
  if (file.size === 0) return { ok: false, refusal: { code: 'attachment-empty' } };
  if ((IMAGE_TYPES as readonly string[]).includes(type)) {
    if (file.size > MAX_IMAGE_INPUT_BYTES) {
      return { ok: false, refusal: { code: 'attachment-too-large', maxBytes: MAX_IMAGE_INPUT_BYTES } };
    }
    return { ok: true, kind: 'image' };
  }
  if ((DOCUMENT_TYPES as readonly string[]).includes(type)) {
    const refusal = sizeRefusal(file.size);
    return refusal ? { ok: false, refusal } : { ok: true, kind: 'document' };
  }
  return { ok: false, refusal: { code: 'attachment-type-unsupported', type } };
}

/** Whether `plainBytes` more fit into one file and into the case beside `caseBytes` already attached. */
export function sizeRefusal(plainBytes: number, caseBytes = 0): AttachmentRefusal | undefined {
  const stored = plainBytes + ENCRYPTION_OVERHEAD_BYTES;
  if (stored > ATTACHMENT_LIMITS.fileBytes) {
    return { code: 'attachment-too-large', maxBytes: ATTACHMENT_LIMITS.fileBytes };
  }
  if (caseBytes + stored > ATTACHMENT_LIMITS.caseBytes) {
    return { code: 'case-attachments-full', maxBytes: ATTACHMENT_LIMITS.caseBytes };
  }
  return undefined;
}

/** The size of an image scaled so that its longest side is at most `MAX_IMAGE_SIDE`; never enlarged. */
export function scaledSize(
  width: number,
  height: number,
  maxSide = MAX_IMAGE_SIDE,
): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const factor = maxSide / longest;
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

/** "Foto 2026-12-07 14.05.jpg": the name of a photo taken with the camera, which gives names like image.jpg. */
export function photoName(at: Date, extension = 'jpg'): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Foto ${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}.${pad(at.getMinutes())}.${extension}`;
}
