import type { ReportContent } from './report-tables.ts';

/** How many coordinators' reports (teams × period) are kept. */
const CAPACITY = 32;

/**
 * The published reports of one coordinator's teams and one period, kept while their inputs are the same
 * (docs/architecture.md#reports). The joint system of every selection is built and suppressed once, so
 * asking again, or for another of the allowed selections, costs nothing until a fingerprint of the inputs
 * changes: which version of each case's facts, and the state of the team docs and of coordination's doc.
 * Reports are pure over those inputs, so an entry whose fingerprint matches is what a new computation
 * would answer.
 */
export class ReportMemo {
  readonly #entries = new Map<string, { fingerprint: string; reports: Map<string, ReportContent> }>();

  /** The reports for `key` if computed from `fingerprint`, else `compute()`'s, kept for next time. */
  reports(
    key: string,
    fingerprint: string,
    compute: () => Map<string, ReportContent>,
  ): Map<string, ReportContent> {
    const kept = this.#entries.get(key);
    this.#entries.delete(key);
    const entry = kept?.fingerprint === fingerprint ? kept : { fingerprint, reports: compute() };
    // Most recently used last; the least recently used goes first when full.
    this.#entries.set(key, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= CAPACITY) break;
      this.#entries.delete(oldest);
    }
    return entry.reports;
  }
}
