import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../../sync-server/src/storage/migrations.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { append, expectStoreError, seedWorld, WORLD, Writer } from './fixtures.ts';

/**
 * Checksums of the shipped migrations, whitespace-insensitive. A mismatch means a migration that
 * databases in the field have already run was edited: undo that and append a new migration instead.
 */
const SHIPPED: Record<number, string> = {
  1: '7007e30eaa8fd1e6964bea2e110a3f39588809a28ec99c236db6235ebbefe113',
  2: '2888fe6f128e73878e521a0f3fb3d8e3159181ae6423addb8ae9f3de7530888d',
  3: 'f47279a9b251d30f15aa3bc6c355ad885b12d050cf1993cb2662835a414b9c80',
  4: '188458ca05214f3415df0ab674c2a896906a7a9e82e80563a380728508972f39',
};

const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lotse-migrate-'));
  dirs.push(dir);
  return path.join(dir, 'lotse.sqlite3');
}

function appliedVersions(file: string): number[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  } finally {
    db.close();
  }
}

describe('the SQLite store’s migrations', () => {
  it('are numbered 1, 2, 3… and none that shipped was edited', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const migration of MIGRATIONS) {
      const sum = createHash('sha256').update(migration.sql.replace(/\s+/g, ' ').trim()).digest('hex');
      if (SHIPPED[migration.version] !== undefined) {
        expect(sum, `migration ${migration.version} was edited`).toBe(SHIPPED[migration.version]);
      }
    }
  });

  it('run once, and reopening applies nothing again and keeps the data', async () => {
    const file = await tempFile();
    const first = await openSqliteStore(file);
    await seedWorld(first);
    await first.registerDoc('doc-1', WORLD.center);
    const update = new Writer().insert('Antrag gestellt');
    await append(first, WORLD.center, 'doc-1', update);
    await first.close();
    expect(appliedVersions(file)).toEqual(MIGRATIONS.map((migration) => migration.version));

    const second = await openSqliteStore(file);
    try {
      expect(appliedVersions(file)).toEqual(MIGRATIONS.map((migration) => migration.version));
      expect(await second.countUsers()).toBe(1);
      expect(await second.updatesSince(WORLD.center, 0, 10)).toEqual({
        updates: [{ seq: 1, docId: 'doc-1', update }],
        more: false,
      });
      expect(await append(second, WORLD.center, 'doc-1', new Writer().insert('x'))).toEqual({
        seq: 2,
        repeated: false,
      });
    } finally {
      await second.close();
    }
  });

  it('drop the facts of version 1 once, so that every doc is projected again with its report ids', async () => {
    const file = await tempFile();
    const first = await openSqliteStore(file);
    await seedWorld(first);
    await first.registerDoc('doc-1', WORLD.center);
    const { seq } = await append(first, WORLD.center, 'doc-1', new Writer().insert('x'));
    await first.putFacts('doc-1', seq, JSON.stringify({ v: 1 }));
    expect(await first.staleFacts(10)).toEqual([]);
    await first.close();
    // As a database of a relay before migration 8 holds it (9 drops the facts of version 2 the same way).
    const db = new Database(file);
    db.prepare('DELETE FROM schema_migrations WHERE version >= 8').run();
    // What migration 10 added is taken away again, so that it can run once more.
    db.exec(`
      DROP TABLE erasures; DROP TABLE legal_holds; DROP TABLE erasure_requests; DROP TABLE case_contributions;
      DROP TABLE audit_anchor; DROP TRIGGER audit_events_no_delete; DROP TABLE audit_cut_permit;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      ALTER TABLE push_refs DROP COLUMN doc_id;
      ALTER TABLE audit_events DROP COLUMN prev_hash; ALTER TABLE audit_events DROP COLUMN hash;
    `);
    db.close();

    const second = await openSqliteStore(file);
    try {
      expect(await second.staleFacts(10)).toEqual([{ docId: 'doc-1', teamId: WORLD.center }]);
      expect(await second.factsOfTeams([WORLD.center])).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('refuse a database written by a newer relay, naming its version', async () => {
    const file = await tempFile();
    await (await openSqliteStore(file)).close();
    const newer = LATEST_VERSION + 1;
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      newer,
      'x',
      0,
    );
    db.close();

    const error = await expectStoreError(openSqliteStore(file), 'schema-too-new');
    expect(error.message).toContain(`schema version ${newer}`);
    expect(error.message).toContain(`up to ${LATEST_VERSION}`);
    expect(appliedVersions(file).at(-1)).toBe(newer);
  });
});

describe('opening the SQLite store', () => {
  it('puts a file into WAL mode', async () => {
    const file = await tempFile();
    await (await openSqliteStore(file)).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('also works in memory, for quick experiments', async () => {
    const store = await openSqliteStore(':memory:');
    await seedWorld(store);
    expect(await store.countUsers()).toBe(1);
    await store.close();
  });

  it('reports a path it cannot open as storage-failed, naming the path', async () => {
    const file = path.join(await tempFile(), 'missing-dir', 'lotse.sqlite3');
    const error = await expectStoreError(openSqliteStore(file), 'storage-failed');
    expect(error.message).toContain(file);
  });

  it('keeps the audit log append-only: the database itself refuses changing or deleting an event', async () => {
    const file = await tempFile();
    const store = await openSqliteStore(file);
    await store.appendAudit([{ at: 1, kind: 'login', login: 'anna' }]);
    await store.close();
    const db = new Database(file);
    try {
      expect(() => db.prepare("UPDATE audit_events SET login = 'someone'").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
      expect(db.prepare('SELECT login FROM audit_events').pluck().all()).toEqual(['anna']);
    } finally {
      db.close();
    }
  });
});
