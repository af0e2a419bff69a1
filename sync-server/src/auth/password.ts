import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes with scrypt (node:crypto), stored as a self-describing string
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url), so the parameters can be raised later and
 * old hashes still verify.
 */

export interface ScryptParams {
  /** CPU and memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/**
 * The cost of a new hash: 32 MiB and about 75 ms per login on the 2-core reference machine. OWASP's current
 * minimum is N=2^17 (about 300 ms there); raise N here when the relay's hardware allows. Existing hashes keep
 * verifying with the parameters written into them.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const PREFIX = 'scrypt';
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Bounds for parameters read back from the store, so a damaged or hostile row cannot exhaust memory. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY = 256 * 1024 * 1024;

function scryptAsync(
  password: string,
  salt: Uint8Array,
  keyLength: number,
  params: ScryptParams,
): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; Node's default limit (32 MiB) is exactly that for 2^15·8, so raise it.
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function validParams({ N, r, p }: ScryptParams): boolean {
  const powerOfTwo = Number.isInteger(N) && N >= 2 && (N & (N - 1)) === 0;
  return (
    powerOfTwo &&
    N <= MAX_N &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= MAX_R &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= MAX_P &&
    128 * N * r <= MAX_MEMORY
  );
}

/** Hashes `password` with a fresh random salt. Tests may pass cheaper parameters. */
export async function hashPassword(password: string, params = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  if (!validParams(params)) throw new Error(`Invalid scrypt parameters: ${JSON.stringify(params)}`);
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_BYTES, params);
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DECIMAL = /^[1-9][0-9]{0,9}$/;

function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  if (![n, r, p].every((part) => DECIMAL.test(part))) return undefined;
  if (!BASE64URL.test(salt) || !BASE64URL.test(key)) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!validParams(params)) return undefined;
  const saltBytes = Buffer.from(salt, 'base64url');
  const keyBytes = Buffer.from(key, 'base64url');
  if (saltBytes.length < 8 || keyBytes.length < 16 || keyBytes.length > 64) return undefined;
  return { params, salt: saltBytes, key: keyBytes };
}

/** Whether `stored` is a hash string this module can verify. */
export function isPasswordHash(stored: string): boolean {
  return parseHash(stored) !== undefined;
}

/**
 * Whether `password` matches `stored`. A malformed or tampered hash string never matches. The comparison of
 * the derived keys takes the same time wherever they differ.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await scryptAsync(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password with the default parameters, made once per process. Verifying a login for an
 * unknown user against it costs what a real verification costs, so the answer's timing does not tell
 * whether a login exists. Call it early (at start-up) so the first unknown login does not pay twice.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'));
  return dummy;
}

/** Spends the time of one verification and answers `false`: for logins that name no user. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await dummyPasswordHash());
  return false;
}

/** Whether `stored` was made with other parameters than new hashes get, so a login should re-hash it. */
export function needsRehash(stored: string, params = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseHash(stored);
  return (
    !parsed || parsed.params.N !== params.N || parsed.params.r !== params.r || parsed.params.p !== params.p
  );
}
