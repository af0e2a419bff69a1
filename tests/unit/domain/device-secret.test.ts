import { describe, expect, it } from 'vitest';
import { checkNewSecret, secretKind } from '../../../src/domain/device-secret.ts';

describe('new PINs and passphrases', () => {
  it.each([
    ['12345', 'pin-too-short'],
    ['123456', undefined],
    ['kurz', 'passphrase-too-short'],
    ['Möwe am See', undefined],
    ['x'.repeat(257), 'too-long'],
  ])('%s → %s', (secret, problem) => {
    expect(checkNewSecret(secret)).toBe(problem);
  });

  it('takes digits only for a PIN and anything else for a passphrase', () => {
    expect(secretKind('0042')).toBe('pin');
    expect(secretKind('00 42')).toBe('passphrase');
  });
});
