import { describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import { hashRefreshToken as hashOf } from '../../../sync-server/src/auth/refresh-tokens.ts';
import { DEFAULT_RATE_LIMITS } from '../../../sync-server/src/config.ts';
import { passwordOf, request, useSecurityRelay } from './support.ts';

const LIMITS = {
  ...DEFAULT_RATE_LIMITS,
  loginFailuresPerAccount: 3,
  loginPerAddress: 8,
  refreshPerAccount: 4,
};
const sec = useSecurityRelay({ rateLimits: LIMITS });

const tryLogin = (login: string, password: string) =>
  request(sec.relay, 'POST', AUTH_PATHS.login, { body: { login, password, device: { name: 'Tablet' } } });

describe('rate limits on login and refresh', () => {
  it('locks an account after its failed logins, even for the right password, and audits it', async () => {
    for (let i = 0; i < LIMITS.loginFailuresPerAccount; i += 1) {
      expect((await tryLogin('anna', `falsch-${i}-falsch`)).status).toBe(401);
    }
    const limited = await tryLogin('anna', passwordOf('anna'));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'rate-limited' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.windowSeconds);
    expect(limited.headers.get('cache-control')).toBe('no-store');

    // Another account from the same address is not affected.
    expect((await tryLogin('bert', passwordOf('bert'))).status).toBe(200);

    const audited = await sec.audit({ kind: 'rate-limited' });
    expect(audited).toEqual([
      expect.objectContaining({
        login: 'anna',
        code: 'rate-limited',
        detail: { endpoint: AUTH_PATHS.login, scope: 'account' },
      }),
    ]);
    expect(await sec.audit({ kind: 'login-failed', login: 'anna' })).toHaveLength(3);
  });

  it('clears the failure count of an account with a successful login', async () => {
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < LIMITS.loginFailuresPerAccount - 1; i += 1) {
        expect((await tryLogin('carla', `falsch-${i}-falsch`)).status).toBe(401);
      }
      expect((await tryLogin('carla', passwordOf('carla'))).status).toBe(200);
    }
  });

  it('counts wrong current passwords of a password change against the same account budget as logins', async () => {
    const session = await sec.login('anna');
    const change = (currentPassword: string) =>
      request(sec.relay, 'POST', AUTH_PATHS.password, {
        token: session.accessToken,
        body: { currentPassword, newPassword: 'ein-ganz-neues-passwort' },
      });
    for (let i = 0; i < LIMITS.loginFailuresPerAccount; i += 1) {
      expect((await change(`falsch-${i}-falsch`)).status).toBe(401);
    }
    // Limited now, the right password too; and a login of the same account shares the count.
    const limited = await change(passwordOf('anna'));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'rate-limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await tryLogin('anna', passwordOf('anna'))).status).toBe(429);
    expect(await sec.audit({ kind: 'rate-limited' })).toEqual([
      expect.objectContaining({
        login: 'anna',
        code: 'rate-limited',
        detail: { endpoint: AUTH_PATHS.password, scope: 'account' },
      }),
    ]);
  });

  it('clears the count of failed password checks once the current password was right', async () => {
    const session = await sec.login('carla');
    let current = passwordOf('carla');
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < LIMITS.loginFailuresPerAccount - 1; i += 1) {
        const wrong = await request(sec.relay, 'POST', AUTH_PATHS.password, {
          token: session.accessToken,
          body: { currentPassword: `falsch-${i}-falsch`, newPassword: 'ein-ganz-neues-passwort' },
        });
        expect(wrong.status).toBe(401);
      }
      const next = `neues-passwort-runde-${round}`;
      const right = await request(sec.relay, 'POST', AUTH_PATHS.password, {
        token: session.accessToken,
        body: { currentPassword: current, newPassword: next },
      });
      expect(right.status).toBe(204);
      current = next;
    }
  });

  it('limits logins per address across accounts, with Retry-After, audited once per minute', async () => {
    const logins = ['anna', 'bert', 'carla', 'ada'];
    for (let i = 0; i < LIMITS.loginPerAddress; i += 1) {
      const login = logins[i % logins.length]!;
      expect((await tryLogin(login, passwordOf(login))).status).toBe(200);
    }
    const first = await tryLogin('anna', passwordOf('anna'));
    const second = await tryLogin('nobody', 'whatever-password');
    for (const limited of [first, second]) {
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ error: 'rate-limited' });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await sec.audit({ kind: 'rate-limited' })).toEqual([
      expect.objectContaining({
        login: 'anna',
        code: 'rate-limited',
        address: expect.stringMatching(/127\.0\.0\.1/),
        detail: { endpoint: AUTH_PATHS.login, scope: 'address' },
      }),
    ]);
  });

  it('limits refreshes per account', async () => {
    let session = await sec.login('anna');
    for (let i = 0; i < LIMITS.refreshPerAccount; i += 1) {
      const answer = await request(sec.relay, 'POST', AUTH_PATHS.refresh, {
        body: { refreshToken: session.refreshToken },
      });
      expect(answer.status).toBe(200);
      session = answer.body as typeof session;
    }
    const limited = await request(sec.relay, 'POST', AUTH_PATHS.refresh, {
      body: { refreshToken: session.refreshToken },
    });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'rate-limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await sec.audit({ kind: 'rate-limited' }))[0]).toMatchObject({
      userId: session.user.id,
      detail: { endpoint: AUTH_PATHS.refresh, scope: 'account' },
    });
    // The refused refresh did not use up the token: once the window has passed it still works.
    expect((await sec.relay.store.refreshTokenByHash(hashOf(session.refreshToken)))?.usedAt).toBeNull();
  });
});
