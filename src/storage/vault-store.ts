import type { IndexableType } from 'dexie';
import {
  conflictRecord,
  docUpdateRecord,
  fieldEditRecord,
  pendingEditRecord,
  plainCodec,
  summaryRecord,
  type Codec,
  type RecordContext,
} from './codec.ts';
import type { LotseDatabase } from './db.ts';
import {
  RECORD_FORMAT,
  UnlockFailuresSchema,
  VaultRecordSchema,
  type UnlockFailures,
  type VaultRecord,
} from './vault.ts';

const VAULT_KEY = 'vault';
const FAILURES_KEY = 'unlock-failures';
/** The record format every content record of the database has been brought to (absent: format 1). */
const RECORD_FORMAT_KEY = 'record-format';

/** What the user's database holds of its vault: a valid record, none yet, or one that cannot be read. */
export type StoredVault = { kind: 'none' } | { kind: 'ok'; record: VaultRecord } | { kind: 'corrupt' };

export async function readVault(db: LotseDatabase): Promise<StoredVault> {
  const row = await db.meta.get(VAULT_KEY);
  if (row === undefined) return { kind: 'none' };
  const parsed = VaultRecordSchema.safeParse(row.value);
  return parsed.success ? { kind: 'ok', record: parsed.data } : { kind: 'corrupt' };
}

export async function saveVault(db: LotseDatabase, record: VaultRecord): Promise<void> {
  await db.meta.put({ key: VAULT_KEY, value: record });
}

/** Wrong attempts in a row; a damaged counter counts as the limit reached, never as a fresh start. */
export async function readFailures(db: LotseDatabase, limit: number): Promise<UnlockFailures> {
  const row = await db.meta.get(FAILURES_KEY);
  if (row === undefined) return { count: 0, lastAt: 0 };
  const parsed = UnlockFailuresSchema.safeParse(row.value);
  return parsed.success ? parsed.data : { count: limit, lastAt: 0 };
}

export async function saveFailures(db: LotseDatabase, failures: UnlockFailures): Promise<void> {
  await db.meta.put({ key: FAILURES_KEY, value: failures });
}

export async function clearFailures(db: LotseDatabase): Promise<void> {
  await db.meta.delete(FAILURES_KEY);
}

/** The tables whose `data` is codec output: every one of them is case content. */
const CONTENT_TABLES = ['updates', 'summaries', 'outbox', 'pendingEdits', 'fieldEdits', 'conflicts'] as const;
type ContentTable = (typeof CONTENT_TABLES)[number];

/** Where a stored content row belongs, as its codec context; `undefined` for a row without a usable id. */
function contextOfRow(table: ContentTable, row: Record<string, unknown>): RecordContext | undefined {
  const docId = table === 'summaries' ? row.id : row.docId;
  if (typeof docId !== 'string' || docId === '') return undefined;
  switch (table) {
    case 'updates':
    case 'outbox':
      return docUpdateRecord(docId);
    case 'summaries':
      return summaryRecord(docId);
    case 'pendingEdits':
      return pendingEditRecord(docId);
    case 'fieldEdits':
      return fieldEditRecord(docId);
    case 'conflicts':
      return conflictRecord(docId);
  }
}

interface ContentRow {
  key: IndexableType;
  data: Uint8Array;
  context: RecordContext;
}

async function readContentRows(db: LotseDatabase, table: ContentTable): Promise<ContentRow[]> {
  const rows: ContentRow[] = [];
  await db.table(table).each((row: Record<string, unknown>, cursor) => {
    const context = contextOfRow(table, row);
    if (row.data instanceof Uint8Array && context)
      rows.push({ key: cursor.primaryKey, data: row.data, context });
  });
  return rows;
}

/** Whether every content record of the database is in the current record format. */
export async function recordsAreCurrent(db: LotseDatabase): Promise<boolean> {
  const row = await db.meta.get(RECORD_FORMAT_KEY);
  return row?.value === RECORD_FORMAT;
}

/**
 * Brings every content record written in an older record format to the current one, bound to where it
 * lives, and then marks the database as current. Each record carries its own format byte, so a page that
 * dies halfway leaves old and new records side by side, every one readable, and the next unlock goes on
 * where this one stopped. A record is replaced only if it is still the same bytes (another tab may have
 * compacted or acknowledged it meanwhile). Records the codec cannot read stay as they are; the stores
 * quarantine them when they read them. Resolves how many records were upgraded.
 */
export async function upgradeRecords(db: LotseDatabase, codec: Codec): Promise<number> {
  const upgrade = codec.upgrade?.bind(codec);
  let count = 0;
  for (const name of CONTENT_TABLES) {
    if (!upgrade) break;
    const changed: (ContentRow & { next: Uint8Array })[] = [];
    for (const row of await readContentRows(db, name)) {
      try {
        const next = await upgrade(row.data, row.context);
        if (next) changed.push({ ...row, next });
      } catch (error) {
        console.warn(`A stored ${name} record cannot be read to upgrade it; it stays as it is`, error);
      }
    }
    // WebCrypto cannot run inside an IndexedDB transaction (it would commit early): the records were
    // re-encrypted above, and are written here in one transaction per table.
    await db.transaction('rw', db.table(name), async () => {
      const table = db.table(name);
      for (const row of changed) {
        const current: unknown = await table.get(row.key);
        const data = (current as { data?: unknown } | undefined)?.data;
        if (!(data instanceof Uint8Array) || !sameBytes(data, row.data)) continue;
        await table.update(row.key, { data: row.next });
        count += 1;
      }
    });
  }
  await db.meta.put({ key: RECORD_FORMAT_KEY, value: RECORD_FORMAT });
  return count;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * Puts a first vault on a database that was written without one (by a version of Lotse before the vault):
 * every stored record is re-encoded with `codec`, and the vault record is written in the same transaction,
 * so the database is either all plain without a vault or all encrypted with it. Returns how many records
 * were encrypted. A record the plain codec cannot read stays as it is; the store quarantines it when read.
 */
export async function sealDatabase(db: LotseDatabase, record: VaultRecord, codec: Codec): Promise<number> {
  // WebCrypto cannot run inside an IndexedDB transaction (it would commit early), so the records are read,
  // encrypted, and then written together with the vault in one transaction.
  const sealed = new Map<string, ContentRow[]>();
  let count = 0;
  for (const name of CONTENT_TABLES) {
    const rows = await readContentRows(db, name);
    for (const row of rows)
      row.data = await codec.encode(await plainCodec.decode(row.data, row.context), row.context);
    sealed.set(name, rows);
    count += rows.length;
  }
  await db.transaction('rw', [...CONTENT_TABLES.map((name) => db.table(name)), db.meta], async () => {
    for (const [name, rows] of sealed) {
      const table = db.table(name);
      for (const row of rows) await table.update(row.key, { data: row.data });
    }
    await db.meta.put({ key: VAULT_KEY, value: record });
    await db.meta.put({ key: RECORD_FORMAT_KEY, value: RECORD_FORMAT });
  });
  return count;
}
