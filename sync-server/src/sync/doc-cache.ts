import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { RelayStore } from '../storage/contract.ts';
import { isStoreError } from '../storage/contract.ts';
import { SyncError } from './sync-error.ts';

interface Entry {
  /** Resolves once the doc holds the stored state; every caller of `get` shares this one load. */
  readonly loaded: Promise<Y.Doc>;
  doc: Y.Doc | undefined;
  /** Updates accepted while the load was running: the stored state read may or may not contain them. */
  pending: Uint8Array[];
  /** Sockets that hold the doc open (a `/ws/doc` socket); an entry with holders is never evicted. */
  holders: number;
  lastUsed: number;
}

export interface DocCacheOptions {
  /** How long a doc stays in memory after its last use with nobody holding it. */
  idleMs: number;
  now?: () => number;
}

/**
 * The relay's in-memory Y.Docs, one per doc key, for answering sync step 1 without reading and merging the
 * stored log each time (docs/architecture.md#relay-storage-contract). A doc is loaded from `store.docState`
 * on first need and kept up to date with every update the relay accepts; it is dropped after `idleMs` without
 * use.
 *
 * The cache never holds anything that is not in the log: updates are applied only after their durable
 * append, so a doc evicted and loaded again is the same doc.
 */
export class DocCache {
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #idleMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(store: RelayStore, log: Logger, options: DocCacheOptions) {
    this.#store = store;
    this.#log = log;
    this.#idleMs = options.idleMs;
    this.#now = options.now ?? Date.now;
    // Unref'd: an idle cache must not keep a process alive that has nothing else to do.
    this.#sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.floor(options.idleMs / 2)));
    this.#sweeper.unref();
  }

  /** How many docs are in memory (loaded or loading). */
  get size(): number {
    return this.#entries.size;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The doc with its stored state, loading it first if needed. Concurrent calls share one load. */
  get(key: string): Promise<Y.Doc> {
    const entry = this.#entries.get(key) ?? this.#load(key);
    entry.lastUsed = this.#now();
    return entry.loaded;
  }

  /** The doc if it is loaded already, without loading it. */
  peek(key: string): Y.Doc | undefined {
    const entry = this.#entries.get(key);
    if (entry) entry.lastUsed = this.#now();
    return entry?.doc;
  }

  /** Keeps the doc in memory until the returned release function is called. */
  hold(key: string): () => void {
    const entry = this.#entries.get(key) ?? this.#load(key);
    entry.holders += 1;
    entry.lastUsed = this.#now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.holders -= 1;
      entry.lastUsed = this.#now();
    };
  }

  /** Applies an update that is durably in the log to the cached doc, if the doc is in memory. */
  apply(key: string, update: Uint8Array): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    if (entry.doc === undefined) {
      entry.pending.push(update);
      return;
    }
    this.#applyTo(key, entry.doc, update);
  }

  /** Drops the doc from memory, held or not: it was erased (docs/architecture.md#data-lifecycle). */
  forget(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    entry.doc?.destroy();
  }

  /** Drops every doc that nobody holds and that was not used for `idleMs`. Runs on a timer. */
  sweep(): void {
    const cutoff = this.#now() - this.#idleMs;
    for (const [key, entry] of this.#entries) {
      if (entry.holders > 0 || entry.doc === undefined || entry.lastUsed > cutoff) continue;
      this.#entries.delete(key);
      entry.doc.destroy();
    }
  }

  close(): void {
    clearInterval(this.#sweeper);
    for (const entry of this.#entries.values()) entry.doc?.destroy();
    this.#entries.clear();
  }

  #load(key: string): Entry {
    const entry: Entry = {
      doc: undefined,
      pending: [],
      holders: 0,
      lastUsed: this.#now(),
      loaded: this.#store.docState(key).then(
        (state) => this.#loaded(key, entry, state),
        (error: unknown) => {
          // A doc nobody has written yet is an empty doc; its first update registers it.
          if (isStoreError(error) && error.code === 'not-found') return this.#loaded(key, entry, undefined);
          if (this.#entries.get(key) === entry) this.#entries.delete(key);
          if (isStoreError(error) && error.code === 'doc-erased') {
            throw new SyncError('doc-erased', 'The case was erased; its id is not used again.');
          }
          throw error;
        },
      ),
    };
    // The load's rejection is handled by whoever awaits `loaded`; this keeps an unawaited one quiet.
    entry.loaded.catch(() => {});
    this.#entries.set(key, entry);
    return entry;
  }

  #loaded(key: string, entry: Entry, state: Uint8Array | undefined): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    if (state !== undefined && state.byteLength > 0) this.#applyTo(key, doc, state);
    for (const update of entry.pending) this.#applyTo(key, doc, update);
    entry.pending = [];
    entry.doc = doc;
    return doc;
  }

  #applyTo(key: string, doc: Y.Doc, update: Uint8Array): void {
    try {
      Y.applyUpdate(doc, update);
    } catch (error) {
      // Updates are checked before they are logged, so this is a defect worth an error line, not a crash.
      this.#log.error({ err: error, doc: key }, 'a logged update does not apply to its doc');
    }
  }
}
