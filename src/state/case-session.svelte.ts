import * as Y from 'yjs';
import type { CaseFile, ReadProblem } from '../domain/case-file.ts';
import { changedRootsOf, readCase, rereadCase, type CaseReading } from '../domain/case-read.ts';
import type { WriteOptions } from '../domain/case-doc.ts';
import { fieldValue } from '../domain/conflict-resolution.ts';
import { sameValue, type Holder, type JsonValue } from '../domain/conflicts.ts';
import { ok, type WriteResult } from '../domain/write-result.ts';
import type { TrackListener } from '../storage/doc-store.ts';
import type { FieldEdit } from '../storage/field-edits.ts';
import type { ConflictCheck, ConflictChoice, OpenConflict, UncheckedNotice } from '../sync/conflict-check.ts';

/** How long after the last change a case's summary is rewritten; the changes themselves are stored at once. */
const SUMMARY_DELAY_MS = 400;

/** An open conflict notice with what the case holds for its field right now. */
export interface CaseConflict extends OpenConflict {
  current: JsonValue;
  holds: Holder;
}

/**
 * One open case file. Holds the doc and a validated plain reading of it that is renewed on every change,
 * local or remote, so screens always show what the doc holds. A change reads again only the parts of the
 * case it touched; the others keep their objects, so screens redraw only what changed.
 */
export class CaseSession {
  readonly id: string;
  readonly doc: Y.Doc;
  #file = $state.raw<CaseFile>() as CaseFile;
  #problems = $state.raw<ReadProblem[]>([]);
  #reading: CaseReading | undefined;
  #onSummaryDue: () => void;
  #pendingWrites = $state(0);
  #saveError = $state<string | null>(null);
  #lastSeq = 0;
  #summaryTimer: ReturnType<typeof setTimeout> | undefined;
  #stopTracking: () => void;
  #writeOptions: WriteOptions;
  #conflictCheck: ConflictCheck | undefined;
  #openConflicts: OpenConflict[] = [];
  #conflicts = $state.raw<CaseConflict[]>([]);
  #unchecked = $state.raw<UncheckedNotice[]>([]);
  #stopConflicts: () => void = () => {};

