/**
 * `npm run bench -- lifecycle`: erasing 1,000 due cases from a relay whose logs hold 1,000,000 updates
 * (docs/architecture.md#data-lifecycle): 10,000 case docs in 10 teams, 100 updates each; 1,000 of them
 * closed in 2022 and due. Timed on the relay in this process, one erasure after the other as its sweep
 * runs them (each: the doc read with every append, its facts, the delete with secure_delete, one durable
 * commit, and the write-ahead log checkpointed and truncated), and beside it, in the same run, the
 * baseline of one durable append, so the ratio holds on a noisy machine. Then what a device holding 1,000
 * cases takes to process their 1,000 erasure entries (./lifecycle-device.ts).
 */
import { stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { createCaseDoc } from '../src/domain/case-doc.ts';
import { changePhase } from '../src/domain/case-write-phase.ts';
import { setProse } from '../src/domain/case-write.ts';
import { catchUpFacts } from '../sync-server/src/reports/facts-projector.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../sync-server/src/storage/sqlite.ts';
import { startTestRelay } from '../tests/support/relay.ts';
import { benchLifecycleDevice } from './lifecycle-device.ts';
import { describeDistribution, distribution, writeResult } from './support.ts';

const TEAMS = 10;
const DOCS_PER_TEAM = 1_000;
const UPDATES_PER_DOC = 100;
const DUE_PER_TEAM = 100;
const APPEND_RUNS = 200;

/** A case doc's log as 100 updates: its creation (closed in 2022 when `closed`), then 99 edits of its notes. */
function caseLog(closed: boolean): Uint8Array[] {
  const updates: Uint8Array[] = [];
  let next = 0;
  const opts = { actor: 'cm-bench', now: new Date('2021-03-01T09:00:00Z'), newId: () => `id-${++next}` };
  const created = createCaseDoc(
    {
      id: 'template',
      kind: 'case',
      teamId: 'kim-01',
      createdBy: 'cm-bench',
      person: { familyName: 'Muster' },
    },
    opts,
  );
  if (!created.ok) throw new Error('template case not created');
  const doc = created.value;
  if (closed) {
    const result = changePhase(doc, 'closed', {
      ...opts,
      now: new Date('2022-04-01T15:00:00Z'),
      closure: { reason: 'goals-achieved', closedOn: '2022-04-01' },
    });
    if (!result.ok) throw new Error(`template case not closed: ${JSON.stringify(result.error)}`);
  }
  updates.push(Y.encodeStateAsUpdate(doc));
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 1; i < UPDATES_PER_DOC; i++)
    setProse(doc, { part: 'notes' }, `Gesprächsnotiz ${i}: Termin am Amt.`, opts);
  return updates;
}

