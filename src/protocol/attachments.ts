import { z } from 'zod';

/**
 * The relay's attachment API: resumable uploads and downloads of encrypted attachment bytes, apart from the
 * Yjs update stream (docs/architecture.md#attachments). Shared by the relay, which parses requests, and the
 * app, which parses answers. Error answers are `ErrorBody` (./errors.ts).
 *
 * An attachment is addressed by its team, its case (doc id) and the SHA-256 of the bytes the device uploads,
 * which are ciphertext: `/api/attachments/<teamId>/<caseId>/<sha256 hex>`.
 *
 * - `POST` with `Upload-Length` begins an upload (or finds the one already begun, or the stored attachment)
 *   and answers `UploadState`;
 * - `HEAD` answers the same state in the headers `Upload-Offset` and `Upload-Length` (404 if none);
 * - `PATCH` with `Upload-Offset` and a body of `application/offset+octet-stream` appends one chunk at that
 *   offset; the chunk that completes the upload makes the relay verify the hash and store the attachment
 *   (or refuse it with `attachment-hash-mismatch`, dropping what it had received);
 * - `GET` answers the stored bytes once their hash is verified again.
 *
 * Header names follow the tus protocol's core, so a tus client could be adapted to it.
 */
export const ATTACHMENT_PATH_PREFIX = '/api/attachments';

export const UPLOAD_CHUNK_CONTENT_TYPE = 'application/offset+octet-stream';

export const UPLOAD_HEADERS = {
  length: 'upload-length',
  offset: 'upload-offset',
} as const;

/** The largest chunk one `PATCH` may carry; the app sends smaller ones (`UPLOAD_CHUNK_BYTES`). */
export const MAX_UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

/** What the app sends per `PATCH`: small enough that a cut connection costs little, large enough to be quick. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

/** Defaults of the relay's limits (`ATTACHMENT_MAX_BYTES`, `ATTACHMENT_CASE_MAX_BYTES`), in uploaded bytes. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_ATTACHMENT_CASE_MAX_BYTES = 200 * 1024 * 1024;

/** A SHA-256 digest as 64 lower-case hex digits: the name of an attachment's bytes. */
export const ContentHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

export function attachmentPath(teamId: string, caseId: string, hash: string): string {
  return `${ATTACHMENT_PATH_PREFIX}/${encodeURIComponent(teamId)}/${encodeURIComponent(caseId)}/${hash}`;
}

/** Where an upload stands: `offset` bytes of `length` received; `complete` once stored and verified. */
export const UploadStateSchema = z.object({
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
  complete: z.boolean(),
});
export type UploadState = z.infer<typeof UploadStateSchema>;
