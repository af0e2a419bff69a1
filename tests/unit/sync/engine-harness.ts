import 'fake-indexeddb/auto';
import { vi } from 'vitest';
import * as Y from 'yjs';
import {
  decodeBinaryFrame,
  encodeBinaryFrame,
  encodeControl,
  FRAME_LOG,
  type BinaryFrame,
  type LogEntry,
  type RelayControl,
  type Unversioned,
} from '../../../src/protocol/sync.ts';
import { plainCodec, type Codec } from '../../../src/storage/codec.ts';
import { CursorStore } from '../../../src/storage/cursors.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { SyncEngine, type SyncEngineOptions } from '../../../src/sync/engine.ts';

/**
 * A stand-in for the browser's WebSocket that the test plays the relay through: it records what the engine
 * sends and lets the test open, answer and close. Unit tests only; the relay tests use real sockets.
 */
export class FakeSocket {
  readonly url: string;
  binaryType = 'blob';
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: (string | Uint8Array)[] = [];
  closedWith: { code: number; reason: string } | null = null;

  constructor(url: string) {
    this.url = url;
  }

  send(data: string | Uint8Array): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(typeof data === 'string' ? data : data.slice());
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) return;
    this.closedWith = { code, reason };
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code, reason }));
  }

  // ── the relay's side ──

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  deliver(frame: string | Uint8Array): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : frame.slice().buffer });
  }

  control(frame: Unversioned<RelayControl>): void {
    this.deliver(encodeControl(frame));
  }

  binary(frame: BinaryFrame): void {
    this.deliver(encodeBinaryFrame(frame));
  }

  log(teamId: string, entries: LogEntry[]): void {
    this.binary({ kind: FRAME_LOG, teamId, entries });
  }

  /** The relay ends the session (or the network drops it, code 1006). */
  drop(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  controls(): Record<string, unknown>[] {
    return this.sent.filter((f): f is string => typeof f === 'string').map((f) => JSON.parse(f));
  }

  binaries(): BinaryFrame[] {
    return this.sent.filter((f): f is Uint8Array => typeof f !== 'string').map((f) => decodeBinaryFrame(f));
  }
}

/** A WebSocket class whose every instance is a `FakeSocket` recorded in `sockets`. */
export function fakeSocketClass(sockets: FakeSocket[]): typeof WebSocket {
  return class extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  } as unknown as typeof WebSocket;
}

let counter = 0;

export interface Harness {
  db: LotseDatabase;
  docs: DocStore;
  engine: SyncEngine;
  sockets: FakeSocket[];
  tokenRequests: { forceRefresh: boolean }[];
  cursors(): Promise<Map<string, number>>;
  /** The newest socket, once the engine has opened one beyond `count` sockets. */
  nextSocket(count?: number): Promise<FakeSocket>;
  /** Starts the engine, opens the socket and welcomes it with `teams`. */
  connect(teams?: { id: string; latest: number }[]): Promise<FakeSocket>;
  close(): Promise<void>;
}

/** An engine on a fresh database; `storeCodec` is the codec the doc store writes with. */
export function createHarness(options: Partial<SyncEngineOptions> & { storeCodec?: Codec } = {}): Harness {
  const { storeCodec = plainCodec, ...engineOptions } = options;
  const db = new LotseDatabase(`engine-test-${process.pid}-${++counter}`);
  const docs = new DocStore(db, storeCodec);
  const sockets: FakeSocket[] = [];
  const tokenRequests: { forceRefresh: boolean }[] = [];
  const engine = new SyncEngine({
    relayUrl: 'https://relay.example/lotse',
    db,
    codec: plainCodec,
    docs,
    teamIds: () => ['team-a'],
    getAccessToken: async (request) => {
      tokenRequests.push(request);
      return `token-${tokenRequests.length}`;
    },
    WebSocket: fakeSocketClass(sockets),
    backoff: { baseMs: 1, maxMs: 4, random: () => 0.5 },
    ...engineOptions,
  });
  docs.onOutbox(() => engine.nudge());
  const nextSocket = (count = sockets.length) =>
    vi.waitFor(
      () => {
        if (sockets.length <= count) throw new Error('no new socket yet');
        return sockets.at(-1)!;
      },
      { timeout: 10_000, interval: 2 },
    );
  return {
    db,
    docs,
    engine,
    sockets,
    tokenRequests,
    async cursors() {
      const rows = await new CursorStore(db).all();
      return new Map([...rows].map(([teamId, row]) => [teamId, row.seq]));
    },
    nextSocket,
    async connect(teams = [{ id: 'team-a', latest: 0 }]) {
      const before = sockets.length;
      engine.start();
      const socket = await nextSocket(before);
      socket.open();
      socket.control({ type: 'welcome', teams });
      await until(() => engine.status.connection === 'online', 'online');
      return socket;
    },
    async close() {
      await engine.stop();
      await db.delete();
    },
  };
}

/** A Yjs update that sets `key` of the doc's `fields` map, from a doc of its own. */
export function fieldUpdate(key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('fields').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

export async function fieldsOf(docs: DocStore, docId: string): Promise<Record<string, unknown>> {
  return (await docs.load(docId)).doc.getMap('fields').toJSON();
}

export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error(`still waiting for ${what}`);
    },
    { timeout: 10_000, interval: 2 },
  );
}
