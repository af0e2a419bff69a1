import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { append, docView, expectStoreError, seedWorld, wholeLog, WORLD, Writer } from './fixtures.ts';
import type { StoreSlot } from './store-contract.ts';
import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';

const { center, site } = WORLD;

export function describeLogContract(engine: string, slot: StoreSlot): void {
  /** A seeded store with `docs` registered: the first in the center, the rest alternating. */
  async function seeded(...docs: [string, string][]) {
    const store = slot.current;
    await seedWorld(store);
    for (const [docId, teamId] of docs) await store.registerDoc(docId, teamId);
    return store;
  }

  describe(`${engine} store: doc registry`, () => {
    it('registers a doc once per team and refuses it for another team', async () => {
      const store = await seeded(['doc-b', center], ['doc-a', center], ['doc-s', site]);
      await store.registerDoc('doc-a', center);
      const refused = await expectStoreError(store.registerDoc('doc-a', site), 'doc-in-other-team');
      expect(refused.message).toContain('doc-a');
      expect(await store.teamOfDoc('doc-a')).toBe(center);
      expect(await store.teamOfDoc('doc-nobody')).toBeUndefined();
      expect(await store.docsOfTeam(center)).toEqual(['doc-a', 'doc-b']);
      expect(await store.docsOfTeam(site)).toEqual(['doc-s']);
      expect(await store.docsOfTeam('team-nobody')).toEqual([]);
      await expectStoreError(store.registerDoc('doc-x', 'team-nobody'), 'not-found');
    });
  });

  describe(`${engine} store: appending`, () => {
    it('numbers each team’s updates 1, 2, 3… when two teams interleave', async () => {
      const store = await seeded(['doc-c', center], ['doc-s', site]);
      const writer = { c: new Writer(), s: new Writer() };
      const seqs = { c: [] as number[], s: [] as number[] };
      for (const team of ['c', 's', 's', 'c', 'c', 's', 'c'] as const) {
        const { seq } = await append(
          store,
          team === 'c' ? center : site,
          `doc-${team}`,
          writer[team].insert(team),
        );
        seqs[team].push(seq);
      }
      expect(seqs).toEqual({ c: [1, 2, 3, 4], s: [1, 2, 3] });
      expect(await store.latestSeq(center)).toBe(4);
      expect(await store.latestSeq(site)).toBe(3);
    });

    it('never repeats or skips a number under concurrent appends, and stores each update at its number', async () => {
      const store = await seeded(['doc-c1', center], ['doc-c2', center], ['doc-s', site]);
      const docs = [
        ['doc-c1', center],
        ['doc-c2', center],
        ['doc-s', site],
      ] as const;
      const sent = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const [docId, teamId] = docs[i % docs.length] ?? docs[0];
          const update = new Writer().insert(`edit ${i}`);
          return { seq: (await append(store, teamId, docId, update)).seq, docId, teamId, update };
        }),
      );
      for (const teamId of [center, site]) {
        const mine = sent.filter((row) => row.teamId === teamId).sort((a, b) => a.seq - b.seq);
        expect(mine.map((row) => row.seq)).toEqual(mine.map((_, i) => i + 1));
        const log = await wholeLog(store, teamId);
        expect(log).toEqual(mine.map(({ seq, docId, update }) => ({ seq, docId, update })));
      }
    });

    it('refuses an unregistered doc, a doc of another team, an empty update and an unknown device — using up no number', async () => {
      const store = await seeded(['doc-c', center]);
      const update = new Writer().insert('x');
      await expectStoreError(append(store, center, 'doc-nobody', update), 'not-found');
      await expectStoreError(append(store, site, 'doc-c', update), 'doc-in-other-team');
      await expectStoreError(append(store, center, 'doc-c', new Uint8Array()), 'invalid-input');
      await expectStoreError(
        store.appendUpdate({
          teamId: center,
          docId: 'doc-c',
          update,
          userId: WORLD.user,
          deviceId: 'd-nobody',
        }),
        'not-found',
      );
      expect(await store.latestSeq(center)).toBe(0);
      expect(await store.latestSeq(site)).toBe(0);
      expect(await append(store, center, 'doc-c', update)).toEqual({ seq: 1, repeated: false });
    });

    it('refuses to read the log of an unknown team', async () => {
      const store = await seeded();
      await expectStoreError(store.latestSeq('team-nobody'), 'not-found');
      await expectStoreError(store.horizon('team-nobody'), 'not-found');
      await expectStoreError(store.updatesSince('team-nobody', 0, 10), 'not-found');
    });
  });

  describe(`${engine} store: catching up`, () => {
    it('hands out a team’s log after a cursor in ordered batches, saying whether more remain', async () => {
      const store = await seeded(['doc-c', center], ['doc-s', site]);
      const writer = new Writer();
      const sent = [];
      for (let i = 1; i <= 7; i++) {
        const update = writer.insert(`${i}`);
        sent.push({ seq: (await append(store, center, 'doc-c', update)).seq, docId: 'doc-c', update });
        await append(store, site, 'doc-s', new Writer().insert('other team'));
      }
      expect(await store.updatesSince(center, 0, 3)).toEqual({ updates: sent.slice(0, 3), more: true });
      expect(await store.updatesSince(center, 3, 3)).toEqual({ updates: sent.slice(3, 6), more: true });
      expect(await store.updatesSince(center, 6, 3)).toEqual({ updates: sent.slice(6), more: false });
      expect(await store.updatesSince(center, 4, 3)).toEqual({ updates: sent.slice(4, 7), more: false });
      expect(await store.updatesSince(center, 7, 3)).toEqual({ updates: [], more: false });
      expect(await store.updatesSince(center, 99, 3)).toEqual({ updates: [], more: false });
      await expectStoreError(store.updatesSince(center, 0, 0), 'invalid-input');
      await expectStoreError(store.updatesSince(center, -1, 5), 'invalid-input');
    });

    it('answers a doc’s state as the merge of all its updates', async () => {
      const store = await seeded(['doc-c', center], ['doc-empty', center]);
      const [anna, berk] = [new Writer(), new Writer()];
      const updates = [anna.insert('Termin beim Jobcenter'), berk.set('status', 'offen'), anna.delete(0, 7)];
      updates.push(berk.insert('Wohnung gesucht'), anna.set('status', 'erledigt'));
      for (const update of updates) await append(store, center, 'doc-c', update);
      const state = await store.docState('doc-c');
      expect(docView(state)).toEqual(docView(...updates));
      expect(docView(state).body).toContain('beim Jobcenter');
      expect(docView(await store.docState('doc-empty'))).toEqual(docView());
      await expectStoreError(store.docState('doc-nobody'), 'not-found');
    });
  });

  describe(`${engine} store: compaction`, () => {
    async function withHistory() {
      const store = await seeded(['doc-a', center], ['doc-b', center]);
      const [a, b] = [new Writer(), new Writer()];
      const rows = [];
      for (let i = 0; i < 10; i++) {
        const [docId, writer] = i % 2 === 0 ? ['doc-a', a] : ['doc-b', b];
        const update = i % 3 === 2 ? writer.delete(0, 1) : writer.insert(`<${i}>`, i);
        rows.push({ seq: (await append(store, center, docId, update)).seq, docId, update });
      }
      return { store, rows, a, b };
    }

    it('folds a doc into one row at its newest seq, keeps its state and raises the horizon', async () => {
      const { store, rows } = await withHistory();
      const before = await store.docState('doc-a');
      expect(await store.horizon(center)).toBe(0);
      expect(await store.compactDoc('doc-a')).toEqual({ merged: 5, horizon: 9 });
      expect(docView(await store.docState('doc-a'))).toEqual(docView(before));
      expect(await store.horizon(center)).toBe(9);
      const log = await wholeLog(store, center);
      expect(log.filter((row) => row.docId === 'doc-a').map((row) => row.seq)).toEqual([9]);
      expect(log.filter((row) => row.docId === 'doc-b')).toEqual(rows.filter((row) => row.docId === 'doc-b'));
      expect(await store.latestSeq(center)).toBe(10);
      expect(await append(store, center, 'doc-a', new Writer().insert('later'))).toEqual({
        seq: 11,
        repeated: false,
      });
    });

    it('keeps the newest rows untouched when asked to', async () => {
      const { store, rows } = await withHistory();
      const before = await store.docState('doc-b');
      expect(await store.compactDoc('doc-b', { keepNewest: 2 })).toEqual({ merged: 3, horizon: 6 });
      const log = await wholeLog(store, center);
      const docB = log.filter((row) => row.docId === 'doc-b');
      expect(docB.map((row) => row.seq)).toEqual([6, 8, 10]);
      expect(docB.slice(1)).toEqual(rows.filter((row) => row.docId === 'doc-b').slice(3));
      expect(docView(await store.docState('doc-b'))).toEqual(docView(before));
      expect(await store.compactDoc('doc-b', { keepNewest: 5 })).toEqual({ merged: 0, horizon: 6 });
      expect(await store.compactDoc('doc-a', { keepNewest: 4 })).toEqual({ merged: 0, horizon: 6 });
      await expectStoreError(store.compactDoc('doc-nobody'), 'not-found');
      await expectStoreError(store.compactDoc('doc-a', { keepNewest: -1 }), 'invalid-input');
    });

    it('lets a cursor at the horizon resume exactly, and one below it still lose nothing', async () => {
      const { store, rows } = await withHistory();
      await store.compactDoc('doc-a', { keepNewest: 1 });
      const horizon = await store.horizon(center);
      expect(horizon).toBe(7);
      expect(await wholeLog(store, center, horizon)).toEqual(rows.filter((row) => row.seq > horizon));
      // A device that stored the first three updates, then replays from its cursor below the horizon.
      for (const docId of ['doc-a', 'doc-b']) {
        const device = new Y.Doc();
        for (const row of rows.slice(0, 3)) if (row.docId === docId) Y.applyUpdate(device, row.update);
        for (const row of await wholeLog(store, center, 3))
          if (row.docId === docId) Y.applyUpdate(device, row.update);
        const everything = rows.filter((row) => row.docId === docId).map((row) => row.update);
        expect(docView(Y.encodeStateAsUpdate(device))).toEqual(docView(...everything));
      }
    });
  });

  describe(`${engine} store: the coordination log`, () => {
    it('exists from the start beside the teams, as a log and never as a team', async () => {
      const store = await seeded();
      expect(await store.latestSeq(COORDINATION_LOG_ID)).toBe(0);
      expect(await store.logEpochs(COORDINATION_LOG_ID, 2)).toHaveLength(1);
      expect((await store.listTeams()).map((team) => team.id)).not.toContain(COORDINATION_LOG_ID);
      await expectStoreError(
        store.createTeam({ id: COORDINATION_LOG_ID, name: 'Koordination', kind: 'support-center' }),
        'invalid-input',
      );
      await expectStoreError(store.addMembership(WORLD.user, COORDINATION_LOG_ID), 'not-found');
      expect((await store.teamsOf(WORLD.user)).map((team) => team.id)).not.toContain(COORDINATION_LOG_ID);
    });

    it('takes appends like a team’s log, also the relay’s own without a user or device', async () => {
      const store = await seeded();
      const docId = `${COORDINATION_LOG_ID}/coordination`;
      await store.registerDoc(docId, COORDINATION_LOG_ID);
      const writer = new Writer();
      expect(await append(store, COORDINATION_LOG_ID, docId, writer.insert('a'))).toEqual({
        seq: 1,
        repeated: false,
      });
      const relayOwn = writer.insert('b');
      expect(
        await store.appendUpdate({
          teamId: COORDINATION_LOG_ID,
          docId,
          update: relayOwn,
          userId: null,
          deviceId: null,
        }),
      ).toEqual({ seq: 2, repeated: false });
      await expectStoreError(
        store.appendUpdate({
          teamId: COORDINATION_LOG_ID,
          docId,
          update: relayOwn,
          userId: null,
          deviceId: null,
          ref: 1,
        }),
        'invalid-input',
      );
      expect((await wholeLog(store, COORDINATION_LOG_ID)).map((row) => row.seq)).toEqual([1, 2]);
      expect(docView(await store.docState(docId))).toEqual(docView(...writer.updates));
      expect(await store.latestSeq(center)).toBe(0);
    });
  });
}
