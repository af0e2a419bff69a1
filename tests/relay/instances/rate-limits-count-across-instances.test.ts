import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../../../sync-server/src/config.ts';
import { releaseTestDatabase, schemaDatabaseUrl } from '../../support/postgres.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { passwordOf, request, seedPeople } from '../security/support.ts';

/** Two relay instances on one PostgreSQL schema, as behind a balancer that sends requests to either. */
let instances: TestRelay[] = [];

afterEach(async () => {
  await Promise.all(instances.map((relay) => relay.close()));
  instances = [];
});

afterAll(releaseTestDatabase, 60_000);

async function twoInstances(rateLimits: RateLimits): Promise<[TestRelay, TestRelay]> {
  const databaseUrl = await schemaDatabaseUrl('limits');
  const first = await startTestRelay({ databaseUrl, rateLimits });
  const second = await startTestRelay({ databaseUrl, rateLimits });
  instances = [first, second];
  await seedPeople(first);
  return [first, second];
}

const tryLogin = (relay: TestRelay, login: string, password: string) =>
  request(relay, 'POST', AUTH_PATHS.login, { body: { login, password, device: { name: 'Tablet' } } });

describe('rate limits of several instances on one PostgreSQL', () => {
  it('limit the failed logins of an account by what every instance counted together', async () => {
    const [a, b] = await twoInstances({
      ...DEFAULT_RATE_LIMITS,
      loginFailuresPerAccount: 4,
      loginPerAddress: 1_000,
    });
    const statuses = [];
    for (const relay of [a, b, a, b]) statuses.push((await tryLogin(relay, 'anna', 'falsch-falsch')).status);
    expect(statuses).toEqual([401, 401, 401, 401]);

    // The fifth guess is over the limit on either instance, and so is the right password until the
    // window ends.
    const limited = await tryLogin(a, 'anna', 'falsch-falsch');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'rate-limited' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await tryLogin(b, 'anna', passwordOf('anna'))).status).toBe(429);
    // Another account is not affected.
    expect((await tryLogin(b, 'bert', passwordOf('bert'))).status).toBe(200);
  });

  it('lets guesses sent at once to both instances reach the password check only as often as the limit allows', async () => {
    const [a, b] = await twoInstances({
      ...DEFAULT_RATE_LIMITS,
      loginFailuresPerAccount: 3,
      loginPerAddress: 1_000,
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tryLogin(i % 2 === 0 ? a : b, 'anna', `falsch-${i}-falsch`)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('limit the logins of an address by what every instance counted together', async () => {
    const [a, b] = await twoInstances({
      ...DEFAULT_RATE_LIMITS,
      loginPerAddress: 3,
      loginFailuresPerAccount: 1_000,
    });
    expect((await tryLogin(a, 'anna', 'falsch-falsch')).status).toBe(401);
    expect((await tryLogin(b, 'bert', 'falsch-falsch')).status).toBe(401);
    expect((await tryLogin(a, 'anna', passwordOf('anna'))).status).toBe(200);
    const limited = await tryLogin(b, 'bert', passwordOf('bert'));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'rate-limited' });
  });
});
