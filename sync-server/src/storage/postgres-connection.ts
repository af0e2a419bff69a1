import pg from 'pg';

/**
 * SQLSTATEs that say the connection, not the statement, failed: class 08 (connection exception) and the
 * server going down or not yet up (57P01 admin shutdown, which `pg_terminate_backend` sends too, 57P02 crash
 * shutdown, 57P03 cannot connect now).
 */
const LOST_STATES = /^(08...|57P0[123])$/;

/** Node's socket errors when the database is out of reach. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What `pg` and its pool throw, as plain errors, when a connection ends, fails or cannot be made in time. */
const DRIVER_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|timeout expired)/;

/**
 * Whether `error` (or one of its causes) says the connection to the database was lost or cannot be made,
 * rather than that the database refused a statement.
 */
export function isConnectionLoss(error: unknown): boolean {
  for (let seen = 0, cause = error; cause instanceof Error && seen < 5; seen++) {
    if (cause instanceof pg.DatabaseError) return LOST_STATES.test(cause.code ?? '');
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && SOCKET_ERRORS.has(code)) return true;
    if (DRIVER_MESSAGES.test(cause.message)) return true;
    cause = cause.cause;
  }
  return false;
}

/** A listener told, with a short English reason for the log, that the connection to the database was lost. */
export type ConnectionLostListener = (reason: string) => void;

/** Where the parts of the PostgreSQL engine report a lost connection, and the relay hears of it. */
export class ConnectionWatch {
  readonly #listeners = new Set<ConnectionLostListener>();

  /** Calls `listener` on every report of a lost connection; returns the unsubscribe function. */
  subscribe(listener: ConnectionLostListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reports a lost connection: `what` was being done when `error` (if any) said so. */
  lost(what: string, error?: unknown): void {
    const reason = error instanceof Error ? `${what}: ${error.message}` : what;
    for (const listener of this.#listeners) listener(reason);
  }
}
