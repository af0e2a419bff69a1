import { liveQuery } from 'dexie';
import type * as Y from 'yjs';
import { z } from 'zod';
import type { WriteOptions } from '../domain/case-doc.ts';
import { describeField } from '../domain/case-fields.ts';
import { fieldExists, fieldValue, restoreField } from '../domain/conflict-resolution.ts';
import {
  detectConflicts,
  editsOfTransaction,
  sameValue,
  type DetectedConflict,
  type JsonValue,
  type PendingEdit,
} from '../domain/conflicts.ts';
import type { Label } from '../domain/labels.ts';
import { ok, refused, type WriteResult } from '../domain/write-result.ts';
import { conflictRecord, decodeJson, encodeJson, pendingEditRecord, type Codec } from '../storage/codec.ts';
import type { ConflictRow, LotseDatabase, PendingEditRow } from '../storage/db.ts';
import { isAlreadyStored } from '../protocol/origin.ts';
import type { DocStore } from '../storage/doc-store.ts';
import { KeyedQueue } from '../util/keyed-queue.ts';

/** A conflict notice as stored (codec JSON in `conflicts.data`). */
const conflictRecordSchema = z.object({
  path: z.string().min(1),
  mine: z.json(),
  theirs: z.json(),
  who: z.string().nullable(),
  when: z.string(),
  whenSource: z.enum(['written', 'received']),
  detectedAt: z.string(),
});
type ConflictRecord = z.output<typeof conflictRecordSchema>;

/** A pending edit's content (codec JSON in `pendingEdits.data`). */
const pendingRecordSchema = z.object({
  value: z.json(),
  item: z
    .object({ client: z.number().int().nonnegative(), clock: z.number().int().nonnegative() })
    .nullable(),
});

const rowSchema = z.object({
  id: z.number().int(),
  docId: z.string().min(1),
  data: z.instanceof(Uint8Array),
});
const pendingRowSchema = z.object({ path: z.string().min(1), data: z.instanceof(Uint8Array) });

/** An open conflict notice of one case. */
export interface OpenConflict {
  id: number;
  docId: string;
  path: string;
  /** The field's name in German and English; `undefined` for a field this app version does not know. */
  label: Label | undefined;
  /** This device's value; `null` when it had cleared the field. */
  mine: JsonValue;
  /** The other device's value. */
  theirs: JsonValue;
  /** Who wrote it (`meta.updatedBy`), `null` when unknown. */
  who: string | null;
  /** ISO timestamp: when it was written, or when it arrived (`whenSource`). */
  when: string;
  whenSource: 'written' | 'received';
  detectedAt: string;
}

export type ConflictChoice = 'mine' | 'theirs';

export interface ConflictCheckOptions {
  db: LotseDatabase;
  codec: Codec;
  /** Where a doc's stored state is loaded from when it is not open. */
  docs: Pick<DocStore, 'load'>;
  /** The open Y.Doc of a case, if any: it also holds local edits still on their way to storage. */
  liveDoc?: (docId: string) => Y.Doc | undefined;
  now?: () => Date;
}

/**
 * docs/architecture.md#no-silent-overwrite on the device: records which fields this device changed while they
 * are unsynced (`record`), checks remote updates against them before they are stored (`beforeRemoteStore`,
 * the sync engine's hook), keeps the resulting notices in the `conflicts` table and resolves them in one step
 * (`resolve`). Everything case-related passes through the codec.
 */
export class ConflictCheck {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;
  readonly #docs: Pick<DocStore, 'load'>;
  readonly #liveDoc: (docId: string) => Y.Doc | undefined;
  readonly #now: () => Date;
  /** Recorder writes per doc, in the order of their transactions. */
  readonly #recordings = new KeyedQueue<string>();

  constructor(options: ConflictCheckOptions) {
    this.#db = options.db;
    this.#codec = options.codec;
    this.#docs = options.docs;
    this.#liveDoc = options.liveDoc ?? (() => undefined);
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Records every local transaction on `doc` as `pendingEdits` rows, one `bulkPut` per transaction, in
   * order. Transactions from storage, from the relay or from any other `applyUpdate` are not this device's
   * edits and are skipped; so is prose. Returns a function that stops recording.
   */
  record(docId: string, doc: Y.Doc): () => void {
    const handler = (transaction: Y.Transaction) => {
      if (!transaction.local || isAlreadyStored(transaction.origin)) return;
      const edits = editsOfTransaction(transaction);
      if (edits.length === 0) return;
      const at = this.#now().getTime();
      this.#enqueue(docId, `Recording the edits of ${docId} for the conflict check failed`, async () => {
        const rows: PendingEditRow[] = await Promise.all(
          edits.map(async ({ path, value, item }) => ({
            docId,
            path,
            data: await encodeJson(this.#codec, { value, item }, pendingEditRecord(docId)),
            at,
          })),
        );
        await this.#db.pendingEdits.bulkPut(rows);
      });
    };
    doc.on('afterTransaction', handler);
    return () => doc.off('afterTransaction', handler);
  }

  /** Resolves once every edit recorded so far is stored. */
  flush(): Promise<void> {
    return this.#recordings.idleAll();
  }

