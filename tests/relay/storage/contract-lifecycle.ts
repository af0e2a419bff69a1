import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../sync-server/src/audit/audit-chain.ts';
import type { NewErasure } from '../../../sync-server/src/storage/contract.ts';
import { append, expectStoreError, seedWorld, WORLD, wholeLog, Writer } from './fixtures.ts';
import type { StoreSlot } from './store-contract.ts';

const { center, site, user, device } = WORLD;

const erasure = (docId: string, overrides: Partial<NewErasure> = {}): NewErasure => ({
  docId,
  teamId: center,
  erasedAt: 1_900_000_000_000,
  reason: 'retention',
  rule: 'closed-case',
  requestedBy: null,
  confirmedBy: null,
  contribution: null,
  ...overrides,
});

/** Erasure, Löschsperre, erasure requests, contributions and the audit chain (data lifecycle). */
export function describeLifecycleContract(engine: string, slot: StoreSlot): void {
  describe(`${engine} store: data lifecycle`, () => {
    it('erases every row of a doc, compacted ones too, and logs the erasure under the next seq', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-gone', center);
      await store.registerDoc('doc-kept', center);
      const gone = new Writer();
      for (const text of ['a', 'b', 'c']) await append(store, center, 'doc-gone', gone.insert(text));
      await store.compactDoc('doc-gone', { keepNewest: 1 });
      const kept = new Writer().insert('bleibt');
      await append(store, center, 'doc-kept', kept);
      await store.putFacts('doc-gone', 3, '{"n":1}');

      const record = await store.eraseDoc(erasure('doc-gone', { contribution: '{"anonymous":true}' }));
      expect(record).toEqual({
        docId: 'doc-gone',
        teamId: center,
        seq: 5,
        erasedAt: 1_900_000_000_000,
        reason: 'retention',
        rule: 'closed-case',
        requestedBy: null,
        confirmedBy: null,
      });
      expect(await store.latestSeq(center)).toBe(5);
      expect((await wholeLog(store, center)).map((row) => row.docId)).toEqual(['doc-kept']);
      expect(await store.docsOfTeam(center)).toEqual(['doc-kept']);
      expect(await store.teamOfDoc('doc-gone')).toBeUndefined();
      expect(await store.factsOfTeams([center])).toEqual([]);
      expect(await store.staleFacts(10)).toEqual([{ docId: 'doc-kept', teamId: center }]);
      expect(await store.erasureOf('doc-gone')).toEqual(record);
      expect(await store.erasuresSince(center, 0, 10)).toEqual([record]);
      expect(await store.erasuresSince(center, 5, 10)).toEqual([]);
      expect(await store.erasuresSince(site, 0, 10)).toEqual([]);
      expect(await store.contributionsOfTeams([center, site])).toEqual([
        { id: expect.any(Number), teamId: center, facts: '{"anonymous":true}' },
      ]);
      expect(await store.contributionsOfTeams([site])).toEqual([]);
    });

    it('never takes the id of an erased doc again, and refuses to erase it twice', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-gone', center);
      await append(store, center, 'doc-gone', new Writer().insert('a'));
      await store.eraseDoc(erasure('doc-gone'));
      await expectStoreError(store.registerDoc('doc-gone', center), 'doc-erased');
      await expectStoreError(append(store, center, 'doc-gone', new Writer().insert('b')), 'doc-erased');
      await expectStoreError(store.eraseDoc(erasure('doc-gone')), 'doc-erased');
      await expectStoreError(store.docState('doc-gone'), 'doc-erased');
      expect(await store.latestSeq(center)).toBe(2);
    });

    it('refuses a re-sent push to an erased doc instead of answering its old seq', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-gone', center);
      const update = new Writer().insert('a');
      const push = { teamId: center, docId: 'doc-gone', update, userId: user, deviceId: device, ref: 1 };
      expect(await store.appendUpdate(push)).toEqual({ seq: 1, repeated: false });
      await store.eraseDoc(erasure('doc-gone'));
      await expectStoreError(store.appendUpdate(push), 'doc-erased');
    });

    it('does not erase a doc under a Löschsperre until it is lifted', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-held', center);
      await append(store, center, 'doc-held', new Writer().insert('a'));
      const hold = {
        docId: 'doc-held',
        teamId: center,
        reason: 'Widerspruch anhängig',
        setBy: user,
        setAt: 5,
      };
      await store.setHold(hold);
      expect(await store.holdOf('doc-held')).toEqual(hold);
      expect(await store.holdsOfTeams([center])).toEqual([hold]);
      expect(await store.holdsOfTeams([site])).toEqual([]);
      await expectStoreError(store.eraseDoc(erasure('doc-held')), 'on-hold');
      expect(await store.docsOfTeam(center)).toEqual(['doc-held']);
      expect(await store.latestSeq(center)).toBe(1);

      expect(await store.liftHold('doc-held')).toBe(true);
      expect(await store.liftHold('doc-held')).toBe(false);
      expect(await store.holdOf('doc-held')).toBeUndefined();
      await store.eraseDoc(erasure('doc-held'));
      await expectStoreError(store.setHold(hold), 'doc-erased');
      await expectStoreError(store.setHold({ ...hold, docId: 'doc-nobody' }), 'not-found');
      await expectStoreError(store.setHold({ ...hold, reason: ' ' }), 'doc-erased');
    });

    it('keeps one open erasure request per doc and drops it with the erasure', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-asked', center);
      await store.registerDoc('doc-other', site);
      const request = {
        docId: 'doc-asked',
        teamId: center,
        reason: 'Antrag nach Art. 17',
        requestedBy: user,
        requestedAt: 10,
      };
      await store.requestErasure(request);
      await expectStoreError(store.requestErasure(request), 'conflict');
      await expectStoreError(store.requestErasure({ ...request, docId: 'doc-other' }), 'doc-in-other-team');
      await expectStoreError(
        store.requestErasure({ ...request, docId: 'doc-other', teamId: site, reason: '' }),
        'invalid-input',
      );
      expect(await store.erasureRequestOf('doc-asked')).toEqual(request);
      expect(await store.erasureRequestsOfTeams([center, site])).toEqual([request]);
      await store.eraseDoc(
        erasure('doc-asked', {
          reason: 'request',
          rule: null,
          requestedBy: user,
          confirmedBy: 'user-koordination',
        }),
      );
      expect(await store.erasureRequestOf('doc-asked')).toBeUndefined();
      expect((await store.erasureOf('doc-asked'))?.confirmedBy).toBe('user-koordination');

      await store.requestErasure({ ...request, docId: 'doc-other', teamId: site });
      expect(await store.dropErasureRequest('doc-other')).toBe(true);
      expect(await store.dropErasureRequest('doc-other')).toBe(false);
    });

    it('stores no facts for a doc erased while they were being computed, and the rest of the batch', async () => {
      const store = slot.current;
      await seedWorld(store);
      await store.registerDoc('doc-gone', center);
      await store.registerDoc('doc-kept', center);
      await append(store, center, 'doc-gone', new Writer().insert('a'));
      await append(store, center, 'doc-kept', new Writer().insert('b'));
      await store.eraseDoc(erasure('doc-gone'));
      await store.putManyFacts([
        { docId: 'doc-gone', seq: 1, facts: '{"n":1}' },
        { docId: 'doc-kept', seq: 2, facts: '{"n":2}' },
      ]);
      expect((await store.factsOfTeams([center])).map((row) => row.docId)).toEqual(['doc-kept']);
    });

    it('chains audit events by hash, also across a retention cut', async () => {
      const store = slot.current;
      await store.appendAudit([
        { at: 1_000, kind: 'login', login: 'mira' },
        { at: 2_000, kind: 'login', login: 'jonas', detail: { note: 'x' } },
      ]);
      await store.appendAudit([{ at: 3_000, kind: 'logout', login: 'mira' }]);
      const chain = await store.auditChain(0, 10);
      expect(chain.map((event) => event.kind)).toEqual(['login', 'login', 'logout']);
      expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
      expect(chain[2]?.prevHash).toBe(chain[1]?.hash);
      expect(await verifyAuditChain(store)).toEqual({
        checked: 3,
        unchained: 0,
        anchor: undefined,
        // The newest event's hash: kept elsewhere, it shows when the newest events are cut.
        head: { id: chain[2]?.id, hash: chain[2]?.hash },
      });

      expect(await store.cutAudit(2_500, 9_000)).toBe(2);
      expect(await store.auditAnchor()).toEqual({
        lastDroppedId: chain[1]?.id,
        lastDroppedHash: chain[1]?.hash,
        cutAt: 9_000,
      });
      await store.appendAudit([{ at: 4_000, kind: 'login', login: 'mira' }]);
      const report = await verifyAuditChain(store);
      const newest = (await store.auditChain(0, 10)).at(-1);
      expect(report).toEqual({
        checked: 2,
        unchained: 0,
        anchor: { lastDroppedId: chain[1]?.id, cutAt: 9_000 },
        head: { id: newest?.id, hash: newest?.hash },
      });
      expect(await store.cutAudit(0, 9_500)).toBe(0);
      expect((await store.listAudit({ limit: 10 })).events.map((event) => event.at)).toEqual([4_000, 3_000]);
    });
  });
}
