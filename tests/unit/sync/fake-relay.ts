import * as Y from 'yjs';
import {
  decodeBinaryFrame,
  encodeBinaryFrame,
  encodeControl,
  FEATURE_ERASURES,
  FRAME_LOG,
  FRAME_PUSH,
  type ErasureEntry,
  type RelayControl,
  type Unversioned,
} from '../../../src/protocol/sync.ts';
import { FakeSocket } from './engine-harness.ts';

type Entry =
  { seq: number; kind: 'update'; docId: string; update: Uint8Array } | ({ kind: 'erasure' } & ErasureEntry);

/** One device's socket as the fake relay holds it. */
class RelaySocket extends FakeSocket {
  caughtUp = false;
  erasures = false;
}

/**
 * A relay of one team in memory, for unit tests with several devices: the log, exactly-once acks of
 * pushes, catch-up from a cursor with the erasures above it (or above the hello's `erasuresSince`), live
 * updates and erasures to every connected device, and `doc-erased` for pushes to an erased doc. It keeps a
 * doc per case to decide erasures on, and Löschsperren. What it leaves out: epochs, compaction, resync.
 */
export class FakeRelay {
  readonly teamId: string;
  readonly log: Entry[] = [];
  readonly erased = new Set<string>();
  readonly held = new Set<string>();
  readonly #docs = new Map<string, Y.Doc>();
  readonly #sockets = new Set<RelaySocket>();
  #seq = 0;

  constructor(teamId = 'team-a') {
    this.teamId = teamId;
  }

  /**
   * A WebSocket class for one device; `online()` says whether its network is up, and every socket it opens
   * is recorded in `sockets` (to `cut` them).
   */
  socketClass(online: () => boolean, sockets: FakeSocket[]): typeof WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const relay = this;
    return class extends RelaySocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
        queueMicrotask(() => {
          if (!online()) {
            this.drop(1006);
            return;
          }
          relay.#sockets.add(this);
          this.open();
        });
      }

      override send(data: string | Uint8Array): void {
        super.send(data);
        relay.#receive(this, data);
      }

      override close(code?: number, reason?: string): void {
        relay.#sockets.delete(this);
        super.close(code, reason);
      }
    } as unknown as typeof WebSocket;
  }

  /** The network of a device went down: its sockets drop. */
  cut(sockets: readonly FakeSocket[]): void {
    for (const socket of sockets) {
      if (!this.#sockets.delete(socket as RelaySocket)) continue;
      socket.drop(1006);
    }
  }

  /** The doc as the relay has it, from every update it accepted. */
  doc(docId: string): Y.Doc | undefined {
    return this.#docs.get(docId);
  }

  /**
   * Erases the doc as the relay would: for `retention` only when the case is closed, never while held.
   * Resolves whether it erased.
   */
  erase(docId: string, reason: 'retention' | 'request'): boolean {
    const doc = this.#docs.get(docId);
    if (!doc || this.erased.has(docId) || this.held.has(docId)) return false;
    if (reason === 'retention' && doc.getMap('fields').get('phase') !== 'closed') return false;
    for (let i = this.log.length - 1; i >= 0; i -= 1) {
      const entry = this.log[i]!;
      if (entry.kind === 'update' && entry.docId === docId) this.log.splice(i, 1);
    }
    this.#docs.delete(docId);
    doc.destroy();
    this.erased.add(docId);
    const entry: ErasureEntry = { seq: ++this.#seq, docId, erasedAt: new Date().toISOString(), reason };
    this.log.push({ kind: 'erasure', ...entry });
    for (const socket of this.#sockets) {
      if (socket.caughtUp && socket.erasures) {
        socket.control({ type: 'erased', teamId: this.teamId, entries: [entry] });
      }
    }
    return true;
  }

  get latest(): number {
    return this.#seq;
  }

  #receive(socket: RelaySocket, data: string | Uint8Array): void {
    if (typeof data === 'string') {
      const frame = JSON.parse(data) as {
        type: string;
        cursors?: Record<string, number>;
        features?: string[];
        erasuresSince?: Record<string, number>;
      };
      if (frame.type === 'hello') this.#hello(socket, frame);
      return;
    }
    const frame = decodeBinaryFrame(data);
    if (frame.kind !== FRAME_PUSH) return;
    const { ref, teamId, docId, update } = frame;
    if (this.erased.has(docId)) {
      this.#answer(socket, {
        type: 'error',
        code: 'doc-erased',
        message: 'The case was erased.',
        ref,
        teamId,
        docId,
      });
      return;
    }
    let doc = this.#docs.get(docId);
    if (!doc) {
      doc = new Y.Doc();
      this.#docs.set(docId, doc);
    }
    Y.applyUpdate(doc, update);
    const seq = ++this.#seq;
    this.log.push({ seq, kind: 'update', docId, update: update.slice() });
    this.#answer(socket, { type: 'ack', ref, seq });
    for (const other of this.#sockets) {
      if (!other.caughtUp) continue;
      other.binary({ kind: FRAME_LOG, teamId, entries: [{ seq, docId, update }] });
    }
  }

  #hello(
    socket: RelaySocket,
    hello: { cursors?: Record<string, number>; features?: string[]; erasuresSince?: Record<string, number> },
  ): void {
    const cursor = hello.cursors?.[this.teamId] ?? 0;
    socket.erasures = hello.features?.includes(FEATURE_ERASURES) ?? false;
    socket.deliver(encodeControl({ type: 'welcome', teams: [{ id: this.teamId, latest: this.#seq }] }));
    const updates = this.log.filter(
      (entry): entry is Extract<Entry, { kind: 'update' }> => entry.kind === 'update' && entry.seq > cursor,
    );
    if (updates.length > 0) {
      socket.deliver(
        encodeBinaryFrame({
          kind: FRAME_LOG,
          teamId: this.teamId,
          entries: updates.map(({ seq, docId, update }) => ({ seq, docId, update })),
        }),
      );
    }
    const from = Math.min(cursor, hello.erasuresSince?.[this.teamId] ?? cursor);
    const erasures = this.log.filter(
      (entry): entry is Extract<Entry, { kind: 'erasure' }> => entry.kind === 'erasure' && entry.seq > from,
    );
    if (socket.erasures && erasures.length > 0) {
      socket.control({
        type: 'erased',
        teamId: this.teamId,
        entries: erasures.map(({ seq, docId, erasedAt, reason }) => ({ seq, docId, erasedAt, reason })),
      });
    }
    socket.control({ type: 'caught-up', teamId: this.teamId, seq: this.#seq });
    socket.caughtUp = true;
  }

  #answer(socket: RelaySocket, frame: Unversioned<RelayControl>): void {
    socket.deliver(encodeControl(frame));
  }
}
