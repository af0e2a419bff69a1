/**
 * The one seam every byte of case content passes through on its way into and out of IndexedDB. Callers
 * never see stored bytes; they hand plain bytes to `encode` and get plain bytes back from `decode`. The
 * plain codec stores bytes as they are; an encrypting codec (AES-GCM with the vault's key) replaces it
 * without touching any caller.
 */
export interface Codec {
  /** A short name stored with nothing; used in logs and problem reports only. */
  readonly name: string;
  encode(plain: Uint8Array): Promise<Uint8Array>;
  /** Throws `CodecError` when `stored` cannot be decoded (wrong key, tampered, truncated). */
  decode(stored: Uint8Array): Promise<Uint8Array>;
}

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
export async function encodeJson(codec: Codec, value: unknown): Promise<Uint8Array> {
  return codec.encode(encoder.encode(JSON.stringify(value)));
}

/** Decodes and parses; throws `CodecError` for bytes that are not UTF-8 JSON. */
export async function decodeJson(codec: Codec, stored: Uint8Array): Promise<unknown> {
  const bytes = await codec.decode(stored);
  try {
    return JSON.parse(decoder.decode(bytes)) as unknown;
  } catch (error) {
    throw new CodecError(`stored bytes are not JSON: ${(error as Error).message}`);
  }
}
