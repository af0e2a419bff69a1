import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Principal } from '../../../sync-server/src/auth/principal.ts';
import { createLogger } from '../../../sync-server/src/logger.ts';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { DocCache } from '../../../sync-server/src/sync/doc-cache.ts';
import { docKey } from '../../../sync-server/src/sync/doc-key.ts';
import { SyncCore } from '../../../sync-server/src/sync/sync-core.ts';
import { seedWorld, WORLD } from './support/world.ts';

const A = WORLD.teamA;
const KEY = docKey(A, 'case-1');
const log = createLogger('silent');
const anna: Principal = {
  ...WORLD.anna,
  login: 'anna',
  teamIds: new Set([A]),
  expiresAt: Date.now() + 60_000,
};

let dir: string;
let store: RelayStore;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lotse-cache-'));
  store = await openSqliteStore(path.join(dir, 'lotse.sqlite3'));
  await seedWorld(store);
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function edit(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  doc.once('update', (next: Uint8Array) => (update = next));
  doc.getText('body').insert(doc.getText('body').length, text);
  return update;
}

/** The store with `docState` counted and held until `release`. */
function countingStore() {
  let calls = 0;
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'docState') return Reflect.get(target, property, receiver) as unknown;
      return async (key: string) => {
        calls += 1;
        const state = await target.docState(key);
        await gate;
        return state;
      };
    },
  });
  return { counted, release, calls: () => calls };
}

function cache(target: RelayStore, options: { idleMs: number; now?: () => number }): DocCache {
  const created = new DocCache(target, log, options);
  closers.push(() => created.close());
  return created;
}

describe('the relay doc cache', () => {
  it('loads a doc once for concurrent readers and keeps an update that arrives during the load', async () => {
    const writer = new Y.Doc();
    await store.registerDoc(KEY, A);
    await store.appendUpdate({ teamId: A, docId: KEY, update: edit(writer, 'gespeichert '), ...WORLD.anna });
    const { counted, release, calls } = countingStore();
    const docs = cache(counted, { idleMs: 60_000 });

    const loads = [docs.get(KEY), docs.get(KEY), docs.get(KEY)];
    // Accepted (and logged) while the load is running: the stored state read may not contain it.
    docs.apply(KEY, edit(writer, 'während des Ladens '));
    release();
    const [first, ...others] = await Promise.all(loads);
    expect(calls()).toBe(1);
    for (const other of others) expect(other).toBe(first);
    expect(first!.getText('body').toString()).toBe('gespeichert während des Ladens ');
  });

  it('evicts a doc nobody holds after it was idle, and keeps a held one', async () => {
    let now = 1_000;
    const docs = cache(store, { idleMs: 60_000, now: () => now });
    await docs.get(docKey(A, 'idle'));
    const release = docs.hold(docKey(A, 'held'));
    await docs.get(docKey(A, 'held'));
    expect(docs.size).toBe(2);

    now += 30_000;
    docs.sweep();
    expect(docs.size).toBe(2);
    now += 31_000;
    docs.sweep();
    expect(docs.has(docKey(A, 'idle'))).toBe(false);
    expect(docs.has(docKey(A, 'held'))).toBe(true);

    release();
    now += 61_000;
    docs.sweep();
    expect(docs.size).toBe(0);
  });
});

describe('the sync core', () => {
  it('compacts a doc in the background after enough appends, without changing its state', async () => {
    const core = new SyncCore(store, log, { compactEvery: 5, compactKeepNewest: 2 });
    closers.push(() => core.close());
    const writer = new Y.Doc();
    const seqs: (number | null)[] = [];
    for (const text of ['a', 'b', 'c', 'd', 'e']) {
      seqs.push((await core.accept(anna, A, 'case-1', edit(writer, text))).seq);
    }
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    // close() waits for the compaction it started.
    await core.close();
    expect(await store.horizon(A)).toBe(3);
    const state = new Y.Doc();
    Y.applyUpdate(state, await store.docState(KEY));
    expect(state.getText('body').toString()).toBe('abcde');
  });

  it('refuses an update that is not Yjs before anything is registered or logged', async () => {
    const core = new SyncCore(store, log);
    closers.push(() => core.close());
    await expect(core.accept(anna, A, 'case-x', new Uint8Array([7, 7, 7]))).rejects.toMatchObject({
      code: 'malformed-frame',
    });
    expect(await store.docsOfTeam(A)).toEqual([]);
  });
});
