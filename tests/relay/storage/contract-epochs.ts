import { describe, expect, it } from 'vitest';
import { append, seedWorld, WORLD, Writer } from './fixtures.ts';
import type { StoreSlot } from './store-contract.ts';

const { center, site } = WORLD;

/** Log epochs: a new one per team at every relay start, so that a restored log is told apart. */
export function describeEpochContract(engine: string, slot: StoreSlot): void {
  describe(`${engine} store: log epochs`, () => {
    it('gives a new team one epoch starting at seq 1', async () => {
      const store = slot.current;
      await seedWorld(store);
      const [first, ...rest] = await store.logEpochs(center, 5);
      expect(rest).toEqual([]);
      expect(first?.firstSeq).toBe(1);
      expect(first?.id).toMatch(/^[A-Za-z0-9:_.-]{1,100}$/);
      expect((await store.logEpochs(site, 5))[0]?.id).not.toBe(first?.id);
      expect(await store.logEpochs('team-nobody', 5)).toEqual([]);
    });

    it('begins a new epoch in every team after its latest seq, newest first, never reusing an id', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-c', center);
      const writer = new Writer();
      for (const text of ['a', 'b', 'c']) await append(store, center, 'doc-c', writer.insert(text));
      await store.startLogEpochs();
      await store.startLogEpochs();
      const epochs = await store.logEpochs(center, 10);
      expect(epochs.map((epoch) => epoch.firstSeq)).toEqual([4, 4, 1]);
      expect(new Set(epochs.map((epoch) => epoch.id)).size).toBe(3);
      expect((await store.logEpochs(site, 10)).map((epoch) => epoch.firstSeq)).toEqual([1, 1, 1]);
      expect(await store.logEpochs(center, 2)).toEqual(epochs.slice(0, 2));
    });
  });
}
