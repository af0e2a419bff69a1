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

/**
 * A local change not yet acknowledged by the relay (docs/architecture.md#sync-protocol). Written in the same
 * IndexedDB transaction as its `updates` row, deleted only when the relay acknowledges it.
 */
export interface OutboxRow {
  id?: number;
  docId: string;
  teamId: string;
  /** Codec output of one Yjs update. */
  data: Uint8Array;
  at: number;
  /**
   * The team doc's seed (the default categories every device and the relay derive byte for byte): sent like
   * any row, but no person's change, so the unsent counter leaves it out (docs/architecture.md#team-directory).
   */
  seed?: true;
}

/** How far this device has stored a team's relay log. Advanced only after the updates are stored. */
export interface CursorRow {
  teamId: string;
  seq: number;
  /** When the device last finished catching up with this team (ms since the epoch). */
  syncedAt: number | null;
  /**
   * The epoch of the relay's log (from its welcome) under which `seq` was reached; absent on cursors stored
   * before the relay named epochs. Not indexed, so it needed no new schema version.
   */
  epoch?: string | null;
}

/** Which team a doc belongs to: needed to push it, and to scope it on the relay. */
export interface DocTeamRow {
  docId: string;
  teamId: string;
}

/**
 * A field this device changed, as earlier versions stored it, with its path in the clear. Read once and
 * moved into `fieldEdits` (see `moveLegacyEdits`); nothing writes it any more.
 */
export interface PendingEditRow {
  docId: string;
  /** The field's path in the doc, e.g. `person/firstName` or `contacts/<id>/note`. */
  path: string;
  /** Codec output of the JSON value this device wrote. */
  data: Uint8Array;
  at: number;
}

/**
 * A field this device wrote (see `FieldEditLog`); `data` is codec output of its path, value and Yjs item,
 * so the path (`person/phone`, a health field) is as protected as the value. Written in the same
 * transaction as the update that wrote the field and its outbox row.
 */
export interface FieldEditRow {
  id?: number;
  docId: string;
  data: Uint8Array;
  at: number;
}

/** A conflict notice waiting for a person to resolve it; `data` is codec output of its JSON. */
export interface ConflictRow {
  id?: number;
  docId: string;
  data: Uint8Array;
  at: number;
}

/**
 * A local change the relay refused for good (too large, not a readable update, a team the person left), or
 * that this device can no longer read: moved out of the outbox so it is not offered again, and kept until
 * the person sends it again or discards it. `id` is its former outbox id.
 */
export interface SetAsideRow {
  id: number;
  docId: string | null;
  teamId: string | null;
  /** Codec output of the Yjs update; null when it could not be read (then `raw` holds the outbox row). */
  data: Uint8Array | null;
  raw?: unknown;
  /** The relay's error code, or `unreadable` when this device could not read the row. */
  cause: string;
  /** The relay's (or this device's) explanation in English, for support; people see a translation of `cause`. */
  message: string;
  /** When the change was made. */
  at: number;
  setAsideAt: number;
}

/**
 * Where one attachment on this device stands (docs/architecture.md#attachments); its bytes are in
 * `attachmentData`, apart, so that listing and queueing never read megabytes. `hash` names the uploaded
 * bytes. `state`: `waiting` to be uploaded, `uploaded` (attached here and on the relay), `fetched`
 * (downloaded when opened; may be evicted), `refused` (the relay refused it for good; `cause`).
 */
export interface AttachmentRow {
  hash: string;
  docId: string;
  teamId: string;
  /** Length of the uploaded (encrypted) bytes. */
  bytes: number;
  state: 'waiting' | 'uploaded' | 'fetched' | 'refused';
  cause?: string;
  at: number;
  /** When it was last opened on this device: evicting fetched attachments starts with the oldest. */
  openedAt: number;
}

/**
 * The bytes of one attachment: the file encrypted under the attachment's own key (what is uploaded), stored
 * once more through the codec.
 */
export interface AttachmentDataRow {
  hash: string;
  data: Uint8Array;
}

/**
 * What this device keeps of a doc the relay erased (docs/architecture.md#data-lifecycle): its id, team, the
 * erasure's `seq`, date and reason (null while only a refused push told of it), and no content, so that
 * nothing recreates it from a late update, a draft or the device's own outbox. `notice` waits until the
 * person has seen that the case is gone: the Aktenzeichen (codec output of its JSON, bound to the doc id;
 * null when the device had none) and how many unsynced changes were dropped. It is deleted once seen.
 */
export interface ErasureRow {
  docId: string;
  teamId: string | null;
  seq: number | null;
  erasedAt: string | null;
  reason: 'retention' | 'request' | null;
  /** When this device erased it (ms since the epoch). */
  at: number;
  notice?: { caseNumber: Uint8Array | null; dropped: number };
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
  outbox!: Table<OutboxRow, number>;
  cursors!: Table<CursorRow, string>;
  docTeams!: Table<DocTeamRow, string>;
  pendingEdits!: Table<PendingEditRow, [string, string]>;
  conflicts!: Table<ConflictRow, number>;
  fieldEdits!: Table<FieldEditRow, number>;
  setAside!: Table<SetAsideRow, number>;
  attachments!: Table<AttachmentRow, string>;
  attachmentData!: Table<AttachmentDataRow, string>;
  erasures!: Table<ErasureRow, string>;

  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      updates: '++seq, docId',
      summaries: 'id',
      quarantine: '++id, table',
      meta: 'key',
    });
    // Sync: the outbox of unacknowledged changes, the cursor per team, the team of every doc, and what
    // the conflict check needs.
    this.version(2).stores({
      outbox: '++id, docId',
      cursors: 'teamId',
      docTeams: 'docId, teamId',
      pendingEdits: '[docId+path], docId',
      conflicts: '++id, docId',
    });
    // Field edits with their paths encrypted, kept past the acknowledgement (they replace `pendingEdits`,
    // whose rows are moved over by `FieldEditLog` users at start; the table stays until then).
    this.version(3).stores({
      fieldEdits: '++id, docId',
    });
    // Changes the relay refused for good, set aside from the outbox.
    this.version(4).stores({
      setAside: 'id, docId',
    });
    // Attachments' bytes, apart from the docs' updates: their uploads never queue behind or before a change.
    this.version(5).stores({
      attachments: 'hash, docId, state',
      attachmentData: 'hash',
    });
    // Docs the relay erased: what is left of them on the device, and the notice that they are gone.
    this.version(6).stores({
      erasures: 'docId, teamId',
    });
  }
}

/** The database name for a user on a relay. Both parts are encoded so no value can collide with another. */
export function databaseName(server: string, user: string): string {
  return `lotse:${encodeURIComponent(server)}:${encodeURIComponent(user)}`;
}
