import { describe, expect, it } from 'vitest';
import { checkNewSecret, secretKind } from '../../../src/domain/device-secret.ts';

describe('new PINs and passphrases', () => {
  it.each([
    ['12345', 'pin-too-short'],
    ['246810', undefined],
    ['480257', undefined],
    ['kurz', 'passphrase-too-short'],
    ['Möwe am See', undefined],
    ['x'.repeat(257), 'too-long'],
  ])('%s → %s', (secret, problem) => {
    expect(checkNewSecret(secret)).toBe(problem);
  });

  it.each([
    ['111111', 'pin-same-digit'],
    ['00000000', 'pin-same-digit'],
    ['123456', 'pin-sequence'],
    ['654321', 'pin-sequence'],
    ['0123456789', 'pin-sequence'],
    ['890123', 'pin-sequence'],
    ['210987', 'pin-sequence'],
    ['121212', 'pin-repeated'],
    ['123123', 'pin-repeated'],
    ['12341234', 'pin-repeated'],
    ['909090', 'pin-repeated'],
  ])('refuses the guessable PIN %s (%s)', (pin, problem) => {
    expect(checkNewSecret(pin)).toBe(problem);
  });

  it.each(['123457', '112233', '121213', '1231234', '987655'])(
    'accepts %s, which no rule of thumb guesses',
    (pin) => {
      expect(checkNewSecret(pin)).toBeUndefined();
    },
  );

  it('judges a passphrase by its length only, digits in it included', () => {
    expect(checkNewSecret('1111 1111')).toBeUndefined();
  });

  it('takes digits only for a PIN and anything else for a passphrase', () => {
    expect(secretKind('0042')).toBe('pin');
    expect(secretKind('00 42')).toBe('passphrase');
  });
});