  /**
   * The sync engine's hook, called before remote updates of `docId` are stored. When the doc has unsynced
   * edits, the updates are checked against them and new conflicts are stored; a field that already has an
   * open notice gets the newer remote value in it. A failing check is logged and never blocks the sync.
   */
  beforeRemoteStore = async (docId: string, updates: readonly Uint8Array[]): Promise<void> => {
    try {
      await this.#recordings.idle(docId);
      const pending = await this.#pending(docId);
      if (pending.length === 0) return;
      const live = this.#liveDoc(docId);
      const doc = live ?? (await this.#docs.load(docId)).doc;
      try {
        const detected = detectConflicts({ doc, updates, pending, receivedAt: this.#now() });
        if (detected.length > 0) await this.#store(docId, detected);
      } finally {
        if (!live) doc.destroy();
      }
    } catch (error) {
      console.error(`The conflict check of ${docId} failed; its remote updates are stored unchecked`, error);
    }
  };

  /** The open conflict notices of a doc, oldest first. */
  async list(docId: string): Promise<OpenConflict[]> {
    return this.#decodeRows(await this.#db.conflicts.where('docId').equals(docId).toArray());
  }

  /** Calls `listener` with the doc's open notices now and whenever they change (in any tab). */
  watch(docId: string, listener: (conflicts: OpenConflict[]) => void): () => void {
    let latest = 0;
    const subscription = liveQuery(() => this.#db.conflicts.where('docId').equals(docId).toArray()).subscribe(
      {
        next: (rows) => {
          const call = ++latest;
          void this.#decodeRows(rows).then((conflicts) => {
            if (call === latest) listener(conflicts);
          });
        },
        error: (error: unknown) => console.error(`Watching the conflicts of ${docId} failed`, error),
      },
    );
    return () => subscription.unsubscribe();
  }

  /**
   * Settles a notice in one step. The chosen value is written into `doc` as a normal local edit, through
   * the domain's mutator for the field, unless the doc holds it already; then the notice is deleted. Taking
   * the other value without a write also drops this device's pending edit of the field, so later changes
   * from others are not held against a value given up. A refused write keeps the notice.
   */
  async resolve(
    doc: Y.Doc,
    docId: string,
    conflictId: number,
    choice: ConflictChoice,
    opts: WriteOptions = {},
  ): Promise<WriteResult> {
    const row = await this.#db.conflicts.get(conflictId);
    if (!row || row.docId !== docId) return refused('not-found', 'item-not-found');
    const [conflict] = await this.#decodeRows([row]);
    if (!conflict) return refused('not-found', 'unreadable-item');
    const value = choice === 'mine' ? conflict.mine : conflict.theirs;
    let wrote = false;
    if (!sameValue(fieldValue(doc, conflict.path), value)) {
      if (!fieldExists(doc, conflict.path)) {
        // The record was deleted meanwhile: "theirs" has nothing left to do, "mine" cannot be written.
        if (choice === 'mine') return refused('not-found', 'item-not-found');
      } else {
        const result = restoreField(doc, conflict.path, value, opts);
        if (!result.ok) return result;
        wrote = true;
      }
    }
    await this.#db.transaction('rw', this.#db.conflicts, this.#db.pendingEdits, async () => {
      if (choice === 'theirs' && !wrote) await this.#db.pendingEdits.delete([docId, conflict.path]);
      await this.#db.conflicts.delete(conflictId);
    });
    return ok(undefined);
  }

  async #pending(docId: string): Promise<PendingEdit[]> {
    const rows = await this.#db.pendingEdits.where('docId').equals(docId).toArray();
    const edits: PendingEdit[] = [];
    for (const raw of rows) {
      try {
        const row = pendingRowSchema.parse(raw);
        const record = pendingRecordSchema.parse(
          await decodeJson(this.#codec, row.data, pendingEditRecord(docId)),
        );
        edits.push({ path: row.path, value: record.value, item: record.item });
      } catch (error) {
        // An unreadable row cannot be compared; it goes with the doc's other rows once the outbox drains.
        console.warn(`A pending edit of ${docId} cannot be read and is not checked`, error);
      }
    }
    return edits;
  }

  async #store(docId: string, detected: DetectedConflict[]): Promise<void> {
    const open = new Map((await this.list(docId)).map((conflict) => [conflict.path, conflict.id]));
    const at = this.#now();
    const prepared = await Promise.all(
      detected.map(async (conflict) => {
        const record: ConflictRecord = {
          path: conflict.path,
          mine: conflict.mine,
          theirs: conflict.theirs,
          who: conflict.who,
          when: conflict.when,
          whenSource: conflict.whenSource,
          detectedAt: at.toISOString(),
        };
        return {
          id: open.get(conflict.path),
          data: await encodeJson(this.#codec, record, conflictRecord(docId)),
        };
      }),
    );
    await this.#db.transaction('rw', this.#db.conflicts, async () => {
      for (const { id, data } of prepared) {
        const row: ConflictRow = { docId, data, at: at.getTime() };
        // A notice resolved meanwhile (in another tab) is not brought back under its old id.
        if (id !== undefined && (await this.#db.conflicts.get(id)))
          await this.#db.conflicts.put({ ...row, id });
        else await this.#db.conflicts.add(row);
      }
    });
  }

  async #decodeRows(rows: readonly unknown[]): Promise<OpenConflict[]> {
    const conflicts: OpenConflict[] = [];
    for (const raw of rows) {
      try {
        const row = rowSchema.parse(raw);
        const record = conflictRecordSchema.parse(
          await decodeJson(this.#codec, row.data, conflictRecord(row.docId)),
        );
        conflicts.push({ id: row.id, docId: row.docId, label: describeField(record.path)?.label, ...record });
      } catch (error) {
        console.warn('A conflict notice cannot be read', error);
      }
    }
    return conflicts.sort((a, b) => a.id - b.id);
  }

  #enqueue(docId: string, context: string, task: () => Promise<void>): void {
    this.#recordings.run(docId, task).catch((error: unknown) => console.error(context, error));
  }
}

/** The conflict check for one device database; see `ConflictCheck`. */
export function createConflictCheck(options: ConflictCheckOptions): ConflictCheck {
  return new ConflictCheck(options);
}
