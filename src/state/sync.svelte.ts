import type { ErrorCode } from '../protocol/errors.ts';
import type { TabSync, TabSyncOptions } from '../sync/leader.ts';
import { INITIAL_STATUS, unsentScope, type SyncStatus, type UnsentScope } from '../sync/status.ts';
import { cases } from './cases.svelte.ts';
import type { DeviceStore } from './device-store.ts';
import { docRuntime } from './doc-runtime-loader.ts';
import { erasureNotices } from './erasures.svelte.ts';
import { session } from './session.svelte.ts';
import { team } from './team.svelte.ts';

export type { SyncStatus, UnsentScope };

export interface SyncStartOptions {
  relayUrl: string;
  /** The conflict check: awaited before remote updates of a doc are stored. */
  beforeRemoteStore?: (docId: string, updates: Uint8Array[]) => Promise<void>;
  /**
   * The logs this device syncs; the session's teams unless given (coordination syncs the coordination log
   * only, docs/architecture.md#themen).
   */
  teamIds?: () => readonly string[];
  /** Told of the relay's changes besides the case list and the team directory (the Themen screens). */
  onRemoteUpdates?: (docId: string, updates: Uint8Array[]) => void;
  /** Injected in tests (the `ws` package in Node, no tab coordination). */
  tabOptions?: Partial<Pick<TabSyncOptions, 'WebSocket' | 'locks' | 'BroadcastChannel' | 'backoff'>>;
}

/** Refusals that mean the person's credentials are no good any more: they must log in again. */
const CREDENTIALS_REFUSED: ReadonlySet<ErrorCode> = new Set(['unauthenticated', 'refresh-invalid']);

/**
 * Sync as the screens see it: the engine's status (one engine per browser, in the leader tab; the others
 * mirror it), the relay's changes handed to open case files, the team directory and the case list, and
 * the session told when the relay refuses this device's credentials.
 */
class SyncState {
  #status = $state.raw<SyncStatus>(INITIAL_STATUS);
  #unsent = $derived(unsentScope(this.#status.pendingByDoc));
  #running = $state(false);
  #tab: TabSync | undefined;
  #stops: (() => void)[] = [];
  #retriedRefusal = false;

  get status(): SyncStatus {
    return this.#status;
  }

  /** Whether sync was started for this device's store (false before login and in tests). */
  get running(): boolean {
    return this.#running;
  }

  get pendingTotal(): number {
    return this.#status.pendingTotal;
  }

  /** How many cases (and whether the team directory) have changes not yet acknowledged by the relay. */
  get unsent(): UnsentScope {
    return this.#unsent;
  }

  /** Changes of one doc not yet acknowledged by the relay. */
  pendingFor(docId: string): number {
    return this.#status.pendingByDoc.get(docId) ?? 0;
  }

  /** Starts syncing `store` with the relay; the engine runs in whichever tab holds the leader lock. */
  start(store: DeviceStore, options: SyncStartOptions): void {
    if (this.#tab) throw new Error('Sync is already running; stop it first.');
    // The engine is part of the doc runtime, which the workspace loaded before it opened the store.
    const tab = docRuntime().createTabSync({
      relayUrl: options.relayUrl,
      db: store.db,
      codec: store.codec,
      docs: store.docs,
      teamIds: options.teamIds ?? (() => session.teamIds),
      getAccessToken: session.getAccessToken,
      ...(options.beforeRemoteStore ? { beforeRemoteStore: options.beforeRemoteStore } : {}),
      ...options.tabOptions,
    });
    this.#tab = tab;
    this.#stops.push(
      tab.onRemoteUpdates((docId, _teamId, updates) => {
        cases.applyRemote(docId, updates);
        team.applyRemote(docId, updates);
        options.onRemoteUpdates?.(docId, updates);
      }),
      tab.onErased((erased) => erasureNotices.applied(erased)),
      tab.subscribe((status) => this.#onStatus(status)),
      session.subscribe((event) => {
        // A new login brings new tokens: connect now instead of waiting for the next attempt.
        if (event.kind === 'login') this.reconnectNow();
      }),
    );
    if (typeof window !== 'undefined') {
      const onOnline = () => this.reconnectNow();
      window.addEventListener('online', onOnline);
      this.#stops.push(() => window.removeEventListener('online', onOnline));
    }
    this.#status = tab.status;
    this.#running = true;
  }

  /** The outbox changed outside the doc store (a set-aside change sent again): count and push now. */
  nudge(): void {
    this.#tab?.nudge();
  }

  /** Connects at once (after a login, or when the network is back). */
  reconnectNow(): void {
    this.#retriedRefusal = false;
    this.#tab?.reconnectNow();
  }

  /** Stops syncing in this tab; another tab takes over the engine if one is open. */
  async stop(): Promise<void> {
    const tab = this.#tab;
    this.#tab = undefined;
    for (const stop of this.#stops.splice(0)) stop();
    this.#running = false;
    this.#status = INITIAL_STATUS;
    await tab?.close();
  }

  #onStatus(status: SyncStatus): void {
    this.#status = status;
    if (status.connection === 'online') this.#retriedRefusal = false;
    if (status.connection !== 'refused' || !status.refusal) return;
    const { code } = status.refusal;
    if (code === 'device-revoked' || code === 'account-disabled') {
      void session.expire(code);
    } else if (CREDENTIALS_REFUSED.has(code) && session.status === 'active' && !this.#retriedRefusal) {
      // The access token was not accepted at all (not merely expired): one renewal may fix it (a relay
      // whose signing key changed); if the renewal is refused too, the session expires and says so.
      this.#retriedRefusal = true;
      void session.getAccessToken({ forceRefresh: true }).then((token) => {
        if (token) this.#tab?.reconnectNow();
      });
    } else if (CREDENTIALS_REFUSED.has(code)) {
      void session.expire();
    }
  }

  reset(): void {
    void this.stop();
  }
}

export const sync = new SyncState();
