import { createHmac, hkdfSync } from 'node:crypto';

/** What the key is derived for: a new purpose (or version) gives unrelated keys from the same secret. */
const PURPOSE = 'lotse/case-key/v1';

/** 22 base64url characters: 132 bits of the HMAC, far beyond any chance of two cases sharing a key. */
export const CASE_KEY_CHARS = 22;

/**
 * Stable pseudonyms of cases for coordination (docs/architecture.md#themen): HMAC-SHA256 over the relay's
 * key of a case doc (`teamId/docId`), with a key derived by HKDF from the relay's token secret for this
 * purpose only. The same case always gets the same key on this relay; the key is not its doc id and,
 * without the secret, cannot be turned back into one or checked against a guessed one.
 */
export class CaseKeys {
  readonly #key: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.byteLength < 32) throw new Error('The secret for case keys must be at least 32 bytes.');
    this.#key = Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), PURPOSE, 32));
  }

  /** The pseudonym of the case stored under the relay's doc key `docKey`. */
  of(docKey: string): string {
    return createHmac('sha256', this.#key).update(docKey).digest('base64url').slice(0, CASE_KEY_CHARS);
  }
}
