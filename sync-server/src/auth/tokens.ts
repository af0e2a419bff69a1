import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { ROLES, type Role } from '../../../src/protocol/auth.ts';
import { AuthError } from './auth-error.ts';

const ISSUER = 'lotse-relay';
const AUDIENCE = 'lotse';
const ALGORITHM = 'HS256';

/** What an access token says about its bearer. Everything else (teams, revocation) is looked up live. */
export interface AccessClaims {
  userId: string;
  deviceId: string;
  role: Role;
}

export interface VerifiedClaims extends AccessClaims {
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  did: z.string().min(1),
  role: z.enum(ROLES),
});

/**
 * Signs and verifies the relay's short-lived access tokens (JWT, HS256, via `jose`). Refresh tokens are not
 * JWTs: they are random strings whose hash the store keeps, so they can be revoked and rotated.
 */
export class TokenService {
  readonly #key: Uint8Array;
  readonly #ttlSeconds: number;

  constructor(secret: Uint8Array, ttlSeconds: number) {
    if (secret.byteLength < 32) throw new Error('The token secret must be at least 32 bytes.');
    this.#key = secret;
    this.#ttlSeconds = ttlSeconds;
  }

  async issueAccess(claims: AccessClaims, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
    const issuedAt = Math.floor(now / 1000);
    const expiresAt = issuedAt + this.#ttlSeconds;
    const token = await new SignJWT({ did: claims.deviceId, role: claims.role })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.#key);
    return { token, expiresAt: expiresAt * 1000 };
  }

  /**
   * The claims of a valid token. Throws `AuthError` with `token-expired` for an expired token and
   * `unauthenticated` for anything else (missing, garbled, forged, wrong issuer or algorithm).
   */
  async verifyAccess(token: string | null | undefined, now = Date.now()): Promise<VerifiedClaims> {
    if (!token) throw new AuthError('unauthenticated', 'No access token.');
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [ALGORITHM],
        currentDate: new Date(now),
      });
      const claims = ClaimsSchema.parse(payload);
      return {
        userId: claims.sub,
        deviceId: claims.did,
        role: claims.role,
        expiresAt: (payload.exp ?? 0) * 1000,
      };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new AuthError('token-expired', 'The access token has expired.');
      }
      throw new AuthError('unauthenticated', 'The access token is not valid.');
    }
  }
}

const SECRET_FILE = 'token-secret';

/**
 * The signing key: `TOKEN_SECRET` when set, else a random key generated once and kept in
 * `DATA_DIR/token-secret` (mode 0600), so sessions survive a restart of a single relay.
 */
export async function loadTokenSecret(configured: string | undefined, dataDir: string): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 43) return Buffer.from(stored, 'base64url');
    throw new Error(`${file} is too short to be a token secret; delete it to generate a new one.`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(48);
  // `wx` fails if another process created the file meanwhile; then that one's key is the key.
  try {
    await writeFile(file, `${secret.toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadTokenSecret(undefined, dataDir);
    throw error;
  }
}
