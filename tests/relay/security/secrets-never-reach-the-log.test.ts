import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_PATHS } from '../../../src/protocol/admin.ts';
import { AUTH_PATHS, SessionSchema } from '../../../src/protocol/auth.ts';
import { DeviceClient } from '../sync/support/device-client.ts';
import { passwordOf, request } from './support.ts';
import { startLoggedRelay, type LoggedRelay } from './support-log.ts';

let logged: LoggedRelay | undefined;

afterEach(async () => {
  await logged?.close();
  logged = undefined;
});

describe('the relay log at its most verbose', () => {
  it('holds no password and no token after logins, refreshes, a socket and a password change', async () => {
    logged = await startLoggedRelay('trace');
    const { relay } = logged;
    const secrets: string[] = [passwordOf('anna'), 'Falsches-Passwort-99', 'Neues-Passwort-2026'];

    const failed = await request(relay, 'POST', AUTH_PATHS.login, {
      body: { login: 'anna', password: 'Falsches-Passwort-99', device: { name: 'Tablet' } },
    });
    expect(failed.status).toBe(401);
    const login = await request(relay, 'POST', AUTH_PATHS.login, {
      body: { login: 'anna', password: passwordOf('anna'), device: { name: 'Tablet' } },
    });
    const session = SessionSchema.parse(login.body);
    const refreshed = SessionSchema.parse(
      (await request(relay, 'POST', AUTH_PATHS.refresh, { body: { refreshToken: session.refreshToken } }))
        .body,
    );
    // A replay, a Bearer request and a socket with the token in its URL.
    await request(relay, 'POST', AUTH_PATHS.refresh, { body: { refreshToken: session.refreshToken } });
    const fresh = SessionSchema.parse(
      (
        await request(relay, 'POST', AUTH_PATHS.login, {
          body: { login: 'anna', password: passwordOf('anna'), device: { name: 'Laptop' } },
        })
      ).body,
    );
    expect((await request(relay, 'GET', DEVICE_PATHS.devices, { token: fresh.accessToken })).status).toBe(
      200,
    );
    const socket = await DeviceClient.connect(relay.url, fresh.accessToken);
    await socket.control('caught-up');
    await socket.close();
    const changed = await request(relay, 'POST', AUTH_PATHS.password, {
      token: fresh.accessToken,
      body: { currentPassword: passwordOf('anna'), newPassword: 'Neues-Passwort-2026' },
    });
    expect(changed.status).toBe(204);
    await request(relay, 'POST', AUTH_PATHS.logout, { body: { refreshToken: fresh.refreshToken } });
    secrets.push(
      session.accessToken,
      session.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
      fresh.accessToken,
      fresh.refreshToken,
    );

    const text = logged.text();
    // The log did record these events: an empty log would pass the checks below trivially.
    expect(text).toContain('"msg":"login"');
    expect(text).toContain('refresh token reused');
    expect(text).toContain('sync socket connected');
    expect(text).toContain('password changed');
    for (const secret of secrets) expect(text).not.toContain(secret);

    await relay.audit.flush();
    const audit = JSON.stringify(await relay.store.listAudit({ limit: 1000 }));
    expect(audit).toContain('refresh-reused');
    for (const secret of secrets) expect(audit).not.toContain(secret);
  });
});
