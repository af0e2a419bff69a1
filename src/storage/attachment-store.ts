import { z } from 'zod';
import { attachmentRecord, type Codec } from './codec.ts';
import type { AttachmentRow, LotseDatabase } from './db.ts';
import { DocErasedError } from './erasures.ts';
import { KEEP_OFFLINE_PREFIX, keepOfflineKey } from './meta-keys.ts';

/** How many bytes of attachments fetched from other devices this device keeps before evicting the oldest. */
export const FETCHED_KEEP_BYTES = 200 * 1024 * 1024;

const RowSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  docId: z.string().min(1),
  teamId: z.string().min(1),
  bytes: z.number().int().min(0),
  state: z.enum(['waiting', 'uploaded', 'fetched', 'refused']),
  cause: z.string().optional(),
  at: z.number(),
  openedAt: z.number(),
});

const DataSchema = z.object({ hash: z.string(), data: z.instanceof(Uint8Array) });

/** A case whose attachments this device keeps: a meta row, since the person decides it per device. */
const KeptRowSchema = z.object({
  key: z.string().startsWith(KEEP_OFFLINE_PREFIX),
  value: z.object({ at: z.number() }),
});

/** An attachment waiting for upload, as the queue sees it (without its bytes). */
export interface WaitingAttachment {
  hash: string;
  docId: string;
  teamId: string;
  bytes: number;
}

/** Storage full: IndexedDB's own error, which Dexie passes on under the same name. */
export function isQuotaExceeded(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'QuotaExceededError') return true;
  const inner = (error as { inner?: unknown }).inner;
  return inner instanceof Error && inner.name === 'QuotaExceededError';
}

/**
 * The device's attachments: where each stands (`attachments`) and its sealed bytes (`attachmentData`),
 * stored once more through the codec, so at rest they are under the vault's key like every case byte. The
 * two are written and deleted together; lists and the upload queue read only the small rows. Rows are
 * validated when read; one that fails reads as absent, and an attachment whose bytes cannot be read is
 * fetched again from the relay when opened.
 */
export class AttachmentStore {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;

  constructor(db: LotseDatabase, codec: Codec) {
    this.#db = db;
    this.#codec = codec;
  }

