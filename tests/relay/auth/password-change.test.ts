import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_PATHS, SessionSchema } from '../../../src/protocol/auth.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { createUser, loginAs, post } from './support.ts';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
});

afterAll(async () => {
  await relay?.close();
});

describe('an account that must change its password', () => {
  it('is refused without newPassword, then logs in with a new password that replaces the old one', async () => {
    const user = await createUser(relay, {
      login: 'neu',
      password: 'initial-password',
      mustChangePassword: true,
    });
    const refused = await post(relay, AUTH_PATHS.login, {
      login: 'neu',
      password: 'initial-password',
      device: { name: 'Tablet' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'password-change-required' });
    expect(await relay.store.devicesOf(user.id)).toEqual([]);

    const same = await post(relay, AUTH_PATHS.login, {
      login: 'neu',
      password: 'initial-password',
      newPassword: 'initial-password',
      device: { name: 'Tablet' },
    });
    expect(same.status).toBe(400);
    expect((same.body as { message: string }).message).toMatch(/^newPassword: /);

    const changed = await post(relay, AUTH_PATHS.login, {
      login: 'neu',
      password: 'initial-password',
      newPassword: 'chosen-by-me-now',
      device: { name: 'Tablet' },
    });
    expect(changed.status).toBe(200);
    expect(SessionSchema.parse(changed.body).user.id).toBe(user.id);
    expect((await relay.store.userById(user.id))?.mustChangePassword).toBe(false);

    const old = await post(relay, AUTH_PATHS.login, {
      login: 'neu',
      password: 'initial-password',
      device: { name: 'Tablet' },
    });
    expect(old.body).toMatchObject({ error: 'invalid-credentials' });
    await expect(loginAs(relay, 'neu', 'chosen-by-me-now')).resolves.toMatchObject({ user: { id: user.id } });
  });
});

describe('POST /api/auth/password', () => {
  it('changes the password of the signed-in user after checking the current one', async () => {
    await createUser(relay, { login: 'kim', password: 'kim-password-1' });
    const session = await loginAs(relay, 'kim', 'kim-password-1');
    const auth = { authorization: `Bearer ${session.accessToken}` };

    const wrong = await post(
      relay,
      AUTH_PATHS.password,
      { currentPassword: 'not-my-password', newPassword: 'kim-password-2' },
      auth,
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid-credentials' });

    const short = await post(
      relay,
      AUTH_PATHS.password,
      { currentPassword: 'kim-password-1', newPassword: 'short' },
      auth,
    );
    expect(short.status).toBe(400);
    expect((short.body as { message: string }).message).toMatch(/^newPassword: /);

    const ok = await post(
      relay,
      AUTH_PATHS.password,
      { currentPassword: 'kim-password-1', newPassword: 'kim-password-2' },
      auth,
    );
    expect(ok.status).toBe(204);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    await expect(loginAs(relay, 'kim', 'kim-password-1')).rejects.toThrow(/invalid-credentials/);
    await expect(loginAs(relay, 'kim', 'kim-password-2')).resolves.toMatchObject({ user: { login: 'kim' } });
  });

  it('ends the sessions of the person’s other devices, and keeps the one it was made on', async () => {
    await createUser(relay, { login: 'noor', password: 'noor-password-1' });
    const laptop = await loginAs(relay, 'noor', 'noor-password-1', { name: 'Laptop' });
    const tablet = await loginAs(relay, 'noor', 'noor-password-1', { name: 'Tablet im Auto' });
    const changed = await post(
      relay,
      AUTH_PATHS.password,
      { currentPassword: 'noor-password-1', newPassword: 'noor-password-2' },
      { authorization: `Bearer ${laptop.accessToken}` },
    );
    expect(changed.status).toBe(204);

    const tabletRefresh = await post(relay, AUTH_PATHS.refresh, { refreshToken: tablet.refreshToken });
    expect(tabletRefresh.status).toBe(401);
    expect(tabletRefresh.body).toMatchObject({ error: 'refresh-invalid' });
    const laptopRefresh = await post(relay, AUTH_PATHS.refresh, { refreshToken: laptop.refreshToken });
    expect(laptopRefresh.status).toBe(200);
    expect(SessionSchema.parse(laptopRefresh.body).deviceId).toBe(laptop.deviceId);
  });

  it('refuses a request without a valid access token', async () => {
    const none = await post(relay, AUTH_PATHS.password, {
      currentPassword: 'kim-password-2',
      newPassword: 'kim-password-3',
    });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'unauthenticated' });
    const forged = await post(
      relay,
      AUTH_PATHS.password,
      { currentPassword: 'kim-password-2', newPassword: 'kim-password-3' },
      { authorization: 'Bearer not.a.token' },
    );
    expect(forged.body).toMatchObject({ error: 'unauthenticated' });
  });
});
