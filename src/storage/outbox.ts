import { z } from 'zod';
import { isTeamDocId } from '../domain/team-directory.ts';
import { isValidId } from '../protocol/sync.ts';
import { docUpdateRecord, type Codec } from './codec.ts';
import type { LotseDatabase } from './db.ts';
import { describeIssues } from './records.ts';

/** An outbox row as stored; `data` is codec output. */
export const OutboxRowSchema = z.object({
  id: z.number().int().positive(),
  docId: z.string().refine(isValidId, 'not a valid doc id'),
  teamId: z.string().refine(isValidId, 'not a valid team id'),
  data: z.instanceof(Uint8Array),
  at: z.number(),
  seed: z.literal(true).optional(),
});

/** One local change waiting for the relay's acknowledgement, decoded. */
export interface OutboxEntry {
  kind: 'entry';
  /** The outbox row id; the push sends it as `ref`. */
  id: number;
  docId: string;
  teamId: string;
  /** One Yjs update, plain (codec output decoded). */
  update: Uint8Array;
}

/** A row that could not be read: it stays in the table (nothing unacknowledged is deleted) but is not sent. */
export interface UnreadableOutboxRow {
  kind: 'unreadable';
  id: number;
  docId: string | null;
  reason: string;
}

/**
 * The outbox of local changes not yet acknowledged by the relay (docs/architecture.md#sync-protocol). Rows
 * are added by `DocStore` in the same transaction as the change itself; this reads them for pushing and
 * deletes one only when the relay acknowledges it.
 */
export class Outbox {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;

  constructor(db: LotseDatabase, codec: Codec) {
    this.#db = db;
    this.#codec = codec;
  }

  /** Up to `limit` rows with an id above `afterId`, oldest first, decoded. */
  async after(afterId: number, limit: number): Promise<(OutboxEntry | UnreadableOutboxRow)[]> {
    const rows: unknown[] = await this.#db.outbox.where(':id').above(afterId).limit(limit).toArray();
    const result: (OutboxEntry | UnreadableOutboxRow)[] = [];
    for (const raw of rows) {
      const parsed = OutboxRowSchema.safeParse(raw);
      if (!parsed.success) {
        const { id, docId } = (raw ?? {}) as { id?: unknown; docId?: unknown };
        // Primary keys of this table are always numbers; anything else could not be read past anyway.
        if (typeof id !== 'number') continue;
        const reason = describeIssues(parsed.error);
        result.push({ kind: 'unreadable', id, docId: typeof docId === 'string' ? docId : null, reason });
        continue;
      }
      const { id, docId, teamId, data } = parsed.data;
      try {
        result.push({
          kind: 'entry',
          id,
          docId,
          teamId,
          update: await this.#codec.decode(data, docUpdateRecord(docId)),
        });
      } catch (error) {
        result.push({ kind: 'unreadable', id, docId, reason: (error as Error).message });
      }
    }
    return result;
  }

  /**
   * How many rows with a person's change wait, per doc id, never decoding a row. Typing in one case adds a
   * row per pause, so the outbox can hold thousands of rows for a handful of docs: the distinct doc ids are
   * read from the `docId` index first, then each case's rows are counted in the index. A team doc's rows
   * are few and read as they are, to leave out its seed (`OutboxRow.seed`): a device that merely opened the
   * team directory has nothing of a person's to send. A doc with nothing counted is left out.
   */
  async countsByDoc(): Promise<Map<string, number>> {
    const docIds = await this.#db.outbox.orderBy('docId').uniqueKeys();
    const counts = new Map<string, number>();
    for (const key of docIds) {
      const docId = String(key);
      const rows = this.#db.outbox.where('docId').equals(docId);
      const count = isTeamDocId(docId)
        ? await rows.filter((row: unknown) => (row as { seed?: unknown }).seed !== true).count()
        : await rows.count();
      if (count > 0) counts.set(docId, count);
    }
    return counts;
  }

  /**
   * The relay stored row `id`: delete it. Resolves the row's doc and whether it was the doc's last row, or
   * `undefined` when the row was gone already. The fields the change wrote stay recorded (`FieldEditLog`):
   * a concurrent change from another device can still arrive after this one reached the relay.
   */
  async acknowledge(id: number): Promise<{ docId: string; docSynced: boolean } | undefined> {
    return this.#db.transaction('rw', this.#db.outbox, async () => {
      const row: unknown = await this.#db.outbox.get(id);
      if (row === undefined) return undefined;
      await this.#db.outbox.delete(id);
      const docId = (row as { docId?: unknown }).docId;
      if (typeof docId !== 'string') return undefined;
      const left = await this.#db.outbox.where('docId').equals(docId).count();
      return { docId, docSynced: left === 0 };
    });
  }
}
