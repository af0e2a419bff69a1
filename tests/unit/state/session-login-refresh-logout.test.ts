import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../../sync-server/src/auth/accounts.ts';
import { AUTH_PATHS, SessionSchema } from '../../../src/protocol/auth.ts';
import { DeviceDatabase, readAccount, saveSession } from '../../../src/storage/device-db.ts';
import { session, type SessionEvent } from '../../../src/state/session.svelte.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { createCaseManager } from './account-fixtures.ts';
import type { Codec } from '../../../src/storage/codec.ts';
import { createVault, keyIdOf, vaultCodec } from '../../../src/storage/vault.ts';

let relay: TestRelay;
let db: DeviceDatabase;
let counter = 0;
/** Every request the session makes, by path: the real fetch, counted. */
let requests: string[];
const countingFetch: typeof fetch = (input, init) => {
  requests.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
  return fetch(input, init);
};

/** The vault's codec, as the app has it once unlocked: the stored tokens are sealed with it. */
let codec: Codec;

/** Reads the stored account the way the unlocked app does. */
const storedAccount = (origin: string) => readAccount(db, origin, codec);

beforeAll(async () => {
  const opened = await createVault('135790', { iterations: 100_000 });
  codec = vaultCodec(opened.key, { keyId: keyIdOf(opened.record) });
  // Access tokens shorter than the refresh margin: every request for a token renews it.
  relay = await startTestRelay({ accessTokenTtlSeconds: 30 });
  await createCaseManager(relay, {
    login: 'amira',
    password: 'amira-passwort-1',
    displayName: 'Amira Haddad',
  });
  await createCaseManager(relay, { login: 'jonas', password: 'jonas-passwort-1', mustChangePassword: true });
  await createCaseManager(relay, { login: 'lea', password: 'lea-passwort-12' });
});

afterAll(async () => {
  await relay?.close();
});

beforeEach(async () => {
  requests = [];
  db = new DeviceDatabase(`lotse-device-test-${++counter}`);
  await session.init({ origin: relay.url, db, fetchImpl: countingFetch });
  await session.unlock(codec);
});

afterEach(async () => {
  session.reset();
  await Dexie.delete(`lotse-device-test-${counter}`);
});

/** The session as the next page load would find it. */
async function reopened(): Promise<void> {
  session.reset();
  db = new DeviceDatabase(`lotse-device-test-${counter}`);
  await session.init({ origin: relay.url, db, fetchImpl: countingFetch });
  await session.unlock(codec);
}

describe('logging in', () => {
  it('starts logged out, then stores the session so the next start is logged in', async () => {
    expect(session.status).toBe('logged-out');
    const events: SessionEvent[] = [];
    session.subscribe((event) => events.push(event));

    const outcome = await session.login({
      login: ' Amira ',
      password: 'amira-passwort-1',
      deviceName: 'Tablet Büro',
    });
    expect(outcome).toEqual({ ok: true });
    expect(session.status).toBe('active');
    expect(session.user).toMatchObject({ login: 'amira', displayName: 'Amira Haddad', role: 'case-manager' });
    expect(session.teamIds).toEqual(['sc-kreis-test']);
    expect(events).toEqual([{ kind: 'login', user: session.user, previousUserId: null }]);

    await reopened();
    expect(session.status).toBe('active');
    expect(session.user?.login).toBe('amira');
    expect(session.deviceName).toBe('Tablet Büro');
  });

  it('logs in again as the same device instead of registering a second one', async () => {
    await session.login({ login: 'lea', password: 'lea-passwort-12', deviceName: 'Tablet' });
    const firstDevice = session.deviceId;
    await session.logout();
    await session.login({ login: 'lea', password: 'lea-passwort-12', deviceName: 'Tablet' });
    expect(session.deviceId).toBe(firstDevice);
    const user = await relay.store.userByLogin('lea');
    expect((await relay.store.devicesOf(user!.id)).map((device) => device.id)).toEqual([firstDevice]);
  });

  it('refuses a wrong password with invalid-credentials and stores nothing', async () => {
    const outcome = await session.login({ login: 'amira', password: 'falsch-falsch', deviceName: 'Tablet' });
    expect(outcome).toEqual({ ok: false, error: 'invalid-credentials' });
    expect(session.status).toBe('logged-out');
    expect((await storedAccount(relay.url)).session).toBeNull();
  });

  it('asks for a new password first when the account must change it, then logs in with it', async () => {
    const first = await session.login({ login: 'jonas', password: 'jonas-passwort-1', deviceName: 'Tablet' });
    expect(first).toEqual({ ok: false, error: 'password-change-required' });
    expect(session.status).toBe('logged-out');

    const second = await session.login({
      login: 'jonas',
      password: 'jonas-passwort-1',
      newPassword: 'ein langer neuer Satz',
      deviceName: 'Tablet',
    });
    expect(second).toEqual({ ok: true });
    await session.logout();
    const withNew = await session.login({
      login: 'jonas',
      password: 'ein langer neuer Satz',
      deviceName: 'Tablet',
    });
    expect(withNew).toEqual({ ok: true });
  });

  it('says "network" when the relay cannot be reached', async () => {
    session.reset();
    await session.init({
      origin: 'http://127.0.0.1:9',
      db: new DeviceDatabase(`lotse-device-test-${counter}`),
    });
    await session.unlock(codec);
    const outcome = await session.login({
      login: 'amira',
      password: 'amira-passwort-1',
      deviceName: 'Tablet',
    });
    expect(outcome).toEqual({ ok: false, error: 'network' });
  });
});

