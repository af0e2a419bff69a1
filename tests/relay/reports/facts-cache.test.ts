import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createCaseDoc } from '../../../src/domain/case-doc.ts';
import { caseFacts, type CaseFacts } from '../../../src/domain/case-facts.ts';
import { createLogger } from '../../../sync-server/src/logger.ts';
import { FactsCache } from '../../../sync-server/src/reports/facts-cache.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { seedWorld, WORLD } from '../storage/fixtures.ts';

/** The facts of a fresh case, with `contacts` office contacts. */
function factsWith(contacts: number): CaseFacts {
  const created = createCaseDoc({
    id: 'case-x',
    kind: 'case',
    teamId: WORLD.center,
    createdBy: WORLD.user,
    person: { familyName: 'A', givenNames: 'B' },
  });
  const facts = created.ok ? caseFacts(created.value) : undefined;
  if (!facts) throw new Error('fixture');
  const contact = { on: '2026-01-05', kind: 'office', interpreter: false } as const;
  return { ...facts, contacts: Array.from({ length: contacts }, () => contact) };
}

describe('facts kept parsed between reports', () => {
  it('reads again only the rows whose seq changed, and keeps one facts object per version', async () => {
    const store = await openSqliteStore(':memory:');
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
    try {
      await seedWorld(store);
      for (const id of ['a', 'b', 'c']) await store.registerDoc(`${WORLD.center}/${id}`, WORLD.center);
      await store.putFacts(`${WORLD.center}/a`, 1, JSON.stringify(factsWith(1)));
      await store.putFacts(`${WORLD.center}/b`, 1, JSON.stringify(factsWith(2)));
      await store.putFacts(`${WORLD.center}/c`, 1, null);
      const cache = new FactsCache(store, log);
      const read = vi.spyOn(store, 'factsOfDocs');

      const first = await cache.ofTeams([WORLD.center]);
      expect(first.cases.map((row) => [row.docId, row.facts.contacts.length])).toEqual([
        [`${WORLD.center}/a`, 1],
        [`${WORLD.center}/b`, 2],
      ]);
      expect(read).toHaveBeenCalledTimes(1);

      const again = await cache.ofTeams([WORLD.center]);
      // The same objects: what a report derives from a version's facts is kept by the object.
      again.cases.forEach((row, i) => expect(row.facts).toBe(first.cases[i]!.facts));
      expect(read).toHaveBeenCalledTimes(1);

      await store.putFacts(`${WORLD.center}/b`, 2, JSON.stringify(factsWith(3)));
      const changed = await cache.ofTeams([WORLD.center]);
      expect(read).toHaveBeenLastCalledWith([`${WORLD.center}/b`]);
      expect(changed.cases.map((row) => row.facts.contacts.length)).toEqual([1, 3]);
      expect(changed.cases[0]!.facts).toBe(first.cases[0]!.facts);
      expect(changed.cases[1]!.facts).not.toBe(first.cases[1]!.facts);

      // A row an older version wrote is left out and logged once, not at every report.
      await store.putFacts(`${WORLD.center}/a`, 2, '{"v":1}');
      const withBad = await cache.ofTeams([WORLD.center]);
      await cache.ofTeams([WORLD.center]);
      expect(withBad.cases.map((row) => row.docId)).toEqual([`${WORLD.center}/b`]);
      expect(lines.filter((line) => line.includes('do not match their schema'))).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
