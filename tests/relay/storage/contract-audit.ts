import { describe, expect, it } from 'vitest';
import type { NewAuditEvent, RelayStore } from '../../../sync-server/src/storage/contract.ts';
import type { StoreSlot } from './store-contract.ts';

const event = (at: number, fields: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  at,
  kind: 'login',
  ...fields,
});

/** Every page of the filter, following `beforeId`, as ids. */
async function allIds(store: RelayStore, filter: Parameters<RelayStore['listAudit']>[0]): Promise<number[]> {
  const ids: number[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const batch = await store.listAudit({ ...filter, beforeId });
    ids.push(...batch.events.map((e) => e.id));
    const last = batch.events.at(-1);
    if (!batch.more || !last) return ids;
    beforeId = last.id;
  }
}

export function describeAuditContract(engine: string, slot: StoreSlot): void {
  describe(`${engine} store: audit log`, () => {
    it('appends events in order and lists them newest first with every field', async () => {
      const store = slot.current;
      expect(await store.listAudit({ limit: 10 })).toEqual({ events: [], more: false });
      await store.appendAudit([
        event(1_000, {
          kind: 'login-failed',
          login: 'mira',
          code: 'invalid-credentials',
          address: '10.0.0.7',
        }),
        event(2_000, {
          kind: 'doc-changed',
          userId: 'u-1',
          deviceId: 'd-1',
          teamId: 't-1',
          docId: 'case-1',
          detail: { endpoint: '/sync', count: 2, first: true },
        }),
      ]);
      const { events, more } = await store.listAudit({ limit: 10 });
      expect(more).toBe(false);
      expect(events.map((e) => e.kind)).toEqual(['doc-changed', 'login-failed']);
      expect(events[0]!.id).toBeGreaterThan(events[1]!.id);
      expect(events[0]).toEqual({
        id: events[0]!.id,
        at: 2_000,
        kind: 'doc-changed',
        login: null,
        userId: 'u-1',
        deviceId: 'd-1',
        teamId: 't-1',
        docId: 'case-1',
        code: null,
        address: null,
        detail: { endpoint: '/sync', count: 2, first: true },
      });
      expect(events[1]).toMatchObject({ login: 'mira', code: 'invalid-credentials', detail: {} });
    });

    it('filters by time, kind, user, login, device, team and doc, combined with AND', async () => {
      const store = slot.current;
      await store.appendAudit([
        event(1_000, { kind: 'login', userId: 'u-1', login: 'anna', deviceId: 'd-1' }),
        event(2_000, { kind: 'doc-fetched', userId: 'u-1', deviceId: 'd-1', teamId: 't-1', docId: 'c-1' }),
        event(3_000, { kind: 'doc-fetched', userId: 'u-2', deviceId: 'd-2', teamId: 't-2', docId: 'c-1' }),
        event(4_000, { kind: 'doc-changed', userId: 'u-1', deviceId: 'd-3', teamId: 't-1', docId: 'c-2' }),
      ]);
      const kinds = async (filter: Omit<Parameters<RelayStore['listAudit']>[0], 'limit'>) =>
        (await store.listAudit({ ...filter, limit: 10 })).events.map((e) => `${e.kind}@${e.at}`);
      expect(await kinds({ from: 2_000, to: 4_000 })).toEqual(['doc-fetched@3000', 'doc-fetched@2000']);
      expect(await kinds({ kind: 'doc-fetched', userId: 'u-1' })).toEqual(['doc-fetched@2000']);
      expect(await kinds({ login: 'anna' })).toEqual(['login@1000']);
      expect(await kinds({ deviceId: 'd-3' })).toEqual(['doc-changed@4000']);
      expect(await kinds({ docId: 'c-1', teamId: 't-2' })).toEqual(['doc-fetched@3000']);
      expect(await kinds({ userId: 'nobody' })).toEqual([]);
    });

    it('pages with beforeId without gaps or repeats', async () => {
      const store = slot.current;
      await store.appendAudit(
        Array.from({ length: 25 }, (_, i) => event(i, { userId: i % 2 ? 'odd' : 'even' })),
      );
      const all = await allIds(store, { limit: 100 });
      expect(all).toHaveLength(25);
      expect(await allIds(store, { limit: 4 })).toEqual(all);
      const first = await store.listAudit({ limit: 4 });
      expect(first.more).toBe(true);
      expect(await allIds(store, { userId: 'odd', limit: 5 })).toHaveLength(12);
    });

    it('stores a batch whole or not at all', async () => {
      const store = slot.current;
      const bad = { at: 1.5, kind: 'login' } as NewAuditEvent;
      await expect(store.appendAudit([event(1), bad])).rejects.toMatchObject({ code: 'invalid-input' });
      expect((await store.listAudit({ limit: 10 })).events).toEqual([]);
    });

    it('keeps last-seen times of devices, never moving them back', async () => {
      const store = slot.current;
      await store.createUser({
        id: 'u-1',
        login: 'anna',
        displayName: 'Anna',
        role: 'case-manager',
        passwordHash: 'scrypt$x',
        mustChangePassword: false,
      });
      await store.registerDevice({ id: 'd-1', userId: 'u-1', name: 'Tablet' });
      expect((await store.listDevices())[0]).toMatchObject({ id: 'd-1', lastSeenAt: null });
      await store.markDeviceSeen('d-1', 5_000);
      await store.markDeviceSeen('d-1', 4_000);
      await store.markDeviceSeen('no-such-device', 4_000);
      expect(await store.listDevices({ userId: 'u-1' })).toEqual([
        expect.objectContaining({ id: 'd-1', userId: 'u-1', name: 'Tablet', lastSeenAt: 5_000 }),
      ]);
      expect(await store.listDevices({ userId: 'u-2' })).toEqual([]);
    });
  });
}
