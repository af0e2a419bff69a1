/**
 * The relay tests' PostgreSQL (found once per run by tests/relay/global-setup.ts, see
 * ./postgres-server.ts). Each store lives in a schema of its own (`freshSchema`), so test files running at
 * once on one database never meet; `releaseTestDatabase` drops a file's schemas after it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../sync-server/src/storage/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

const schemas: string[] = [];

/** The URL of the database the tests use. */
export function testDatabaseUrl(): Promise<string> {
  return Promise.resolve(inject('testDatabaseUrl'));
}

/** A new schema name for one store, recorded so that `releaseTestDatabase` removes it. */
export function freshSchema(prefix = 'test'): string {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  schemas.push(name);
  return name;
}

/** Drops every schema `freshSchema` named in this test file; test files call it in `afterAll`. */
export async function releaseTestDatabase(): Promise<void> {
  const names = schemas.splice(0);
  if (names.length > 0) {
    // One statement, one commit: dropping them one by one costs a commit each.
    await onTestDatabase((client) => client.query(`DROP SCHEMA IF EXISTS ${names.join(', ')} CASCADE`));
  }
}

/**
 * The test database's URL with a new, empty schema of its own on the search path, for a relay started with
 * `databaseUrl` (several relays given the same URL share one database, as instances behind a balancer do).
 */
export async function schemaDatabaseUrl(prefix: string): Promise<string> {
  const schema = freshSchema(prefix);
  await onTestDatabase((client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = await testDatabaseUrl();
  const options = `options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return `${url}${url.includes('?') ? '&' : '?'}${options}`;
}

/**
 * Fresh, empty, migrated PostgreSQL stores for the contract suite, fast: a closed store's schema is emptied
 * and handed to the next store instead of migrating a new schema for each (DDL costs a few hundred ms on a
 * busy machine, emptying a few). Emptying deletes every table's rows with triggers and foreign keys
 * switched off for its transaction (`session_replication_role`, which needs a superuser, as the local and
 * the embedded server's users are); where that is refused, a new schema is made instead.
 */
export function reusableTestStores(prefix: string, poolSize = 4) {
  const idle: string[] = [];

  const open = async (schema: string): Promise<PostgresStore> => {
    const store = await openPostgresStore(await testDatabaseUrl(), { schema, poolSize });
    let closed = false;
    return {
      ...store,
      close: async () => {
        await store.close();
        if (!closed) idle.push(schema);
        closed = true;
      },
    };
  };

  return {
    /** Makes `count` schemas ahead, so that a test opening many stores at once finds them ready. */
    async prepare(count: number): Promise<void> {
      const made = await Promise.all(
        Array.from({ length: count }, async () => {
          const schema = freshSchema(prefix);
          await (await openPostgresStore(await testDatabaseUrl(), { schema, poolSize: 1 })).close();
          return schema;
        }),
      );
      idle.push(...made);
    },
    async fresh(): Promise<PostgresStore> {
      const reused = idle.pop();
      if (reused !== undefined && (await emptied(reused))) return open(reused);
      return open(freshSchema(prefix));
    },
  };
}

/** Deletes every row of the schema's tables (but its migration records) and seeds it as migration 1 does. */
async function emptied(schema: string): Promise<boolean> {
  try {
    await onTestDatabase(async (client) => {
      const tables = await client.query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations'`,
        [schema],
      );
      await client.query(`BEGIN;
        SET LOCAL search_path = ${schema};
        SET LOCAL session_replication_role = replica;
        ${tables.rows.map((table) => `DELETE FROM ${table.name};`).join('\n')}
        INSERT INTO teams (id, name, kind, created_at) VALUES ('_koordination', 'Koordination', 'support-center', 0);
        INSERT INTO team_logs (team_id) VALUES ('_koordination');
        INSERT INTO log_epochs (team_id, number, epoch, first_seq, started_at)
          VALUES ('_koordination', 1, replace(gen_random_uuid()::text, '-', ''), 1, 0);
        COMMIT;`);
    });
    return true;
  } catch {
    return false;
  }
}

async function onTestDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: await testDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
