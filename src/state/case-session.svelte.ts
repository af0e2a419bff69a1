import * as Y from 'yjs';
import type { CaseFile, ReadProblem } from '../domain/case-file.ts';
import { readCase } from '../domain/case-read.ts';
import type { WriteOptions } from '../domain/case-doc.ts';
import type { TrackListener } from '../storage/doc-store.ts';

/** How long after the last change a case's summary is rewritten; the changes themselves are stored at once. */
const SUMMARY_DELAY_MS = 400;

/**
 * One open case file. Holds the doc and a validated plain reading of it that is renewed on every change,
 * local or (later) remote, so screens always show what the doc holds.
 */
export class CaseSession {
  readonly id: string;
  readonly doc: Y.Doc;
  #file = $state.raw<CaseFile>() as CaseFile;
  #problems = $state.raw<ReadProblem[]>([]);
  #onSummaryDue: () => void;
  #pendingWrites = $state(0);
  #saveError = $state<string | null>(null);
  #lastSeq = 0;
  #summaryTimer: ReturnType<typeof setTimeout> | undefined;
  #stopTracking: () => void;
  #writeOptions: WriteOptions;

  constructor(options: {
    id: string;
    doc: Y.Doc;
    actor: string;
    track: (doc: Y.Doc, listener: TrackListener) => () => void;
    onSummaryDue: () => void;
    /** The sequence number of the doc's latest stored update when it was loaded. */
    seq?: number;
  }) {
    this.id = options.id;
    this.doc = options.doc;
    this.#writeOptions = { actor: options.actor };
    this.#onSummaryDue = options.onSummaryDue;
    this.#read();
    this.#lastSeq = options.seq ?? 0;
    this.#stopTracking = options.track(this.doc, {
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
    });
    this.doc.on('update', this.#onUpdate);
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

  close(): void {
    this.flushSummary();
    this.doc.off('update', this.#onUpdate);
    this.#stopTracking();
  }

  #onUpdate = (): void => {
    this.#read();
    clearTimeout(this.#summaryTimer);
    this.#summaryTimer = setTimeout(() => {
      this.#summaryTimer = undefined;
      this.#onSummaryDue();
    }, SUMMARY_DELAY_MS);
  };

  #read(): void {
    const { file, problems } = readCase(this.doc);
    this.#file = file;
    this.#problems = problems;
  }
}
