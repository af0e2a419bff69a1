import path from 'node:path';
import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import type { RelayStore } from './contract.ts';
import type { PostgresStore } from './postgres.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from './sqlite.ts';

/**
 * Whether the store can serve: its database answers (else `database-unavailable`) and carries the schema
 * this relay writes (else `schema-mismatch`); `detail` is for the log.
 */
export type Readiness =
  { ready: true } | { ready: false; reason: 'database-unavailable' | 'schema-mismatch'; detail: string };

/** The relay's store, opened on the engine its configuration names. */
export interface OpenedStore {
  readonly store: RelayStore;
  readonly engine: 'sqlite' | 'postgres';
  /** The PostgreSQL store, for what only it offers (notifications between instances); else `undefined`. */
  readonly postgres: PostgresStore | undefined;
  /** Asks the database now; never rejects. */
  readiness(): Promise<Readiness>;
}

/**
 * Opens PostgreSQL when `databaseUrl` is set, else the SQLite file in `dataDir` (the default), and migrates
 * it. Rejects with the engine's `StoreError` when that fails.
 */
export async function openRelayStore(config: {
  dataDir: string;
  databaseUrl: string | undefined;
}): Promise<OpenedStore> {
  if (config.databaseUrl !== undefined) {
    // Loaded only when asked for, so that a relay or admin CLI on SQLite never loads the driver.
    const { openPostgresStore, PG_LATEST_VERSION } = await import('./postgres.ts');
    const store = await openPostgresStore(config.databaseUrl);
    return {
      store,
      engine: 'postgres',
      postgres: store,
      readiness: async () => {
        try {
          const version = await store.schemaVersion();
          return version === PG_LATEST_VERSION
            ? { ready: true }
            : {
                ready: false,
                reason: 'schema-mismatch',
                detail: `schema version ${version}, this relay needs ${PG_LATEST_VERSION}`,
              };
        } catch (error) {
          return { ready: false, reason: 'database-unavailable', detail: messageOf(error) };
        }
      },
    };
  }
  const store = await openSqliteStore(path.join(config.dataDir, SQLITE_FILE_NAME));
  return {
    store,
    engine: 'sqlite',
    postgres: undefined,
    // The file was migrated when it was opened; a read shows it still answers (not closed, not broken).
    readiness: async () => {
      try {
        await store.latestSeq(COORDINATION_LOG_ID);
        return { ready: true };
      } catch (error) {
        return { ready: false, reason: 'database-unavailable', detail: messageOf(error) };
      }
    },
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
