import type { IndexableType } from 'dexie';
import { plainCodec, type Codec } from './codec.ts';
import type { LotseDatabase } from './db.ts';
import { UnlockFailuresSchema, VaultRecordSchema, type UnlockFailures, type VaultRecord } from './vault.ts';

const VAULT_KEY = 'vault';
const FAILURES_KEY = 'unlock-failures';

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
const CONTENT_TABLES = ['updates', 'summaries', 'outbox', 'pendingEdits', 'conflicts'] as const;

/**
 * Puts a first vault on a database that was written without one (by a version of Lotse before the vault):
 * every stored record is re-encoded with `codec`, and the vault record is written in the same transaction,
 * so the database is either all plain without a vault or all encrypted with it. Returns how many records
 * were encrypted. A record the plain codec cannot read stays as it is; the store quarantines it when read.
 */
export async function sealDatabase(db: LotseDatabase, record: VaultRecord, codec: Codec): Promise<number> {
  // WebCrypto cannot run inside an IndexedDB transaction (it would commit early), so the records are read,
  // encrypted, and then written together with the vault in one transaction.
  const sealed = new Map<string, { key: IndexableType; data: Uint8Array }[]>();
  let count = 0;
  for (const name of CONTENT_TABLES) {
    const table = db.table(name);
    const rows: { key: IndexableType; data: Uint8Array }[] = [];
    await table.each((row: Record<string, unknown>, cursor) => {
      if (row.data instanceof Uint8Array) rows.push({ key: cursor.primaryKey, data: row.data });
    });
    for (const row of rows) row.data = await codec.encode(await plainCodec.decode(row.data));
    sealed.set(name, rows);
    count += rows.length;
  }
  await db.transaction('rw', [...CONTENT_TABLES.map((name) => db.table(name)), db.meta], async () => {
    for (const [name, rows] of sealed) {
      const table = db.table(name);
      for (const row of rows) await table.update(row.key, { data: row.data });
    }
    await db.meta.put({ key: VAULT_KEY, value: record });
  });
  return count;
}
