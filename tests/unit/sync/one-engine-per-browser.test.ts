import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { createTabSync, runAsLeader, type LockManagerLike, type TabSync } from '../../../src/sync/leader.ts';
import { fakeSocketClass, fieldUpdate, until, type FakeSocket } from './engine-harness.ts';

/** Web Locks as a browser grants them: one holder per name, the others wait in order or give up by abort. */
class InProcessLocks implements LockManagerLike {
  readonly #tails = new Map<string, Promise<void>>();

  request(
    name: string,
    options: { mode: 'exclusive'; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown> {
    const previous = this.#tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.#tails.set(
      name,
      previous.then(() => done),
    );
    return (async () => {
      const aborted = new Promise<never>((_, reject) => {
        const abort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        if (options.signal?.aborted) abort();
        options.signal?.addEventListener('abort', abort);
      });
      try {
        await Promise.race([previous, aborted]);
      } catch (error) {
        release();
        throw error;
      }
      try {
        return await callback({ name });
      } finally {
        release();
      }
    })();
  }
}

let counter = 0;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('one leader per browser', () => {
  it('runs the work in one holder at a time and hands it on when the holder resigns', async () => {
    const locks = new InProcessLocks();
    const running: string[] = [];
    const log: string[] = [];
    const start = (tab: string) => () => {
      running.push(tab);
      log.push(`start ${tab}`);
      return async () => {
        running.splice(running.indexOf(tab), 1);
        log.push(`stop ${tab}`);
      };
    };
    const resignA = runAsLeader('lock', start('a'), locks);
    const resignB = runAsLeader('lock', start('b'), locks);
    const resignC = runAsLeader('lock', start('c'), locks);
    await until(() => running.length === 1, 'a leader');
    expect(running).toEqual(['a']);

    await resignB(); // a waiting tab closes: it never runs
    await resignA();
    await until(() => running[0] === 'c', 'c takes over');
    await resignC();
    expect(log).toEqual(['start a', 'stop a', 'start c', 'stop c']);
  });

  it('runs at once where there are no locks', async () => {
    let stopped = false;
    const resign = runAsLeader('lock', () => () => Promise.resolve(void (stopped = true)), undefined);
    await resign();
    expect(stopped).toBe(true);
  });
});

describe('tabs sharing one sync engine', () => {
  function openTab(name: string, locks: LockManagerLike, sockets: FakeSocket[]) {
    const db = new LotseDatabase(name);
    const docs = new DocStore(db, plainCodec);
    const tab = createTabSync({
      relayUrl: 'http://relay.example',
      db,
      codec: plainCodec,
      docs,
      teamIds: () => ['team-a'],
      getAccessToken: async () => 'token',
      WebSocket: fakeSocketClass(sockets),
      backoff: { baseMs: 1, maxMs: 4, random: () => 0.5 },
      locks,
      BroadcastChannel,
    });
    cleanups.push(async () => {
      await tab.close();
      db.close();
    });
    return { db, docs, tab };
  }

  it('lets followers write, mirrors the leader status, hands on remote updates, and fails over', async () => {
    const name = `tab-sync-${++counter}`;
    cleanups.push(async () => void (await new LotseDatabase(name).delete()));
    const locks = new InProcessLocks();
    const sockets: FakeSocket[] = [];
    const a = openTab(name, locks, sockets);
    await until(() => a.tab.isLeader, 'a leads');
    const b = openTab(name, locks, sockets);
    expect(b.tab.isLeader).toBe(false);

    await until(() => sockets.length === 1, 'the leader connects');
    const socket = sockets[0]!;
    socket.open();
    socket.control({ type: 'welcome', teams: [{ id: 'team-a', latest: 0 }] });
    await until(() => b.tab.status.connection === 'online', 'b mirrors online');

    // A follower's local write reaches the leader's socket.
    await b.docs.assignTeam('case-1', 'team-a');
    await b.docs.append('case-1', fieldUpdate('city', 'Köln'));
    await until(() => socket.binaries().length === 1, 'the leader pushed the follower’s change');
    await until(() => b.tab.status.pendingByDoc.get('case-1') === 1, 'b sees it pending');

    // Remote updates reach the listeners of every tab.
    const heard: { tab: string; docId: string; bytes: number }[] = [];
    const listen = (tab: string, sync: TabSync) =>
      sync.onRemoteUpdates((docId, _teamId, updates) =>
        heard.push({ tab, docId, bytes: updates[0]!.length }),
      );
    listen('a', a.tab);
    listen('b', b.tab);
    const update = fieldUpdate('phone', '0221');
    socket.log('team-a', [{ seq: 1, docId: 'case-2', update }]);
    await until(() => heard.length === 2, 'both tabs heard');
    expect(heard.map((entry) => entry.tab).sort()).toEqual(['a', 'b']);
    expect(heard.every((entry) => entry.docId === 'case-2' && entry.bytes === update.length)).toBe(true);

    // The leader tab closes: the follower takes over with its own socket and pushes what is pending.
    await a.tab.close();
    await until(() => b.tab.isLeader, 'b leads');
    await until(() => sockets.length === 2, 'b connects');
    const next = sockets[1]!;
    next.open();
    next.control({ type: 'welcome', teams: [{ id: 'team-a', latest: 1 }] });
    await until(() => next.binaries().length === 1, 'the pending change pushed again');
    expect(b.tab.status.connection).toBe('online');
  });
});
