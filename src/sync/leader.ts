import type { ErasedOnDevice } from '../storage/erasures.ts';
import { SyncEngine, type SyncEngineOptions } from './engine.ts';
import { deserialiseStatus, INITIAL_STATUS, serialiseStatus, type SyncStatus } from './status.ts';

/** The part of the Web Locks API (`navigator.locks`) leadership needs. */
export interface LockManagerLike {
  request(
    name: string,
    options: { mode: 'exclusive'; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

/**
 * Runs `start` in exactly one tab of this browser at a time: the tab that holds the exclusive lock `name`
 * for as long as it lives. When that tab closes, the browser releases the lock and the next waiting tab
 * starts. `start` returns the function that stops what it started. Without the Web Locks API (Node tests),
 * `start` simply runs.
 *
 * Returns a function that stops what runs here, or stops waiting for the lock, and gives the lock up.
 */
export function runAsLeader(
  name: string,
  start: () => () => Promise<void>,
  locks: LockManagerLike | undefined = defaultLocks(),
): () => Promise<void> {
  if (!locks) {
    const stop = start();
    let stopping: Promise<void> | undefined;
    return () => (stopping ??= stop());
  }
  const waiting = new AbortController();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let resigned = false;
  const held = locks
    .request(name, { mode: 'exclusive', signal: waiting.signal }, async () => {
      if (resigned) return;
      const stop = start();
      await released;
      await stop();
    })
    .catch((error: unknown) => {
      if ((error as { name?: unknown } | null)?.name !== 'AbortError') {
        console.error(`Holding the lock ${name} failed`, error);
      }
    });
  return async () => {
    resigned = true;
    waiting.abort();
    release();
    await held;
  };
}

/** What every tab sees of sync, whether it runs the engine or another tab does. */
export interface TabSync {
  readonly status: SyncStatus;
  /** Whether this tab runs the engine and holds the socket. */
  readonly isLeader: boolean;
  /** Calls `listener` with every new status. Returns a function that stops it. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** The outbox changed (local writes do this by themselves): push now. */
  nudge(): void;
  reconnectNow(): void;
  /**
   * Calls `listener` after remote updates of a doc were stored, in every tab: apply them to an open doc with
   * `SYNC_ORIGIN`. Returns a function that stops it.
   */
  onRemoteUpdates(listener: (docId: string, teamId: string, updates: Uint8Array[]) => void): () => void;
  /**
   * Calls `listener` after docs the relay erased were erased from this device, in every tab: close them
   * and tell the person. Returns a function that stops it.
   */
  onErased(listener: (erased: ErasedOnDevice[]) => void): () => void;
  /** Stops the engine if this tab runs it (another tab takes over) and stops listening. */
  close(): Promise<void>;
}

export interface TabSyncOptions extends Omit<SyncEngineOptions, 'onRemoteUpdates' | 'onErased'> {
  /** Names the lock and the channel; defaults to the database name, so each (server, user) has its own. */
  name?: string;
  /** Injected in tests; `null` means none (run the engine here). Defaults to `navigator.locks`. */
  locks?: LockManagerLike | null;
  /** Injected in tests; `null` means none (run the engine here). Defaults to the global one. */
  BroadcastChannel?: typeof BroadcastChannel | null;
}

type TabMessage =
  | { type: 'nudge' }
  | { type: 'reconnect' }
  | { type: 'status-request' }
  | { type: 'status'; status: unknown }
  | { type: 'remote'; docId: string; teamId: string; updates: Uint8Array[] }
  | { type: 'erased'; erased: ErasedOnDevice[] };

/**
 * One socket per browser (docs/architecture.md#one-socket-per-device). The tab holding the lock runs the
 * `SyncEngine`; every tab talks to it over a BroadcastChannel: other tabs nudge it after their local writes
 * (they share the database, so the leader finds their outbox rows), receive its status snapshots, and hear
 * about every doc it stored from the relay, with the updates, so their open docs follow. When the leader tab
 * closes, another tab takes the lock and starts its own engine. Without Web Locks or BroadcastChannel, the
 * engine simply runs in this tab.
 */
export function createTabSync(options: TabSyncOptions): TabSync {
  const {
    name = options.db.name,
    locks: givenLocks,
    BroadcastChannel: givenChannel,
    ...engineOptions
  } = options;
  const locks = givenLocks === undefined ? defaultLocks() : (givenLocks ?? undefined);
  const Channel = givenChannel === undefined ? globalThis.BroadcastChannel : (givenChannel ?? undefined);

  const statusListeners = new Set<(status: SyncStatus) => void>();
  const remoteListeners = new Set<(docId: string, teamId: string, updates: Uint8Array[]) => void>();
  let status = INITIAL_STATUS;
  let engine: SyncEngine | null = null;

  const setStatus = (next: SyncStatus) => {
    status = next;
    for (const listener of statusListeners) {
      try {
        listener(next);
      } catch (error) {
        console.error('A sync status listener failed', error);
      }
    }
  };
  const emitRemote = (docId: string, teamId: string, updates: Uint8Array[]) => {
    for (const listener of remoteListeners) {
      try {
        listener(docId, teamId, updates);
      } catch (error) {
        console.error(`Applying remote changes of ${docId} in this tab failed`, error);
      }
    }
  };

  const erasedListeners = new Set<(erased: ErasedOnDevice[]) => void>();
  const emitErased = (erased: ErasedOnDevice[]) => {
    for (const listener of erasedListeners) {
      try {
        listener(erased);
      } catch (error) {
        console.error('Closing erased cases in this tab failed', error);
      }
    }
  };

  const channel = locks && Channel ? new Channel(`${name}:sync`) : null;
  const post = (message: TabMessage) => {
    try {
      channel?.postMessage(message);
    } catch (error) {
      console.error('Telling the other tabs about sync failed', error);
    }
  };

  const startEngine = () => {
    const running = new SyncEngine({
      ...engineOptions,
      onRemoteUpdates: (docId, teamId, updates) => {
        emitRemote(docId, teamId, updates);
        // Copies: posting a view into a network frame would clone the whole frame to every tab.
        post({ type: 'remote', docId, teamId, updates: updates.map((update) => update.slice()) });
      },
      onErased: (erased) => {
        emitErased(erased);
        post({ type: 'erased', erased });
      },
    });
    const stopListening = running.subscribe((next) => {
      setStatus(next);
      post({ type: 'status', status: serialiseStatus(next) });
    });
    engine = running;
    setStatus(running.status);
    running.start();
    return async () => {
      engine = null;
      await running.stop();
      stopListening();
    };
  };

  if (channel) {
    channel.onmessage = (event: MessageEvent) => {
      const message = event.data as TabMessage | null;
      switch (message?.type) {
        case 'nudge':
          engine?.nudge();
          break;
        case 'reconnect':
          engine?.reconnectNow();
          break;
        case 'status-request':
          if (engine) post({ type: 'status', status: serialiseStatus(engine.status) });
          break;
        case 'status': {
          const next = engine ? undefined : deserialiseStatus(message.status);
          if (next) setStatus(next);
          break;
        }
        case 'remote':
          if (!engine && Array.isArray(message.updates)) {
            emitRemote(message.docId, message.teamId, message.updates);
          }
          break;
        case 'erased':
          if (!engine && Array.isArray(message.erased)) emitErased(message.erased);
          break;
      }
    };
  }

  const resign = runAsLeader(`${name}:sync-leader`, startEngine, channel ? locks : undefined);
  const nudge = () => {
    if (engine) engine.nudge();
    else post({ type: 'nudge' });
  };
  const stopNudging = options.docs.onOutbox(nudge);
  if (!engine) post({ type: 'status-request' });

  return {
    get status() {
      return status;
    },
    get isLeader() {
      return engine !== null;
    },
    subscribe(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    nudge,
    reconnectNow() {
      if (engine) engine.reconnectNow();
      else post({ type: 'reconnect' });
    },
    onRemoteUpdates(listener) {
      remoteListeners.add(listener);
      return () => remoteListeners.delete(listener);
    },
    onErased(listener) {
      erasedListeners.add(listener);
      return () => erasedListeners.delete(listener);
    },
    async close() {
      stopNudging();
      await resign();
      channel?.close();
    },
  };
}

function defaultLocks(): LockManagerLike | undefined {
  return (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
}
