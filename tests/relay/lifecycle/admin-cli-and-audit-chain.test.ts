import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOB_DIR_NAME } from '../../../sync-server/src/blobs/file-blob-store.ts';
import { PROJECT_ROOT } from '../../../sync-server/src/config.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../../sync-server/src/storage/sqlite.ts';
import { seedWorld, WORLD } from '../sync/support/world.ts';
import { caseUpdate } from './support.ts';

const CLI = path.join(PROJECT_ROOT, 'sync-server/src/admin/cli.ts');
const A = WORLD.teamA;
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function admin(
  dataDir: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A data directory with team A, a case closed in 2022 (due since 2026) and a few audit events. */
async function dataDirWithDueCase(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lotse-lifecycle-'));
  dirs.push(dir);
  const store = await openSqliteStore(path.join(dir, SQLITE_FILE_NAME));
  await seedWorld(store);
  const key = `${A}/case-1`;
  await store.registerDoc(key, A);
  await store.appendUpdate({
    teamId: A,
    docId: key,
    update: caseUpdate({
      id: 'case-1',
      teamId: A,
      marker: 'Alt',
      openedOn: '2021-04-01',
      closedOn: '2022-03-01',
    }),
    userId: WORLD.anna.userId,
    deviceId: WORLD.anna.deviceId,
  });
  await store.appendAudit([
    { at: 1_000, kind: 'login', login: 'anna' },
    { at: 2_000, kind: 'login', login: 'carla' },
    { at: 3_000, kind: 'logout', login: 'anna' },
  ]);
  await store.close();
  return dir;
}

/** Changes the database as someone with file access would, past the triggers that guard the log. */
function tamper(dir: string, sql: string): void {
  const db = new Database(path.join(dir, SQLITE_FILE_NAME));
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  db.exec(sql);
  db.close();
}

describe('npm run admin -- lifecycle and audit', () => {
  // Seven runs of the CLI, each a process of its own: slow on a busy machine.
  it(
    'lists the due case, keeps it while held, erases it once lifted, and the audit chain holds',
    { timeout: 60_000 },
    async () => {
      const dir = await dataDirWithDueCase();
      const due = await admin(dir, ['lifecycle', 'due', '--within', '0']);
      expect(due.code).toBe(0);
      expect(due.stdout).toMatch(/team-a\s+case-1\s+closed-case\s+2025-12-31\s+2026-01-01/);

      expect((await admin(dir, ['lifecycle', 'hold', A, 'case-1', '--reason', 'Klage anhängig'])).code).toBe(
        0,
      );
      const refused = await admin(dir, ['lifecycle', 'erase', A, 'case-1']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Löschsperre');
      expect((await admin(dir, ['lifecycle', 'lift', A, 'case-1'])).code).toBe(0);
      // An attachment of the case, as the relay stores it; it goes with the case.
      const blobDir = path.join(dir, BLOB_DIR_NAME, `t_${A}`, 'c_case-1');
      await mkdir(blobDir, { recursive: true });
      await writeFile(path.join(blobDir, 'f'.repeat(64)), 'Anhang');
      const erased = await admin(dir, ['lifecycle', 'erase', A, 'case-1']);
      expect(erased.code, erased.stderr).toBe(0);
      expect(existsSync(blobDir)).toBe(false);

      const store = await openSqliteStore(path.join(dir, SQLITE_FILE_NAME));
      try {
        expect(await store.erasureOf(`${A}/case-1`)).toMatchObject({
          reason: 'retention',
          rule: 'closed-case',
        });
        const kinds = (await store.listAudit({ limit: 10 })).events.map((event) => event.kind);
        expect(kinds.slice(0, 3)).toEqual(['case-erased', 'legal-hold-lifted', 'legal-hold-set']);
      } finally {
        await store.close();
      }
      const verified = await admin(dir, ['audit', 'verify']);
      expect(verified).toMatchObject({ code: 0 });
      expect(verified.stdout).toContain('The audit chain holds: 6 events checked.');
      expect(verified.stdout).toMatch(/Head: event 6, hash [0-9a-f]{64}\./);
    },
  );

  it('prints the head of the chain, so that cutting the newest events shows against a recorded head', async () => {
    const dir = await dataDirWithDueCase();
    const verified = await admin(dir, ['audit', 'verify']);
    const head = /Head: event (\d+), hash ([0-9a-f]{64})\./.exec(verified.stdout);
    expect(head?.[1]).toBe('3');

    // Cutting the newest event leaves a chain that holds, but whose head is no longer the one recorded.
    tamper(dir, 'DELETE FROM audit_events WHERE id = 3');
    const cut = await admin(dir, ['audit', 'verify']);
    expect(cut.code).toBe(0);
    expect(cut.stdout).toContain('Head: event 2, hash ');
    expect(cut.stdout).not.toContain(head![2]);
  });

  it('finds a deleted audit event', async () => {
    const dir = await dataDirWithDueCase();
    tamper(dir, 'DELETE FROM audit_events WHERE id = 2');
    const verified = await admin(dir, ['audit', 'verify']);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain('altered at event 3: events 2 to 2 are missing');
  });

  it('finds an altered audit event', async () => {
    const dir = await dataDirWithDueCase();
    tamper(dir, "UPDATE audit_events SET login = 'mallory' WHERE id = 2");
    const verified = await admin(dir, ['audit', 'verify']);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain('altered at event 2: its content was changed after it was written');
  });

  it('finds a deleted event whose successor was rewritten to hide the gap', async () => {
    const dir = await dataDirWithDueCase();
    tamper(dir, 'DELETE FROM audit_events WHERE id = 2; UPDATE audit_events SET id = 2 WHERE id = 3');
    const verified = await admin(dir, ['audit', 'verify']);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain('altered at event 2');
  });
});
