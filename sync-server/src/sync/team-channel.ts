import {
  CATCH_UP_BATCH_ROWS,
  encodeBinaryFrame,
  encodeControl,
  ERASED_BATCH,
  FRAME_LOG,
  type ErasureEntry,
  type LogEntry,
} from '../../../src/protocol/sync.ts';
import type { ErasureRecord, RelayStore } from '../storage/contract.ts';
import type { Connection } from './connection.ts';
import { clientDocId, docKey } from './doc-key.ts';
import type { PublishedBatch, PublishedEntry } from './team-hub.ts';

/**
 * A log frame also ends at about this many bytes of updates, so that a batch of large (compacted) rows does
 * not become one huge frame. A single row larger than this still goes out whole, in a frame of its own.
 */
export const CATCH_UP_BATCH_BYTES = 1024 * 1024;

/**
 * One team's stream on a device socket. It subscribes before the catch-up reads the log, buffers the live
 * updates published meanwhile, and after the catch-up sends those of them the catch-up did not cover, so a
 * device sees each `seq` once and in order.
 */
export class TeamChannel {
  readonly #conn: Connection;
  readonly #store: RelayStore;
  #catchingUp = true;
  #buffered: PublishedEntry[] = [];
  /** The highest `seq` sent to the device; live updates at or below it are not sent again. */
  #sentUpTo = 0;

  readonly #fetched: (docId: string) => void;
  /** Whether the device named `FEATURE_ERASURES` in its hello; others are sent no erasures. */
  readonly #erasures: boolean;
  /** The hello's `erasuresSince` for this team, if it named one. */
  #erasuresAfter: number | undefined;

  /** `fetched` is told every doc id whose content goes out, for the audit log. */
  constructor(
    readonly teamId: string,
    conn: Connection,
    store: RelayStore,
    fetched: (docId: string) => void = () => {},
    { erasures = false }: { erasures?: boolean } = {},
  ) {
    this.#conn = conn;
    this.#store = store;
    this.#fetched = fetched;
    this.#erasures = erasures;
  }

  /**
   * The hub's listener: updates of this team were appended (several at once after a group commit), or a doc
   * of it erased. The updates the device has not seen go out as one log frame; a batch that is new to the
   * device as a whole goes out as the frame every other socket of the team gets too, encoded once.
   */
  onPublished(batch: PublishedBatch): void {
    if (this.#catchingUp) {
      this.#buffered.push(...batch);
      return;
    }
    const fresh = batch.filter((entry) => entry.seq > this.#sentUpTo);
    const last = fresh.at(-1);
    if (last === undefined) return;
    this.#sentUpTo = last.seq;
    if (fresh.length === batch.length && batch.every((entry) => entry.kind !== 'erasure')) {
      for (const entry of batch) this.#fetched(entry.docId);
      this.#conn.send(sharedLogFrame(this.teamId, batch));
      return;
    }
    let updates: LogEntry[] = [];
    for (const entry of fresh) {
      if (entry.kind !== 'erasure') {
        this.#fetched(entry.docId);
        updates.push({ seq: entry.seq, docId: entry.docId, update: entry.update });
        continue;
      }
      if (updates.length > 0) this.#conn.send(logFrame(this.teamId, updates));
      updates = [];
      if (this.#erasures) {
        const erased = { seq: entry.seq, docId: entry.docId, erasedAt: entry.erasedAt, reason: entry.reason };
        this.#conn.send(erasedFrame(this.teamId, [erasureEntry(erased)]));
      }
    }
    if (updates.length > 0) this.#conn.send(logFrame(this.teamId, updates));
  }

  /**
   * Brings the device from `cursor` to the present (docs/architecture.md#sync-protocol). `latest` is the
   * team's last `seq` read after this channel subscribed, as the welcome frame announced it. With
   * `erasuresAfter` (the hello's `erasuresSince`) below the cursor, the erasures from there are sent too:
   * a device that upgraded from an app without erasures learns of those its cursor passed.
   */
  async catchUp(cursor: number, latest: number, erasuresAfter?: number): Promise<void> {
    this.#erasuresAfter = erasuresAfter;
    const horizon = await this.#store.horizon(this.teamId);
    if (cursor > latest || (cursor > 0 && cursor < horizon)) {
      // Older than the compaction horizon (or from a log this relay does not have): replaying rows would
      // hand out whole compacted docs, so the device asks per doc with its state vector instead.
      await this.#resync(cursor, latest);
    } else if (cursor === 0 && horizon > 0) {
      await this.#wholeStates(latest);
    } else {
      await this.#streamLog(cursor, latest);
    }
  }

  /** Where the erasures of a catch-up from `cursor` start: lower when the device asked for more. */
  #erasuresFrom(cursor: number): number {
    return this.#erasuresAfter === undefined ? cursor : Math.min(cursor, this.#erasuresAfter);
  }

