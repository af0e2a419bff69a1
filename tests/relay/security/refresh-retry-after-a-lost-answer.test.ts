import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AUTH_PATHS, SessionSchema, type Session } from '../../../src/protocol/auth.ts';
import { AccountLimits } from '../../../sync-server/src/auth/account-limits.ts';
import { isAuthError } from '../../../sync-server/src/auth/auth-error.ts';
import { refresh, REFRESH_RETRY_GRACE_MS } from '../../../sync-server/src/auth/sessions.ts';
import { DEFAULT_RATE_LIMITS } from '../../../sync-server/src/config.ts';
import { testRelayConfig } from '../../support/relay.ts';
import { request, useSecurityRelay } from './support.ts';

const sec = useSecurityRelay();

/** A refresh over HTTP, naming `deviceId` as the app does (or not, as an older app or a thief might). */
const refreshOver = (refreshToken: string, deviceId?: string) =>
  request(sec.relay, 'POST', AUTH_PATHS.refresh, { body: { refreshToken, deviceId } });

async function refreshed(refreshToken: string, deviceId?: string): Promise<Session> {
  const answer = await refreshOver(refreshToken, deviceId);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return SessionSchema.parse(answer.body);
}

/** Whether every refresh token of the device is revoked: its newest one no longer works. */
async function expectDeviceSignedOut(newest: Session): Promise<void> {
  const answer = await refreshOver(newest.refreshToken, newest.deviceId);
  expect(answer.status).toBe(401);
  expect(answer.body).toMatchObject({ error: 'refresh-invalid' });
  expect(await sec.audit({ kind: 'refresh-reused', deviceId: newest.deviceId })).toHaveLength(1);
}

describe('a refresh retried after its answer was lost', () => {
  it('gets the same device a new pair once, and the lost pair is spent', async () => {
    const login = await sec.login('anna');
    const lost = await refreshed(login.refreshToken, login.deviceId); // the answer never arrives
    const retried = await refreshed(login.refreshToken, login.deviceId);
    expect(retried.refreshToken).not.toBe(lost.refreshToken);
    expect(retried.deviceId).toBe(login.deviceId);
    // The session carries on from the retry.
    const next = await refreshed(retried.refreshToken, retried.deviceId);
    expect(await sec.audit({ kind: 'refresh-reused' })).toEqual([]);

    // Should the lost pair turn up after all, someone else holds it: a replay.
    const stray = await refreshOver(lost.refreshToken, lost.deviceId);
    expect(stray.status).toBe(401);
    await expectDeviceSignedOut(next);
  });

  it('is a replay a second time', async () => {
    const login = await sec.login('anna');
    await refreshed(login.refreshToken, login.deviceId);
    const retried = await refreshed(login.refreshToken, login.deviceId);
    expect((await refreshOver(login.refreshToken, login.deviceId)).status).toBe(401);
    await expectDeviceSignedOut(retried);
  });

  it('is a replay when the pair it was exchanged for was used already', async () => {
    const login = await sec.login('anna');
    const newer = await refreshed(login.refreshToken, login.deviceId);
    const newest = await refreshed(newer.refreshToken, newer.deviceId);
    expect((await refreshOver(login.refreshToken, login.deviceId)).status).toBe(401);
    await expectDeviceSignedOut(newest);
  });

  it('is a replay from another device, or without naming the device', async () => {
    const tablet = await sec.login('anna', { name: 'Tablet' });
    const laptop = await sec.login('anna', { name: 'Laptop' });
    const newer = await refreshed(tablet.refreshToken, tablet.deviceId);
    expect((await refreshOver(tablet.refreshToken, laptop.deviceId)).status).toBe(401);
    await expectDeviceSignedOut(newer);

    const bert = await sec.login('bert');
    const bertNewer = await refreshed(bert.refreshToken, bert.deviceId);
    expect((await refreshOver(bert.refreshToken)).status).toBe(401);
    await expectDeviceSignedOut(bertNewer);
  });

  it('is a replay after the grace window', async () => {
    const login = await sec.login('anna');
    const newer = await refreshed(login.refreshToken, login.deviceId);
    const deps = {
      config: testRelayConfig({ dataDir: sec.relay.dataDir }),
      log: pino({ level: 'silent' }),
      store: sec.relay.store,
      tokens: sec.relay.tokens,
      audit: sec.relay.audit,
      limits: new AccountLimits(DEFAULT_RATE_LIMITS),
    };
    const late = Date.now() + REFRESH_RETRY_GRACE_MS + 1_000;
    const refused = await refresh(
      deps,
      { refreshToken: login.refreshToken, deviceId: login.deviceId },
      { address: '127.0.0.1' },
      late,
    ).catch((error: unknown) => error);
    expect(isAuthError(refused) && refused.code).toBe('refresh-invalid');
    await expectDeviceSignedOut(newer);
  });
});
