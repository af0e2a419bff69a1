import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCaseDoc } from '../../../src/domain/case-doc.ts';
import { caseFacts } from '../../../src/domain/case-facts.ts';
import { addBarrier, addContact } from '../../../src/domain/case-write-items.ts';
import { createLogger } from '../../../sync-server/src/logger.ts';
import { catchUpFacts } from '../../../sync-server/src/reports/facts-projector.ts';
import { FactsWorker } from '../../../sync-server/src/reports/facts-worker.ts';
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

describe('the facts worker thread', () => {
  it('stores the facts caseFacts computes from each doc', async () => {
    const { store, docs } = await storeWithCases(3);
    const { log } = capturedLog();
    const worker = new FactsWorker(log);
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

  for (const [name, entry, expected] of [
    ['answers facts that do not fit their schema', 'nonsense-facts-worker.mjs', /do not fit/],
    ['crashes', 'crashing-facts-worker.mjs', /the worker broke/],
  ] as const) {
    it(`leaves every doc stale and logs it when the worker ${name}`, async () => {
      const { store, docs } = await storeWithCases(2);
      const { log, lines } = capturedLog();
      const worker = new FactsWorker(log, { entry: fixture(entry) });
      try {
        const result = await catchUpFacts(store, log, undefined, worker);
        expect(result).toEqual({ projected: 0, failed: [...docs.keys()] });
        expect(await store.factsOfTeams([WORLD.center])).toEqual([]);
        expect((await store.staleFacts(10)).map((doc) => doc.docId)).toEqual([...docs.keys()]);
        const failures = lines.filter((line) => line.includes('projecting the facts of a doc failed'));
        expect(failures).toHaveLength(2);
        expect(failures[0]).toMatch(expected);

        // A worker that works projects them on the next round.
        const good = new FactsWorker(log);
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
    const worker = new FactsWorker(log, { entry: fixture('silent-facts-worker.mjs'), timeoutMs: 200 });
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
