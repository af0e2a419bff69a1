import pg from 'pg';
import type { RelayStore } from './contract.ts';
import { StoreError } from './errors.ts';
import { migratePostgres, PG_LATEST_VERSION } from './postgres-migrations.ts';
import { pgAccountsOn } from './postgres-accounts.ts';
import { pgAuditOn } from './postgres-audit.ts';
import { pgFactsOn } from './postgres-facts.ts';
import { pgLifecycleOn } from './postgres-lifecycle.ts';
import { pgLogOn } from './postgres-log.ts';

export interface PostgresStoreOptions {
  /** The clock for `createdAt` columns; tests pass a fixed one. */
  now?: () => number;
  /**
   * The schema the relay's tables live in (created if missing); by default the connection's search path
   * decides (`public`). Tests give each store its own schema, so that test files running at once on one
   * database never meet.
   */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/** One statement's way to the database: a pooled connection, or the one a transaction holds. */
export interface PgQueries {
  /** The rows of one statement. */
  rows<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** The first row of one statement, if any. */
  one<R>(text: string, values?: readonly unknown[]): Promise<R | undefined>;
  /** How many rows one statement changed. */
  change(text: string, values?: readonly unknown[]): Promise<number>;
}

/** What the parts of the PostgreSQL engine share: one pool and its guards. */
export interface PgContext {
  readonly now: () => number;
  /** Runs `work` with pooled connections, turning any exception into a `StoreError`; refused after close. */
  run<T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T>;
  /** Like `run`, in one READ COMMITTED transaction on one connection, committed when `work` resolves. */
  write<T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T>;
  /** Like `run`, in one read-only REPEATABLE READ transaction, so that several reads see one snapshot. */
  read<T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T>;
}

/** The PostgreSQL store with what only a server engine has: its pool, for notifications and readiness. */
export interface PostgresStore extends RelayStore {
  readonly engine: 'postgres';
  readonly pool: pg.Pool;
  /** The schema's migration version, read from the database (rejects when it cannot be reached). */
  schemaVersion(): Promise<number>;
}

/** 64-bit integers (counts, BIGINT columns) as numbers: every value the relay stores is a safe integer. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 && format !== 'binary') {
      return (value: string) => {
        const number = Number(value);
        if (!Number.isSafeInteger(number)) throw new Error(`${value} is beyond the safe integer range`);
        return number;
      };
    }
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** A schema name the relay creates and puts on the search path: kept to a plain identifier. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a pool on the PostgreSQL database at `url` (`postgres://user:password@host:port/database`),
 * migrates it and resolves the store. Rejects with `schema-too-new` for a schema written by a newer relay and
 * `storage-failed` when the database cannot be reached.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const now = options.now ?? Date.now;
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError('invalid-input', `schema ${JSON.stringify(schema)} is not a plain lower-case name`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    // A relay that cannot reach its database should say so rather than wait forever.
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the server dropped is reported here; the pool replaces it on the next checkout.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await migratePostgres(client, now());
    } finally {
      client.release();
    }
    return postgresStore(pool, now);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw translatePgError(error, `open the PostgreSQL database${schema ? ` (schema ${schema})` : ''}`);
  }
}

function postgresStore(pool: pg.Pool, now: () => number): PostgresStore {
  let closed = false;
  /** Statement names by text: each connection parses a statement once and reuses its plan. */
  const names = new Map<string, string>();
  const named = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = `lotse_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };

  const queriesOn = (target: pg.Pool | pg.PoolClient): PgQueries => {
    const query = <R extends pg.QueryResultRow>(text: string, values: readonly unknown[] = []) =>
      target.query<R>({ name: named(text), text, values: values as unknown[] });
    return {
      rows: async <R>(text: string, values?: readonly unknown[]) =>
        (await query<R & pg.QueryResultRow>(text, values)).rows,
      one: async <R>(text: string, values?: readonly unknown[]) =>
        (await query<R & pg.QueryResultRow>(text, values)).rows[0],
      change: async (text: string, values?: readonly unknown[]) => (await query(text, values)).rowCount ?? 0,
    };
  };

  const run = async <T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T> => {
    if (closed) throw new StoreError('closed', `${what}: the store is closed`);
    try {
      return await work(queriesOn(pool));
    } catch (error) {
      throw translatePgError(error, what);
    }
  };

  const transaction =
    (begin: string) =>
    async <T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T> => {
      if (closed) throw new StoreError('closed', `${what}: the store is closed`);
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        await client.query(begin);
        const result = await work(queriesOn(client));
        // COMMIT returns once the commit record is flushed (synchronous_commit, on by default): durable.
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client?.query('ROLLBACK').catch(() => undefined);
        throw translatePgError(error, what);
      } finally {
        client?.release();
      }
    };

  const context: PgContext = {
    now,
    run,
    write: transaction('BEGIN'),
    read: transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
  };

  return {
    engine: 'postgres',
    pool,
    schemaVersion: () =>
      run('read the schema version', async (db) => {
        const row = await db.one<{ version: number | null }>(
          'SELECT max(version) AS version FROM schema_migrations',
        );
        return row?.version ?? 0;
      }),
    ...pgAccountsOn(context),
    ...pgLogOn(context),
    ...pgAuditOn(context),
    ...pgFactsOn(context),
    ...pgLifecycleOn(context),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pool.end();
      } catch (error) {
        throw translatePgError(error, 'close the store');
      }
    },
  };
}

export { PG_LATEST_VERSION };

/** Turns whatever `pg` threw into a `StoreError`, keeping the original as `cause` for the log. */
export function translatePgError(error: unknown, what: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = error instanceof pg.DatabaseError ? error.code : undefined;
  if (code === '23505') return new StoreError('conflict', `${what}: it already exists`, { cause: error });
  if (code === '23503') {
    return new StoreError('not-found', `${what}: a record it refers to does not exist`, { cause: error });
  }
  if (code === '23514' || code === '23502' || code === '22P02' || code === '22003') {
    return new StoreError('invalid-input', `${what}: ${(error as Error).message}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreError('storage-failed', `${what}: ${reason}`, { cause: error });
}
