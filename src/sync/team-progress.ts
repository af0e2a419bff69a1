/**
 * Where one team's cursor may go (docs/architecture.md#sync-protocol). The cursor says "everything of the
 * team's log up to here is stored on this device", so it moves only after a frame's updates are stored, never
 * for whole doc states (`seq` 0, not log rows), and never past a resync whose docs have not all been
 * answered: a crash then would leave the docs' older history missing for good.
 *
 * Each method is called after the corresponding updates are stored and answers the cursor to persist, or
 * `undefined` when it stays where it is.
 */
export class TeamProgress {
  readonly teamId: string;
  #cursor: number;
  #resync: { seq: number; waiting: Set<string> } | null = null;
  /** The highest position reached by frames stored while a resync was pending. */
  #held = 0;
  #caughtUp = false;

  constructor(teamId: string, cursor: number) {
    this.teamId = teamId;
    this.#cursor = cursor;
  }

  get cursor(): number {
    return this.#cursor;
  }

  /** Whether the relay said `caught-up` (or a resync was fully answered) and no resync is pending. */
  get caughtUp(): boolean {
    return this.#caughtUp && this.#resync === null;
  }

  get resyncPending(): boolean {
    return this.#resync !== null;
  }

  /** Whether a pending resync still waits for `docId`'s answer. */
  awaits(docId: string): boolean {
    return this.#resync?.waiting.has(docId) ?? false;
  }

  /** A log frame whose highest `seq` is `maxSeq` (0 when it held only whole doc states) is stored. */
  logStored(maxSeq: number): number | undefined {
    if (maxSeq <= 0) return undefined;
    if (this.#resync) {
      this.#held = Math.max(this.#held, maxSeq);
      return undefined;
    }
    if (maxSeq <= this.#cursor) return undefined;
    this.#cursor = maxSeq;
    return this.#cursor;
  }

  /**
   * Everything up to `seq` was sent and is stored. The cursor is set to `seq` even when that is lower: a relay
   * restored from a backup knows less than the device, and a cursor above its log would skip new rows.
   */
  caughtUpAt(seq: number): number | undefined {
    this.#caughtUp = true;
    if (this.#resync) {
      this.#held = Math.max(this.#held, seq);
      return undefined;
    }
    if (seq === this.#cursor) return undefined;
    this.#cursor = seq;
    return this.#cursor;
  }

  /** The relay asked for a state-vector handshake of `docIds`; the cursor goes to `seq` once all are answered. */
  resyncStarted(seq: number, docIds: readonly string[]): number | undefined {
    if (docIds.length === 0) {
      if (this.#resync !== null) return undefined;
      this.#caughtUp = true;
      return this.#settle(seq);
    }
    const waiting = new Set([...(this.#resync?.waiting ?? []), ...docIds]);
    this.#resync = { seq: Math.max(seq, this.#resync?.seq ?? 0), waiting };
    return undefined;
  }

  /** A sync step 2 for `docId` is stored. */
  docAnswered(docId: string): number | undefined {
    const resync = this.#resync;
    if (!resync || !resync.waiting.delete(docId) || resync.waiting.size > 0) return undefined;
    this.#resync = null;
    // A resync brings the team to its `seq`; the relay streams live from there and sends no caught-up.
    this.#caughtUp = true;
    const target = Math.max(resync.seq, this.#held);
    this.#held = 0;
    return this.#settle(target);
  }

  #settle(seq: number): number | undefined {
    if (seq === this.#cursor) return undefined;
    this.#cursor = seq;
    return seq;
  }
}
