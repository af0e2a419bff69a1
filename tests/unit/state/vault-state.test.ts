import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { docUpdateRecord } from '../../../src/storage/codec.ts';
import { databaseName } from '../../../src/storage/db.ts';
import { MAX_UNLOCK_FAILURES } from '../../../src/storage/vault.ts';
import { vault } from '../../../src/state/vault.svelte.ts';

const ORIGIN = 'https://relay.test';
let counter = 0;
const newUser = () => `vault-user-${++counter}`;
const CASE = docUpdateRecord('case-1');

afterEach(() => vault.reset());

describe('the vault of a person’s database', () => {
  it('asks for a new secret on a new device, refuses weak or mismatched ones, then opens', async () => {
    expect(await vault.prepare(ORIGIN, newUser())).toBe('setup');
    expect(await vault.setup('1234', '1234')).toEqual({ ok: false, error: 'pin-too-short' });
    expect(await vault.setup('123456', '123456')).toEqual({ ok: false, error: 'pin-sequence' });
    expect(await vault.setup('274915', '274916')).toEqual({ ok: false, error: 'mismatch' });
    expect(vault.status).toBe('setup');
    expect(await vault.setup('274915', '274915')).toEqual({ ok: true });
    expect(vault.status).toBe('unlocked');
    const sealed = await vault.codec.encode(new TextEncoder().encode('Aufenthalt'), CASE);
    expect(new TextDecoder().decode(await vault.codec.decode(sealed, CASE))).toBe('Aufenthalt');
  });

  it('finishes the work of a setup (a login’s tokens to store) before it opens, and opens if it fails', async () => {
    const seen: string[] = [];
    let release: () => void = () => {};
    const storing = new Promise<void>((resolve) => (release = resolve));
    const stops = [
      vault.onSetUp(async (codec) => {
        seen.push(`storing while ${vault.status}`);
        // The listener gets the new vault's codec: what it stores, the opened vault reads.
        const sealed = await codec.encode(new TextEncoder().encode('Token'), CASE);
        await storing;
        seen.push(new TextDecoder().decode(await codec.decode(sealed, CASE)));
      }),
      vault.onSetUp(() => Promise.reject(new Error('storage full'))),
      vault.onUnlock(() => seen.push('opened')),
    ];
    try {
      await vault.prepare(ORIGIN, newUser());
      const setup = vault.setup('274915', '274915');
      await expect.poll(() => seen).toEqual(['storing while setup']);
      expect(vault.status).toBe('setup');
      release();
      expect(await setup).toEqual({ ok: true });
      expect(seen).toEqual(['storing while setup', 'Token', 'opened']);
      expect(vault.status).toBe('unlocked');
    } finally {
      for (const stop of stops) stop();
    }
  });

  it('is locked at the next start and counts wrong attempts across starts', async () => {
    const user = newUser();
    await vault.prepare(ORIGIN, user);
    await vault.setup('274915', '274915');

    expect(await vault.prepare(ORIGIN, user)).toBe('locked');
    expect(() => vault.codec).toThrow(/locked/);
    const now = Date.now();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const outcome = await vault.unlock('000000', now);
      expect(outcome).toMatchObject({ ok: false, error: 'wrong-secret' });
    }
    // The fourth attempt has to wait, whatever it is, also after a restart of the app.
    expect(await vault.prepare(ORIGIN, user)).toBe('locked');
    expect(vault.failures).toBe(3);
    expect(await vault.unlock('274915', now + 1_000)).toMatchObject({ ok: false, error: 'wait' });
    expect(await vault.unlock('274915', now + 31_000)).toEqual({ ok: true });
    expect(vault.failures).toBe(0);
  });

  it('re-wraps the key for a new secret, and the old one no longer opens it', async () => {
    const user = newUser();
    await vault.prepare(ORIGIN, user);
    await vault.setup('274915', '274915');
    const sealed = await vault.codec.encode(new Uint8Array([1, 2, 3]), CASE);
    expect(await vault.changeSecret('999999', 'neue Passphrase', 'neue Passphrase')).toEqual({
      ok: false,
      error: 'wrong-secret',
    });
    expect(await vault.changeSecret('274915', 'neue Passphrase', 'neue Passphrase')).toEqual({ ok: true });

    await vault.prepare(ORIGIN, user);
    expect(await vault.unlock('274915')).toMatchObject({ ok: false, error: 'wrong-secret' });
    await vault.prepare(ORIGIN, user);
    expect(await vault.unlock('neue Passphrase', Date.now() + 60_000)).toEqual({ ok: true });
    expect([...(await vault.codec.decode(sealed, CASE))]).toEqual([1, 2, 3]);
  });

  it('deletes the database at the last wrong attempt', async () => {
    const user = newUser();
    await vault.prepare(ORIGIN, user);
    await vault.setup('274915', '274915');
    await vault.prepare(ORIGIN, user);
    let now = Date.now();
    for (let attempt = 1; attempt < MAX_UNLOCK_FAILURES; attempt += 1) {
      now += 60 * 60_000;
      expect(await vault.unlock('000000', now)).toMatchObject({ ok: false, error: 'wrong-secret' });
    }
    expect(await Dexie.exists(databaseName(ORIGIN, user))).toBe(true);
    now += 60 * 60_000;
    expect(await vault.unlock('000000', now)).toEqual({ ok: false, error: 'wiped' });
    expect(await Dexie.exists(databaseName(ORIGIN, user))).toBe(false);
    expect(vault.status).toBe('idle');
  });
});