  async #streamLog(cursor: number, latest: number): Promise<void> {
    let after = cursor;
    for (;;) {
      const batch = await this.#store.updatesSince(this.teamId, after, CATCH_UP_BATCH_ROWS);
      const entries: LogEntry[] = [];
      for (const row of batch.updates) {
        after = row.seq;
        const docId = clientDocId(this.teamId, row.docId);
        if (docId !== undefined) entries.push({ seq: row.seq, docId, update: row.update });
      }
      if (!(await this.#sendEntries(entries))) return;
      if (!batch.more) break;
    }
    // The log may end in erasures, which hold no rows: the catch-up reaches `latest` all the same. Every
    // entry above `latest` was published to this channel (it subscribed before reading `latest`).
    const upTo = Math.max(after, latest);
    if (!(await this.#sendErasures(this.#erasuresFrom(cursor), upTo))) return;
    this.#sentUpTo = upTo;
    this.#conn.send(encodeControl({ type: 'caught-up', teamId: this.teamId, seq: upTo }));
    this.#goLive();
  }

  /**
   * Sends the erasures with `cursor < seq <= upTo` to a device that handles them. They need no place among
   * the log frames: an erased doc's rows are gone from the log, and no row of it can follow its erasure.
   */
  async #sendErasures(cursor: number, upTo: number): Promise<boolean> {
    if (!this.#erasures) return this.#conn.open;
    let after = cursor;
    for (;;) {
      const batch = (await this.#store.erasuresSince(this.teamId, after, ERASED_BATCH)).filter(
        (erasure) => erasure.seq <= upTo,
      );
      const entries = batch.flatMap((erasure) => {
        const docId = clientDocId(this.teamId, erasure.docId);
        return docId === undefined ? [] : [erasureEntry({ ...erasure, docId })];
      });
      if (entries.length > 0) await this.#conn.sendPaced(erasedFrame(this.teamId, entries));
      if (!this.#conn.open) return false;
      const last = batch.at(-1);
      if (batch.length < ERASED_BATCH || last === undefined) return true;
      after = last.seq;
    }
  }

  async #wholeStates(latest: number): Promise<void> {
    const docIds = await this.#docIds();
    let entries: LogEntry[] = [];
    let bytes = 0;
    for (const docId of docIds) {
      const update = await this.#store.docState(docKey(this.teamId, docId));
      // A doc registered without any update (its first append failed) has nothing to send.
      if (update.byteLength === 0) continue;
      entries.push({ seq: 0, docId, update });
      bytes += update.byteLength;
      if (entries.length >= CATCH_UP_BATCH_ROWS || bytes >= CATCH_UP_BATCH_BYTES) {
        if (!(await this.#sendEntries(entries))) return;
        entries = [];
        bytes = 0;
      }
    }
    if (!(await this.#sendEntries(entries))) return;
    // A device starting from nothing may still hold changes to send (a whole-state resend after a restored
    // backup): it learns which docs it must not send.
    if (!(await this.#sendErasures(0, latest))) return;
    this.#sentUpTo = latest;
    this.#conn.send(encodeControl({ type: 'caught-up', teamId: this.teamId, seq: latest }));
    this.#goLive();
  }

  async #resync(cursor: number, latest: number): Promise<void> {
    const docIds = await this.#docIds();
    // A cursor from a log this relay does not have says nothing about which erasures the device saw.
    if (!(await this.#sendErasures(cursor > latest ? 0 : this.#erasuresFrom(cursor), latest))) return;
    this.#sentUpTo = latest;
    this.#conn.send(encodeControl({ type: 'resync', teamId: this.teamId, seq: latest, docIds }));
    this.#goLive();
  }

  async #docIds(): Promise<string[]> {
    const keys = await this.#store.docsOfTeam(this.teamId);
    return keys.flatMap((key) => clientDocId(this.teamId, key) ?? []);
  }

  /** Sends entries in frames of at most a batch; resolves `false` when the socket closed meanwhile. */
  async #sendEntries(entries: LogEntry[]): Promise<boolean> {
    let frame: LogEntry[] = [];
    let bytes = 0;
    for (const entry of entries) {
      this.#fetched(entry.docId);
      if (frame.length > 0 && bytes + entry.update.byteLength > CATCH_UP_BATCH_BYTES) {
        await this.#conn.sendPaced(logFrame(this.teamId, frame));
        frame = [];
        bytes = 0;
      }
      frame.push(entry);
      bytes += entry.update.byteLength;
    }
    if (frame.length > 0) await this.#conn.sendPaced(logFrame(this.teamId, frame));
    return this.#conn.open;
  }

  /** Sends what was published during the catch-up and not covered by it, then passes updates straight on. */
  #goLive(): void {
    const buffered = this.#buffered;
    this.#buffered = [];
    this.#catchingUp = false;
    this.onPublished(buffered);
  }
}

function erasureEntry(erasure: Pick<ErasureRecord, 'seq' | 'docId' | 'erasedAt' | 'reason'>): ErasureEntry {
  return {
    seq: erasure.seq,
    docId: erasure.docId,
    erasedAt: new Date(erasure.erasedAt).toISOString(),
    reason: erasure.reason,
  };
}

function erasedFrame(teamId: string, entries: ErasureEntry[]): string {
  return encodeControl({ type: 'erased', teamId, entries });
}

/**
 * The log frame of a batch of updates as the hub published it, encoded by the first socket that sends it and
 * reused by every other socket of the team (the batch array is the same object for all of them).
 */
const sharedFrames = new WeakMap<PublishedBatch, Uint8Array>();

function sharedLogFrame(teamId: string, batch: PublishedBatch): Uint8Array {
  let frame = sharedFrames.get(batch);
  if (frame === undefined) {
    const entries = batch.flatMap((entry) =>
      entry.kind === 'erasure' ? [] : [{ seq: entry.seq, docId: entry.docId, update: entry.update }],
    );
    frame = logFrame(teamId, entries);
    sharedFrames.set(batch, frame);
  }
  return frame;
}

function logFrame(teamId: string, entries: LogEntry[]): Uint8Array {
  return encodeBinaryFrame({ kind: FRAME_LOG, teamId, entries });
}
