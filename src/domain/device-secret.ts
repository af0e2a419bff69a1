/**
 * The rules for a device PIN or passphrase, the secret that unlocks the case data on a device. They live in
 * the domain so that the vault that stores the secret's kind, the state that checks a new secret and every
 * form that explains the rules read one definition.
 */

export const PIN_MIN_LENGTH = 6;
export const PASSPHRASE_MIN_LENGTH = 8;
export const SECRET_MAX_LENGTH = 256;

export type SecretKind = 'pin' | 'passphrase';

/** Why a secret is not accepted as a new PIN or passphrase; `undefined` when it is. */
export type SecretProblem = 'pin-too-short' | 'passphrase-too-short' | 'too-long';

/** A PIN is digits only and at least 6 long; anything else is a passphrase and at least 8 long. */
export function secretKind(secret: string): SecretKind {
  return /^\d+$/.test(secret) ? 'pin' : 'passphrase';
}

export function checkNewSecret(secret: string): SecretProblem | undefined {
  if (secret.length > SECRET_MAX_LENGTH) return 'too-long';
  if (secretKind(secret) === 'pin') return secret.length < PIN_MIN_LENGTH ? 'pin-too-short' : undefined;
  return [...secret].length < PASSPHRASE_MIN_LENGTH ? 'passphrase-too-short' : undefined;
}
