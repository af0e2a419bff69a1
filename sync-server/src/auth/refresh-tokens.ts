import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens are 32 random bytes (base64url). The store keeps only their SHA-256, so a copy of the
 * database does not contain usable tokens; a fast hash is enough because the token itself has 256 bits.
 */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