/** Writes the logs straight into the database in one transaction: a million durable appends would take hours. */
function seed(file: string): { dueDocs: { teamId: string; docId: string }[] } {
  const open = caseLog(false);
  const due = caseLog(true);
  const db = new Database(file);
  const dueDocs: { teamId: string; docId: string }[] = [];
  db.transaction(() => {
    const insertDoc = db.prepare('INSERT INTO docs (id, team_id, created_at) VALUES (?, ?, 0)');
    const insertUpdate = db.prepare(
      'INSERT INTO updates (team_id, seq, doc_id, data, user_id, device_id, created_at) VALUES (?, ?, ?, ?, NULL, NULL, 0)',
    );
    for (let t = 0; t < TEAMS; t++) {
      const teamId = `kim-${String(t + 1).padStart(2, '0')}`;
      let seq = 0;
      for (let d = 0; d < DOCS_PER_TEAM; d++) {
        const docId = `case-${String(d).padStart(4, '0')}`;
        const isDue = d % (DOCS_PER_TEAM / DUE_PER_TEAM) === 0;
        insertDoc.run(`${teamId}/${docId}`, teamId);
        for (const update of isDue ? due : open)
          insertUpdate.run(teamId, ++seq, `${teamId}/${docId}`, update);
        if (isDue) dueDocs.push({ teamId, docId });
      }
      db.prepare('UPDATE team_logs SET last_seq = ? WHERE team_id = ?').run(seq, teamId);
    }
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { dueDocs };
}

async function fileBytes(file: string): Promise<number> {
  const sizes = await Promise.all(
    [file, `${file}-wal`].map((name) =>
      stat(name).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

export async function benchLifecycle(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-bench-lifecycle-'));
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  try {
    const store = await openSqliteStore(file);
    for (let t = 0; t < TEAMS; t++) {
      await store.createTeam({
        id: `kim-${String(t + 1).padStart(2, '0')}`,
        name: `Team ${t + 1}`,
        kind: 'support-center',
      });
    }
    await store.createUser({
      id: 'cm-bench',
      login: 'cm-bench',
      displayName: 'cm-bench',
      role: 'case-manager',
      passwordHash: 'scrypt$bench',
      mustChangePassword: false,
    });
    await store.registerDevice({ id: 'dev-bench', userId: 'cm-bench', name: 'bench' });
    await store.close();
    const seedStarted = performance.now();
    const { dueDocs } = seed(file);
    console.log(
      `lifecycle: seeded ${TEAMS * DOCS_PER_TEAM * UPDATES_PER_DOC} updates in ${Math.round(performance.now() - seedStarted)} ms`,
    );

    const relay = await startTestRelay({ dataDir }, { lifecycleSweep: false, projectFacts: false });
    try {
      const projectStarted = performance.now();
      await catchUpFacts(relay.store);
      const projectMs = performance.now() - projectStarted;
      const bytesBefore = await fileBytes(file);
      const loadAtStart = loadavg()[0]!;

      const listStarted = performance.now();
      const listed = await relay.lifecycle.due(
        (await relay.store.listTeams()).map((team) => team.id),
        0,
      );
      const dueListMs = performance.now() - listStarted;
      if (listed.length !== dueDocs.length)
        throw new Error(`expected ${dueDocs.length} due cases, listed ${listed.length}`);

      // Baseline: one durable append to a doc that stays, as a push costs it.
      const appendSamples: number[] = [];
      const extra = new Y.Doc();
      await relay.store.registerDoc('kim-01/bench-append', 'kim-01');
      for (let i = 0; i < APPEND_RUNS; i++) {
        extra.getText('t').insert(0, 'x');
        const update = Y.encodeStateAsUpdate(extra);
        const started = performance.now();
        await relay.store.appendUpdate({
          teamId: 'kim-01',
          docId: 'kim-01/bench-append',
          update,
          userId: 'cm-bench',
          deviceId: 'dev-bench',
        });
        appendSamples.push(performance.now() - started);
      }

      const eraseSamples: number[] = [];
      const eraseStarted = performance.now();
      for (const { teamId, docId } of dueDocs) {
        const started = performance.now();
        const record = await relay.lifecycle.eraseDue(teamId, docId);
        eraseSamples.push(performance.now() - started);
        if (record === undefined) throw new Error(`${teamId}/${docId} was not erased`);
      }
      const eraseTotalMs = performance.now() - eraseStarted;
      const bytesAfter = await fileBytes(file);
      const loadAtEnd = loadavg()[0]!;

      const erase = distribution(eraseSamples);
      const append = distribution(appendSamples);
      console.log(
        `lifecycle: erase one case ${describeDistribution(erase)}; append ${describeDistribution(append)}`,
      );
      console.log(`lifecycle: 1,000 erasures took ${Math.round(eraseTotalMs)} ms`);
      const written = await writeResult('lifecycle', {
        setup: {
          teams: TEAMS,
          docs: TEAMS * DOCS_PER_TEAM,
          updates: TEAMS * DOCS_PER_TEAM * UPDATES_PER_DOC,
          erased: dueDocs.length,
          updatesPerDoc: UPDATES_PER_DOC,
          seededDirectly: 'the log is written into SQLite in one transaction, not through a million appends',
        },
        relay: {
          eraseAllMs: Math.round(eraseTotalMs),
          eraseOneMs: erase,
          appendOneMs: append,
          eraseToAppendMedianRatio: Math.round((erase.p50 / append.p50) * 10) / 10,
          dueListMs: Math.round(dueListMs),
          projectFactsOfAllDocsMs: Math.round(projectMs),
          databaseBytesBefore: bytesBefore,
          databaseBytesAfter: bytesAfter,
        },
        device: await benchLifecycleDevice(),
        loadAverage1m: {
          atStart: Math.round(loadAtStart * 100) / 100,
          atEnd: Math.round(loadAtEnd * 100) / 100,
        },
      });
      console.log(`lifecycle: wrote ${written}`);
    } finally {
      await relay.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
