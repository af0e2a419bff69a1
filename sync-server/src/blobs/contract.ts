/**
 * Where the relay keeps attachments: a small contract, so that the file engine (./file-blob-store.ts, the
 * default under `DATA_DIR`) can be joined by PostgreSQL large objects or an object store later without
 * touching the routes. Attachments are content-addressed: a blob is named by its team, its case and the
 * SHA-256 of its bytes (ciphertext made on the device; the relay never sees an attachment in the clear).
 *
 * What every engine promises:
 * - an upload is resumable: `begin` is idempotent and `state` tells how many bytes have arrived, so a device
 *   whose connection was cut goes on where the relay stands;
 * - a chunk is appended only at the offset reached, else `offset-mismatch`;
 * - the chunk that completes an upload makes the engine hash everything received; a blob whose bytes do not
 *   match its name is dropped whole (`hash-mismatch`), one that does becomes readable in one atomic step;
 * - `read` serves only complete blobs and verifies their hash again on every read (`corrupt` if the medium
 *   changed them), so a partial or damaged blob is never served;
 * - blobs of one case are counted together (`caseBytes`) for the per-case limit, uploads begun included.
 */
export interface BlobRef {
  readonly teamId: string;
  readonly caseId: string;
  /** SHA-256 of the blob's bytes, 64 lower-case hex digits. */
  readonly hash: string;
}

/** How far an upload is: `offset` of `length` bytes; `complete` once the blob is stored and verified. */
export interface BlobState {
  offset: number;
  length: number;
  complete: boolean;
}

export const BLOB_ERROR_CODES = ['offset-mismatch', 'hash-mismatch', 'not-found', 'corrupt'] as const;
export type BlobErrorCode = (typeof BLOB_ERROR_CODES)[number];

/** The only error a `BlobStore` rejects with for what a caller did; I/O failures pass as they are. */
export class BlobError extends Error {
  override name = 'BlobError';
  constructor(
    readonly code: BlobErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isBlobError(error: unknown, code?: BlobErrorCode): error is BlobError {
  return error instanceof BlobError && (code === undefined || error.code === code);
}

export interface BlobStore {
  /** The blob's or its upload's state, or `undefined` when nothing was begun under this name. */
  state(ref: BlobRef): Promise<BlobState | undefined>;
  /**
   * Begins an upload of `length` bytes, or answers the state of the one begun or the blob already stored.
   * An upload begun with another length is started anew (the hash fixes the bytes, so one of them was wrong).
   */
  begin(ref: BlobRef, length: number): Promise<BlobState>;
  /** Appends a chunk at `offset`; the completing chunk verifies and stores the blob (see the contract). */
  append(ref: BlobRef, offset: number, chunk: Uint8Array): Promise<BlobState>;
  /** The stored blob's bytes, verified against its hash. */
  read(ref: BlobRef): Promise<Uint8Array>;
  /** Bytes the case holds: stored blobs and the announced length of uploads begun. */
  caseBytes(teamId: string, caseId: string): Promise<number>;
  /**
   * Removes every blob of the case and every upload begun (the case was erased,
   * docs/architecture.md#data-lifecycle). Resolves how many blobs and uploads it removed; a case without
   * any is no error.
   */
  eraseCase(teamId: string, caseId: string): Promise<number>;
}
