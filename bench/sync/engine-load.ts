/**
 * The app's own client end to end: a fresh `SyncEngine` (src/sync/engine.ts) with a Dexie database on
 * fake-indexeddb in Node, from `start()` until it reports the team caught up with every update stored and
 * the cursor set; then `DocStore.loadAll()` turns the stored updates into live Y.Docs, timed on its own.
 * fake-indexeddb is a pure-JavaScript IndexedDB, so the storage part is slower than a browser's; it shows
 * where the engine spends its time, not what a tablet would measure.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import { plainCodec } from '../../src/storage/codec.ts';
import { CursorStore } from '../../src/storage/cursors.ts';
import { LotseDatabase } from '../../src/storage/db.ts';
import { DocStore } from '../../src/storage/doc-store.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import type { SyncStatus } from '../../src/sync/status.ts';
import { within } from '../../tests/support/sync-socket.ts';

export interface EngineLoad {
  /** start() until caught up and stored. */
  caughtUpMs: number;
  /** DocStore.loadAll() afterwards. */
  loadAllMs: number;
  docs: Map<string, Y.Doc>;
}

let databases = 0;

export async function loadThroughEngine(
  relayUrl: string,
  token: string,
  teamId: string,
  latest: number,
  timeoutMs = 60_000,
): Promise<EngineLoad> {
  // Passed explicitly: Dexie reads the IndexedDB globals once, when it is first imported, which in
  // `npm run bench` happens (through other benchmarks) before this module could set them.
  const db = new LotseDatabase(`sync-bench-${process.pid}-${++databases}`, { indexedDB, IDBKeyRange });
  const store = new DocStore(db, plainCodec);
  const engine = new SyncEngine({
    relayUrl,
    db,
    codec: plainCodec,
    docs: store,
    teamIds: () => [teamId],
    getAccessToken: async () => token,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    backoff: { baseMs: 50, maxMs: 200, random: Math.random },
  });
  let last: SyncStatus = engine.status;
  let sawCatchUp = false;
  try {
    const started = performance.now();
    const done = new Promise<void>((resolve, reject) => {
      engine.subscribe((status) => {
        last = status;
        if (status.catchingUp) sawCatchUp = true;
        if (status.connection === 'refused')
          reject(new Error(`the relay refused the engine: ${status.refusal?.code}`));
        if (sawCatchUp && status.connection === 'online' && status.catchingUp === null) resolve();
      });
    });
    engine.start();
    await within(done, timeoutMs, () => `the sync engine catching up (last status ${JSON.stringify(last)})`);
    const caughtUpMs = performance.now() - started;
    const cursor = (await new CursorStore(db).all()).get(teamId)?.seq;
    if (cursor !== latest)
      throw new Error(`the engine reported caught up at cursor ${cursor}, not ${latest}`);
    await engine.stop();
    const loadStarted = performance.now();
    const loaded = await store.loadAll();
    const loadAllMs = performance.now() - loadStarted;
    return { caughtUpMs, loadAllMs, docs: new Map([...loaded].map(([id, entry]) => [id, entry.doc])) };
  } finally {
    await engine.stop();
    await store.flush();
    db.close();
    await db.delete();
  }
}
