import { z } from 'zod';
import { decodeJson, encodeJson, fieldEditRecord, type Codec } from './codec.ts';
import type { FieldEditRow, LotseDatabase } from './db.ts';

/** A Yjs item id: the struct that holds a written value. */
const itemSchema = z.object({
  client: z.number().int().nonnegative(),
  clock: z.number().int().nonnegative(),
});

/** The content of a field edit record (codec JSON in `fieldEdits.data`): the path is inside, not beside it. */
const fieldEditSchema = z.object({
  path: z.string().min(1),
  value: z.json(),
  item: itemSchema.nullable(),
});
export type FieldEdit = z.output<typeof fieldEditSchema>;

const rowSchema = z.object({
  id: z.number().int().positive(),
  docId: z.string().min(1),
  data: z.instanceof(Uint8Array),
});

/** Field edits encoded for one write, ready to go into the transaction that stores their update. */
export interface PreparedEdits {
  docId: string;
  rows: { path: string; data: Uint8Array }[];
}

/**
 * The fields this device wrote, per doc: what the conflict check compares remote updates against. One
 * record per field (the latest value this device wrote there), kept after the relay has acknowledged it,
 * because a concurrent write from another device can arrive at any later time. A record goes when this
 * device writes the field again, when a remote write that had seen it replaces it, or when a conflict
 * notice about it is settled by taking the other value.
 *
 * The field's path is encrypted with its value, so the table shows only which docs were edited. To replace
 * a field's record without reading its path in the clear, the ids of each doc's records per path are kept
 * in memory, read once per doc; several tabs may each add one, and reading keeps the newest.
 */
export class FieldEditLog {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;
  /** Per doc: the row ids holding each path. Filled by `read`; absent until then. */
  readonly #ids = new Map<string, Map<string, number[]>>();

  constructor(db: LotseDatabase, codec: Codec) {
    this.#db = db;
    this.#codec = codec;
  }

  /** The latest recorded edit of each field of `docId`. Unreadable rows are skipped and logged. */
  async read(docId: string): Promise<FieldEdit[]> {
    const rows: unknown[] = await this.#db.fieldEdits.where('docId').equals(docId).toArray();
    const latest = new Map<string, { id: number; edit: FieldEdit }>();
    const ids = new Map<string, number[]>();
    for (const raw of rows) {
      try {
        const row = rowSchema.parse(raw);
        const edit = fieldEditSchema.parse(await decodeJson(this.#codec, row.data, fieldEditRecord(docId)));
        ids.set(edit.path, [...(ids.get(edit.path) ?? []), row.id]);
        const known = latest.get(edit.path);
        if (!known || known.id < row.id) latest.set(edit.path, { id: row.id, edit });
      } catch (error) {
        // An unreadable record cannot be compared; it is replaced by nothing and harms nothing else.
        console.warn(`A field edit record of ${docId} cannot be read and is not checked`, error);
      }
    }
    this.#ids.set(docId, ids);
    return [...latest.values()].sort((a, b) => a.id - b.id).map(({ edit }) => edit);
  }

  /** Encodes edits for `write`; outside any IndexedDB transaction (WebCrypto would end it). */
  async prepare(docId: string, edits: readonly FieldEdit[]): Promise<PreparedEdits> {
    if (!this.#ids.has(docId)) await this.read(docId);
    const rows = await Promise.all(
      edits.map(async (edit) => ({
        path: edit.path,
        data: await encodeJson(this.#codec, edit, fieldEditRecord(docId)),
      })),
    );
    return { docId, rows };
  }

  /**
   * Inside a transaction that includes `fieldEdits`: replaces the records of the prepared paths. Resolves a
   * function that brings the in-memory ids up to date; call it once the transaction has committed.
   */
  async write(prepared: PreparedEdits, at: number): Promise<() => void> {
    const known = this.#ids.get(prepared.docId) ?? new Map<string, number[]>();
    const added = new Map<string, number>();
    for (const { path, data } of prepared.rows) {
      const old = [...(known.get(path) ?? []), ...(added.has(path) ? [added.get(path)!] : [])];
      if (old.length > 0) await this.#db.fieldEdits.bulkDelete(old);
      const row: FieldEditRow = { docId: prepared.docId, data, at };
      added.set(path, await this.#db.fieldEdits.add(row));
    }
    return () => {
      const ids = this.#ids.get(prepared.docId);
      if (!ids) return;
      for (const [path, id] of added) ids.set(path, [id]);
    };
  }

  /** Forgets what is known in memory of `docId` (its records were deleted with the doc). */
  dropCached(docId: string): void {
    this.#ids.delete(docId);
  }

  /**
   * Drops the records of `paths` (superseded, or given up for another value). Inside a transaction only
   * after `read` of the same doc: reading decrypts, which would end the transaction.
   */
  async forget(docId: string, paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    if (!this.#ids.has(docId)) await this.read(docId);
    const ids = this.#ids.get(docId)!;
    const doomed = paths.flatMap((path) => ids.get(path) ?? []);
    if (doomed.length > 0) await this.#db.fieldEdits.bulkDelete(doomed);
    for (const path of paths) ids.delete(path);
  }
}
