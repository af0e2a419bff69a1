import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_LATEST_VERSION, PG_MIGRATIONS } from '../../../sync-server/src/storage/postgres-migrations.ts';
import { openPostgresStore } from '../../../sync-server/src/storage/postgres.ts';
import { releaseTestDatabase, schemaDatabaseUrl } from '../../support/postgres.ts';
import { append, expectStoreError, seedWorld, WORLD, Writer } from './fixtures.ts';

/**
 * Checksums of the shipped PostgreSQL migrations, whitespace-insensitive. A mismatch means a migration that
 * databases in the field have already run was edited: undo that and append a new migration instead.
 */
const SHIPPED: Record<number, string> = {
  1: 'ac6ea26f7d6c7e010e2e3b7d04adadf2257cc13105ae1362879d46f9d26faaab',
  2: '5bfee287c7aa973bc579e502531b7a3dbc8c730fa2140ba48053f72ac0d64273',
};

afterAll(releaseTestDatabase, 60_000);

async function appliedVersions(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    return result.rows.map((row) => row.version);
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL store’s migrations', () => {
  it('are numbered 1, 2, 3… and none that shipped was edited', () => {
    expect(PG_MIGRATIONS.map((migration) => migration.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    for (const migration of PG_MIGRATIONS) {
      const sum = createHash('sha256').update(migration.sql.replace(/\s+/g, ' ').trim()).digest('hex');
      expect(
        SHIPPED[migration.version],
        `migration ${migration.version} has no pinned checksum`,
      ).toBeDefined();
      expect(sum, `migration ${migration.version} was edited`).toBe(SHIPPED[migration.version]);
    }
  });

  it('run once when several relays start on one database at the same moment, and keep the data', async () => {
    const url = await schemaDatabaseUrl('migrate');
    const stores = await Promise.all([
      openPostgresStore(url),
      openPostgresStore(url),
      openPostgresStore(url),
    ]);
    expect(await appliedVersions(url)).toEqual(PG_MIGRATIONS.map((migration) => migration.version));
    const [first] = stores;
    await seedWorld(first!);
    await first!.registerDoc('doc-1', WORLD.center);
    await append(first!, WORLD.center, 'doc-1', new Writer().insert('Antrag gestellt'));
    await Promise.all(stores.map((store) => store.close()));

    const again = await openPostgresStore(url);
    expect(await again.latestSeq(WORLD.center)).toBe(1);
    expect(await again.schemaVersion()).toBe(PG_LATEST_VERSION);
    await again.close();
  });

  it('refuses a schema a newer relay migrated, and names both versions', async () => {
    const url = await schemaDatabaseUrl('migrate');
    await (await openPostgresStore(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    await client.end();
    const refused = await expectStoreError(openPostgresStore(url), 'schema-too-new');
    expect(refused.message).toContain('999');
    expect(refused.message).toContain(String(PG_LATEST_VERSION));
  });
});
