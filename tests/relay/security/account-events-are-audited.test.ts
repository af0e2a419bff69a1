import { describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import { passwordOf, request, useSecurityRelay } from './support.ts';

const sec = useSecurityRelay();

describe('the audit log of account events', () => {
  it('records a failed login with the login tried (normalised like every login) and the address, never the password', async () => {
    const wrong = await request(sec.relay, 'POST', AUTH_PATHS.login, {
      body: { login: ' Anna ', password: 'Geheim-Falsch-1', device: { name: 'Tablet' } },
    });
    expect(wrong.status).toBe(401);
    const unknown = await request(sec.relay, 'POST', AUTH_PATHS.login, {
      body: { login: 'niemand', password: 'Geheim-Falsch-2', device: { name: 'Tablet' } },
    });
    expect(unknown.status).toBe(401);

    const events = await sec.audit({ kind: 'login-failed' });
    const anna = await sec.relay.store.userByLogin('anna');
    expect(events).toEqual([
      expect.objectContaining({ login: 'niemand', userId: null, code: 'invalid-credentials' }),
      expect.objectContaining({ login: 'anna', userId: anna!.id, code: 'invalid-credentials' }),
    ]);
    for (const event of events) expect(event.address).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(await sec.audit())).not.toContain('Geheim-Falsch');
  });

  it('records a login on a new device as a registration and a login, then logout, in order', async () => {
    const session = await sec.login('anna', { name: 'Tablet Büro' });
    await request(sec.relay, 'POST', AUTH_PATHS.logout, { body: { refreshToken: session.refreshToken } });

    const events = await sec.audit({ deviceId: session.deviceId });
    expect(events.map((event) => event.kind)).toEqual(['logout', 'login', 'device-registered']);
    expect(events[1]).toMatchObject({
      login: 'anna',
      userId: session.user.id,
      detail: { newDevice: true, passwordChanged: false },
    });
    const again = await sec.login('anna', { id: session.deviceId, name: 'Tablet Büro' });
    expect((await sec.audit({ deviceId: again.deviceId, kind: 'login' }))[0]).toMatchObject({
      detail: { newDevice: false },
    });
    expect(await sec.audit({ deviceId: again.deviceId, kind: 'device-registered' })).toHaveLength(1);
    const all = JSON.stringify(await sec.audit());
    expect(all).not.toContain(session.refreshToken);
    expect(all).not.toContain(session.accessToken);
  });

  it('records refused refreshes with their reason, and password changes', async () => {
    const session = await sec.login('bert');
    const bogus = await request(sec.relay, 'POST', AUTH_PATHS.refresh, {
      body: { refreshToken: 'not-a-token-of-ours' },
    });
    expect(bogus.status).toBe(401);
    await request(sec.relay, 'POST', AUTH_PATHS.logout, { body: { refreshToken: session.refreshToken } });
    await request(sec.relay, 'POST', AUTH_PATHS.refresh, { body: { refreshToken: session.refreshToken } });

    const refused = await sec.audit({ kind: 'refresh-refused' });
    expect(refused.map((event) => event.detail.reason)).toEqual(['revoked', 'unknown']);
    expect(refused[0]).toMatchObject({ userId: session.user.id, deviceId: session.deviceId });
    expect(refused[1]).toMatchObject({ userId: null, code: 'refresh-invalid' });

    const fresh = await sec.login('bert');
    const wrong = await request(sec.relay, 'POST', AUTH_PATHS.password, {
      token: fresh.accessToken,
      body: { currentPassword: 'falsch-falsch', newPassword: 'ganz-neues-passwort' },
    });
    expect(wrong.status).toBe(401);
    const changed = await request(sec.relay, 'POST', AUTH_PATHS.password, {
      token: fresh.accessToken,
      body: { currentPassword: passwordOf('bert'), newPassword: 'ganz-neues-passwort' },
    });
    expect(changed.status).toBe(204);
    const kinds = (await sec.audit({ userId: fresh.user.id, from: 0 })).map((event) => event.kind);
    expect(kinds.slice(0, 3)).toEqual(['password-changed', 'password-change-failed', 'login']);
    expect(JSON.stringify(await sec.audit())).not.toContain('ganz-neues-passwort');
  });
});
