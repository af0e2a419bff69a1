import type { PoolClient } from 'pg';
import { StoreError } from './errors.ts';
import type { Migration } from './migrations.ts';

/**
 * The PostgreSQL engine's schema, as numbered migrations: the same rule as SQLite's (./migrations.ts),
 * appended, never edited or reordered once shipped (tests/relay/storage/postgres-migrations.test.ts pins
 * their checksums). Version 1 is the schema SQLite reached in its ten steps, with PostgreSQL's types.
 *
 * Text that is sorted or compared byte-wise in SQLite (ids, names, logins) is `COLLATE "C"` here, so that
 * both engines order lists the same way whatever locale the database was created with.
 */
export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, update log, pushes, epochs, facts, data lifecycle and audit log',
    sql: `
      CREATE TABLE teams (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('support-center', 'provider-site')),
        created_at BIGINT NOT NULL
      );

      -- The sequence counter has its own row rather than being max(seq) of the log: compaction deletes log
      -- rows, and a number once handed out must never be handed out again. An append locks this row for its
      -- transaction, which serialises the appends of one team across every relay instance.
      CREATE TABLE team_logs (
        team_id TEXT COLLATE "C" PRIMARY KEY REFERENCES teams (id),
        last_seq BIGINT NOT NULL DEFAULT 0,
        horizon BIGINT NOT NULL DEFAULT 0
      );

      CREATE TABLE users (
        id TEXT COLLATE "C" PRIMARY KEY,
        login TEXT COLLATE "C" NOT NULL UNIQUE,
        display_name TEXT COLLATE "C" NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('case-manager', 'coordination', 'admin')),
        password_hash TEXT NOT NULL,
        must_change_password BOOLEAN NOT NULL,
        disabled BOOLEAN NOT NULL DEFAULT false,
        created_at BIGINT NOT NULL
      );

      CREATE TABLE memberships (
        user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        PRIMARY KEY (user_id, team_id)
      );
      CREATE INDEX memberships_by_team ON memberships (team_id);

      CREATE TABLE devices (
        id TEXT COLLATE "C" PRIMARY KEY,
        user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT,
        last_seen_at BIGINT
      );
      CREATE INDEX devices_by_user ON devices (user_id);

      CREATE TABLE refresh_tokens (
        hash TEXT COLLATE "C" PRIMARY KEY,
        device_id TEXT COLLATE "C" NOT NULL REFERENCES devices (id),
        user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
        family_id TEXT COLLATE "C" NOT NULL,
        expires_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        used_at BIGINT,
        revoked_at BIGINT,
        replaced_by TEXT COLLATE "C",
        retried_at BIGINT
      );
      CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_by_device ON refresh_tokens (device_id);

      CREATE TABLE docs (
        id TEXT COLLATE "C" PRIMARY KEY,
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        created_at BIGINT NOT NULL
      );
      CREATE INDEX docs_by_team ON docs (team_id, id);

      -- Compacted rows hold the merge of several writers' updates, hence user_id and device_id may be NULL.
      CREATE TABLE updates (
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        seq BIGINT NOT NULL,
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES docs (id),
        data BYTEA NOT NULL,
        user_id TEXT COLLATE "C" REFERENCES users (id),
        device_id TEXT COLLATE "C" REFERENCES devices (id),
        created_at BIGINT NOT NULL,
        PRIMARY KEY (team_id, seq)
      );
      CREATE INDEX updates_by_doc ON updates (doc_id, seq);

      -- One row per acknowledged push, apart from the log, because compaction folds and rewrites log rows.
      CREATE TABLE push_refs (
        device_id TEXT COLLATE "C" NOT NULL REFERENCES devices (id),
        ref BIGINT NOT NULL,
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        seq BIGINT NOT NULL,
        digest BYTEA NOT NULL,
        created_at BIGINT NOT NULL,
        doc_id TEXT COLLATE "C",
        PRIMARY KEY (device_id, ref)
      );
      CREATE INDEX push_refs_by_doc ON push_refs (doc_id);

      CREATE TABLE log_epochs (
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        number INTEGER NOT NULL,
        epoch TEXT COLLATE "C" NOT NULL UNIQUE,
        first_seq BIGINT NOT NULL,
        started_at BIGINT NOT NULL,
        PRIMARY KEY (team_id, number)
      );

      CREATE TABLE case_facts (
        doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES docs (id),
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        source_seq BIGINT NOT NULL,
        facts TEXT,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX case_facts_by_team ON case_facts (team_id);

      CREATE TABLE erasures (
        doc_id TEXT COLLATE "C" PRIMARY KEY,
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        seq BIGINT NOT NULL,
        erased_at BIGINT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('retention', 'request')),
        rule TEXT,
        requested_by TEXT,
        confirmed_by TEXT
      );
      CREATE INDEX erasures_by_team ON erasures (team_id, seq);

      CREATE TABLE legal_holds (
        doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES docs (id),
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        reason TEXT NOT NULL,
        set_by TEXT NOT NULL,
        set_at BIGINT NOT NULL
      );

      CREATE TABLE erasure_requests (
        doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES docs (id),
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at BIGINT NOT NULL
      );

      CREATE TABLE case_contributions (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        team_id TEXT COLLATE "C" NOT NULL REFERENCES teams (id),
        facts TEXT NOT NULL
      );
      CREATE INDEX case_contributions_by_team ON case_contributions (team_id);

      -- The audit log is append-only: no foreign keys (an event outlives whatever it names), ids assigned by
      -- the store because each event's hash covers its id, and a trigger refusing every UPDATE, DELETE and
      -- TRUNCATE but the retention cut's DELETE, which sets lotse.audit_cut for its own transaction only.
      CREATE TABLE audit_events (
        id BIGINT PRIMARY KEY,
        at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        login TEXT COLLATE "C",
        user_id TEXT COLLATE "C",
        device_id TEXT COLLATE "C",
        team_id TEXT COLLATE "C",
        doc_id TEXT COLLATE "C",
        code TEXT,
        address TEXT,
        detail TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT,
        hash TEXT
      );
      CREATE INDEX audit_events_by_time ON audit_events (at);
      CREATE INDEX audit_events_by_user ON audit_events (user_id, id);
      CREATE INDEX audit_events_by_login ON audit_events (login, id);
      CREATE INDEX audit_events_by_device ON audit_events (device_id, id);
      CREATE INDEX audit_events_by_doc ON audit_events (doc_id, id);
      CREATE INDEX audit_events_by_kind ON audit_events (kind, id);
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('lotse.audit_cut', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only';
      END
      $fn$;
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
      CREATE TABLE audit_anchor (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        last_dropped_id BIGINT NOT NULL,
        last_dropped_hash TEXT NOT NULL,
        cut_at BIGINT NOT NULL
      );

      -- The coordination doc's log (COORDINATION_LOG_ID in src/domain/coordination-doc.ts), as SQLite's
      -- migration 7 creates it.
      INSERT INTO teams (id, name, kind, created_at) VALUES ('_koordination', 'Koordination', 'support-center', 0);
      INSERT INTO team_logs (team_id) VALUES ('_koordination');
      INSERT INTO log_epochs (team_id, number, epoch, first_seq, started_at)
        VALUES ('_koordination', 1, replace(gen_random_uuid()::text, '-', ''), 1, 0);
    `,
  },
  {
    version: 2,
    name: 'rate-limit windows shared by every relay instance',
    sql: `
      -- Fixed windows of the rate limits (failed logins per account, refreshes per user, requests per
      -- address and endpoint), counted here so that instances behind one balancer count together. A row
      -- whose window has ended counts as absent; such rows are swept now and then.
      CREATE TABLE rate_limit_windows (
        scope TEXT COLLATE "C" NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        count INTEGER NOT NULL CHECK (count >= 0),
        reset_at BIGINT NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX rate_limit_windows_reset ON rate_limit_windows (reset_at);
    `,
  },
];

