/**
 * The device's side of `npm run bench -- lifecycle` (docs/architecture.md#data-lifecycle): a device that
 * holds 1,000 cases (each with its stored updates, an encrypted summary with an Aktenzeichen, field edits,
 * one unsynced change in the outbox and a conflict notice) receives 1,000 erasure entries in `erased`
 * frames of the relay's batch size, and erases every case before its cursor moves past them. Timed from
 * the first frame to the last erasure reported, through the sync engine as the app runs it, with the
 * vault's AES-GCM codec (the erasure decrypts each summary for the notice's Aktenzeichen) on
 * fake-indexeddb in Node: IndexedDB in a browser is slower per transaction, so this is a lower bound of
 * the storage work, and says how it grows, not what a tablet takes.
 *
 * `npm run bench -- lifecycle-device` runs only this part and writes it into the `device` field of
 * bench/results/lifecycle.json; `LIFECYCLE_DEVICE_CASES` makes a smaller run (a smoke test).
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { ERASED_BATCH, encodeControl, type ErasureEntry } from '../src/protocol/sync.ts';
import { encodeJson, summaryRecord } from '../src/storage/codec.ts';
import { LotseDatabase } from '../src/storage/db.ts';
import { DocStore } from '../src/storage/doc-store.ts';
import { createVault, vaultCodec } from '../src/storage/vault.ts';
import { SyncEngine } from '../src/sync/engine.ts';
import { measuredCode, RESULTS_DIR } from './support.ts';

const TEAM = 'kim-01';
const UPDATES_PER_CASE = 5;

/** A WebSocket the bench plays the relay through: it opens at once and records nothing. */
class BenchSocket {
  static last: BenchSocket | undefined;
  binaryType = 'arraybuffer';
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    BenchSocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }

  send(): void {}

  close(): void {
    this.readyState = 3;
  }

  deliver(text: string): void {
    this.onmessage?.({ data: text });
  }
}

function caseUpdates(index: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < UPDATES_PER_CASE; i++) {
    doc.getMap('fields').set(`field-${i}`, `Fall ${index}: Gesprächsnotiz ${i}, Termin am Amt.`);
  }
  doc.destroy();
  return updates;
}

export interface DeviceErasureResult {
  cases: number;
  erasures: number;
  frames: number;
  updatesPerCase: number;
  seedMs: number;
  eraseAllMs: number;
  perErasureMs: number;
  storage: string;
}

