import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCaseDoc } from '../../../src/domain/case-doc.ts';
import { caseFacts, FACTS_VERSION, type CaseFacts } from '../../../src/domain/case-facts.ts';
import { createThema, linkReport, readCoordination } from '../../../src/domain/coordination-doc.ts';
import { readPeriod, type ReportPeriod } from '../../../src/domain/report-period.ts';
import { addBarrier, addContact } from '../../../src/domain/case-write-items.ts';
import { createLogger } from '../../../sync-server/src/logger.ts';
import { catchUpFacts } from '../../../sync-server/src/reports/facts-projector.ts';
import { casesOfPeriod } from '../../../sync-server/src/reports/period-facts.ts';
import { jointReports } from '../../../sync-server/src/reports/report-tables.ts';
import { ReportsWorker } from '../../../sync-server/src/reports/reports-worker.ts';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { append, seedWorld, WORLD } from '../storage/fixtures.ts';

/** A relay store with `count` case docs of the test center, each with a contact and a barrier. */
async function storeWithCases(count: number): Promise<{ store: RelayStore; docs: Map<string, Y.Doc> }> {
  const store = await openSqliteStore(':memory:');
  await seedWorld(store);
  const docs = new Map<string, Y.Doc>();
  for (let i = 0; i < count; i++) {
    const created = createCaseDoc({
      id: `case-${i}`,
      kind: 'case',
      teamId: WORLD.center,
      createdBy: WORLD.user,
      person: { familyName: 'Haddad', nationalities: ['SY'] },
    });
    if (!created.ok) throw new Error('fixture');
    const doc = created.value;
    addContact(doc, { date: `2026-01-${String(i + 2).padStart(2, '0')}`, kind: 'office', topics: [] });
    addBarrier(doc, { category: 'waiting-times', observedOn: '2026-01-05', description: 'lange' });
    const key = `${WORLD.center}/case-${i}`;
    await store.registerDoc(key, WORLD.center);
    await append(store, WORLD.center, key, Y.encodeStateAsUpdate(doc));
    docs.set(key, doc);
  }
  return { store, docs };
}

