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

/** The codecs the encryption benchmark compares: the plain one and the vault's AES-GCM one. */
export type CodecName = 'plain' | 'aes-gcm';

/** One seeded case for the codec comparison: its Yjs update and its summary's JSON bytes, as base64. */
export interface CodecDoc {
  id: string;
  update: string;
  summary: string;
}

/** What each codec's database holds, counted without decoding anything. */
export interface CodecStored {
  updates: number;
  summaries: number;
  /** Stored bytes of every update and summary record: what encryption adds on disk. */
  bytes: number;
  vault: boolean;
}

export interface CodecResult {
  /** Milliseconds from opening the database until every record is decoded (and, for docs, a Y.Doc). */
  ms: number;
  count: number;
  /** Contacts over everything read (summary counts, or the docs' contact arrays): the same for both codecs. */
  contacts: number;
  quarantined: number;
}

export interface DecryptProfile {
  /** One after the other, as SummaryStore.all() and DocStore decode. */
  summariesMs: number;
  updatesMs: number;
  /** All summaries at once (Promise.all): what overlapping WebCrypto's round trips would save. */
  summariesAtOnceMs: number;
}

export interface Harness {
  /** Stores the docs in the Dexie database and in one y-indexeddb database per doc. */
  seed(docs: HarnessDoc[]): Promise<void>;
  /** How many docs each store holds, without loading them. */
  stored(): Promise<{ dexieDocs: number; yDatabases: number }>;
  loadDexie(): Promise<LoadResult>;
  loadYIndexeddb(ids: string[]): Promise<LoadResult>;
  profileDexie(): Promise<LoadProfile>;
  /** Stores the same cases in two databases: one through the plain codec, one through a new vault's codec. */
  seedCodecs(docs: CodecDoc[], secret: string): Promise<void>;
  storedCodecs(): Promise<Record<CodecName, CodecStored>>;
  /**
   * What the app does before it opens the store: opens the database and reads its vault record; for the
   * vault's database, also unlocks it with `secret` (PBKDF2 and unwrapping the data key), timed.
   */
  prepareCodec(codec: CodecName, secret: string): Promise<{ unlockMs?: number; iterations?: number }>;
  /** SummaryStore.all() through the codec: the case list's read at start. */
  readSummaries(codec: CodecName): Promise<CodecResult>;
  /** DocStore.loadAll() through the codec. */
  loadDocs(codec: CodecName): Promise<CodecResult>;
  /** The vault codec alone: decrypting every stored summary and every stored update, rows read beforehand. */
  timeDecrypt(): Promise<DecryptProfile>;
}

declare global {
  interface Window {
    lotseHarness?: Harness;
  }
}