/** The schema version this code writes and understands on PostgreSQL. */
export const PG_LATEST_VERSION = PG_MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Any number fits: a transaction-scoped advisory lock on this key (and the schema's name) makes relay
 * instances that start at once on the same database migrate one after the other.
 */
const MIGRATION_LOCK = 0x4c6f7473;

/**
 * Brings the schema on `client`'s search path up to `PG_LATEST_VERSION`, each migration in its own
 * transaction with its row in `schema_migrations`. Refuses a schema a newer relay has migrated.
 */
export async function migratePostgres(
  client: PoolClient,
  now: number,
): Promise<{ from: number; to: number }> {
  let from: number | undefined;
  for (const migration of [undefined, ...PG_MIGRATIONS]) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
      const result = await client.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM schema_migrations',
      );
      const applied = result.rows[0]?.version ?? 0;
      from ??= applied;
      if (applied > PG_LATEST_VERSION) throw tooNew(applied);
      if (migration !== undefined && applied < migration.version) {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          now,
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  return { from: from ?? 0, to: PG_LATEST_VERSION };
}

function tooNew(version: number): StoreError {
  return new StoreError(
    'schema-too-new',
    `The database has schema version ${version}, but this relay only knows versions up to ` +
      `${PG_LATEST_VERSION}. It was written by a newer relay: run that version again, or restore a backup ` +
      'made for this one.',
  );
}
