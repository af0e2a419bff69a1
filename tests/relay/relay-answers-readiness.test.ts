import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ReadinessSchema } from '../../src/protocol/health.ts';
import { releaseTestDatabase, schemaDatabaseUrl } from '../support/postgres.ts';
import { startTestRelay, type TestRelay } from '../support/relay.ts';

const relays: TestRelay[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});
afterAll(releaseTestDatabase, 60_000);

async function readyz(relay: TestRelay) {
  const response = await fetch(new URL('/readyz', relay.url));
  expect(response.headers.get('cache-control')).toBe('no-store');
  return { status: response.status, body: ReadinessSchema.parse(await response.json()) };
}

describe('GET /readyz', () => {
  it('answers ready on SQLite, the default engine', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    expect(await readyz(relay)).toEqual({ status: 200, body: { status: 'ready', engine: 'sqlite' } });
  });

  it('answers ready on PostgreSQL, and 503 once a newer relay migrated the schema past what it knows', async () => {
    const databaseUrl = await schemaDatabaseUrl('readyz');
    const relay = await startTestRelay({ databaseUrl });
    relays.push(relay);
    expect(await readyz(relay)).toEqual({ status: 200, body: { status: 'ready', engine: 'postgres' } });

    // A newer instance in a rolling update ran a migration this one does not know.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)",
      );
    } finally {
      await client.end();
    }
    expect(await readyz(relay)).toEqual({
      status: 503,
      body: { status: 'not-ready', engine: 'postgres', reason: 'schema-mismatch' },
    });
    // Liveness is another question: the process is up.
    expect((await fetch(new URL('/healthz', relay.url))).status).toBe(200);
  });
});
