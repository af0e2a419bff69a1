import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_PATHS, SessionSchema, type Session } from '../../../src/protocol/auth.ts';
import { resolvePrincipal } from '../../../sync-server/src/auth/principal.ts';
import { hashRefreshToken } from '../../../sync-server/src/auth/refresh-tokens.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { createUser, loginAs, post, type Answer } from './support.ts';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
  await createUser(relay, { login: 'mira', password: 'mira-password-1' });
});

afterAll(async () => {
  await relay?.close();
});

const refresh = (refreshToken: string): Promise<Answer> => post(relay, AUTH_PATHS.refresh, { refreshToken });

async function refreshed(refreshToken: string): Promise<Session> {
  const answer = await refresh(refreshToken);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  return SessionSchema.parse(answer.body);
}

describe('POST /api/auth/refresh', () => {
  it('exchanges a refresh token for a new pair on the same device', async () => {
    const first = await loginAs(relay, 'mira', 'mira-password-1');
    const second = await refreshed(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.deviceId).toBe(first.deviceId);
    expect(second.user).toEqual(first.user);
    const principal = await resolvePrincipal(relay.store, relay.tokens, second.accessToken);
    expect(principal.deviceId).toBe(first.deviceId);
    // The rotated token carries on: it can be exchanged in turn.
    await refreshed(second.refreshToken);
  });

  it('treats a second use of a token as a replay and revokes every token of its family', async () => {
    const login = await loginAs(relay, 'mira', 'mira-password-1');
    const newer = await refreshed(login.refreshToken);

    const replay = await refresh(login.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: 'refresh-invalid' });

    const afterReplay = await refresh(newer.refreshToken);
    expect(afterReplay.status).toBe(401);
    expect(afterReplay.body).toMatchObject({ error: 'refresh-invalid' });
  });

  it('leaves other sessions of the same user alone when one family is revoked', async () => {
    const phone = await loginAs(relay, 'mira', 'mira-password-1', { name: 'Phone' });
    const laptop = await loginAs(relay, 'mira', 'mira-password-1', { name: 'Laptop' });
    await refreshed(phone.refreshToken);
    await refresh(phone.refreshToken);
    await refreshed(laptop.refreshToken);
  });

  it('refuses unknown and malformed tokens', async () => {
    expect((await refresh('made-up-token')).body).toMatchObject({ error: 'refresh-invalid' });
    const empty = await refresh('');
    expect(empty.status).toBe(400);
    expect((empty.body as { message: string }).message).toMatch(/^refreshToken: /);
  });

  it('refuses a disabled user and a revoked device', async () => {
    const ute = await createUser(relay, { login: 'ute', password: 'ute-password-1' });
    const session = await loginAs(relay, 'ute', 'ute-password-1');
    await relay.store.setUserDisabled(ute.id, true);
    const disabled = await refresh(session.refreshToken);
    expect(disabled.status).toBe(403);
    expect(disabled.body).toMatchObject({ error: 'account-disabled' });

    const session2 = await loginAs(relay, 'mira', 'mira-password-1');
    await relay.store.revokeDevice(session2.deviceId, Date.now());
    const revoked = await refresh(session2.refreshToken);
    expect(revoked.status).toBe(403);
    expect(revoked.body).toMatchObject({ error: 'device-revoked' });
  });

  it('refuses an expired token', async () => {
    const session = await loginAs(relay, 'mira', 'mira-password-1');
    const stored = await relay.store.refreshTokenByHash(hashRefreshToken(session.refreshToken));
    expect(stored).toBeDefined();
    // A second token of the same device and family that expired a moment ago.
    const expired = 'expired-token-of-mira';
    await relay.store.storeRefreshToken({
      ...stored!,
      hash: hashRefreshToken(expired),
      expiresAt: Date.now() - 1,
    });
    expect((await refresh(expired)).body).toMatchObject({ error: 'refresh-invalid' });
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session: its refresh token no longer works', async () => {
    const session = await loginAs(relay, 'mira', 'mira-password-1');
    const answer = await post(relay, AUTH_PATHS.logout, { refreshToken: session.refreshToken });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await refresh(session.refreshToken)).body).toMatchObject({ error: 'refresh-invalid' });
  });

  it('also revokes tokens rotated from the same login, and is idempotent', async () => {
    const session = await loginAs(relay, 'mira', 'mira-password-1');
    const rotated = await refreshed(session.refreshToken);
    expect((await post(relay, AUTH_PATHS.logout, { refreshToken: session.refreshToken })).status).toBe(204);
    expect((await refresh(rotated.refreshToken)).body).toMatchObject({ error: 'refresh-invalid' });
    expect((await post(relay, AUTH_PATHS.logout, { refreshToken: session.refreshToken })).status).toBe(204);
    expect((await post(relay, AUTH_PATHS.logout, { refreshToken: 'never-issued' })).status).toBe(204);
  });
});
