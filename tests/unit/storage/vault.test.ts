import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CodecError, docUpdateRecord, summaryRecord } from '../../../src/storage/codec.ts';
import { databaseName, LotseDatabase } from '../../../src/storage/db.ts';
import {
  createVault,
  keyIdOf,
  MAX_UNLOCK_FAILURES,
  PBKDF2_ITERATIONS,
  rewrapVault,
  unlockPolicy,
  unlockVault,
  vaultCodec,
  VaultRecordSchema,
  WrongSecretError,
} from '../../../src/storage/vault.ts';
import { readVault, sealDatabase } from '../../../src/storage/vault-store.ts';

const text = (value: string) => new TextEncoder().encode(value);
const read = (value: Uint8Array) => new TextDecoder().decode(value);
/** Fewer rounds than the app uses, so that the many derivations here stay fast; the app's count is below. */
const FAST = { iterations: 100_000 };
/** One key id for every codec here: the tests compare keys, not ids. */
const K = { keyId: 1 };
const CASE = docUpdateRecord('case-1');

describe('the vault', () => {
  it('uses at least the iteration count OWASP asks for PBKDF2-SHA-256', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const { record } = await createVault('correct horse');
    expect(record.kdf.iterations).toBe(PBKDF2_ITERATIONS);
  });

  it('opens with its secret, and the key it gives cannot be exported', async () => {
    const { record, key } = await createVault('271828', FAST);
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    const reopened = await unlockVault(record, '271828');
    const sealed = await vaultCodec(key, K).encode(text('Aufenthaltstitel bis 2027'), CASE);
    expect(read(await vaultCodec(reopened, K).decode(sealed, CASE))).toBe('Aufenthaltstitel bis 2027');
  });

  it('refuses a wrong secret without saying more', async () => {
    const { record } = await createVault('271828', FAST);
    await expect(unlockVault(record, '271829')).rejects.toBeInstanceOf(WrongSecretError);
  });

  it('re-wraps the same data key under a new secret, so stored data stays readable', async () => {
    const { record, key } = await createVault('271828', FAST);
    const sealed = await vaultCodec(key, K).encode(text('Familienstand: verheiratet'), CASE);
    const changed = await rewrapVault(record, '271828', 'Lange Passphrase 42');
    expect(changed.secretKind).toBe('passphrase');
    expect(changed.kdf.salt).not.toEqual(record.kdf.salt);
    await expect(unlockVault(changed, '271828')).rejects.toBeInstanceOf(WrongSecretError);
    const reopened = await unlockVault(changed, 'Lange Passphrase 42');
    expect(read(await vaultCodec(reopened, K).decode(sealed, CASE))).toBe('Familienstand: verheiratet');
    await expect(rewrapVault(record, 'falsch!!', 'egal egal egal')).rejects.toBeInstanceOf(WrongSecretError);
  });

  it('detects tampered ciphertext, a truncated record and bytes written under another key', async () => {
    const { key } = await createVault('271828', FAST);
    const other = await createVault('314159', FAST);
    const codec = vaultCodec(key, K);
    const sealed = await codec.encode(text('Diagnose: ...'), CASE);
    for (const index of [1, 13, sealed.length - 1]) {
      const tampered = sealed.slice();
      tampered[index]! ^= 0x01;
      await expect(codec.decode(tampered, CASE)).rejects.toBeInstanceOf(CodecError);
    }
    await expect(codec.decode(sealed.subarray(0, 20), CASE)).rejects.toBeInstanceOf(CodecError);
    await expect(codec.decode(text('plain text'), CASE)).rejects.toBeInstanceOf(CodecError);
    await expect(vaultCodec(other.key, K).decode(sealed, CASE)).rejects.toBeInstanceOf(CodecError);
  });

  it('never writes the same ciphertext twice for the same bytes', async () => {
    const codec = vaultCodec((await createVault('271828', FAST)).key, K);
    const [a, b] = [await codec.encode(text('gleich'), CASE), await codec.encode(text('gleich'), CASE)];
    expect(a).not.toEqual(b);
  });

  it('refuses a stored record that was altered to a weak key derivation', async () => {
    const { record } = await createVault('271828', FAST);
    const weakened = { ...record, kdf: { ...record.kdf, iterations: 1_000 } };
    expect(VaultRecordSchema.safeParse(weakened).success).toBe(false);
  });
});

describe('wrong attempts', () => {
  it('cost nothing three times, then a growing wait, and wipe at the limit', () => {
    expect(unlockPolicy(0)).toEqual({ delayMs: 0, remaining: MAX_UNLOCK_FAILURES, wipe: false });
    expect(unlockPolicy(2).delayMs).toBe(0);
    expect(unlockPolicy(3).delayMs).toBe(30_000);
    expect(unlockPolicy(4).delayMs).toBe(60_000);
    const delays = Array.from(
      { length: MAX_UNLOCK_FAILURES },
      (_, failures) => unlockPolicy(failures).delayMs,
    );
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(Math.max(...delays)).toBeLessThanOrEqual(15 * 60_000);
    expect(unlockPolicy(MAX_UNLOCK_FAILURES - 1).wipe).toBe(false);
    expect(unlockPolicy(MAX_UNLOCK_FAILURES)).toMatchObject({ remaining: 0, wipe: true });
  });
});

describe('sealing a database written before the vault', () => {
  it('encrypts every stored record and stores the vault in the same step', async () => {
    const db = new LotseDatabase(databaseName('https://relay.test', `seal-${Math.random()}`));
    await db.open();
    await db.updates.add({ docId: 'case-1', data: text('Name: Amina Haddad'), at: 1 });
    await db.summaries.put({ id: 'case-1', data: text('{"name":"Haddad"}'), seq: 1, at: 1 });
    await db.outbox.add({ docId: 'case-1', teamId: 't', data: text('Name: Amina Haddad'), at: 1 });
    const { record, key } = await createVault('271828', FAST);
    const codec = vaultCodec(key, { keyId: keyIdOf(record) });

    expect(await sealDatabase(db, record, codec)).toBe(3);

    const stored = await readVault(db);
    expect(stored.kind).toBe('ok');
    const [update] = await db.updates.toArray();
    const [summary] = await db.summaries.toArray();
    const [queued] = await db.outbox.toArray();
    for (const row of [update!, summary!, queued!]) {
      expect(read(row.data)).not.toContain('Haddad');
    }
    expect(read(await codec.decode(update!.data, CASE))).toBe('Name: Amina Haddad');
    expect(read(await codec.decode(queued!.data, CASE))).toBe('Name: Amina Haddad');
    expect(read(await codec.decode(summary!.data, summaryRecord('case-1')))).toBe('{"name":"Haddad"}');
    db.close();
  });
});
