import { errorCodeOfClose, type ErrorCode } from '../protocol/errors.ts';
import { PROTOCOL_VERSION } from '../protocol/health.ts';
import { SYNC_PATH } from '../protocol/sync.ts';
import type { Codec } from '../storage/codec.ts';
import { CursorStore, lastSyncedOf } from '../storage/cursors.ts';
import type { LotseDatabase } from '../storage/db.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { ErasedOnDevice } from '../storage/erasures.ts';
import { Outbox } from '../storage/outbox.ts';
import { SetAsideStore } from '../storage/set-aside.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { DEFAULT_PUSH_LIMITS, type PushLimits } from './push-window.ts';
import { Session, type SessionHost } from './session.ts';
import { INITIAL_STATUS, type SyncStatus } from './status.ts';

export type { ConnectionState, SyncStatus } from './status.ts';

export interface SyncEngineOptions {
  /** http(s) base URL of the relay; the engine derives ws(s)://…/sync?v=… and sends the token in `hello`. */
  relayUrl: string;
  db: LotseDatabase;
  codec: Codec;
  docs: DocStore;
  /** The signed-in user's teams. */
  teamIds: () => readonly string[];
  /** null: no session, stay offline. */
  getAccessToken: (options: { forceRefresh: boolean }) => Promise<string | null>;
  /** Called after remote updates of a doc were stored locally (already in Dexie). Apply them to open docs with SYNC_ORIGIN. */
  onRemoteUpdates?: (docId: string, teamId: string, updates: Uint8Array[]) => void;
  /** Awaited before remote updates of a doc are stored, for the conflict check. Must not throw; errors are logged and ignored. */
  beforeRemoteStore?: (docId: string, updates: Uint8Array[]) => Promise<void>;
  /**
   * Called after docs the relay erased were erased from this device (docs/architecture.md#data-lifecycle):
   * the screens drop them, close an open one, and tell the person.
   */
  onErased?: (erased: ErasedOnDevice[]) => void;
  /** Injected in Node tests (the `ws` package). */
  WebSocket?: typeof WebSocket;
  backoff?: { baseMs: number; maxMs: number; random: () => number };
  /** How much may await acknowledgement at once. */
  pushLimits?: PushLimits;
}

/** Close codes after which reconnecting cannot help until someone acts (signs in again, updates the app). */
const REFUSING: ReadonlySet<ErrorCode> = new Set([
  'unauthenticated',
  'account-disabled',
  'device-revoked',
  'refresh-invalid',
  'forbidden',
  'protocol-unsupported',
]);

/** The close code a device uses when it ends a session itself because the relay sent something bad. */
const CLOSE_MALFORMED = 4401;
const CLOSE_NORMAL = 1000;
/**
 * Failed handshakes in a row after which the next attempt renews the access token first, in case something
 * refused the upgrade over HTTP, which a browser cannot read (see #onClose).
 */
const HANDSHAKE_FAILURES_BEFORE_REFRESH = 3;

/**
 * Keeps this device in sync with the relay over one WebSocket (docs/architecture.md#sync-protocol): connects
 * and stays connected with exponential backoff and full jitter, catches up each team from its cursor, pushes
 * the outbox, and tells the screens where it stands through `status`.
 */
export class SyncEngine {
  readonly #options: SyncEngineOptions;
  readonly #outbox: Outbox;
  readonly #setAside: SetAsideStore;
  readonly #cursors: CursorStore;
  readonly #backoff: BackoffOptions;
  readonly #listeners = new Set<(status: SyncStatus) => void>();
  #status: SyncStatus = INITIAL_STATUS;
  #running = false;
  /** Bumped by every connect, stop and reconnectNow, so a late answer of an earlier attempt is dropped. */
  #generation = 0;
  #socket: WebSocket | null = null;
  #session: Session | null = null;
  #lastSession: Session | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #forceRefresh = false;
  #expiredInRow = 0;
  #failedHandshakes = 0;
  #counting: Promise<void> | null = null;
  #countAgain = false;

  constructor(options: SyncEngineOptions) {
    this.#options = options;
    this.#outbox = new Outbox(options.db, options.codec);
    this.#setAside = new SetAsideStore(options.db, options.codec);
    this.#cursors = new CursorStore(options.db);
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  /** The current snapshot; a new object on every change. */
  get status(): SyncStatus {
    return this.#status;
  }

  /** Calls `listener` with every new status (not with the current one). Returns a function that stops it. */
  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Connects and keeps connected until `stop`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#loadStored();
    void this.#connect();
  }

  /** Closes the socket and stops every timer; resolves once what was received is stored. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#generation += 1;
    clearTimeout(this.#timer);
    this.#dropSocket(CLOSE_NORMAL, 'stopped');
    this.#update({ connection: 'offline', catchingUp: null });
    await this.#lastSession?.idle();
    await this.#counting;
  }

  /** The outbox changed: count it again and push now if connected. */
  nudge(): void {
    this.#countPending();
    void this.#session?.pump();
  }

