import { describe, expect, it } from 'vitest';
import { ADMIN_PATHS, DEVICE_PATHS } from '../../../src/protocol/admin.ts';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import { BODY_LIMIT_BYTES } from '../../../sync-server/src/server.ts';
import { passwordOf, request, useSecurityRelay } from './support.ts';

const sec = useSecurityRelay();

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) result.set(name, values);
  }
  return result;
}

describe('security headers', () => {
  it('forbid inline and foreign scripts, referrers and unused browser features on every answer', async () => {
    for (const path of ['/healthz', '/api/no-such-thing', '/']) {
      const answer = await request(sec.relay, 'GET', path);
      const csp = directives(answer.headers.get('content-security-policy'));
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src-attr'), path).toEqual(["'none'"]);
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(answer.headers.get('content-security-policy'), path).not.toContain('unsafe-inline');
      expect(answer.headers.get('content-security-policy'), path).not.toContain('unsafe-eval');
      expect(answer.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(answer.headers.get('permissions-policy'), path).toMatch(/microphone=\(\).*geolocation=\(\)/);
      expect(answer.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});

describe('API answers', () => {
  it('are never cached: successes, refusals, bad bodies and unknown paths alike', async () => {
    const session = await sec.login('anna');
    const answers = {
      login: await request(sec.relay, 'POST', AUTH_PATHS.login, {
        body: { login: 'anna', password: passwordOf('anna'), device: { name: 'T' } },
      }),
      wrongPassword: await request(sec.relay, 'POST', AUTH_PATHS.login, {
        body: { login: 'anna', password: 'wrong-password', device: { name: 'T' } },
      }),
      badJson: await request(sec.relay, 'POST', AUTH_PATHS.login, { body: '{"login":' }),
      noToken: await request(sec.relay, 'GET', DEVICE_PATHS.devices),
      devices: await request(sec.relay, 'GET', DEVICE_PATHS.devices, { token: session.accessToken }),
      forbidden: await request(sec.relay, 'GET', ADMIN_PATHS.audit, { token: session.accessToken }),
      unknown: await request(sec.relay, 'GET', '/api/admin/nothing-here'),
      unknownPost: await request(sec.relay, 'POST', '/api/nothing', { body: {} }),
      wrongMethod: await request(sec.relay, 'DELETE', AUTH_PATHS.login),
      bare: await request(sec.relay, 'GET', '/api'),
    };
    expect(answers.login.status).toBe(200);
    expect(answers.devices.status).toBe(200);
    expect(answers.unknown.status).toBe(404);
    expect(answers.forbidden.body).toMatchObject({ error: 'forbidden' });
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers.get('cache-control'), name).toBe('no-store');
    }
  });

  it('refuse a body above the limit with payload-too-large before parsing it', async () => {
    const big = JSON.stringify({
      login: 'anna',
      password: 'x'.repeat(BODY_LIMIT_BYTES),
      device: { name: 'T' },
    });
    const answer = await request(sec.relay, 'POST', AUTH_PATHS.login, { body: big });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: 'payload-too-large' });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    // Nothing was tried: a body that is not read is no failed login.
    expect(await sec.audit({ kind: 'login-failed' })).toEqual([]);
  });
});
