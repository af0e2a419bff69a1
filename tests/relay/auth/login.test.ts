import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_PATHS, SessionSchema } from '../../../src/protocol/auth.ts';
import { resolvePrincipal } from '../../../sync-server/src/auth/principal.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { createUser, post } from './support.ts';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
  await createUser(relay, { login: 'mira', password: 'mira-password-1' });
  const disabled = await createUser(relay, { login: 'olaf', password: 'olaf-password-1' });
  await relay.store.setUserDisabled(disabled.id, true);
});

afterAll(async () => {
  await relay?.close();
});

describe('POST /api/auth/login', () => {
  it('answers a session whose access token the relay accepts', async () => {
    const answer = await post(relay, AUTH_PATHS.login, {
      login: '  Mira ',
      password: 'mira-password-1',
      device: { name: 'Tablet Büro' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const session = SessionSchema.parse(answer.body);
    expect(session.user).toMatchObject({ login: 'mira', displayName: 'Person mira', role: 'case-manager' });
    expect(session.teams).toEqual([{ id: 'team-a', name: 'SC Test', kind: 'support-center' }]);
    // The relay's device policy travels with every session: the app locks after this many idle minutes.
    expect(session.policy).toEqual({ autoLockMinutes: 5 });
    expect(session.refreshExpiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);

    const principal = await resolvePrincipal(relay.store, relay.tokens, session.accessToken);
    expect(principal.userId).toBe(session.user.id);
    expect(principal.deviceId).toBe(session.deviceId);
    expect([...principal.teamIds]).toEqual(['team-a']);
    const device = await relay.store.deviceById(session.deviceId);
    expect(device).toMatchObject({ userId: session.user.id, name: 'Tablet Büro', revokedAt: null });
  });

  it('stores only a hash of the refresh token', async () => {
    const answer = await post(relay, AUTH_PATHS.login, {
      login: 'mira',
      password: 'mira-password-1',
      device: { name: 'Laptop' },
    });
    const session = SessionSchema.parse(answer.body);
    expect(await relay.store.refreshTokenByHash(session.refreshToken)).toBeUndefined();
  });

  it('gives a wrong password and an unknown login the same answer', async () => {
    const wrongPassword = await post(relay, AUTH_PATHS.login, {
      login: 'mira',
      password: 'not-her-password',
      device: { name: 'Tablet' },
    });
    const unknownLogin = await post(relay, AUTH_PATHS.login, {
      login: 'nobody',
      password: 'not-her-password',
      device: { name: 'Tablet' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body).toMatchObject({ error: 'invalid-credentials' });
    expect(unknownLogin.status).toBe(wrongPassword.status);
    expect(unknownLogin.body).toEqual(wrongPassword.body);
  });

  it('refuses a disabled account, but only to someone who knows its password', async () => {
    const right = await post(relay, AUTH_PATHS.login, {
      login: 'olaf',
      password: 'olaf-password-1',
      device: { name: 'Tablet' },
    });
    expect(right.status).toBe(403);
    expect(right.body).toMatchObject({ error: 'account-disabled' });
    const wrong = await post(relay, AUTH_PATHS.login, {
      login: 'olaf',
      password: 'guessing-wrong',
      device: { name: 'Tablet' },
    });
    expect(wrong.body).toMatchObject({ error: 'invalid-credentials' });
  });

  it.each([
    [{ password: 'x', device: { name: 'Tablet' } }, 'login'],
    [{ login: 'mira', password: '', device: { name: 'Tablet' } }, 'password'],
    [{ login: 'mira', password: 'mira-password-1' }, 'device'],
    [{ login: 'mira', password: 'mira-password-1', device: { name: '' } }, 'device.name'],
    [
      { login: 'mira', password: 'mira-password-1', newPassword: 'short', device: { name: 'T' } },
      'newPassword',
    ],
  ])('refuses the body %j with a message naming %s', async (body, field) => {
    const answer = await post(relay, AUTH_PATHS.login, body);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ error: 'bad-request' });
    expect((answer.body as { message: string }).message).toMatch(new RegExp(`^${field}: `));
  });

  it('refuses a body that is not JSON', async () => {
    const answer = await post(relay, AUTH_PATHS.login, '{"login": ');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'bad-request' });
  });
});
