import { z } from 'zod';
import { secretKind } from '../domain/device-secret.ts';
import { CodecError, type Codec, type RecordContext } from './codec.ts';

/**
 * The vault (docs/architecture.md#encryption-at-rest): a random AES-GCM data key encrypts every byte of case
 * content on the device. The data key is stored only wrapped, with a key derived from the person's PIN or
 * passphrase by PBKDF2-SHA-256; unwrapped, it lives in memory as a non-extractable CryptoKey and is gone when
 * the page is. Changing the secret re-wraps the data key; the data itself is never re-encrypted for that.
 */

/** OWASP's Password Storage Cheat Sheet (2023 onwards) asks for 600,000 iterations of PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;
/** A stored vault with fewer iterations than this was not made by Lotse and is not trusted. */
const MIN_ITERATIONS = 100_000;
const MAX_ITERATIONS = 10_000_000;

const SALT_BYTES = 16;
const IV_BYTES = 12;
/**
 * The first byte of every ciphertext the vault codec writes: the record format. Format 1 (`[1][IV][sealed]`)
 * had no additional data, so its records could be moved between rows, docs and tables; it is only read to
 * re-encrypt it (`upgrade`), or while a device's records are still being upgraded. Format 2 is
 * `[2][key id, 4 bytes big-endian][IV][sealed]`, with the header and the record's context (kind and doc id)
 * as AES-GCM additional data.
 */
const FORMAT_AES_GCM_V1 = 1;
const FORMAT_AES_GCM_V2 = 2;
/** The record format this version writes; stored in the database's meta once every record has it. */
export const RECORD_FORMAT = FORMAT_AES_GCM_V2;
const HEADER_V2 = 1 + 4;
const TAG_BYTES = 16;
const MAX_KEY_ID = 0xffff_ffff;

const bytes = (length?: number) =>
  z.instanceof(Uint8Array).refine((value) => length === undefined || value.length === length, {
    message: `expected ${length} bytes`,
  });

/** What is stored of a vault: nothing in it reveals anything about a person or opens anything alone. */
export const VaultRecordSchema = z.object({
  version: z.literal(1),
  kdf: z.object({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().int().min(MIN_ITERATIONS).max(MAX_ITERATIONS),
    salt: bytes(SALT_BYTES),
  }),
  /** The data key wrapped with AES-GCM under the derived key: IV, then ciphertext with its tag. */
  wrappedKey: bytes(),
  /**
   * Which data key this is, written beside every ciphertext it seals, so that records can say which key
   * opens them once there is more than one (a rotation). Vaults made before it existed have key id 0.
   */
  keyId: z.number().int().min(0).max(MAX_KEY_ID).optional(),
  secretKind: z.enum(['pin', 'passphrase']),
  createdAt: z.number().int().nonnegative(),
  changedAt: z.number().int().nonnegative(),
});
export type VaultRecord = z.infer<typeof VaultRecordSchema>;

/** The secret did not unwrap the data key: wrong PIN or passphrase (or a tampered vault record). */
export class WrongSecretError extends Error {
  override name = 'WrongSecretError';
}

/**
 * The bytes as WebCrypto wants them: a view on a plain ArrayBuffer. Bytes read from IndexedDB already are
 * one, and WebCrypto copies what it is given, so only a view on a shared buffer is copied (reading a
 * thousand summaries at the start would otherwise copy each of them once more for nothing).
 */
function view(data: Uint8Array): Uint8Array<ArrayBuffer> {
  if (data.buffer instanceof ArrayBuffer) return data as Uint8Array<ArrayBuffer>;
  const copy = new Uint8Array(data.length);
  copy.set(data);
  return copy;
}