describe('the access token', () => {
  it('is renewed once for concurrent callers, and the rotated pair is stored before it is used', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    const before = (await storedAccount(relay.url)).session!;
    requests = [];

    const tokens = await Promise.all([
      session.getAccessToken(),
      session.getAccessToken(),
      session.getAccessToken(),
    ]);
    expect(requests).toEqual([AUTH_PATHS.refresh]);
    expect(new Set(tokens).size).toBe(1);
    const stored = (await storedAccount(relay.url)).session!;
    expect(stored.refreshToken).not.toBe(before.refreshToken);
    expect(stored.accessToken).toBe(tokens[0]);
    // The relay accepts the renewed token.
    await expect(relay.tokens.verifyAccess(tokens[0]!)).resolves.toBeTruthy();
  });

  it('is served from memory while it has more than a minute left, unless a refresh is forced', async () => {
    session.reset();
    const longRelay = await startTestRelay();
    try {
      await createCaseManager(longRelay, { login: 'amira', password: 'amira-passwort-1' });
      db = new DeviceDatabase(`lotse-device-test-${counter}`);
      await session.init({ origin: longRelay.url, db, fetchImpl: countingFetch });
      await session.unlock(codec);
      await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
      requests = [];
      const token = await session.getAccessToken();
      expect(requests).toEqual([]);
      expect(token).toBe((await storedAccount(longRelay.url)).session?.accessToken);
      const before = (await storedAccount(longRelay.url)).session!.refreshToken;
      await session.getAccessToken({ forceRefresh: true });
      expect(requests).toEqual([AUTH_PATHS.refresh]);
      expect((await storedAccount(longRelay.url)).session!.refreshToken).not.toBe(before);
    } finally {
      session.reset();
      await longRelay.close();
    }
  });

  it('keeps the session when the relay cannot be reached: the token serves until it runs out, then it fails', async () => {
    session.reset();
    const shortRelay = await startTestRelay({ accessTokenTtlSeconds: 90 });
    try {
      await createCaseManager(shortRelay, { login: 'amira', password: 'amira-passwort-1' });
      db = new DeviceDatabase(`lotse-device-test-${counter}`);
      await session.init({ origin: shortRelay.url, db, fetchImpl: countingFetch });
      await session.unlock(codec);
      await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
      const token = await session.getAccessToken();
      await shortRelay.close();

      // Forced, the renewal fails, and the token that is still valid serves.
      expect(await session.getAccessToken({ forceRefresh: true })).toBe(token);
      // Once it has run out, asking fails (to be retried) but the session stays.
      await db.accounts.update(shortRelay.url, (row) => {
        (row.session as { accessExpiresAt: number }).accessExpiresAt = Date.now() - 1000;
      });
      session.reset();
      db = new DeviceDatabase(`lotse-device-test-${counter}`);
      await session.init({ origin: shortRelay.url, db, fetchImpl: countingFetch });
      await session.unlock(codec);
      await expect(session.getAccessToken()).rejects.toThrow(/network/);
      expect(session.status).toBe('active');
    } finally {
      session.reset();
      await shortRelay.close();
    }
  });

  it('ends in "expired" when the relay refuses the refresh token, keeping the user', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    const stored = (await storedAccount(relay.url)).session!;
    // The session ends elsewhere (for example, the refresh family was revoked).
    await fetch(new URL(AUTH_PATHS.logout, relay.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: stored.refreshToken }),
    });

    expect(await session.getAccessToken()).toBeNull();
    expect(session.status).toBe('expired');
    expect(session.user?.login).toBe('amira');
    expect(session.lastLogin).toBe('amira');

    await reopened();
    expect(session.status).toBe('expired');
    expect(session.user?.login).toBe('amira');
    expect(await session.getAccessToken()).toBeNull();

    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    expect(session.status).toBe('active');
    expect(await session.getAccessToken()).toEqual(expect.any(String));
  });

  it('takes up a login made in another tab after its own session expired', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    await session.expire();
    expect(await session.getAccessToken()).toBeNull();

    // Another tab of the same browser logs in again; it shares the device database.
    const otherTab = new DeviceDatabase(`lotse-device-test-${counter}`);
    const answer = await fetch(new URL(AUTH_PATHS.login, relay.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        login: 'amira',
        password: 'amira-passwort-1',
        device: { id: session.deviceId, name: 'Tablet' },
      }),
    });
    await saveSession(otherTab, relay.url, SessionSchema.parse(await answer.json()), 'Tablet', codec);
    otherTab.close();

    expect(await session.getAccessToken()).toEqual(expect.any(String));
    expect(session.status).toBe('active');
  });

  it('says why when the device was revoked', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    // Only the device, not its tokens: the refresh then names the revocation instead of a dead token.
    await relay.store.revokeDevice(session.deviceId!, Date.now());
    expect(await session.getAccessToken()).toBeNull();
    expect(session.status).toBe('expired');
    expect(session.refusal).toBe('device-revoked');
  });

  it('ends in "expired" when the device is revoked with its tokens', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    await revokeDevice(relay.store, session.deviceId!);
    expect(await session.getAccessToken()).toBeNull();
    expect(session.status).toBe('expired');
  });
});

