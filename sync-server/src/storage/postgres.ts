import pg from 'pg';
import { z } from 'zod';
import type { RelayStore } from './contract.ts';
import { StoreError } from './errors.ts';
import { migratePostgres, PG_LATEST_VERSION } from './postgres-migrations.ts';
import { pgAccountsOn } from './postgres-accounts.ts';
import { pgAuditOn } from './postgres-audit.ts';
import { pgFactsOn } from './postgres-facts.ts';
import { pgLifecycleOn } from './postgres-lifecycle.ts';
import { pgLogOn } from './postgres-log.ts';
import { pgRateWindowsOn } from './postgres-rate-windows.ts';
import type { RateWindows } from './rate-windows.ts';
import { ConnectionWatch, isConnectionLoss, type ConnectionLostListener } from './postgres-connection.ts';

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
  /**
   * The channel on which appends and erasures announce themselves (`notifyLog`): one per schema, so relays
   * on different schemas of one database do not hear each other. Access changes go to `${channel}_access`
   * (cut to 63 bytes like it).
   */
  readonly channel: string;
  /** Runs `work` with pooled connections, turning any exception into a `StoreError`; refused after close. */
  run<T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T>;
  /** Like `run`, in one READ COMMITTED transaction on one connection, committed when `work` resolves. */
  write<T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T>;
  /** Like `run`, in one read-only REPEATABLE READ transaction, so that several reads see one snapshot. */
  read<T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T>;
}

/** A small notice that a team's log grew: the team and the `seq` its newest entry took. */
export interface LogNotice {
  teamId: string;
  seq: number;
}

/** What a notice carries on the wire; checked, since anyone with access to the database may NOTIFY. */
const LogNoticeSchema = z.object({ t: z.string().min(1).max(200), s: z.number().int().positive() });

/** An access change as it travels between instances (../auth/access-events.ts is its home). */
const AccessNoticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('device-revoked'), deviceId: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('user-disabled'), userId: z.string().min(1).max(200) }),
  z.object({
    kind: z.literal('membership-removed'),
    userId: z.string().min(1).max(200),
    teamId: z.string().min(1).max(200),
  }),
]);

export type AccessNotice = z.infer<typeof AccessNoticeSchema>;

/** What a listener is told: the log grew, access was taken away, or notices may have been lost. */
export interface NoticeHandlers {
  log(notice: LogNotice): void;
  access(notice: AccessNotice): void;
  /** The listening connection was lost and is back: notices sent meanwhile are lost. */
  reconnected(): void;
}

/** A running LISTEN on the store's channels. */
export interface LogListener {
  /** Whether its connection is up now (while it is not, notices are lost until it is back). */
  readonly listening: boolean;
  /** Stops listening and closes its connection. */
  close(): Promise<void>;
}

/** The PostgreSQL store with what only a server engine has: notices between instances, readiness. */
export interface PostgresStore extends RelayStore {
  readonly engine: 'postgres';
  /** The schema's migration version, read from the database (rejects when it cannot be reached). */
  schemaVersion(): Promise<number>;
  /**
   * Listens, on a connection of its own, for the notices every append and erasure of any instance sends
   * with its commit (in commit order), and for access changes (`notifyAccess`). When that connection is
   * lost, it reconnects by itself (every second) and then calls `reconnected`, since notices sent meanwhile
   * are lost: the listener reads the log instead. Resolves once listening.
   */
  listen(handlers: NoticeHandlers): Promise<LogListener>;
  /** Tells every listening instance (this one included) that access was taken away. */
  notifyAccess(notice: AccessNotice): Promise<void>;
  /**
   * Calls `listener` whenever the store finds its connection to the database lost: an idle pooled
   * connection failed, or a statement failed for want of a connection (one is tried when the listening
   * connection ends). The
   * store itself only reconnects (the pool on the next statement, the listener every second); it says
   * nothing when the database is back, which whoever heard the loss finds out by asking. Returns the
   * unsubscribe function.
   */
  watchConnection(listener: ConnectionLostListener): () => void;
  /** The rate limits' counts, shared by every instance on the database. */
  readonly rateWindows: RateWindows;
}

