import { describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import { DEFAULT_RATE_LIMITS } from '../../../sync-server/src/config.ts';
import { passwordOf, request, useSecurityRelay } from './support.ts';

const LIMITS = { ...DEFAULT_RATE_LIMITS, loginFailuresPerAccount: 3 };
const sec = useSecurityRelay({ rateLimits: LIMITS });

const tryLogin = (login: string, password: string) =>
  request(sec.relay, 'POST', AUTH_PATHS.login, { body: { login, password, device: { name: 'Tablet' } } });

describe('the per-account login limit under parallel guesses', () => {
  it('lets only as many guesses sent at once reach the password check as the limit allows', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => tryLogin('anna', `falsch-${i}-falsch`)),
    );
    const statuses = guesses.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(LIMITS.loginFailuresPerAccount);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - LIMITS.loginFailuresPerAccount);
    expect(await sec.audit({ kind: 'login-failed', login: 'anna' })).toHaveLength(
      LIMITS.loginFailuresPerAccount,
    );
    // The account stays limited for the right password too, until the window ends.
    expect((await tryLogin('anna', passwordOf('anna'))).status).toBe(429);
  });

  it('clears the count when the right password arrives among parallel guesses', async () => {
    const [right, ...wrong] = await Promise.all([
      tryLogin('bert', passwordOf('bert')),
      tryLogin('bert', 'falsch-1-falsch'),
    ]);
    expect(right?.status).toBe(200);
    expect(wrong.map((answer) => answer.status)).toEqual([401]);
    // One failure at most is left counted: two more wrong guesses are still answered, not limited.
    expect((await tryLogin('bert', 'falsch-2-falsch')).status).toBe(401);
  });
});
