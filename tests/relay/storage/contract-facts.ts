import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { append, expectStoreError, seedWorld, WORLD, Writer } from './fixtures.ts';
import type { StoreSlot } from './store-contract.ts';

const { center, site } = WORLD;

/** The facts projection: stored per doc with the seq it was computed from; the log marks what is stale. */
export function describeFactsContract(engine: string, slot: StoreSlot): void {
  describe(`${engine} store: facts projection`, () => {
    it('names every doc with updates newer than its facts as stale, and none once they are stored', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-a', center);
      await store.registerDoc('doc-b', site);
      await store.registerDoc('doc-empty', center);
      const writer = new Writer();
      await append(store, center, 'doc-a', writer.insert('a'));
      await append(store, site, 'doc-b', new Writer().insert('b'));
      expect(await store.staleFacts(10)).toEqual([
        { docId: 'doc-a', teamId: center },
        { docId: 'doc-b', teamId: site },
      ]);
      expect(await store.staleFacts(1)).toEqual([{ docId: 'doc-a', teamId: center }]);

      const snapshot = await store.docSnapshot('doc-a');
      expect(snapshot.seq).toBe(1);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, snapshot.state);
      expect(doc.getText('body').toString()).toBe('a');
      await store.putFacts('doc-a', snapshot.seq, '{"n":1}');
      await store.putFacts('doc-b', 1, null);
      expect(await store.staleFacts(10)).toEqual([]);
      expect(await store.factsOfTeams([center, site])).toEqual([
        { docId: 'doc-a', teamId: center, seq: 1, facts: '{"n":1}' },
      ]);
      expect(await store.factsVersionsOfTeams([center, site])).toEqual([
        { docId: 'doc-a', teamId: center, seq: 1 },
      ]);

      // An append makes the doc stale again; facts of an older seq never replace newer ones.
      await append(store, center, 'doc-a', writer.insert('b'));
      expect(await store.staleFacts(10)).toEqual([{ docId: 'doc-a', teamId: center }]);
      await store.putFacts('doc-a', 3, '{"n":3}');
      await store.putFacts('doc-a', 2, '{"n":2}');
      expect(await store.factsOfTeams([center])).toEqual([
        { docId: 'doc-a', teamId: center, seq: 3, facts: '{"n":3}' },
      ]);
      expect(await store.factsVersionsOfTeams([center])).toEqual([
        { docId: 'doc-a', teamId: center, seq: 3 },
      ]);
      expect(await store.factsOfDocs(['doc-b', 'doc-a', 'doc-nobody'])).toEqual([
        { docId: 'doc-a', teamId: center, seq: 3, facts: '{"n":3}' },
      ]);
      expect(await store.factsOfTeams([site, 'team-nobody'])).toEqual([]);
      expect(await store.factsVersionsOfTeams([site, 'team-nobody'])).toEqual([]);
      expect(await store.factsOfTeams([])).toEqual([]);
      expect(await store.factsOfDocs([])).toEqual([]);
    });

    it('keeps facts stale-free across compaction, and clearing makes every doc stale', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-a', center);
      const writer = new Writer();
      for (const text of ['a', 'b', 'c']) await append(store, center, 'doc-a', writer.insert(text));
      await store.putFacts('doc-a', (await store.docSnapshot('doc-a')).seq, '{}');
      await store.compactDoc('doc-a');
      expect(await store.staleFacts(10)).toEqual([]);
      expect(await store.clearFacts()).toBe(1);
      expect(await store.staleFacts(10)).toEqual([{ docId: 'doc-a', teamId: center }]);
    });

    it('refuses facts and snapshots of unregistered docs', async () => {
      const store = slot.current;
      await seedWorld(store);
      await expectStoreError(store.putFacts('doc-nobody', 1, '{}'), 'not-found');
      // A batch is stored whole or not at all.
      await store.registerDoc('doc-a', center);
      await expectStoreError(
        store.putManyFacts([
          { docId: 'doc-a', seq: 9, facts: '{"n":9}' },
          { docId: 'doc-nobody', seq: 1, facts: '{}' },
        ]),
        'not-found',
      );
      expect(await store.factsVersionsOfTeams([center])).toEqual([]);
      await store.putManyFacts([{ docId: 'doc-a', seq: 9, facts: '{"n":9}' }]);
      expect(await store.factsVersionsOfTeams([center])).toEqual([
        { docId: 'doc-a', teamId: center, seq: 9 },
      ]);
      await expectStoreError(store.docSnapshot('doc-nobody'), 'not-found');
    });
  });
}