  /** Connects at once, for example after signing in or when the browser reports it is online again. */
  reconnectNow(): void {
    if (!this.#running) {
      this.start();
      return;
    }
    const { connection } = this.#status;
    if (connection === 'online' || (connection === 'connecting' && this.#socket !== null)) return;
    clearTimeout(this.#timer);
    this.#attempt = 0;
    void this.#connect();
  }

  async #loadStored(): Promise<void> {
    try {
      const cursors = await this.#cursors.all();
      const lastSyncedAt = lastSyncedOf(cursors, this.#options.teamIds());
      if (this.#status.lastSyncedAt === null) this.#update({ lastSyncedAt });
    } catch (error) {
      console.error('Reading the sync cursors failed', error);
    }
    this.#countPending();
  }

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    clearTimeout(this.#timer);
    this.#update({ connection: 'connecting' });
    // What the previous connection received is stored before the cursors are read for the next one.
    await this.#lastSession?.idle();
    let token: string | null;
    let cursors: Map<string, number>;
    let epochs: Map<string, string | null>;
    let erasuresFromStart: Set<string>;
    try {
      const forceRefresh = this.#forceRefresh;
      token = await this.#options.getAccessToken({ forceRefresh });
      if (forceRefresh) this.#forceRefresh = false;
      ({ cursors, epochs } = await this.#helloCursors());
      const caughtUp = await this.#options.docs.erasures.teamsCaughtUp();
      erasuresFromStart = new Set([...cursors.keys()].filter((teamId) => !caughtUp.has(teamId)));
    } catch (error) {
      if (generation !== this.#generation) return;
      console.error('Preparing the sync connection failed', error);
      this.#retryLater();
      return;
    }
    if (generation !== this.#generation || !this.#running) return;
    if (token === null) {
      // Nobody is signed in: wait for reconnectNow after a sign-in instead of retrying.
      this.#update({ connection: 'offline' });
      return;
    }
    let socket: WebSocket;
    try {
      const Impl = this.#options.WebSocket ?? globalThis.WebSocket;
      socket = new Impl(syncUrl(this.#options.relayUrl));
    } catch (error) {
      console.error('Opening the sync connection failed', error);
      this.#retryLater();
      return;
    }
    socket.binaryType = 'arraybuffer';
    const session: Session = new Session(
      this.#sessionHost(() => session),
      // Frames are built in fresh buffers; the DOM typing only admits ArrayBuffer-backed views.
      { send: (data) => socket.send(data as string | Uint8Array<ArrayBuffer>) },
      cursors,
      epochs,
      erasuresFromStart,
    );
    this.#socket = socket;
    this.#session = session;
    this.#lastSession = session;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      session.opened(token);
    };
    socket.onmessage = (event: MessageEvent) => session.receive(event.data);
    socket.onerror = () => {
      // A close event follows and decides what happens next.
    };
    socket.onclose = (event: CloseEvent) => this.#onClose(session, event.code, event.reason, opened);
  }

  /** The stored cursors of the user's teams, and the log epoch each was reached under. */
  async #helloCursors(): Promise<{ cursors: Map<string, number>; epochs: Map<string, string | null> }> {
    const stored = await this.#cursors.all();
    const teams = this.#options.teamIds();
    const cursors = new Map<string, number>();
    const epochs = new Map<string, string | null>();
    for (const [teamId, row] of stored) {
      if (teams.length > 0 && !teams.includes(teamId)) continue;
      cursors.set(teamId, row.seq);
      epochs.set(teamId, row.epoch);
    }
    return { cursors, epochs };
  }

  #sessionHost(session: () => Session): SessionHost {
    const current = () => this.#session === session();
    return {
      docs: this.#options.docs,
      outbox: this.#outbox,
      setAside: this.#setAside,
      cursors: this.#cursors,
      pushLimits: this.#options.pushLimits ?? DEFAULT_PUSH_LIMITS,
      beforeRemoteStore: this.#options.beforeRemoteStore,
      onRemoteUpdates: this.#options.onRemoteUpdates,
      erase: async (teamId, entries) => {
        const erased: ErasedOnDevice[] = [];
        for (const entry of entries) {
          erased.push(await this.#options.docs.erase({ ...entry, teamId }));
        }
        try {
          this.#options.onErased?.(erased);
        } catch (error) {
          console.error('Telling the screens of erased cases failed', error);
        }
      },
      erasuresCaughtUp: (teamId) => this.#options.docs.erasures.markCaughtUp(teamId),
      welcomed: () => {
        if (!current()) return;
        this.#attempt = 0;
        this.#expiredInRow = 0;
        this.#failedHandshakes = 0;
        this.#update({ connection: 'online', refusal: null });
        this.#countPending();
      },
      catchingUpChanged: (catchingUp) => {
        if (current()) this.#update({ catchingUp });
      },
      changed: () => this.#countPending(),
      pushRefused: (code, message) => {
        if (current()) this.#update({ refusal: { code, message } });
      },
      restart: (reason) => {
        if (!current()) return;
        console.warn(`Sync connection starts over: ${reason}`);
        this.#dropSocket(CLOSE_NORMAL, 'starting over');
        if (this.#running) void this.#connect();
      },
      failed: (reason, refusal) => {
        if (!current()) return;
        console.error(`Sync connection ended: ${reason}`);
        this.#dropSocket(CLOSE_MALFORMED, 'malformed-frame');
        if (refusal) this.#refuse(refusal.code, refusal.message);
        else this.#retryLater();
      },
    };
  }

  #onClose(session: Session, code: number, reason: string, opened: boolean): void {
    if (this.#session !== session) return;
    this.#dropSocket();
    if (!this.#running) return;
    if (!opened) {
      // The relay refuses a session on /sync with a close code after the handshake, handled below; a
      // handshake that fails is what a browser reports for a relay out of reach or shutting down, but also
      // for an HTTP answer about the token it cannot read: from a proxy in front of the relay that checks
      // access itself, or from an older relay (one instance of several, during an update). After a few
      // of those in a row, renew the token before the next attempt: the renewal's answer is readable and
      // either fixes it or tells the session why not (device revoked, account disabled). Offline, the
      // renewal fails like the handshake and is simply tried again.
      this.#failedHandshakes += 1;
      if (this.#failedHandshakes >= HANDSHAKE_FAILURES_BEFORE_REFRESH) {
        this.#failedHandshakes = 0;
        this.#forceRefresh = true;
      }
    }
    const error = errorCodeOfClose(code);
    if (error === 'token-expired') {
      this.#forceRefresh = true;
      // One immediate retry with a fresh token; if that is refused as expired too, the clocks disagree or
      // the refresh failed, and backing off is kinder than a tight loop.
      this.#expiredInRow += 1;
      if (this.#expiredInRow === 1) void this.#connect();
      else this.#retryLater();
      return;
    }
    if (error !== undefined && REFUSING.has(error)) {
      this.#refuse(error, reason || `The relay refused the session: ${error}.`);
      return;
    }
    this.#retryLater();
  }

  #refuse(code: ErrorCode, message: string): void {
    clearTimeout(this.#timer);
    this.#generation += 1;
    this.#update({ connection: 'refused', refusal: { code, message }, catchingUp: null });
  }

  #retryLater(): void {
    if (!this.#running) return;
    this.#update({ connection: 'offline', catchingUp: null });
    const delay = backoffDelay(this.#attempt, this.#backoff);
    this.#attempt += 1;
    clearTimeout(this.#timer);
    const generation = this.#generation;
    this.#timer = setTimeout(() => {
      if (generation === this.#generation && this.#running) void this.#connect();
    }, delay);
  }

  /** Forgets the current socket; with a code, closes it too (its close event is then ignored). */
  #dropSocket(code?: number, reason?: string): void {
    const socket = this.#socket;
    this.#session?.close();
    this.#session = null;
    this.#socket = null;
    if (socket && code !== undefined) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      // Kept as a no-op: closing a socket that is still connecting reports an error, and Node's `ws` throws
      // an error nobody listens for.
      socket.onerror = () => undefined;
      try {
        socket.close(code, reason);
      } catch (error) {
        console.warn('Closing the sync connection failed', error);
      }
    }
  }

  /** Counts the outbox again; calls that arrive meanwhile coalesce into one more count. */
  #countPending(): void {
    if (this.#counting) {
      this.#countAgain = true;
      return;
    }
    this.#counting = (async () => {
      do {
        this.#countAgain = false;
        try {
          const pendingByDoc = await this.#outbox.countsByDoc();
          let pendingTotal = 0;
          for (const count of pendingByDoc.values()) pendingTotal += count;
          const setAsideTotal = await this.#setAside.count();
          this.#update({ pendingByDoc, pendingTotal, setAsideTotal });
          await this.#markSyncedIfDone();
        } catch (error) {
          console.error('Counting the outbox failed', error);
        }
      } while (this.#countAgain);
      this.#counting = null;
    })();
  }

  async #markSyncedIfDone(): Promise<void> {
    const session = this.#session;
    if (!session?.caughtUp || this.#status.pendingTotal > 0 || this.#status.connection !== 'online') return;
    const now = Date.now();
    await this.#cursors.markSynced(session.teamIds, now);
    if (this.#session === session) this.#update({ lastSyncedAt: now });
  }

  #update(change: Partial<SyncStatus>): void {
    const next = { ...this.#status, ...change };
    const keys = Object.keys(change) as (keyof SyncStatus)[];
    if (keys.every((key) => sameValue(this.#status[key], next[key]))) return;
    this.#status = next;
    for (const listener of this.#listeners) {
      try {
        listener(next);
      } catch (error) {
        console.error('A sync status listener failed', error);
      }
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Map && b instanceof Map) {
    return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return false;
}

/**
 * `ws(s)://<relay>/sync?v=…`, keeping a path prefix the relay may be served under. The version lets a relay
 * too old for this app say so before the hello; the URL carries no credentials.
 */
export function syncUrl(relayUrl: string): string {
  const base = new URL(relayUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`The relay URL must be http or https, not ${base.protocol}`);
  }
  const url = new URL(SYNC_PATH.slice(1), base.href.endsWith('/') ? base.href : `${base.href}/`);
  url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  url.searchParams.set('v', String(PROTOCOL_VERSION));
  return url.toString();
}