async function deriveWrappingKey(secret: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: view(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

async function wrap(dataKey: CryptoKey, secret: string, salt: Uint8Array, iterations: number) {
  const wrappingKey = await deriveWrappingKey(secret, salt, iterations);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const wrapped = new Uint8Array(
    await crypto.subtle.wrapKey('raw', dataKey, wrappingKey, { name: 'AES-GCM', iv }),
  );
  const out = new Uint8Array(IV_BYTES + wrapped.length);
  out.set(iv);
  out.set(wrapped, IV_BYTES);
  return out;
}

async function unwrap(record: VaultRecord, secret: string, extractable: boolean): Promise<CryptoKey> {
  const wrappingKey = await deriveWrappingKey(secret, record.kdf.salt, record.kdf.iterations);
  const iv = view(record.wrappedKey.subarray(0, IV_BYTES));
  const wrapped = view(record.wrappedKey.subarray(IV_BYTES));
  try {
    return await crypto.subtle.unwrapKey(
      'raw',
      wrapped,
      wrappingKey,
      { name: 'AES-GCM', iv },
      { name: 'AES-GCM', length: 256 },
      extractable,
      ['encrypt', 'decrypt'],
    );
  } catch {
    // AES-GCM checks its tag: a wrong secret and a tampered record fail alike, and say nothing more.
    throw new WrongSecretError('The PIN or passphrase does not open this vault.');
  }
}

export interface OpenVault {
  record: VaultRecord;
  /** The data key, non-extractable: it can encrypt and decrypt, never be read out. */
  key: CryptoKey;
}

/** Makes a new vault for `secret` (checked by the caller with `checkNewSecret`). */
export async function createVault(
  secret: string,
  options: { iterations?: number; now?: number } = {},
): Promise<OpenVault> {
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  const now = options.now ?? Date.now();
  // Extractable only for the moment it takes to wrap it; what stays in memory is the unwrapped copy below.
  const exportable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const record: VaultRecord = {
    version: 1,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt },
    wrappedKey: await wrap(exportable, secret, salt, iterations),
    keyId: crypto.getRandomValues(new Uint32Array(1))[0]!,
    secretKind: secretKind(secret),
    createdAt: now,
    changedAt: now,
  };
  return { record, key: await unwrap(record, secret, false) };
}

/** Opens the vault with the secret; throws `WrongSecretError` when it does not fit. */
export async function unlockVault(record: VaultRecord, secret: string): Promise<CryptoKey> {
  return unwrap(record, secret, false);
}

/**
 * Wraps the same data key under a new secret (with a new salt): the stored data stays as it is. Throws
 * `WrongSecretError` when `current` does not open the vault.
 */
export async function rewrapVault(
  record: VaultRecord,
  current: string,
  next: string,
  now = Date.now(),
): Promise<VaultRecord> {
  const exportable = await unwrap(record, current, true);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iterations = Math.max(record.kdf.iterations, PBKDF2_ITERATIONS);
  return {
    ...record,
    kdf: { ...record.kdf, iterations, salt },
    wrappedKey: await wrap(exportable, next, salt, iterations),
    secretKind: secretKind(next),
    changedAt: now,
  };
}

/** The key id of a vault record (0 for vaults made before key ids). */
export function keyIdOf(record: VaultRecord): number {
  return record.keyId ?? 0;
}

const contextEncoder = new TextEncoder();

/** The additional data of a format-2 record: its header, then its kind and doc id. */
function additionalData(header: Uint8Array, context: RecordContext): Uint8Array<ArrayBuffer> {
  const where = contextEncoder.encode(`lotse-record\u0000${context.kind}\u0000${context.key}`);
  const out = new Uint8Array(header.length + where.length);
  out.set(header);
  out.set(where, header.length);
  return out;
}

function headerV2(keyId: number): Uint8Array {
  const header = new Uint8Array(HEADER_V2);
  header[0] = FORMAT_AES_GCM_V2;
  new DataView(header.buffer).setUint32(1, keyId);
  return header;
}

export interface VaultCodecOptions {
  /** The vault's key id (`keyIdOf`), written into every record and checked when reading one. */
  keyId: number;
  /**
   * Whether format-1 records (no additional data) are read too. Only while a device's records are still
   * being upgraded: afterwards a format-1 record is refused like any other bytes that were not written here.
   */
  readFormat1?: boolean;
}

/**
 * The codec that encrypts: every stored value is `[2][key id][12-byte random IV][AES-GCM ciphertext and
 * tag]`, authenticated together with the record's context, so a record altered, moved to another row, doc or
 * table, or sealed under another key throws `CodecError`; the storage layer quarantines it.
 */
export function vaultCodec(key: CryptoKey, options: VaultCodecOptions): Codec {
  const header = headerV2(options.keyId);
  const openV1 = async (stored: Uint8Array): Promise<Uint8Array> => {
    if (stored.length < 1 + IV_BYTES + TAG_BYTES) throw new CodecError('stored bytes are too short');
    const iv = view(stored.subarray(1, 1 + IV_BYTES));
    try {
      return new Uint8Array(
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, view(stored.subarray(1 + IV_BYTES))),
      );
    } catch {
      throw new CodecError('stored bytes failed authentication (altered, or another key)');
    }
  };
  const encode = async (plain: Uint8Array, context: RecordContext): Promise<Uint8Array> => {
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: additionalData(header, context) },
        key,
        view(plain),
      ),
    );
    const out = new Uint8Array(HEADER_V2 + IV_BYTES + sealed.length);
    out.set(header);
    out.set(iv, HEADER_V2);
    out.set(sealed, HEADER_V2 + IV_BYTES);
    return out;
  };
  return {
    name: 'aes-gcm',
    encode,
    async decode(stored, context) {
      if (stored[0] === FORMAT_AES_GCM_V1 && options.readFormat1) return openV1(stored);
      if (stored.length < HEADER_V2 + IV_BYTES + TAG_BYTES || stored[0] !== FORMAT_AES_GCM_V2) {
        throw new CodecError('stored bytes are not in the vault format');
      }
      const storedKeyId = new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(1);
      if (storedKeyId !== options.keyId) {
        throw new CodecError(`stored bytes were sealed with key ${storedKeyId}, not this vault's key`);
      }
      const iv = view(stored.subarray(HEADER_V2, HEADER_V2 + IV_BYTES));
      try {
        return new Uint8Array(
          await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv, additionalData: additionalData(stored.subarray(0, HEADER_V2), context) },
            key,
            view(stored.subarray(HEADER_V2 + IV_BYTES)),
          ),
        );
      } catch {
        throw new CodecError(
          'stored bytes failed authentication (altered, moved from elsewhere, or another key)',
        );
      }
    },
    async upgrade(stored, context) {
      if (stored[0] !== FORMAT_AES_GCM_V1) return undefined;
      return encode(await openV1(stored), context);
    },
  };
}

/** Wrong PINs in a row before the device's data is wiped. */
export const MAX_UNLOCK_FAILURES = 10;
/** Wrong PINs that cost nothing but a message; from then on each one costs a growing wait. */
const FREE_FAILURES = 3;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 15 * 60_000;

export interface UnlockPolicy {
  /** How long after the last wrong attempt the next one is accepted. */
  delayMs: number;
  /** Wrong attempts left before the wipe. */
  remaining: number;
  /** Whether the next wrong attempt wipes the device, or the limit is already reached. */
  wipe: boolean;
}

/** After `failures` wrong attempts in a row: the wait before the next, and how many are left. */
export function unlockPolicy(failures: number): UnlockPolicy {
  const remaining = Math.max(0, MAX_UNLOCK_FAILURES - failures);
  const delayMs =
    failures < FREE_FAILURES ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - FREE_FAILURES));
  return { delayMs, remaining, wipe: remaining === 0 };
}

export const UnlockFailuresSchema = z.object({
  count: z.number().int().nonnegative(),
  lastAt: z.number().int().nonnegative(),
});
export type UnlockFailures = z.infer<typeof UnlockFailuresSchema>;