describe('the stored session', () => {
  it('counts as logged out when it cannot be read, and leaves everything else alone', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet Büro' });
    await db.accounts.update(relay.url, { session: { accessToken: 42 } });
    await reopened();
    expect(session.status).toBe('logged-out');
    expect(session.user).toBeNull();
    // The login and the device are still known, so logging in again is quick and reuses the device.
    expect(session.lastLogin).toBe('amira');
    expect(session.deviceName).toBe('Tablet Büro');
  });

  it('is forgotten at logout, which also ends it on the relay', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    const refreshToken = (await storedAccount(relay.url)).session!.refreshToken;
    const events: SessionEvent[] = [];
    session.subscribe((event) => events.push(event));

    expect(await session.logout()).toEqual({ reachedRelay: true });
    expect(session.status).toBe('logged-out');
    expect(events).toEqual([{ kind: 'logout' }]);
    expect((await storedAccount(relay.url)).session).toBeNull();
    const refresh = await fetch(new URL(AUTH_PATHS.refresh, relay.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(refresh.status).toBe(401);
  });
});

describe('the tokens on the device', () => {
  /** The account record exactly as IndexedDB holds it, as text. */
  async function rawRecord(): Promise<string> {
    const row = await db.accounts.get(relay.url);
    return JSON.stringify(row, (_key, value: unknown) =>
      value instanceof Uint8Array ? new TextDecoder('latin1').decode(value) : value,
    );
  }

  it('are stored only sealed, and a locked start holds none', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    const token = await session.getAccessToken();
    const { refreshToken } = (await storedAccount(relay.url)).session!;
    const raw = await rawRecord();
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(refreshToken);
    expect(raw).toContain('amira');

    // The next start knows who is signed in but cannot reach the relay until the vault is open.
    session.reset();
    db = new DeviceDatabase(`lotse-device-test-${counter}`);
    await session.init({ origin: relay.url, db, fetchImpl: countingFetch });
    expect(session.status).toBe('active');
    expect(session.user?.login).toBe('amira');
    requests = [];
    expect(await session.getAccessToken()).toBeNull();
    expect(requests).toEqual([]);
    await session.unlock(codec);
    expect(await session.getAccessToken()).toEqual(expect.any(String));
  });

  it('of a login before the vault exists stay in memory, and are sealed once it is opened', async () => {
    await reopenedWithoutVault();
    await session.login({ login: 'lea', password: 'lea-passwort-12', deviceName: 'Tablet' });
    expect((await readAccount(db, relay.url)).tokens).toBe('missing');
    expect(await session.getAccessToken()).toEqual(expect.any(String));
    await session.unlock(codec);
    expect((await storedAccount(relay.url)).tokens).toBe('available');
  });

  it('stored in the clear by an older version are sealed at the next unlock', async () => {
    await reopenedWithoutVault();
    const answer = await fetch(new URL(AUTH_PATHS.login, relay.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'lea', password: 'lea-passwort-12', device: { name: 'Tablet' } }),
    });
    const old = SessionSchema.parse(await answer.json());
    await db.accounts.put({ origin: relay.url, session: old, device: { id: old.deviceId, login: 'lea' } });
    await reopenedWithoutVault();
    expect((await readAccount(db, relay.url)).tokensInTheClear).toBe(true);

    await session.unlock(codec);
    expect(await rawRecord()).not.toContain(old.refreshToken);
    expect((await storedAccount(relay.url)).session?.refreshToken).toBe(old.refreshToken);
  });

  it('that cannot be unsealed (a vault made anew) end the session, keeping who it was', async () => {
    await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
    await reopenedWithoutVault();
    const other = await createVault('246802', { iterations: 100_000 });
    const otherCodec = vaultCodec(other.key, { keyId: keyIdOf(other.record) });
    await session.unlock(otherCodec);
    expect(session.status).toBe('expired');
    expect(session.user?.login).toBe('amira');
  });
});

/** A new start of the app whose vault is not open yet. */
async function reopenedWithoutVault(): Promise<void> {
  session.reset();
  db = new DeviceDatabase(`lotse-device-test-${counter}`);
  await session.init({ origin: relay.url, db, fetchImpl: countingFetch });
}
