import Dexie, { type Table } from 'dexie';

/** One stored Yjs update of one doc; `data` is codec output. */
export interface UpdateRow {
  seq?: number;
  docId: string;
  data: Uint8Array;
  /** Milliseconds since the epoch when it was stored. */
  at: number;
}

/** The list-and-search summary of one case; `data` is codec output of the summary's JSON. */
export interface SummaryRow {
  id: string;
  data: Uint8Array;
  /** The highest update `seq` of this doc that the summary reflects; lower than the doc's means stale. */
  seq: number;
  at: number;
}

/** A record that failed validation or decoding, moved aside with its raw content so nothing is lost. */
export interface QuarantineRow {
  id?: number;
  table: 'updates' | 'summaries';
  key: string;
  docId: string | null;
  reason: string;
  at: number;
  raw: unknown;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * The device database: one per (server, user), so two people sharing a tablet, or one person on two relays,
 * never see each other's data. Schema versions are only ever appended; a released version is never edited.
 */
export class LotseDatabase extends Dexie {
  updates!: Table<UpdateRow, number>;
  summaries!: Table<SummaryRow, string>;
  quarantine!: Table<QuarantineRow, number>;
  meta!: Table<MetaRow, string>;

  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      updates: '++seq, docId',
      summaries: 'id',
      quarantine: '++id, table',
      meta: 'key',
    });
  }
}

/** The database name for a user on a relay. Both parts are encoded so no value can collide with another. */
export function databaseName(server: string, user: string): string {
  return `lotse:${encodeURIComponent(server)}:${encodeURIComponent(user)}`;
}
