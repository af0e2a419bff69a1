import type Database from 'better-sqlite3';
import { StoreError } from './errors.ts';

/**
 * The SQLite engine's schema, as numbered migrations.
 *
 * Append a new migration to change the schema; never edit or reorder one that has shipped, because
 * databases in the field have already run it (tests/relay/storage/sqlite-migrations.test.ts pins their
 * checksums). Each runs in its own transaction together with its row in `schema_migrations`, so a crash
 * mid-migration leaves the database at the previous version.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, doc registry and update log',
    // STRICT tables make SQLite refuse a value of the wrong type instead of storing it, as PostgreSQL would.
    sql: `
      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('support-center', 'provider-site')),
        created_at INTEGER NOT NULL
      ) STRICT;

      -- The sequence counter has its own row rather than being max(seq) of the log: compaction deletes
      -- log rows, and a number once handed out must never be handed out again.
      CREATE TABLE team_logs (
        team_id TEXT PRIMARY KEY REFERENCES teams (id),
        last_seq INTEGER NOT NULL DEFAULT 0,
        horizon INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        login TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('case-manager', 'coordination', 'admin')),
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE memberships (
        user_id TEXT NOT NULL REFERENCES users (id),
        team_id TEXT NOT NULL REFERENCES teams (id),
        PRIMARY KEY (user_id, team_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX memberships_by_team ON memberships (team_id);

      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT;
      CREATE INDEX devices_by_user ON devices (user_id);

      CREATE TABLE refresh_tokens (
        hash TEXT PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        family_id TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        used_at INTEGER,
        revoked_at INTEGER
      ) STRICT;
      CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_by_device ON refresh_tokens (device_id);

      CREATE TABLE docs (
        id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams (id),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX docs_by_team ON docs (team_id, id);

      -- Compacted rows hold the merge of several writers' updates, hence user_id and device_id may be NULL.
      CREATE TABLE updates (
        team_id TEXT NOT NULL REFERENCES teams (id),
        seq INTEGER NOT NULL,
        doc_id TEXT NOT NULL REFERENCES docs (id),
        data BLOB NOT NULL,
        user_id TEXT REFERENCES users (id),
        device_id TEXT REFERENCES devices (id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (team_id, seq)
      ) STRICT;
      CREATE INDEX updates_by_doc ON updates (doc_id, seq);
    `,
  },
  {
    version: 2,
    name: 'audit log and device last seen',
    // The audit log is append-only: no foreign keys (a failed login names no user, and an event must
    // outlive whatever it names), and triggers refuse every UPDATE and DELETE. AUTOINCREMENT keeps ids
    // from ever being handed out twice, so an id is a stable paging cursor and a gap is visible.
    sql: `
      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        login TEXT,
        user_id TEXT,
        device_id TEXT,
        team_id TEXT,
        doc_id TEXT,
        code TEXT,
        address TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX audit_events_by_time ON audit_events (at);
      CREATE INDEX audit_events_by_user ON audit_events (user_id, id);
      CREATE INDEX audit_events_by_login ON audit_events (login, id);
      CREATE INDEX audit_events_by_device ON audit_events (device_id, id);
      CREATE INDEX audit_events_by_doc ON audit_events (doc_id, id);
      CREATE INDEX audit_events_by_kind ON audit_events (kind, id);
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      ALTER TABLE devices ADD COLUMN last_seen_at INTEGER;
    `,
  },
  {
    version: 3,
    name: 'push references for exactly-once appends',
    // One row per acknowledged push, kept apart from the log because compaction folds and rewrites log
    // rows: a device that lost an ack may re-send a push long after its row was compacted.
    sql: `
      CREATE TABLE push_refs (
        device_id TEXT NOT NULL REFERENCES devices (id),
        ref INTEGER NOT NULL,
        team_id TEXT NOT NULL REFERENCES teams (id),
        seq INTEGER NOT NULL,
        digest BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, ref)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'log epochs',
    // Each team's log gets a new random epoch at every relay start, numbered per team; a device compares
    // the epoch its cursor was stored under with these to notice a log restored from a backup. Teams that
    // exist already start their first epoch after their last seq.
    sql: `
      CREATE TABLE log_epochs (
        team_id TEXT NOT NULL REFERENCES teams (id),
        number INTEGER NOT NULL,
        epoch TEXT NOT NULL UNIQUE,
        first_seq INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        PRIMARY KEY (team_id, number)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO log_epochs (team_id, number, epoch, first_seq, started_at)
        SELECT team_id, 1, lower(hex(randomblob(16))), last_seq + 1, 0 FROM team_logs;
    `,
  },
  {
    version: 5,
    name: 'refresh token successors and retries',
    // replaced_by names the token a rotation issued (its hash), so that the one retry of a rotation whose
    // answer was lost can be told from a replay; retried_at spends that retry.
    sql: `
      ALTER TABLE refresh_tokens ADD COLUMN replaced_by TEXT;
      ALTER TABLE refresh_tokens ADD COLUMN retried_at INTEGER;
    `,
  },
  {
    version: 6,
    name: 'case facts projection',
    // One row per doc: the pseudonymous facts coordination's reports count, and the highest seq of the
    // doc's log they were computed from. A doc whose log has a higher seq is stale (staleFacts). facts is
    // NULL for docs that are no case file (the team doc), so they are not looked at again until they change.
    sql: `
      CREATE TABLE case_facts (
        doc_id TEXT PRIMARY KEY REFERENCES docs (id),
        team_id TEXT NOT NULL REFERENCES teams (id),
        source_seq INTEGER NOT NULL,
        facts TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX case_facts_by_team ON case_facts (team_id);
    `,
  },
  {
    version: 7,
    name: 'coordination log',
    // The coordination doc's log (COORDINATION_LOG_ID in src/domain/coordination-doc.ts) lives beside the
    // teams' logs and uses the same tables, so it needs an owner row in teams; listTeams and memberships
    // leave that row out, so it is no team anyone can see or join. The kind is only there for the CHECK.
    sql: `
      INSERT INTO teams (id, name, kind, created_at) VALUES ('_koordination', 'Koordination', 'support-center', 0);
      INSERT INTO team_logs (team_id) VALUES ('_koordination');
      INSERT INTO log_epochs (team_id, number, epoch, first_seq, started_at)
        VALUES ('_koordination', 1, lower(hex(randomblob(16))), 1, 0);
    `,
  },
  {
    version: 8,
    name: 'case facts with report ids',
    // Facts of version 1 carry no report ids (FACTS_VERSION in src/domain/case-facts.ts). Dropping them
    // makes every doc stale, so the relay projects them again at its start, as `reports rebuild` would.
    sql: `
      DELETE FROM case_facts;
    `,
  },
  {
    version: 9,
    name: 'case facts with gender, residence changes and pathways',
    // Facts of version 2 carry neither (FACTS_VERSION 3); dropped, they are projected again at start.
    sql: `
      DELETE FROM case_facts;
    `,
  },
  {
    version: 10,
    name: 'data lifecycle: erasures, legal holds, erasure requests, contributions, audit hash chain',
    // An erasure keeps a record without content and takes a seq of its team's log, like an update, so a
    // device catching up learns of it in order. An erased doc's row leaves `docs`, but its id stays in
    // `erasures` forever, so it can never be registered again. Contributions are what erased cases leave
    // for the reports of past periods: facts coarsened to months, with no doc id.
    //
    // Push records get the doc they belong to, so an erasure drops them too. The audit log gets a hash
    // chain; events written before it keep no hash (the update trigger forbids adding one) and verification
    // reports them as written before the chain began. The delete trigger now lets exactly one statement
    // through: the retention cut, which sets a permit row in the same transaction and removes it again.
    sql: `
      CREATE TABLE erasures (
        doc_id TEXT PRIMARY KEY,
        team_id TEXT NOT NULL REFERENCES teams (id),
        seq INTEGER NOT NULL,
        erased_at INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('retention', 'request')),
        rule TEXT,
        requested_by TEXT,
        confirmed_by TEXT
      ) STRICT;
      CREATE INDEX erasures_by_team ON erasures (team_id, seq);

      CREATE TABLE legal_holds (
        doc_id TEXT PRIMARY KEY REFERENCES docs (id),
        team_id TEXT NOT NULL REFERENCES teams (id),
        reason TEXT NOT NULL,
        set_by TEXT NOT NULL,
        set_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE erasure_requests (
        doc_id TEXT PRIMARY KEY REFERENCES docs (id),
        team_id TEXT NOT NULL REFERENCES teams (id),
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE case_contributions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        team_id TEXT NOT NULL REFERENCES teams (id),
        facts TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_contributions_by_team ON case_contributions (team_id);

      ALTER TABLE push_refs ADD COLUMN doc_id TEXT;

      ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_events ADD COLUMN hash TEXT;
      CREATE TABLE audit_anchor (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        last_dropped_id INTEGER NOT NULL,
        last_dropped_hash TEXT NOT NULL,
        cut_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE audit_cut_permit (one INTEGER PRIMARY KEY CHECK (one = 1)) STRICT;
      DROP TRIGGER audit_events_no_delete;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      WHEN NOT EXISTS (SELECT 1 FROM audit_cut_permit)
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
];

/** The schema version this code writes and understands. */
export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Brings the database up to `LATEST_VERSION`. Running it again is a no-op. Refuses a database that a newer
 * relay has migrated, because this code would misread tables it does not know; downgrading the relay is
 * not supported, restoring a backup is.
 */
export function migrate(db: Database.Database, now: number): { from: number; to: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const currentVersion = db.prepare<[], { version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  const record = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const from = currentVersion.get()?.version ?? 0;
  if (from > LATEST_VERSION) throw tooNew(from);

  for (const migration of MIGRATIONS) {
    // IMMEDIATE takes the write lock before reading the version, so two relays starting on the same file
    // at once cannot both apply the same migration.
    db.transaction(() => {
      const applied = currentVersion.get()?.version ?? 0;
      if (applied > LATEST_VERSION) throw tooNew(applied);
      if (applied >= migration.version) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now);
    }).immediate();
  }
  return { from, to: LATEST_VERSION };
}

function tooNew(version: number): StoreError {
  return new StoreError(
    'schema-too-new',
    `The database has schema version ${version}, but this relay only knows versions up to ${LATEST_VERSION}. ` +
      'It was written by a newer relay: run that version again, or restore a backup made for this one.',
  );
}