/** Seeds a device with `cases` cases and times erasing all of them through the engine. */
export async function measureDeviceErasures(cases: number): Promise<DeviceErasureResult> {
  const { key } = await createVault('bench-secret', { iterations: 1_000 });
  const codec = vaultCodec(key, { keyId: 1 });
  // Given explicitly: other benchmarks loaded Dexie before this module could install a global IndexedDB.
  const db = new LotseDatabase(`bench-lifecycle-device-${process.pid}-${Date.now()}`, {
    indexedDB,
    IDBKeyRange,
  });
  const docs = new DocStore(db, codec, { compactAfter: Number.MAX_SAFE_INTEGER });
  try {
    const seedStarted = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < cases; i++) {
      const docId = `case-${String(i).padStart(4, '0')}`;
      ids.push(docId);
      const [first, ...rest] = caseUpdates(i);
      await docs.storeRemote(docId, [first!], TEAM);
      for (const update of rest.slice(0, -1)) await docs.storeRemote(docId, [update], TEAM);
      // One change of this device not yet sent, with the field it wrote, as an open case file leaves them.
      await docs.append(docId, rest.at(-1)!, [{ path: 'person/phone', value: `0203 ${i}`, item: null }]);
      const summary = { id: docId, caseNumber: `AZ-${i}`, displayName: `Fall ${i}` };
      await db.summaries.put({
        id: docId,
        data: await encodeJson(codec, summary, summaryRecord(docId)),
        seq: i + 1,
        at: Date.now(),
      });
      await db.conflicts.add({
        docId,
        data: await codec.encode(new Uint8Array(64), summaryRecord(docId)),
        at: 0,
      });
    }
    // The device caught up with the team before: the erasures follow its cursor.
    await db.cursors.put({ teamId: TEAM, seq: cases, syncedAt: Date.now(), epoch: null });
    await db.meta.put({ key: `erasures-caught-up:${TEAM}`, value: true });
    const seedMs = performance.now() - seedStarted;

    let erased = 0;
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const engine = new SyncEngine({
      relayUrl: 'https://relay.example',
      db,
      codec,
      docs,
      teamIds: () => [TEAM],
      getAccessToken: async () => 'token',
      WebSocket: BenchSocket as unknown as typeof WebSocket,
      onErased: (batch) => {
        erased += batch.length;
        if (erased >= cases) done();
      },
    });
    engine.start();
    await new Promise<void>((resolve) => {
      const stop = engine.subscribe((status) => {
        if (status.connection === 'connecting' && BenchSocket.last?.readyState === 1) {
          stop();
          resolve();
        }
      });
    });
    const socket = BenchSocket.last!;
    const latest = cases * 2;
    socket.deliver(encodeControl({ type: 'welcome', teams: [{ id: TEAM, latest }] }));
    const entries: ErasureEntry[] = ids.map((docId, i) => ({
      seq: cases + i + 1,
      docId,
      erasedAt: new Date().toISOString(),
      reason: 'retention',
    }));
    const started = performance.now();
    let frames = 0;
    for (let i = 0; i < entries.length; i += ERASED_BATCH) {
      socket.deliver(
        encodeControl({ type: 'erased', teamId: TEAM, entries: entries.slice(i, i + ERASED_BATCH) }),
      );
      frames += 1;
    }
    await finished;
    const eraseAllMs = performance.now() - started;
    await engine.stop();
    if ((await db.updates.count()) > 0 || (await db.outbox.count()) > 0 || (await db.summaries.count()) > 0) {
      throw new Error('the erasures left rows behind');
    }
    return {
      cases,
      erasures: entries.length,
      frames,
      updatesPerCase: UPDATES_PER_CASE,
      seedMs: Math.round(seedMs),
      eraseAllMs: Math.round(eraseAllMs),
      perErasureMs: Math.round((eraseAllMs / entries.length) * 100) / 100,
      storage: 'fake-indexeddb in Node, vault AES-GCM codec',
    };
  } finally {
    await db.delete();
  }
}

/** Runs the device part and writes it into the `device` field of bench/results/lifecycle.json. */
export async function benchLifecycleDevice(): Promise<Record<string, unknown>> {
  const cases = Number(process.env.LIFECYCLE_DEVICE_CASES ?? 1_000);
  const loadAtStart = loadavg()[0]!;
  const result = await measureDeviceErasures(cases);
  const device = {
    ...result,
    date: new Date().toISOString(),
    code: measuredCode(),
    loadAverage1m: {
      atStart: Math.round(loadAtStart * 100) / 100,
      atEnd: Math.round(loadavg()[0]! * 100) / 100,
    },
  };
  console.log(
    `lifecycle (device): ${result.erasures} erasures of ${result.cases} cases in ${result.eraseAllMs} ms ` +
      `(${result.perErasureMs} ms each)`,
  );
  return device;
}

/** `npm run bench -- lifecycle-device`: only the device part, merged into the existing result file. */
export async function benchLifecycleDeviceOnly(): Promise<void> {
  const device = await benchLifecycleDevice();
  const file = path.join(RESULTS_DIR, 'lifecycle.json');
  const existing = JSON.parse(await readFile(file, 'utf8').catch(() => '{"name":"lifecycle"}')) as Record<
    string,
    unknown
  >;
  await writeFile(file, `${JSON.stringify({ ...existing, device }, null, 2)}\n`);
  console.log(`lifecycle (device): wrote ${file}`);
}
