import Database from 'better-sqlite3';
import type { RelayStore } from './contract.ts';
import { StoreError } from './errors.ts';
import { migrate } from './migrations.ts';
import { accountsOn } from './sqlite-accounts.ts';
import { auditOn } from './sqlite-audit.ts';
import { factsOn } from './sqlite-facts.ts';
import { lifecycleOn } from './sqlite-lifecycle.ts';
import { logOn } from './sqlite-log.ts';
import { translateError } from './sqlite-rows.ts';

/** The file name the relay uses inside DATA_DIR. */
export const SQLITE_FILE_NAME = 'lotse.sqlite3';

export interface SqliteStoreOptions {
  /** The clock for `createdAt` columns; tests pass a fixed one. */
  now?: () => number;
}

/** What the accounts and log halves of the SQLite engine share: one connection and its guards. */
export interface SqliteContext {
  readonly now: () => number;
  /** Runs `work`, turning any exception into a `StoreError` and refusing to run after `close()`. */
  run<T>(what: string, work: () => T): Promise<T>;
  /** Like `run`, inside a transaction that takes the write lock first, so its reads see the latest rows. */
  write<T>(what: string, work: () => T): Promise<T>;
  /** Like `run`, inside a read transaction, so that several reads see one snapshot. */
  read<T>(what: string, work: () => T): Promise<T>;
  /** A prepared statement, cached by its text. A statement is always used the same way (pluck or not). */
  sql<P extends unknown[] = unknown[], R = unknown>(source: string): Database.Statement<P, R>;
}

/**
 * Opens (creating if needed) the SQLite store at `file`, or an in-memory one for ':memory:', and migrates
 * it. Rejects with `schema-too-new` for a database written by a newer relay and `storage-failed` when the
 * file cannot be opened or does not support the write-ahead log.
 */
export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<RelayStore> {
  const now = options.now ?? Date.now;
  let db: Database.Database | undefined;
  try {
    // A writer from another relay process holds the lock for one commit; 5 s covers a slow disk.
    db = new Database(file, { timeout: 5_000 });
    // WAL lets catch-up reads run while an append commits, and makes a commit one sequential write.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (file !== ':memory:' && mode !== 'wal') {
      throw new StoreError('storage-failed', `${file}: the file system does not support SQLite's WAL mode`);
    }
    // FULL, not NORMAL: in WAL mode NORMAL skips the fsync at commit, so an update the relay acknowledged
    // could vanish on power loss (a killed process alone would not lose it). An acknowledgement tells the
    // device it may drop its outbox entry, so it waits for the disk. One fsync per append is the price; the
    // relay can group appends into one transaction later if that ever shows in a profile.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Freed pages are overwritten with zeros, so erased case content does not linger in the file's free
    // space (docs/architecture.md#data-lifecycle).
    db.pragma('secure_delete = ON');
    migrate(db, now());
    return sqliteStore(db, now);
  } catch (error) {
    db?.close();
    throw translateError(error, `open ${file}`);
  }
}

function sqliteStore(db: Database.Database, now: () => number): RelayStore {
  let closed = false;
  const statements = new Map<string, Database.Statement>();

  const run = <T>(what: string, work: () => T): Promise<T> => {
    if (closed) return Promise.reject(new StoreError('closed', `${what}: the store is closed`));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(translateError(error, what));
    }
  };

  const context: SqliteContext = {
    now,
    run,
    write: (what, work) => run(what, () => db.transaction(work).immediate()),
    read: (what, work) => run(what, () => db.transaction(work).deferred()),
    sql<P extends unknown[] = unknown[], R = unknown>(source: string) {
      let statement = statements.get(source);
      if (statement === undefined) {
        statement = db.prepare(source);
        statements.set(source, statement);
      }
      return statement as Database.Statement<P, R>;
    },
  };

  return {
    ...accountsOn(context),
    ...logOn(context),
    ...auditOn(context),
    ...factsOn(context),
    // After an erasure: copy the WAL into the main file (where secure_delete zeroes the freed pages) and
    // truncate it, so the erased rows remain in neither.
    ...lifecycleOn(context, () => void db.pragma('wal_checkpoint(TRUNCATE)')),
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      try {
        // Closing the last connection also checkpoints the WAL into the main file.
        db.close();
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(translateError(error, 'close the store'));
      }
    },
  };
}
