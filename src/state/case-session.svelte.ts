import type * as Y from 'yjs';
import type { CaseFile, ReadProblem } from '../domain/case-file.ts';
import { readCase } from '../domain/case-read.ts';
import type { WriteOptions } from '../domain/case-doc.ts';

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
  #summaryTimer: ReturnType<typeof setTimeout> | undefined;
  #stopTracking: () => void;
  #writeOptions: WriteOptions;

  constructor(options: {
    id: string;
    doc: Y.Doc;
    actor: string;
    track: (doc: Y.Doc) => () => void;
    onSummaryDue: () => void;
  }) {
    this.id = options.id;
    this.doc = options.doc;
    this.#writeOptions = { actor: options.actor };
    this.#onSummaryDue = options.onSummaryDue;
    this.#read();
    this.#stopTracking = options.track(this.doc);
    this.doc.on('update', this.#onUpdate);
  }

  get file(): CaseFile {
    return this.#file;
  }

  /** Values in the doc that failed validation; shown with the case, never hiding the rest. */
  get problems(): ReadProblem[] {
    return this.#problems;
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
