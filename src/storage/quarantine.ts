import type { LotseDatabase, QuarantineRow } from './db.ts';

export interface QuarantinedRecord {
  id: number;
  table: QuarantineRow['table'];
  key: string;
  docId: string | null;
  reason: string;
  at: number;
}

function keyOf(table: QuarantineRow['table'], raw: unknown): string {
  if (raw === null || typeof raw !== 'object') return '?';
  const record = raw as Record<string, unknown>;
  const key = table === 'updates' ? record.seq : record.id;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : '?';
}

/**
 * Records that could not be read are moved here, raw content and all, in one transaction with their
 * removal from the source table: the bad record stops blocking anything, and nothing is thrown away.
 */
export class Quarantine {
  readonly #db: LotseDatabase;

  constructor(db: LotseDatabase) {
    this.#db = db;
  }

  async move(table: QuarantineRow['table'], raw: unknown, reason: string): Promise<void> {
    const key = keyOf(table, raw);
    const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const docId =
      typeof record.docId === 'string' ? record.docId : typeof record.id === 'string' ? record.id : null;
    await this.#db.transaction('rw', this.#db.quarantine, this.#db[table], async () => {
      await this.#db.quarantine.add({ table, key, docId, reason, at: Date.now(), raw });
      if (key === '?') return;
      if (table === 'updates') await this.#db.updates.delete(Number(key));
      else await this.#db.summaries.delete(key);
    });
  }

  /** Keeps a record that never reached a source table (so nothing is removed), under `key`. */
  async keep(
    table: QuarantineRow['table'],
    key: string,
    docId: string,
    reason: string,
    raw: unknown,
  ): Promise<void> {
    await this.#db.quarantine.add({ table, key, docId, reason, at: Date.now(), raw });
  }

  async list(): Promise<QuarantinedRecord[]> {
    const rows = await this.#db.quarantine.toArray();
    return rows.map(({ id, table, key, docId, reason, at }) => ({
      id: id ?? 0,
      table,
      key: String(key),
      docId: typeof docId === 'string' ? docId : null,
      reason: String(reason),
      at: Number(at),
    }));
  }

  async count(): Promise<number> {
    return this.#db.quarantine.count();
  }
}