  /**
   * Stores sealed bytes. `state` `waiting` queues them for upload. Rejects as IndexedDB does when the device
   * is full (`isQuotaExceeded`); then nothing was stored.
   */
  async put(
    entry: { hash: string; docId: string; teamId: string; state: 'waiting' | 'fetched' },
    sealed: Uint8Array,
    now = Date.now(),
  ): Promise<void> {
    const data = await this.#codec.encode(sealed, attachmentRecord(entry.docId, entry.hash));
    const row: AttachmentRow = { ...entry, bytes: sealed.length, at: now, openedAt: now };
    await this.#db.transaction(
      'rw',
      this.#db.attachments,
      this.#db.attachmentData,
      this.#db.erasures,
      async () => {
        // A case the relay erased gets no attachment back (docs/architecture.md#data-lifecycle).
        if ((await this.#db.erasures.get(entry.docId)) !== undefined) throw new DocErasedError(entry.docId);
        await this.#db.attachmentData.put({ hash: entry.hash, data });
        await this.#db.attachments.put(row);
      },
    );
  }

  /** The sealed bytes, or `undefined` when this device does not hold them (or cannot read them). */
  async sealed(hash: string, now = Date.now()): Promise<Uint8Array | undefined> {
    const row = await this.#row(hash);
    if (!row) return undefined;
    const stored = DataSchema.safeParse(await this.#db.attachmentData.get(hash));
    if (!stored.success) return undefined;
    try {
      const bytes = await this.#codec.decode(stored.data.data, attachmentRecord(row.docId, row.hash));
      await this.#db.attachments.update(hash, { openedAt: now });
      return bytes;
    } catch (error) {
      console.error('An attachment on this device cannot be read; it will be fetched again', error);
      return undefined;
    }
  }

  async state(hash: string): Promise<Pick<AttachmentRow, 'state' | 'cause'> | undefined> {
    const row = await this.#row(hash);
    return row && { state: row.state, ...(row.cause !== undefined ? { cause: row.cause } : {}) };
  }

  /** Attachments waiting for upload, oldest first. */
  async waiting(): Promise<WaitingAttachment[]> {
    const rows = await this.#db.attachments.where('state').equals('waiting').toArray();
    return rows
      .filter((row) => RowSchema.safeParse(row).success)
      .sort((a, b) => a.at - b.at)
      .map(({ hash, docId, teamId, bytes }) => ({ hash, docId, teamId, bytes }));
  }

  async markUploaded(hash: string): Promise<void> {
    await this.#db.attachments.update(hash, { state: 'uploaded' });
  }

  /** The relay refused the upload for good: kept on this device, no longer offered, `cause` shown. */
  async markRefused(hash: string, cause: string): Promise<void> {
    await this.#db.attachments.update(hash, { state: 'refused', cause });
  }

  /** Queues a refused attachment again (after the person freed space on the relay, say). */
  async retry(hash: string): Promise<void> {
    await this.#db.attachments
      .where('hash')
      .equals(hash)
      .modify((row) => {
        row.state = 'waiting';
        delete row.cause;
      });
  }

  /**
   * Keeps the attachments of case `docId` on this device (`keep`) or lets them be evicted again. Keeping
   * them is the person's choice before going where there is no network; fetching what is missing is the
   * caller's (attachments.svelte.ts).
   */
  async setKeptOffline(docId: string, keep: boolean, now = Date.now()): Promise<void> {
    await this.#db.transaction('rw', this.#db.meta, this.#db.erasures, async () => {
      if (!keep) return this.#db.meta.delete(keepOfflineKey(docId));
      if ((await this.#db.erasures.get(docId)) !== undefined) throw new DocErasedError(docId);
      await this.#db.meta.put({ key: keepOfflineKey(docId), value: { at: now } });
    });
  }

  /** The cases whose attachments this device keeps. A row that fails its schema counts as not kept. */
  async keptOffline(): Promise<Set<string>> {
    const rows: unknown[] = await this.#db.meta.where('key').startsWith(KEEP_OFFLINE_PREFIX).toArray();
    const kept = new Set<string>();
    for (const raw of rows) {
      const row = KeptRowSchema.safeParse(raw);
      if (row.success) kept.add(row.data.key.slice(KEEP_OFFLINE_PREFIX.length));
      else console.error('A kept-offline mark on this device failed validation', row.error.issues);
    }
    return kept;
  }

  /**
   * Drops fetched attachments, least recently opened first, until those kept take at most `keepBytes`.
   * Attachments made on this device are never evicted: they are the only copy until uploaded, and the
   * person's own work after that. Nor are those of a case the person keeps offline; they do not count
   * towards `keepBytes` either.
   */
  async evictFetched(keepBytes = FETCHED_KEEP_BYTES): Promise<number> {
    const keptCases = await this.keptOffline();
    const fetched = (await this.#db.attachments.where('state').equals('fetched').toArray()).filter(
      (row) => !keptCases.has(row.docId),
    );
    fetched.sort((a, b) => b.openedAt - a.openedAt);
    let kept = 0;
    const drop: string[] = [];
    for (const row of fetched) {
      if (kept + row.bytes <= keepBytes) kept += row.bytes;
      else drop.push(row.hash);
    }
    await this.#db.transaction('rw', this.#db.attachments, this.#db.attachmentData, async () => {
      await this.#db.attachments.bulkDelete(drop);
      await this.#db.attachmentData.bulkDelete(drop);
    });
    return drop.length;
  }

  async #row(hash: string): Promise<AttachmentRow | undefined> {
    const raw: unknown = await this.#db.attachments.get(hash);
    if (raw === undefined) return undefined;
    const parsed = RowSchema.safeParse(raw);
    if (!parsed.success) {
      console.error('An attachment row on this device failed validation', parsed.error.issues);
      return undefined;
    }
    return parsed.data as AttachmentRow;
  }
}
