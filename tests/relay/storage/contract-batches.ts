import { describe, expect, it } from 'vitest';
import type { BatchAppendResult, NewUpdate, RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { StoreError } from '../../../sync-server/src/storage/errors.ts';
import { append, seedWorld, wholeLog, WORLD, Writer } from './fixtures.ts';
import type { StoreSlot } from './store-contract.ts';

const { center, site, user, device } = WORLD;

/** An update from the world's device, as the push with reference `ref` when one is given. */
function update(teamId: string, docId: string, bytes: Uint8Array, ref?: number): NewUpdate {
  return {
    teamId,
    docId,
    update: bytes,
    userId: user,
    deviceId: device,
    ...(ref === undefined ? {} : { ref }),
  };
}

/** The refusal codes of a batch's answers, `undefined` for the updates that were appended. */
const refusals = (results: BatchAppendResult[]) =>
  results.map((result) => ('refused' in result ? result.refused.code : undefined));

/** Group commit: several appends in one transaction (`appendUpdates`). */
export function describeBatchContract(engine: string, slot: StoreSlot): void {
  async function seeded(): Promise<RelayStore> {
    const store = slot.current;
    await seedWorld(store);
    for (const docId of ['doc-a', 'doc-b']) await store.registerDoc(docId, center);
    await store.registerDoc('doc-s', site);
    return store;
  }

  describe(`${engine} store: batched appends`, () => {
    it("numbers each team's updates gaplessly in batch order, after what the log held", async () => {
      const store = await seeded();
      const a = new Writer();
      const b = new Writer();
      const s = new Writer();
      expect(await append(store, center, 'doc-a', a.insert('vorher'))).toEqual({ seq: 1, repeated: false });
      const batch = [
        update(center, 'doc-b', b.insert('eins')),
        update(site, 'doc-s', s.insert('Träger')),
        update(center, 'doc-a', a.insert(' zwei')),
        update(center, 'doc-b', b.insert(' drei')),
        update(site, 'doc-s', s.insert(' Nord')),
      ];
      expect(await store.appendUpdates(batch)).toEqual([
        { seq: 2, repeated: false },
        { seq: 1, repeated: false },
        { seq: 3, repeated: false },
        { seq: 4, repeated: false },
        { seq: 2, repeated: false },
      ]);
      const log = await wholeLog(store, center);
      expect(log.map((row) => [row.seq, row.docId, row.update])).toEqual([
        [1, 'doc-a', a.updates[0]],
        [2, 'doc-b', batch[0]!.update],
        [3, 'doc-a', batch[2]!.update],
        [4, 'doc-b', batch[3]!.update],
      ]);
      expect((await wholeLog(store, site)).map((row) => row.update)).toEqual([
        batch[1]!.update,
        batch[4]!.update,
      ]);
      expect(await store.latestSeq(center)).toBe(4);
      // The next append continues after the batch.
      expect(await append(store, center, 'doc-a', a.insert(' danach'))).toEqual({ seq: 5, repeated: false });
    });

    it('appends a push met twice in one batch once, and answers its first seq both times', async () => {
      const store = await seeded();
      const writer = new Writer();
      const first = writer.insert('Erstgespräch');
      const second = writer.insert(' geführt');
      const results = await store.appendUpdates([
        update(center, 'doc-a', first, 7),
        update(center, 'doc-a', second, 8),
        update(center, 'doc-a', first, 7),
      ]);
      expect(results).toEqual([
        { seq: 1, repeated: false },
        { seq: 2, repeated: false },
        { seq: 1, repeated: true },
      ]);
      expect((await wholeLog(store, center)).map((row) => row.seq)).toEqual([1, 2]);
    });

    it('recognises pushes stored before, by a single append or an earlier batch', async () => {
      const store = await seeded();
      const writer = new Writer();
      const single = writer.insert('einzeln');
      const batched = writer.insert(' im Stapel');
      expect(await store.appendUpdate(update(center, 'doc-a', single, 1))).toEqual({
        seq: 1,
        repeated: false,
      });
      expect(await store.appendUpdates([update(center, 'doc-a', batched, 2)])).toEqual([
        { seq: 2, repeated: false },
      ]);
      const fresh = writer.insert(' neu');
      expect(
        await store.appendUpdates([
          update(center, 'doc-a', batched, 2),
          update(center, 'doc-a', fresh, 3),
          update(center, 'doc-a', single, 1),
        ]),
      ).toEqual([
        { seq: 2, repeated: true },
        { seq: 3, repeated: false },
        { seq: 1, repeated: true },
      ]);
      expect(await store.appendUpdate(update(center, 'doc-a', fresh, 3))).toEqual({ seq: 3, repeated: true });
      expect(await store.latestSeq(center)).toBe(3);
    });

    it('appends a ref reused with other content in one batch, and then recognises the newer push', async () => {
      const store = await seeded();
      const before = new Writer().insert('vor dem Abmelden');
      const after = new Writer().insert('nach dem Anmelden');
      expect(
        await store.appendUpdates([update(center, 'doc-a', before, 1), update(center, 'doc-a', after, 1)]),
      ).toEqual([
        { seq: 1, repeated: false },
        { seq: 2, repeated: false },
      ]);
      expect(await store.appendUpdate(update(center, 'doc-a', after, 1))).toEqual({ seq: 2, repeated: true });
    });

    it('answers a refused update with its refusal, using up no number, and appends the others', async () => {
      const store = await seeded();
      await store.registerDoc('doc-gone', center);
      await store.eraseDoc({
        docId: 'doc-gone',
        teamId: center,
        erasedAt: 1_900_000_000_000,
        reason: 'retention',
        rule: 'closed-case',
        requestedBy: null,
        confirmedBy: null,
        contribution: null,
      });
      const erasedAt = await store.latestSeq(center);
      const writer = new Writer();
      const kept = [writer.insert('eins'), writer.insert(' zwei'), writer.insert(' drei')];
      const results = await store.appendUpdates([
        update(center, 'doc-a', kept[0]!),
        update(center, 'doc-nowhere', new Writer().insert('x')),
        update(center, 'doc-a', kept[1]!),
        update(center, 'doc-s', new Writer().insert('y')),
        update(center, 'doc-gone', new Writer().insert('z')),
        update(center, 'doc-a', new Uint8Array()),
        update(center, 'doc-a', new Writer().insert('w'), -1),
        update(center, 'doc-a', kept[2]!),
      ]);
      expect(refusals(results)).toEqual([
        undefined,
        'not-found',
        undefined,
        'doc-in-other-team',
        'doc-erased',
        'invalid-input',
        'invalid-input',
        undefined,
      ]);
      for (const result of results)
        if ('refused' in result) expect(result.refused).toBeInstanceOf(StoreError);
      expect(results.filter((result) => 'seq' in result)).toEqual([
        { seq: erasedAt + 1, repeated: false },
        { seq: erasedAt + 2, repeated: false },
        { seq: erasedAt + 3, repeated: false },
      ]);
      expect((await wholeLog(store, center, erasedAt)).map((row) => row.update)).toEqual(kept);
      expect(await wholeLog(store, site)).toEqual([]);
    });

    it('appends nothing of a batch whose transaction fails, and records none of its pushes', async () => {
      const store = await seeded();
      const writer = new Writer();
      const pushed = writer.insert('verloren?');
      const stranger = { ...update(center, 'doc-a', writer.insert(' fremd')), deviceId: 'device-unknown' };
      await expect(
        store.appendUpdates([update(center, 'doc-a', pushed, 4), stranger]),
      ).rejects.toBeInstanceOf(StoreError);
      expect(await store.latestSeq(center)).toBe(0);
      expect(await wholeLog(store, center)).toEqual([]);
      // The push was not recorded either: sent again, it is appended as new.
      expect(await store.appendUpdates([update(center, 'doc-a', pushed, 4)])).toEqual([
        { seq: 1, repeated: false },
      ]);
    });

    it('answers an empty batch with no answers', async () => {
      const store = await seeded();
      expect(await store.appendUpdates([])).toEqual([]);
      expect(await store.latestSeq(center)).toBe(0);
    });
  });
}
