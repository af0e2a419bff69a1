import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FIRST_ADMIN_LOGIN } from '../../../sync-server/src/auth/first-admin.ts';
import { releaseTestDatabase, schemaDatabaseUrl } from '../../support/postgres.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';

const relays: TestRelay[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});
afterAll(releaseTestDatabase, 60_000);

describe('the first start of several instances on one empty PostgreSQL', () => {
  it('creates one administrator, and only one instance prints a password', async () => {
    const databaseUrl = await schemaDatabaseUrl('firstadmin');
    const tokenSecret = randomBytes(32).toString('base64');
    const notices: string[] = [];
    const started = await Promise.all(
      Array.from({ length: 3 }, () =>
        startTestRelay({ databaseUrl, tokenSecret }, { announce: (text) => notices.push(text) }),
      ),
    );
    relays.push(...started);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`login:     ${FIRST_ADMIN_LOGIN}`);
    const [first] = started;
    const users = await first!.store.listUsers();
    expect(users.map((user) => user.login)).toEqual([FIRST_ADMIN_LOGIN]);
  });
});
