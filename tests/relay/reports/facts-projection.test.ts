import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { reportBarrier, withdrawBarrierReport } from '../../../src/domain/barrier-report.ts';
import { createCaseDoc, type WriteOptions } from '../../../src/domain/case-doc.ts';
import { caseFacts } from '../../../src/domain/case-facts.ts';
import { updateAssessment, updateSection } from '../../../src/domain/case-write.ts';
import {
  addBarrier,
  addContact,
  addGoal,
  addReferral,
  setGoalStatus,
} from '../../../src/domain/case-write-items.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import { markErroneous } from '../../../src/domain/case-write-records.ts';
import { readCase } from '../../../src/domain/case-read.ts';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { teamSeedUpdate } from '../../../src/domain/team-doc.ts';
import { createLogger } from '../../../sync-server/src/logger.ts';
import { catchUpFacts } from '../../../sync-server/src/reports/facts-projector.ts';
import { ReportsWorker } from '../../../sync-server/src/reports/reports-worker.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { append, seedWorld, WORLD } from '../storage/fixtures.ts';

const DOMAINS = ['residence', 'language', 'work', 'housing'] as const;
const PHASES = ['assessment', 'planning', 'linking', 'monitoring', 'evaluation'] as const;

/** One edit a case manager makes; each is a domain mutator, as the app calls them. */
const edit = fc.oneof(
  fc.record({
    op: fc.constant('contact'),
    kind: fc.constantFrom('office', 'home-visit', 'accompaniment', 'phone'),
  }),
  fc.record({ op: fc.constant('goal'), domain: fc.constantFrom(...DOMAINS) }),
  fc.record({
    op: fc.constant('goal-status'),
    pick: fc.nat(),
    status: fc.constantFrom('achieved', 'in-progress', 'not-achieved'),
  }),
  fc.record({ op: fc.constant('erroneous'), pick: fc.nat() }),
  fc.record({
    op: fc.constant('referral'),
    status: fc.constantFrom('proposed', 'agreed', 'attended', 'cancelled'),
  }),
  fc.record({
    op: fc.constant('need'),
    domain: fc.constantFrom(...DOMAINS),
    need: fc.constantFrom('none', 'low', 'medium', 'high'),
  }),
  fc.record({
    op: fc.constant('person'),
    birthYear: fc.integer({ min: 1950, max: 2015 }),
    nationality: fc.constantFrom('SY', 'UA', 'AF', 'TR'),
  }),
  fc.record({
    op: fc.constant('residence'),
    status: fc.constantFrom('toleration', 'residence-permit', 'temporary-protection'),
  }),
  fc.record({ op: fc.constant('phase'), step: fc.nat() }),
  fc.record({ op: fc.constant('barrier'), category: fc.constantFrom('waiting-times', 'housing-market') }),
  fc.record({ op: fc.constant('report'), pick: fc.nat() }),
  fc.record({ op: fc.constant('withdraw'), pick: fc.nat() }),
  fc.record({ op: fc.constant('project') }),
  fc.record({ op: fc.constant('compact') }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function ids(doc: Y.Doc, part: 'contacts' | 'goals' | 'barriers'): string[] {
  return readCase(doc).file[part].map((item) => item.id);
}

function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

function apply(doc: Y.Doc, change: Edit, opts: WriteOptions): void {
  const today = '2026-03-02';
  switch (change.op) {
    case 'contact':
      addContact(
        doc,
        {
          date: today,
          kind: change.kind,
          topics: ['work'],
          accompanimentOffice: 'Jobcenter',
          note: 'Haddad',
        },
        opts,
      );
      return;
    case 'goal':
      addGoal(doc, { text: 'Ziel', lifeDomain: change.domain }, opts);
      return;
    case 'goal-status': {
      const id = pick(ids(doc, 'goals'), change.pick);
      if (id) setGoalStatus(doc, id, change.status, opts);
      return;
    }
    case 'erroneous': {
      const id = pick(ids(doc, 'contacts'), change.pick);
      if (id) markErroneous(doc, { part: 'contacts', id }, 'falscher Fall', opts);
      return;
    }
    case 'referral':
      addReferral(doc, { partnerId: 'partner-mbe', date: today, status: change.status }, opts);
      return;
    case 'need':
      updateAssessment(doc, change.domain, { need: change.need }, opts);
      return;
    case 'person':
      updateSection(
        doc,
        'person',
        { birthDate: `${change.birthYear}-05-17`, nationalities: [change.nationality] },
        opts,
      );
      return;
    case 'residence':
      updateSection(doc, 'residence', { status: change.status }, opts);
      return;
    case 'phase': {
      const phase = readCase(doc).file.meta.phase;
      const next =
        phase === 'evaluation' ? 'closed' : (PHASES[PHASES.indexOf(phase as never) + 1] ?? 'assessment');
      changePhase(doc, next, { ...opts, closure: { reason: 'goals-achieved', closedOn: today } });
      return;
    }
    case 'barrier':
      addBarrier(doc, { category: change.category, observedOn: today, description: 'Frau Haddad' }, opts);
      return;
    case 'report': {
      const id = pick(ids(doc, 'barriers'), change.pick);
      if (id)
        reportBarrier(
          doc,
          id,
          { category: 'waiting-times', institution: 'ABH', happened: 'Lange Wartezeit.' },
          opts,
        );
      return;
    }
    case 'withdraw': {
      const id = pick(ids(doc, 'barriers'), change.pick);
      if (id) withdrawBarrierReport(doc, id, opts);
      return;
    }
    default:
      return;
  }
}

describe('the facts projection on the relay', () => {
  // The relay's projector computes facts in a worker thread; a report or `reports rebuild` may do it here.
  const worker = new ReportsWorker(createLogger('silent'));
  afterAll(() => worker.close());

  it('equals the facts recomputed from the final doc, after any edit history projected at any moments, in the worker thread or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(edit, { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        async (history, inWorker) => {
          const project = () => catchUpFacts(store, undefined, undefined, inWorker ? worker : undefined);
          const store = await openSqliteStore(':memory:');
          try {
            await seedWorld(store);
            const key = `${WORLD.center}/case-1`;
            await store.registerDoc(key, WORLD.center);
            let clock = Date.parse('2026-03-02T09:00:00.000Z');
            let next = 0;
            const opts = (): WriteOptions => ({
              actor: WORLD.user,
              now: new Date((clock += 60_000)),
              newId: () => `id-${++next}`,
            });
            const created = createCaseDoc(
              {
                id: 'case-1',
                kind: 'case',
                teamId: WORLD.center,
                createdBy: WORLD.user,
                person: { familyName: 'Haddad' },
              },
              opts(),
            );
            if (!created.ok) throw new Error('fixture');
            const doc = created.value;
            await append(store, WORLD.center, key, Y.encodeStateAsUpdate(doc));
            const pending: Uint8Array[] = [];
            doc.on('update', (update: Uint8Array) => pending.push(update));
            for (const change of history) {
              if (change.op === 'project') await project();
              else if (change.op === 'compact') await store.compactDoc(key, { keepNewest: 1 });
              else apply(doc, change, opts());
              for (const update of pending.splice(0)) await append(store, WORLD.center, key, update);
            }
            await project();
            const stored = await store.factsOfTeams([WORLD.center]);
            expect(stored.map((row) => row.docId)).toEqual([key]);
            expect(JSON.parse(stored[0]?.facts ?? 'null')).toEqual(caseFacts(doc));
            expect(await store.staleFacts(10)).toEqual([]);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stores no facts for the team doc and holds nothing of names or case prose', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      await seedWorld(store);
      const teamKey = `${WORLD.center}/${teamDocId(WORLD.center)}`;
      await store.registerDoc(teamKey, WORLD.center);
      await append(store, WORLD.center, teamKey, teamSeedUpdate(WORLD.center));
      const created = createCaseDoc({
        id: 'case-2',
        kind: 'case',
        teamId: WORLD.center,
        createdBy: WORLD.user,
        caseNumber: 'MARKER-CASENO',
        person: {
          familyName: 'Markerfamily',
          givenNames: 'Markergiven',
          phone: '0176 99887766',
          nationalities: ['SY'],
        },
      });
      if (!created.ok) throw new Error('fixture');
      const doc = created.value;
      addContact(doc, { date: '2026-01-05', kind: 'home-visit', note: 'Markernote', topics: [] });
      const barrier = addBarrier(doc, {
        category: 'other',
        observedOn: '2026-01-05',
        description: 'Markerdescription',
        institution: 'Markerinstitution',
      });
      if (!barrier.ok) throw new Error('fixture');
      expect(
        reportBarrier(doc, barrier.value, {
          category: 'other',
          institution: 'Jobcenter',
          happened: 'Kein Termin.',
        }).ok,
      ).toBe(true);
      const key = `${WORLD.center}/case-2`;
      await store.registerDoc(key, WORLD.center);
      await append(store, WORLD.center, key, Y.encodeStateAsUpdate(doc));
      await catchUpFacts(store);
      const stored = await store.factsOfTeams([WORLD.center]);
      expect(stored.map((row) => row.docId)).toEqual([key]);
      const text = stored[0]?.facts ?? '';
      expect(text).toContain('Kein Termin.');
      expect(text).not.toMatch(/marker|99887766|user-mira/i);
    } finally {
      await store.close();
    }
  });

  it('lets other work of the relay run between the docs of a round, so acks do not wait for all of them', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      await seedWorld(store);
      const DOCS = 12;
      for (let i = 0; i < DOCS; i++) {
        const created = createCaseDoc({
          id: `case-${i}`,
          kind: 'case',
          teamId: WORLD.center,
          createdBy: WORLD.user,
        });
        if (!created.ok) throw new Error(JSON.stringify(created.error));
        const key = `${WORLD.center}/case-${i}`;
        await store.registerDoc(key, WORLD.center);
        await append(store, WORLD.center, key, Y.encodeStateAsUpdate(created.value));
      }
      let read = 0;
      const snapshot = store.docSnapshot.bind(store);
      store.docSnapshot = async (...args) => {
        read++;
        return snapshot(...args);
      };
      // The engine answers synchronously: without a pause between docs, this would run only after all of them.
      let readWhenOtherWorkRan: number | undefined;
      setImmediate(() => (readWhenOtherWorkRan = read));
      expect(await catchUpFacts(store)).toEqual({ projected: DOCS, failed: [] });
      expect(readWhenOtherWorkRan).toBeLessThan(DOCS);
      expect(await store.staleFacts(DOCS)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
