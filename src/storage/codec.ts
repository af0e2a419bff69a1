/**
 * The one seam every byte of case content passes through on its way into and out of IndexedDB. Callers
 * never see stored bytes; they hand plain bytes to `encode` and get plain bytes back from `decode`. The
 * plain codec stores bytes as they are; an encrypting codec (AES-GCM with the vault's key) replaces it
 * without touching any caller.
 *
 * Every call names where the record lives (`RecordContext`): an encrypting codec binds the ciphertext to
 * it, so bytes copied to another table, doc or row do not decode there.
 */
export interface Codec {
  /** A short name stored with nothing; used in logs and problem reports only. */
  readonly name: string;
  encode(plain: Uint8Array, context: RecordContext): Promise<Uint8Array>;
  /** Throws `CodecError` when `stored` cannot be decoded (wrong key, tampered, truncated, moved). */
  decode(stored: Uint8Array, context: RecordContext): Promise<Uint8Array>;
  /**
   * For a record written in an older format: the same content re-encoded in the current one (bound to
   * `context`); `undefined` when `stored` is current already. Throws `CodecError` when it cannot be read.
   */
  upgrade?(stored: Uint8Array, context: RecordContext): Promise<Uint8Array | undefined>;
}

/**
 * What a stored record is and whose it is. Stored updates and outbox rows share a kind: an outbox row is a
 * byte-for-byte copy of the update it queues (copied inside an IndexedDB transaction, where no WebCrypto
 * call can run), and either one is a Yjs update of the same doc.
 */
export type RecordKind =
  | 'doc-update'
  | 'summary'
  | 'pending-edit'
  | 'field-edit'
  | 'conflict'
  | 'session-tokens'
  | 'team-members'
  | 'entry-habits'
  | 'entry-drafts'
  | 'answer-cache'
  | 'attachment'
  | 'erasure-notice';

export interface RecordContext {
  kind: RecordKind;
  /** The doc id (for session tokens the relay origin, for team members the user) the record belongs to. */
  key: string;
}

export const docUpdateRecord = (docId: string): RecordContext => ({ kind: 'doc-update', key: docId });
export const summaryRecord = (docId: string): RecordContext => ({ kind: 'summary', key: docId });
export const pendingEditRecord = (docId: string): RecordContext => ({ kind: 'pending-edit', key: docId });
export const fieldEditRecord = (docId: string): RecordContext => ({ kind: 'field-edit', key: docId });
export const conflictRecord = (docId: string): RecordContext => ({ kind: 'conflict', key: docId });
export const sessionTokensRecord = (origin: string): RecordContext => ({
  kind: 'session-tokens',
  key: origin,
});

export const teamMembersRecord = (userId: string): RecordContext => ({ kind: 'team-members', key: userId });
export const entryHabitsRecord = (userId: string): RecordContext => ({ kind: 'entry-habits', key: userId });
export const entryDraftsRecord = (docId: string): RecordContext => ({ kind: 'entry-drafts', key: docId });
export const answerCacheRecord = (key: string): RecordContext => ({ kind: 'answer-cache', key });
export const attachmentRecord = (docId: string, hash: string): RecordContext => ({
  kind: 'attachment',
  key: `${docId}/${hash}`,
});

export const erasureNoticeRecord = (docId: string): RecordContext => ({ kind: 'erasure-notice', key: docId });

export class CodecError extends Error {
  override name = 'CodecError';
}

/** Stores bytes unchanged. */
export const plainCodec: Codec = {
  name: 'plain',
  async encode(plain) {
    return plain;
  },
  async decode(stored) {
    return stored;
  },
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** JSON through a codec: for summaries and other structured case content. */
export async function encodeJson(codec: Codec, value: unknown, context: RecordContext): Promise<Uint8Array> {
  return codec.encode(encoder.encode(JSON.stringify(value)), context);
}

/** Decodes and parses; throws `CodecError` for bytes that are not UTF-8 JSON. */
export async function decodeJson(codec: Codec, stored: Uint8Array, context: RecordContext): Promise<unknown> {
  const bytes = await codec.decode(stored, context);
  try {
    return JSON.parse(decoder.decode(bytes)) as unknown;
  } catch (error) {
    throw new CodecError(`stored bytes are not JSON: ${(error as Error).message}`);
  }
}
