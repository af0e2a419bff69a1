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
export type SecretProblem =
  'pin-too-short' | 'pin-same-digit' | 'pin-sequence' | 'pin-repeated' | 'passphrase-too-short' | 'too-long';

/** A PIN is digits only and at least 6 long; anything else is a passphrase and at least 8 long. */
export function secretKind(secret: string): SecretKind {
  return /^\d+$/.test(secret) ? 'pin' : 'passphrase';
}

export function checkNewSecret(secret: string): SecretProblem | undefined {
  if (secret.length > SECRET_MAX_LENGTH) return 'too-long';
  if (secretKind(secret) === 'pin') {
    if (secret.length < PIN_MIN_LENGTH) return 'pin-too-short';
    return trivialPin(secret);
  }
  return [...secret].length < PASSPHRASE_MIN_LENGTH ? 'passphrase-too-short' : undefined;
}

/**
 * PINs that are guessed first by anyone holding a found tablet: one digit throughout (111111), a run up or
 * down (123456, 654321, also across 9→0 as in 890123), and a short block repeated (121212, 123123,
 * 12341234). Ten wrong attempts wipe the device, so what matters is that none of the first guesses opens it.
 */
function trivialPin(pin: string): SecretProblem | undefined {
  const digits = [...pin].map(Number);
  if (digits.every((digit) => digit === digits[0])) return 'pin-same-digit';
  const steps = digits.slice(1).map((digit, index) => (digit - digits[index]! + 10) % 10);
  if (steps.every((step) => step === 1) || steps.every((step) => step === 9)) return 'pin-sequence';
  for (let block = 2; block <= pin.length / 2; block += 1) {
    if (pin.length % block === 0 && pin === pin.slice(0, block).repeat(pin.length / block))
      return 'pin-repeated';
  }
  return undefined;
}
