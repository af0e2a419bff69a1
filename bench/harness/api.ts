/**
 * What the harness page (main.ts) puts on `window.lotseHarness`, for the benchmark to call through
 * `page.evaluate`. Shared so that both sides agree on the shapes.
 */

/** One seeded doc as sent to the page: its Yjs update as base64, because evaluate arguments are JSON. */
export interface HarnessDoc {
  id: string;
  update: string;
}

export interface LoadResult {
  /** Milliseconds from opening storage until every doc is a Y.Doc in memory. */
  ms: number;
  docs: number;
  /** Contacts over all loaded docs: proves both stores returned the same content. */
  contacts: number;
}

/** Where DocStore.loadAll's time goes, measured apart: reading, and the Yjs work on what was read. */
export interface LoadProfile {
  /** Opening the Dexie database and reading every update row: the IndexedDB part. */
  readMs: number;
  /** Y.applyUpdate of every row into a new Y.Doc: the work any store must do. */
  applyMs: number;
  /** Y.decodeUpdate of every row: the structure check DocStore runs before applying. */
  decodeMs: number;
}

export interface Harness {
  /** Stores the docs in the Dexie database and in one y-indexeddb database per doc. */
  seed(docs: HarnessDoc[]): Promise<void>;
  /** How many docs each store holds, without loading them. */
  stored(): Promise<{ dexieDocs: number; yDatabases: number }>;
  loadDexie(): Promise<LoadResult>;
  loadYIndexeddb(ids: string[]): Promise<LoadResult>;
  profileDexie(): Promise<LoadProfile>;
}

declare global {
  interface Window {
    lotseHarness?: Harness;
  }
}