function capturedLog() {
  const lines: string[] = [];
  const log = createLogger(
    'error',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { log, lines };
}

const fixture = (name: string) => new URL(`./support/${name}`, import.meta.url);

describe('the reports worker thread', () => {
  it('stores the facts caseFacts computes from each doc', async () => {
    const { store, docs } = await storeWithCases(3);
    const { log } = capturedLog();
    const worker = new ReportsWorker(log);
    try {
      expect(await catchUpFacts(store, log, undefined, worker)).toEqual({ projected: 3, failed: [] });
      const stored = await store.factsOfTeams([WORLD.center]);
      expect(stored.map((row) => row.docId)).toEqual([...docs.keys()]);
      for (const row of stored) expect(JSON.parse(row.facts)).toEqual(caseFacts(docs.get(row.docId)!));
      expect(await store.staleFacts(10)).toEqual([]);
    } finally {
      await worker.close();
      await store.close();
    }
  });

  it('builds and suppresses in its thread the reports jointReports builds here', async () => {
    const read = readPeriod('2026-Q1');
    if (typeof read === 'string') throw new Error(read);
    const period: ReportPeriod = read;
    const teams = [
      { id: 'team-a', name: 'Team Nord' },
      { id: 'team-b', name: 'Team Süd' },
    ];
    // Cases of two teams, some of them few enough in a cell to be suppressed.
    const cases = teams.flatMap((team, t) =>
      Array.from({ length: 7 + t * 4 }, (_, i) => {
        const facts: CaseFacts = {
          v: FACTS_VERSION,
          kind: i % 3 === 0 ? 'short-counselling' : 'case',
          phase: 'assessment',
          phases: [],
          intakeOn: `2026-0${1 + (i % 3)}-10`,
          lifeDomains: [{ domain: 'work', need: i % 2 === 0 ? 'high' : 'low' }],
          goals: [],
          contacts: [{ on: '2026-02-03', kind: i % 4 === 0 ? 'phone' : 'home-visit', interpreter: false }],
          referrals: [{ on: '2026-02-04', partnerId: 'partner-1', status: 'agreed' }],
          barriers: [{ category: 'c1', observedOn: '2026-01-20' }],
          reports: [
            {
              reportId: `r-${t}-${i}`,
              category: 'c1',
              institution: i % 2 === 0 ? 'Jobcenter Nord' : 'Ausländerbehörde',
              happened: 'Lange Wartezeit.',
              reportedOn: '2026-01-21',
            },
          ],
          nationality: i % 2 === 0 ? 'SY' : 'UA',
        };
        return { teamId: team.id, facts };
      }),
    );
    const doc = new Y.Doc();
    const thema = createThema(doc, { title: 'Wartezeiten' });
    if (!thema.ok) throw new Error('fixture');
    for (let i = 0; i < 6; i++) {
      linkReport(doc, thema.value, { reportId: `r-0-${i}`, teamId: 'team-a', caseKey: `k${i}` });
    }
    const coordination = readCoordination(doc);
    const counted = casesOfPeriod(cases, period);
    const labels: [string, string][] = [['team-a\u0000c1', 'Wartezeiten']];
    const partnerCategories: [string, string][] = [['team-b\u0000partner-1', 'housing']];
    const posts: [string, number][] = [['team-a', 2.5]];

    const { log } = capturedLog();
    const worker = new ReportsWorker(log);
    try {
      const there = await worker.reports({
        period: period.id,
        teams,
        cases: counted.cases.map((entry, i) => ({ teamId: entry.teamId, facts: counted.texts[i]! })),
        labels,
        partnerCategories,
        posts,
        themen: coordination.themen,
        links: [...coordination.links],
      });
      const here = jointReports({
        period,
        teams,
        cases,
        categoryLabel: (teamId, id) => new Map(labels).get(`${teamId}\u0000${id}`),
        partnerCategory: (teamId, id) => new Map(partnerCategories).get(`${teamId}\u0000${id}`),
        fullTimePosts: (teamId) => new Map(posts).get(teamId),
        coordination,
      });
      expect(JSON.stringify([...here])).toContain('suppressed');
      expect(there).toEqual(here);
    } finally {
      await worker.close();
    }
  });

  for (const [name, entry, expected] of [
    ['answers facts that do not fit their schema', 'nonsense-reports-worker.mjs', /do not fit/],
    ['crashes', 'crashing-reports-worker.mjs', /the worker broke/],
  ] as const) {
    it(`leaves every doc stale and logs it when the worker ${name}`, async () => {
      const { store, docs } = await storeWithCases(2);
      const { log, lines } = capturedLog();
      const worker = new ReportsWorker(log, { entry: fixture(entry) });
      try {
        const result = await catchUpFacts(store, log, undefined, worker);
        expect(result).toEqual({ projected: 0, failed: [...docs.keys()] });
        expect(await store.factsOfTeams([WORLD.center])).toEqual([]);
        expect((await store.staleFacts(10)).map((doc) => doc.docId)).toEqual([...docs.keys()]);
        const failures = lines.filter((line) => line.includes('projecting the facts of a doc failed'));
        expect(failures).toHaveLength(2);
        expect(failures[0]).toMatch(expected);
        // Nor are reports taken from it.
        const asked = worker.reports({
          period: '2026-Q1',
          teams: [{ id: WORLD.center, name: 'Team' }],
          cases: [],
          labels: [],
          partnerCategories: [],
          posts: [],
          themen: [],
          links: [],
        });
        await expect(asked).rejects.toThrow(/answered no reports|the worker broke/);

        // A worker that works projects them on the next round.
        const good = new ReportsWorker(log);
        try {
          expect(await catchUpFacts(store, log, undefined, good)).toEqual({ projected: 2, failed: [] });
        } finally {
          await good.close();
        }
      } finally {
        await worker.close();
        await store.close();
      }
    });
  }

  it('gives up on a worker that does not answer in time', async () => {
    const { store, docs } = await storeWithCases(1);
    const { log, lines } = capturedLog();
    // A worker that never answers: the entry registers no message handler and keeps running.
    const worker = new ReportsWorker(log, { entry: fixture('silent-reports-worker.mjs'), timeoutMs: 200 });
    try {
      expect(await catchUpFacts(store, log, undefined, worker)).toEqual({
        projected: 0,
        failed: [...docs.keys()],
      });
      expect(lines.some((line) => line.includes('took longer than 200 ms'))).toBe(true);
    } finally {
      await worker.close();
      await store.close();
    }
  });
});
