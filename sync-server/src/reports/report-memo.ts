import type { ReportContent } from './report-tables.ts';

/** How many coordinators' reports (teams × period) are kept. */
const CAPACITY = 32;

interface Entry<S> {
  /** What the reports are of (a coordinator's teams and a period), so they can be computed again. */
  subject: S;
  fingerprint: string;
  /** Settled, or still being computed: a second request for the same inputs waits for the first. */
  reports: Promise<Map<string, ReportContent>>;
  /** When a person last asked for them (a refresh in the background does not count). */
  askedAt: number;
}

/**
 * The published reports of one coordinator's teams and one period, kept while their inputs are the same
 * (docs/architecture.md#reports). The joint system of every selection is built and suppressed once, so
 * asking again, or for another of the allowed selections, costs nothing until a fingerprint of the inputs
 * changes: what each case's facts say about the period (`casesOfPeriod`), and the state of the team docs
 * and of coordination's doc. Reports are pure over those inputs, so an entry whose fingerprint matches is
 * what a new computation would answer. A computation that fails is not kept.
 */
export class ReportMemo<S> {
  readonly #entries = new Map<string, Entry<S>>();

  /**
   * The reports for `key` if computed (or being computed) from `fingerprint`, else `compute()`'s, kept for
   * next time. `asked`: a person asks (not a refresh in the background).
   */
  reports(
    key: string,
    subject: S,
    fingerprint: string,
    compute: () => Promise<Map<string, ReportContent>> | Map<string, ReportContent>,
    asked = true,
  ): Promise<Map<string, ReportContent>> {
    const kept = this.#entries.get(key);
    let entry = kept;
    if (entry === undefined || entry.fingerprint !== fingerprint) {
      const fresh: Entry<S> = {
        subject,
        fingerprint,
        reports: Promise.resolve().then(compute),
        askedAt: kept?.askedAt ?? Number.NEGATIVE_INFINITY,
      };
      fresh.reports.catch(() => {
        if (this.#entries.get(key) === fresh) this.#entries.delete(key);
      });
      entry = fresh;
    }
    if (asked) entry.askedAt = Date.now();
    // Most recently used last; the least recently used goes first when full.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= CAPACITY) break;
      this.#entries.delete(oldest);
    }
    return entry.reports;
  }

  /** What the entries a person asked for at or after `since` (ms since the epoch) are of. */
  askedSince(since: number): S[] {
    return [...this.#entries.values()]
      .filter((entry) => entry.askedAt >= since)
      .map((entry) => entry.subject);
  }
}
