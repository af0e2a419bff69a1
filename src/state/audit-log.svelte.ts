import type { AuditEvent, AuditQueryInput } from '../protocol/admin.ts';
import {
  fetchAuditCsv,
  fetchAuditPage,
  type ApiFailure,
  type ApiResult,
  type RelayApiOptions,
} from './admin-api.ts';
import { sessionApiOptions } from './relay-api.ts';

export type AuditLogStatus = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * The audit log as the "Verwaltung" screen shows it: the events matching the current filters, newest
 * first, one page after the other. Nothing is kept on the device; every view asks the relay.
 */
class AuditLogState {
  #api: () => RelayApiOptions = sessionApiOptions;
  #query: AuditQueryInput = {};
  #events = $state.raw<AuditEvent[]>([]);
  #nextCursor = $state<string | null>(null);
  #status = $state<AuditLogStatus>('idle');
  #loadingMore = $state(false);
  #error = $state<ApiFailure | null>(null);
  /** Counts loads, so an answer to filters that have since changed is dropped. */
  #generation = 0;

  get events(): AuditEvent[] {
    return this.#events;
  }

  get status(): AuditLogStatus {
    return this.#status;
  }

  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }

  get loadingMore(): boolean {
    return this.#loadingMore;
  }

  /** Why the last load (first page or a later one) failed; null after one that worked. */
  get error(): ApiFailure | null {
    return this.#error;
  }

  /** The filters of the list on screen, for the CSV export. */
  get query(): AuditQueryInput {
    return this.#query;
  }

  /** Loads the newest page for `query`, replacing the list. */
  async load(query: AuditQueryInput): Promise<void> {
    const generation = ++this.#generation;
    this.#query = query;
    this.#status = 'loading';
    this.#loadingMore = false;
    this.#error = null;
    const result = await fetchAuditPage(this.#api(), query);
    if (generation !== this.#generation) return;
    if (!result.ok) {
      this.#events = [];
      this.#nextCursor = null;
      this.#status = 'failed';
      this.#error = result.error;
      return;
    }
    this.#events = result.value.events;
    this.#nextCursor = result.value.nextCursor;
    this.#status = 'ready';
  }

  /** Appends the next older page; a failure keeps what is listed and says why. */
  async loadMore(): Promise<void> {
    const cursor = this.#nextCursor;
    if (cursor === null || this.#loadingMore || this.#status !== 'ready') return;
    const generation = this.#generation;
    this.#loadingMore = true;
    this.#error = null;
    const result = await fetchAuditPage(this.#api(), { ...this.#query, cursor });
    if (generation !== this.#generation) return;
    this.#loadingMore = false;
    if (!result.ok) {
      this.#error = result.error;
      return;
    }
    this.#events = [...this.#events, ...result.value.events];
    this.#nextCursor = result.value.nextCursor;
  }

  /** Every event matching the current filters as a CSV file. */
  exportCsv(): Promise<ApiResult<{ blob: Blob; filename: string }>> {
    return fetchAuditCsv(this.#api(), this.#query);
  }

  /** For tests: calls the relay with `api` instead of the session's. */
  useApi(api: () => RelayApiOptions): void {
    this.#api = api;
  }

  reset(): void {
    this.#generation += 1;
    this.#api = sessionApiOptions;
    this.#query = {};
    this.#events = [];
    this.#nextCursor = null;
    this.#status = 'idle';
    this.#loadingMore = false;
    this.#error = null;
  }
}

export const auditLog = new AuditLogState();
