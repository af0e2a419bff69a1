import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  isPasswordHash,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from '../../sync-server/src/auth/password.ts';

/** Cheap parameters keep the tests fast; the format and checks are the same as in production. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

/** Flips one character of the part at `index` of a `scrypt$N$r$p$salt$hash` string. */
function tamper(hash: string, index: number): string {
  const parts = hash.split('$');
  const part = parts[index]!;
  const swapped = part[0] === 'A' ? 'B' : 'A';
  parts[index] = swapped + part.slice(1);
  return parts.join('$');
}

describe('password hashes', () => {
  it('are self-describing strings that verify the password they were made from', async () => {
    const hash = await hashPassword('Sonnenblume-2026', CHEAP);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(isPasswordHash(hash)).toBe(true);
    expect(await verifyPassword('Sonnenblume-2026', hash)).toBe(true);
  });

  it('refuse any other password', async () => {
    const hash = await hashPassword('Sonnenblume-2026', CHEAP);
    expect(await verifyPassword('sonnenblume-2026', hash)).toBe(false);
    expect(await verifyPassword('Sonnenblume-2026 ', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('use a new salt every time', async () => {
    const [a, b] = await Promise.all([hashPassword('same', CHEAP), hashPassword('same', CHEAP)]);
    expect(a).not.toBe(b);
  });

  it('treat composed and decomposed umlauts as the same password', async () => {
    const hash = await hashPassword('Grüße aus Köln', CHEAP);
    expect(await verifyPassword('Grüße aus Köln'.normalize('NFD'), hash)).toBe(true);
  });

  it('never match when the string was tampered with', async () => {
    const hash = await hashPassword('Sonnenblume-2026', CHEAP);
    for (const index of [4, 5]) {
      expect(await verifyPassword('Sonnenblume-2026', tamper(hash, index))).toBe(false);
    }
    const [, , r, p, salt, key] = hash.split('$');
    const variants = [
      `scrypt$2048$${r}$${p}$${salt}$${key}`,
      `scrypt$1024$4$${p}$${salt}$${key}`,
      `argon2$1024$${r}$${p}$${salt}$${key}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`,
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`,
      `scrypt$1024$${r}$${p}$${salt}$${key!.slice(0, 10)}`,
      `scrypt$1024$${r}$${p}$${salt}`,
      `scrypt$1024$${r}$${p}$${salt}$${key}$extra`,
      `scrypt$1024$${r}$${p}$${salt}$${key}!`,
      '',
    ];
    for (const variant of variants) {
      expect(await verifyPassword('Sonnenblume-2026', variant)).toBe(false);
    }
    expect(isPasswordHash(`scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`)).toBe(false);
  });

  it('tell when a hash was made with other parameters than new ones get', async () => {
    const cheap = await hashPassword('x', CHEAP);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(cheap, CHEAP)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('refuse every password when there is no user to check against', async () => {
    expect(await verifyAgainstDummy('anything at all')).toBe(false);
  });

  it('refuse parameters that are not a power of two', async () => {
    await expect(hashPassword('x', { N: 1000, r: 8, p: 1 })).rejects.toThrow(/scrypt parameters/);
  });
});
