import { describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import { createAccount } from '../../../sync-server/src/auth/accounts.ts';
import { CHEAP_HASH } from '../auth/support.ts';
import { request, TEAM_A, useSecurityRelay } from './support.ts';

const sec = useSecurityRelay();

describe('the first login of an account that must choose its own password', () => {
  it('is audited as a request for a new password, not as a failed login, and then as a login', async () => {
    const mira = await createAccount(sec.relay.store, {
      login: 'mira',
      displayName: 'Mira Yilmaz',
      role: 'case-manager',
      teamIds: [TEAM_A],
      password: 'start-passwort-1',
      mustChangePassword: true,
      hashParams: CHEAP_HASH,
    });
    const body = { login: 'mira', password: 'start-passwort-1', device: { name: 'Tablet' } };
    const asked = await request(sec.relay, 'POST', AUTH_PATHS.login, { body });
    expect(asked.status).toBe(403);
    expect(asked.body).toMatchObject({ error: 'password-change-required' });
    const changed = await request(sec.relay, 'POST', AUTH_PATHS.login, {
      body: { ...body, newPassword: 'eigenes-passwort-1' },
    });
    expect(changed.status).toBe(200);

    const events = await sec.audit({ userId: mira.id });
    expect(events.map((event) => event.kind)).toEqual([
      'login',
      'device-registered',
      'password-change-required',
    ]);
    expect(events[2]).toMatchObject({ login: 'mira', code: null, address: expect.stringMatching(/127/) });
    expect(events[0]).toMatchObject({ detail: { passwordChanged: true } });
    expect(await sec.audit({ kind: 'login-failed' })).toEqual([]);
  });
});