  constructor(options: {
    id: string;
    doc: Y.Doc;
    actor: string;
    /**
     * Stores the doc's changes; `editsOf` (given with a conflict check) names the fields each local change
     * wrote, to be stored with it.
     */
    track: (
      doc: Y.Doc,
      listener: TrackListener,
      editsOf?: (transaction: Y.Transaction, docId: string) => FieldEdit[],
    ) => () => void;
    onSummaryDue: () => void;
    /** The sequence number of the doc's latest stored update when it was loaded. */
    seq?: number;
    /**
     * The device's conflict check: the session records the fields its local edits wrote and shows the
     * case's conflict notices. Without it (no sync), neither happens.
     */
    conflicts?: ConflictCheck;
  }) {
    this.id = options.id;
    this.doc = options.doc;
    this.#writeOptions = { actor: options.actor };
    this.#onSummaryDue = options.onSummaryDue;
    this.#read();
    this.#lastSeq = options.seq ?? 0;
    this.#conflictCheck = options.conflicts;
    this.#stopTracking = options.track(
      this.doc,
      {
        queued: () => {
          this.#pendingWrites += 1;
        },
        stored: (seq) => {
          this.#pendingWrites -= 1;
          this.#lastSeq = Math.max(this.#lastSeq, seq);
        },
        failed: (error) => {
          this.#pendingWrites -= 1;
          this.#saveError = error instanceof Error ? error.message : String(error);
        },
      },
      this.#conflictCheck?.editsOf,
    );
    this.doc.on('afterTransaction', this.#onTransaction);
    if (this.#conflictCheck) {
      this.#stopConflicts = this.#conflictCheck.watch(this.id, (notices) => {
        this.#openConflicts = notices.conflicts;
        this.#unchecked = notices.unchecked;
        this.#readConflicts();
      });
    }
  }

  get file(): CaseFile {
    return this.#file;
  }

  /** Values in the doc that failed validation; shown with the case, never hiding the rest. */
  get problems(): ReadProblem[] {
    return this.#problems;
  }

  /** Changes made in this session that are not yet on disk. */
  get pendingWrites(): number {
    return this.#pendingWrites;
  }

  /** Why the last write failed; the change is still in memory and can be written again with `retrySave`. */
  get saveError(): string | null {
    return this.#saveError;
  }

  /** The highest stored update sequence number this session knows of. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /**
   * Stores the whole doc again after a failed write: every change is in it, so whatever did not reach the
   * disk gets there now (updates are idempotent).
   */
  async retrySave(store: (update: Uint8Array) => Promise<number>): Promise<void> {
    this.#pendingWrites += 1;
    try {
      this.#lastSeq = Math.max(this.#lastSeq, await store(Y.encodeStateAsUpdate(this.doc)));
      this.#saveError = null;
    } catch (error) {
      this.#saveError = error instanceof Error ? error.message : String(error);
    } finally {
      this.#pendingWrites -= 1;
    }
  }

  /**
   * Fields where a remote change and a change of this device were made without either seeing the other
   * (docs/architecture.md#no-silent-overwrite), oldest first, whichever value won; each says which value the case holds now.
   */
  get conflicts(): CaseConflict[] {
    return this.#conflicts;
  }

  /** Remote changes stored without the conflict check, because the check failed; the person is told. */
  get unchecked(): UncheckedNotice[] {
    return this.#unchecked;
  }

  /** The person has read a notice of unchecked changes. */
  async dismissUnchecked(noticeId: number): Promise<void> {
    await this.#conflictCheck?.dismissUnchecked(this.id, noticeId);
    this.#unchecked = this.#unchecked.filter((notice) => notice.id !== noticeId);
  }

  /**
   * Settles a conflict notice in one step: `'mine'` writes this device's value again, `'theirs'` the other
   * one, each only if the case does not hold it already; the notice then goes. A refused write (the value
   * breaks a rule now, or its record was deleted) keeps the notice and says why.
   */
  async resolveConflict(conflictId: number, choice: ConflictChoice): Promise<WriteResult> {
    if (!this.#conflictCheck) return ok(undefined);
    const result = await this.#conflictCheck.resolve(
      this.doc,
      this.id,
      conflictId,
      choice,
      this.#writeOptions,
    );
    if (result.ok) {
      this.#openConflicts = this.#openConflicts.filter((conflict) => conflict.id !== conflictId);
      this.#readConflicts();
    }
    return result;
  }

  /** Options for the domain's mutators: who writes. */
  get writeOptions(): WriteOptions {
    return this.#writeOptions;
  }

  /** Writes the summary now instead of after the usual delay (e.g. before leaving the page). */
  flushSummary(): void {
    if (this.#summaryTimer === undefined) return;
    clearTimeout(this.#summaryTimer);
    this.#summaryTimer = undefined;
    this.#onSummaryDue();
  }

  /**
   * Stops tracking the doc; its summary is written first unless `discard` (the relay erased the case, and
   * nothing of it is written again).
   */
  close({ discard = false }: { discard?: boolean } = {}): void {
    if (discard) {
      clearTimeout(this.#summaryTimer);
      this.#summaryTimer = undefined;
    } else {
      this.flushSummary();
    }
    this.doc.off('afterTransaction', this.#onTransaction);
    this.#stopTracking();
    this.#stopConflicts();
  }

  #onTransaction = (transaction: Y.Transaction): void => {
    if (transaction.changed.size === 0 && transaction.deleteSet.clients.size === 0) return;
    this.#read(changedRootsOf(transaction));
    clearTimeout(this.#summaryTimer);
    this.#summaryTimer = setTimeout(() => {
      this.#summaryTimer = undefined;
      this.#onSummaryDue();
    }, SUMMARY_DELAY_MS);
  };

  /** Reads the case, only the parts a change touched (`changedRoots`) when there is a reading to renew. */
  #read(changedRoots?: ReadonlySet<string>): void {
    const reading =
      this.#reading && changedRoots ? rereadCase(this.doc, this.#reading, changedRoots) : readCase(this.doc);
    if (reading !== this.#reading) {
      this.#reading = reading;
      this.#file = reading.file;
      this.#problems = reading.problems;
    }
    this.#readConflicts();
  }

  #readConflicts(): void {
    if (this.#openConflicts.length === 0 && this.#conflicts.length === 0) return;
    this.#conflicts = this.#openConflicts.map((conflict) => {
      const current = fieldValue(this.doc, conflict.path);
      const holds: Holder = sameValue(current, conflict.mine)
        ? 'mine'
        : sameValue(current, conflict.theirs)
          ? 'theirs'
          : 'other';
      return { ...conflict, current, holds };
    });
  }
}
