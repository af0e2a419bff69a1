import {
  BARRIER_REPORT_PATHS,
  BarrierReportsAnswerSchema,
  type BarrierReportsAnswer,
  type ListedBarrierReport,
} from '../protocol/barrier-reports.ts';
import { readCachedAnswer, saveCachedAnswer } from '../storage/answer-cache.ts';
import { sendJson, type ApiFailure, type RelayApiOptions } from './admin-api.ts';
import type { DeviceStore } from './device-store.ts';
import { sessionApiOptions } from './relay-api.ts';
import { session } from './session.svelte.ts';
import { themen } from './themen.svelte.ts';

/** Where the last answer is kept in the device's answer cache (one per person: the database is theirs). */
const CACHE_KEY = 'barrier-reports';

export type BarrierReportsStatus = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * "Gemeldete Hürden" on the Themen screen (docs/architecture.md#themen): every active barrier report of the
 * coordinator's teams, as `GET /api/barrier-reports` answers it. The last answer is kept sealed in the
 * device's answer cache, so the list shows offline with when it was fetched; a failed fetch keeps showing
 * it and says why.
 */
export class BarrierReportsState {
  readonly #options: () => RelayApiOptions;
  readonly #store: () => DeviceStore | undefined;
  readonly #teams: () => readonly string[];
  answer = $state.raw<BarrierReportsAnswer | null>(null);
  /** When the relay gave `answer` (ms since the epoch). */
  fetchedAt = $state<number | null>(null);
  status = $state<BarrierReportsStatus>('idle');
  /** Why the latest fetch failed; `answer` may still hold an earlier one. */
  error = $state<ApiFailure | null>(null);

  constructor(
    store: () => DeviceStore | undefined,
    options: () => RelayApiOptions = sessionApiOptions,
    teams: () => readonly string[] = () => session.teamIds,
  ) {
    this.#store = store;
    this.#options = options;
    this.#teams = teams;
  }

  /** A listed report by id; `undefined` when the last answer does not hold it (withdrawn, or not fetched). */
  report(reportId: string): ListedBarrierReport | undefined {
    return this.answer?.reports.find((report) => report.reportId === reportId);
  }

  /** Shows the stored answer at once, then (unless the device is offline) asks the relay for the current one. */
  async load({ offline = false }: { offline?: boolean } = {}): Promise<void> {
    await this.#readCache();
    if (offline) return;
    await this.refresh();
  }

  /** Asks the relay for the reports of the person's teams and keeps the answer. */
  async refresh(): Promise<void> {
    const teams = this.#teams();
    if (teams.length === 0) {
      this.status = 'ready';
      return;
    }
    this.status = 'loading';
    this.error = null;
    const result = await sendJson(
      this.#options(),
      'GET',
      `${BARRIER_REPORT_PATHS.reports}?teams=${encodeURIComponent(teams.join(','))}`,
      BarrierReportsAnswerSchema,
    );
    if (!result.ok) {
      this.error = result.error;
      this.status = 'failed';
      return;
    }
    const fetchedAt = Date.now();
    this.answer = result.value;
    this.fetchedAt = fetchedAt;
    this.status = 'ready';
    const store = this.#store();
    if (!store) return;
    try {
      await saveCachedAnswer(store.db, store.codec, CACHE_KEY, { value: result.value, fetchedAt });
    } catch (error) {
      // Shown now all the same; offline, the earlier answer shows until the next fetch is kept.
      console.error('Keeping the barrier reports on the device failed', error);
    }
  }

  async #readCache(): Promise<void> {
    const store = this.#store();
    if (!store || this.answer) return;
    try {
      const cached = await readCachedAnswer(store.db, store.codec, CACHE_KEY, BarrierReportsAnswerSchema);
      if (cached && !this.answer) {
        this.answer = cached.value;
        this.fetchedAt = cached.fetchedAt;
      }
    } catch (error) {
      console.error('Reading the kept barrier reports failed', error);
    }
  }
}

/** The reports the Themen screens show, kept in the coordinator's device store. */
export const barrierReports = new BarrierReportsState(() => themen.store);