/** Sends the log notice inside the caller's transaction: PostgreSQL delivers it with the commit, or never. */
export async function notifyLog(db: PgQueries, channel: string, teamId: string, seq: number): Promise<void> {
  await db.one('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ t: teamId, s: seq })]);
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
  const connection: pg.ClientConfig = {
    connectionString: url,
    types,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    // A relay that cannot reach its database should say so rather than wait forever.
    connectionTimeoutMillis: 10_000,
  };
  const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
  const watch = new ConnectionWatch();
  // An idle connection the server dropped is reported here; the pool replaces it on the next checkout. It
  // is a lost database when the server went away or the network failed, not when it ended an idle session.
  pool.on('error', (error) => {
    if (isConnectionLoss(error)) watch.lost('an idle connection to the database failed', error);
  });
  try {
    const client = await pool.connect();
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await migratePostgres(client, now());
      const current = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      // Channel names are identifiers of at most 63 bytes; two schemas sharing a cut-off name would only
      // make their relays read each other's notices and find nothing new in their own logs.
      const channel = `lotse_log_${current.rows[0]?.schema ?? 'public'}`.slice(0, 63);
      return postgresStore(pool, connection, channel, now, watch);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw translatePgError(error, `open the PostgreSQL database${schema ? ` (schema ${schema})` : ''}`);
  }
}

function postgresStore(
  pool: pg.Pool,
  connection: pg.ClientConfig,
  channel: string,
  now: () => number,
  watch: ConnectionWatch,
): PostgresStore {
  let closed = false;
  /** Tells the watchers when a statement failed for want of a connection (not after close). */
  const failed = (what: string, error: unknown): StoreError => {
    if (!closed && isConnectionLoss(error)) watch.lost(what, error);
    return translatePgError(error, what);
  };
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
      throw failed(what, error);
    }
  };

  const transaction =
    (begin: string) =>
    async <T>(what: string, work: (db: PgQueries) => Promise<T>): Promise<T> => {
      if (closed) throw new StoreError('closed', `${what}: the store is closed`);
      let client: pg.PoolClient | undefined;
      // A connection that failed other than by the server refusing a statement (it was cut, or timed out)
      // is not handed out again: the pool opens a new one.
      let broken = false;
      // A connection that fails between two statements reports it as an event: without a listener, that
      // would end the process.
      const onError = (error: Error) => {
        broken = true;
        if (!closed && isConnectionLoss(error)) watch.lost(what, error);
      };
      try {
        client = await pool.connect();
        client.on('error', onError);
        await client.query(begin);
        const result = await work(queriesOn(client));
        // COMMIT returns once the commit record is flushed (synchronous_commit, on by default): durable.
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = !(error instanceof pg.DatabaseError) && !(error instanceof StoreError);
        await client?.query('ROLLBACK').catch(() => (broken = true));
        throw failed(what, error);
      } finally {
        client?.off('error', onError);
        client?.release(broken);
      }
    };

  const context: PgContext = {
    now,
    channel,
    run,
    write: transaction('BEGIN'),
    read: transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'),
  };

  const listeners = new Set<LogListener>();
  const accessChannel = accessChannelOf(channel);

  return {
    engine: 'postgres',
    notifyAccess: (notice) =>
      run('notify an access change', async (db) => {
        await db.one('SELECT pg_notify($1, $2)', [accessChannel, JSON.stringify(notice)]);
      }),
    listen: async (handlers) => {
      if (closed) throw new StoreError('closed', 'listen for notices: the store is closed');
      // The listening connection may end alone (ended by the server's administrator, or idle too long): a
      // statement on the pool tells whether the database is lost, and reports it if so.
      const listener = await listenOn(connection, channel, handlers, () => {
        run('check the database after the listening connection ended', (db) => db.one('SELECT 1')).catch(
          () => undefined,
        );
      });
      listeners.add(listener);
      return {
        get listening() {
          return listener.listening;
        },
        close: async () => {
          listeners.delete(listener);
          await listener.close();
        },
      };
    },
    watchConnection: (listener) => watch.subscribe(listener),
    rateWindows: pgRateWindowsOn(context),
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
        await Promise.all([...listeners].map((listener) => listener.close()));
        await pool.end();
      } catch (error) {
        throw translatePgError(error, 'close the store');
      }
    },
  };
}

export { PG_LATEST_VERSION };

/** How long a lost LISTEN connection waits before it tries again. */
const RELISTEN_MS = 1_000;

const accessChannelOf = (channel: string) => `${channel.slice(0, 56)}_access`;

/** Parses a notice's JSON payload with `schema`; `undefined` for anything else. */
function parsePayload<T>(schema: z.ZodType<T>, payload: string | undefined): T | undefined {
  if (payload === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function listenOn(
  connection: pg.ClientConfig,
  channel: string,
  handlers: NoticeHandlers,
  ended: () => void,
): Promise<LogListener> {
  const accessChannel = accessChannelOf(channel);
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client(connection);
    next.on('notification', (message) => {
      if (message.channel === channel) {
        const notice = parsePayload(LogNoticeSchema, message.payload);
        if (notice) handlers.log({ teamId: notice.t, seq: notice.s });
      } else if (message.channel === accessChannel) {
        const notice = parsePayload(AccessNoticeSchema, message.payload);
        if (notice) handlers.access(notice);
      }
    });
    // A lost connection reports an error and then ends; the end schedules the reconnect.
    next.on('error', () => undefined);
    next.on('end', () => {
      const wasListening = client === next;
      if (wasListening) client = undefined;
      if (stopped) return;
      if (wasListening) ended();
      schedule();
    });
    await next.connect();
    try {
      await next.query(
        `LISTEN ${next.escapeIdentifier(channel)}; LISTEN ${next.escapeIdentifier(accessChannel)}`,
      );
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await next.end();
      return;
    }
    client = next;
  };

  const schedule = (): void => {
    if (stopped || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          if (!stopped) handlers.reconnected();
        },
        () => schedule(),
      );
    }, RELISTEN_MS);
    retry.unref();
  };

  try {
    await connect();
  } catch (error) {
    throw translatePgError(error, `listen on ${channel}`);
  }
  return {
    get listening() {
      return client !== undefined;
    },
    close: async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

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
