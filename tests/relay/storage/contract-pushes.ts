import { describe, expect, it } from 'vitest';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { expectStoreError, seedWorld, wholeLog, WORLD, Writer } from './fixtures.ts';
import type { StoreSlot } from './store-contract.ts';

const { center, site } = WORLD;

/** Appends as the world's user from `deviceId`, as the push with reference `ref`. */
function push(
  store: RelayStore,
  teamId: string,
  docId: string,
  update: Uint8Array,
  ref: number,
  deviceId: string = WORLD.device,
) {
  return store.appendUpdate({ teamId, docId, update, userId: WORLD.user, deviceId, ref });
}

/** Exactly-once appends of pushes a device re-sends because it never got their acknowledgement. */
export function describePushContract(engine: string, slot: StoreSlot): void {
  async function seeded() {
    const store = slot.current;
    await seedWorld(store);
    await store.registerDoc('doc-c', center);
    await store.registerDoc('doc-s', site);
    return store;
  }

  describe(`${engine} store: exactly-once pushes`, () => {
    it('stores a re-sent push once and answers the number it got the first time', async () => {
      const store = await seeded();
      const writer = new Writer();
      const first = writer.insert('Erstgespräch');
      expect(await push(store, center, 'doc-c', first, 7)).toEqual({ seq: 1, repeated: false });
      const second = writer.insert(' geführt');
      expect(await push(store, center, 'doc-c', second, 8)).toEqual({ seq: 2, repeated: false });
      expect(await push(store, center, 'doc-c', first, 7)).toEqual({ seq: 1, repeated: true });
      expect(await store.latestSeq(center)).toBe(2);
      expect((await wholeLog(store, center)).map((row) => row.seq)).toEqual([1, 2]);
    });

    it('recognises the push after compaction folded its row', async () => {
      const store = await seeded();
      const writer = new Writer();
      const updates = ['a', 'b', 'c'].map((text) => writer.insert(text));
      for (const [i, update] of updates.entries()) await push(store, center, 'doc-c', update, i + 1);
      await store.compactDoc('doc-c');
      expect(await push(store, center, 'doc-c', updates[0]!, 1)).toEqual({ seq: 1, repeated: true });
      expect(await store.latestSeq(center)).toBe(3);
    });

    it('keeps the refs of different devices apart, and appends updates without a ref every time', async () => {
      const store = await seeded();
      await store.registerDevice({ id: 'device-mira-phone', userId: WORLD.user, name: 'Telefon' });
      const update = new Writer().insert('gleich');
      expect(await push(store, center, 'doc-c', update, 1)).toEqual({ seq: 1, repeated: false });
      expect(await push(store, center, 'doc-c', update, 1, 'device-mira-phone')).toEqual({
        seq: 2,
        repeated: false,
      });
      const plain = { teamId: center, docId: 'doc-c', update, userId: WORLD.user, deviceId: WORLD.device };
      expect(await store.appendUpdate(plain)).toEqual({ seq: 3, repeated: false });
      expect(await store.appendUpdate(plain)).toEqual({ seq: 4, repeated: false });
    });

    it('appends a reused ref with other content, and then recognises that one', async () => {
      // A device whose database was wiped and recreated under the same device id starts its refs anew.
      const store = await seeded();
      const before = new Writer().insert('vor dem Abmelden');
      const after = new Writer().insert('nach dem Anmelden');
      expect(await push(store, center, 'doc-c', before, 1)).toEqual({ seq: 1, repeated: false });
      expect(await push(store, center, 'doc-c', after, 1)).toEqual({ seq: 2, repeated: false });
      expect(await push(store, center, 'doc-c', after, 1)).toEqual({ seq: 2, repeated: true });
      // The same bytes to another team's doc are another push, too.
      expect(await push(store, site, 'doc-s', after, 1)).toEqual({ seq: 1, repeated: false });
      expect(await store.latestSeq(center)).toBe(2);
    });

    it('commits one row when the same push arrives twice at once', async () => {
      const store = await seeded();
      const update = new Writer().insert('doppelt gesendet');
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => push(store, center, 'doc-c', update, 9)),
      );
      expect(new Set(answers.map((answer) => answer.seq))).toEqual(new Set([1]));
      expect(answers.filter((answer) => !answer.repeated)).toHaveLength(1);
      expect(await wholeLog(store, center)).toHaveLength(1);
    });

    it('refuses a ref that is not a whole number >= 0, using up no number', async () => {
      const store = await seeded();
      const update = new Writer().insert('x');
      await expectStoreError(push(store, center, 'doc-c', update, -1), 'invalid-input');
      await expectStoreError(push(store, center, 'doc-c', update, 1.5), 'invalid-input');
      expect(await store.latestSeq(center)).toBe(0);
    });
  });
}
