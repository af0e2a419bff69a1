import { liveQuery } from 'dexie';
import type * as Y from 'yjs';
import { z } from 'zod';
import type { WriteOptions } from '../domain/case-doc.ts';
import { fieldExists, fieldValue, restoreField } from '../domain/conflict-resolution.ts';
import {
  CASE_TRACKED_FIELDS,
  detectConflicts,
  editsOfTransaction,
  sameValue,
  type DetectedConflict,
  type JsonValue,
  type TrackedFields,
} from '../domain/conflicts.ts';
import {
  COORDINATION_TRACKED_FIELDS,
  coordinationFieldExists,
  coordinationFieldValue,
  restoreCoordinationField,
} from '../domain/coordination-fields.ts';
import { COORDINATION_DOC_ID } from '../domain/doc-kinds.ts';
import type { FieldEdit } from '../storage/field-edits.ts';
import type { Label } from '../domain/labels.ts';
import { ok, refused, type WriteResult } from '../domain/write-result.ts';
import { conflictRecord, decodeJson, encodeJson, pendingEditRecord, type Codec } from '../storage/codec.ts';
import type { ConflictRow, LotseDatabase } from '../storage/db.ts';
import type { DocStore } from '../storage/doc-store.ts';

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

/**
 * A notice that remote updates of the case were stored without the conflict check: the check failed, and
 * holding them back could stall the case's sync for good. The person is told, and asked to look over the
 * case, rather than having a possible overwrite pass in silence.
 */
const uncheckedRecordSchema = z.object({
  kind: z.literal('unchecked'),
  reason: z.string(),
  detectedAt: z.string(),
});
type UncheckedRecord = z.output<typeof uncheckedRecordSchema>;

/** A field edit's content as earlier versions stored it (codec JSON in `pendingEdits.data`). */
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

/** What the check knows of one kind of doc: which values it watches, and how to read and write them. */
interface DocFields {
  tracked: TrackedFields;
  value(doc: Y.Doc, path: string): JsonValue;
  exists(doc: Y.Doc, path: string): boolean;
  restore(doc: Y.Doc, path: string, value: JsonValue, opts: WriteOptions): WriteResult;
}

const CASE_FIELDS: DocFields = {
  tracked: CASE_TRACKED_FIELDS,
  value: fieldValue,
  exists: fieldExists,
  restore: restoreField,
};

const COORDINATION_FIELDS: DocFields = {
  tracked: COORDINATION_TRACKED_FIELDS,
  value: coordinationFieldValue,
  exists: coordinationFieldExists,
  restore: restoreCoordinationField,
};

/** The coordination doc has fields of its own; every other doc the check sees is a case file. */
function fieldsOf(docId: string): DocFields {
  return docId === COORDINATION_DOC_ID ? COORDINATION_FIELDS : CASE_FIELDS;
}

function comparable(fields: DocFields, path: string, value: JsonValue): JsonValue {
  return fields.tracked.comparable ? fields.tracked.comparable(path, value) : value;
}

/** Remote updates of a case that were stored without the conflict check (see `uncheckedRecordSchema`). */
export interface UncheckedNotice {
  id: number;
  docId: string;
  /** What went wrong, in English, for support. */
  reason: string;
  detectedAt: string;
}

/** What a case shows at its top: conflicts to settle, and updates that could not be checked. */
export interface CaseNotices {
  conflicts: OpenConflict[];
  unchecked: UncheckedNotice[];
}

export interface ConflictCheckOptions {
  db: LotseDatabase;
  codec: Codec;
  /** Where a doc's stored state is loaded from when it is not open, and the fields this device wrote. */
  docs: Pick<DocStore, 'load' | 'fieldEdits' | 'settled'>;
  /** The open Y.Doc of a case, if any: it also holds local edits still on their way to storage. */
  liveDoc?: (docId: string) => Y.Doc | undefined;
  now?: () => Date;
}

/**
 * docs/architecture.md#no-silent-overwrite on the device, for both sides of a conflict. `DocStore` records the fields this
 * device writes (`editsOf`, in the transaction that stores the change) and keeps them after the relay has
 * them: a concurrent write from another device may arrive at any later time, and whichever value Yjs lets
 * win, the person whose value was replaced must hear of it. `beforeRemoteStore` (the sync engine's hook)
 * checks remote updates against those records before they are stored: a write that had not seen this
 * device's value is a conflict, one that had seen it replaces the record. The notices are kept in the
 * `conflicts` table and resolved in one step (`resolve`). Everything case-related passes through the codec.
 */
export class ConflictCheck {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;
  readonly #docs: Pick<DocStore, 'load' | 'fieldEdits' | 'settled'>;
  readonly #liveDoc: (docId: string) => Y.Doc | undefined;
  readonly #now: () => Date;

  constructor(options: ConflictCheckOptions) {
    this.#db = options.db;
    this.#codec = options.codec;
    this.#docs = options.docs;
    this.#liveDoc = options.liveDoc ?? (() => undefined);
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * The fields a local transaction wrote, for `DocStore.track`: stored with the change itself. Prose and
   * fields of records created in the same transaction are not recorded (they cannot conflict).
   */
  editsOf = (transaction: Y.Transaction, docId: string): FieldEdit[] =>
    editsOfTransaction(transaction, fieldsOf(docId).tracked);

  /**
   * Moves field edits stored by earlier versions (path in the clear, in `pendingEdits`) into the encrypted
   * field edit log, each doc in one transaction. Run once at start, before the sync engine.
   */
  async moveLegacyEdits(): Promise<number> {
    const rows: unknown[] = await this.#db.pendingEdits.toArray();
    const byDoc = new Map<string, { key: [string, string]; edit: FieldEdit }[]>();
    for (const raw of rows) {
      try {
        const row = z.object({ docId: z.string().min(1), ...pendingRowSchema.shape }).parse(raw);
        const record = pendingRecordSchema.parse(
          await decodeJson(this.#codec, row.data, pendingEditRecord(row.docId)),
        );
        const list = byDoc.get(row.docId) ?? [];
        list.push({ key: [row.docId, row.path], edit: { path: row.path, ...record } });
        byDoc.set(row.docId, list);
      } catch (error) {
        console.warn('A field edit stored by an earlier version cannot be read; it is dropped', error);
        const { docId, path } = (raw ?? {}) as { docId?: unknown; path?: unknown };
        if (typeof docId === 'string' && typeof path === 'string')
          await this.#db.pendingEdits.delete([docId, path]);
      }
    }
    let moved = 0;
    for (const [docId, entries] of byDoc) {
      const prepared = await this.#docs.fieldEdits.prepare(
        docId,
        entries.map((entry) => entry.edit),
      );
      const recorded = await this.#db.transaction(
        'rw',
        this.#db.pendingEdits,
        this.#db.fieldEdits,
        async () => {
          await this.#db.pendingEdits.bulkDelete(entries.map((entry) => entry.key));
          return this.#docs.fieldEdits.write(prepared, this.#now().getTime());
        },
      );
      recorded();
      moved += entries.length;
    }
    return moved;
  }

  /**
   * The sync engine's hook, called before remote updates of `docId` are stored. When this device wrote
   * fields of the doc, the updates are checked against them and new conflicts are stored; a field that
   * already has an open notice gets the newer remote value in it. When the check itself fails, the updates
   * are still stored (holding them back could stall the case for good), and the case gets a notice saying
   * they were not checked.
   */
  beforeRemoteStore = async (docId: string, updates: readonly Uint8Array[]): Promise<void> => {
    try {
      // A local change still on its way to storage carries field edits that must be compared too.
      await this.#docs.settled(docId);
      const edits = await this.#docs.fieldEdits.read(docId);
      if (edits.length === 0) return;
      const live = this.#liveDoc(docId);
      const doc = live ?? (await this.#docs.load(docId)).doc;
      try {
        const superseded = new Set<string>();
        const detected = detectConflicts({
          doc,
          updates,
          pending: edits,
          receivedAt: this.#now(),
          superseded,
          fields: fieldsOf(docId).tracked,
        });
        if (detected.length > 0) await this.#store(docId, detected);
        for (const conflict of detected) superseded.delete(conflict.path);
        await this.#docs.fieldEdits.forget(docId, [...superseded]);
      } finally {
        if (!live) doc.destroy();
      }
    } catch (error) {
      console.error(`The conflict check of ${docId} failed; its remote updates are stored unchecked`, error);
      await this.#storeUnchecked(docId, error);
    }
  };

  /** The open conflict notices of a doc, oldest first. */
  async list(docId: string): Promise<OpenConflict[]> {
    return (await this.#decodeRows(await this.#db.conflicts.where('docId').equals(docId).toArray()))
      .conflicts;
  }

  /** The doc's notices of updates stored without the check, oldest first. */
  async listUnchecked(docId: string): Promise<UncheckedNotice[]> {
    return (await this.#decodeRows(await this.#db.conflicts.where('docId').equals(docId).toArray()))
      .unchecked;
  }

  /** Calls `listener` with the doc's open notices now and whenever they change (in any tab). */
  watch(docId: string, listener: (notices: CaseNotices) => void): () => void {
    let latest = 0;
    const subscription = liveQuery(() => this.#db.conflicts.where('docId').equals(docId).toArray()).subscribe(
      {
        next: (rows) => {
          const call = ++latest;
          void this.#decodeRows(rows).then((notices) => {
            if (call === latest) listener(notices);
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
    const [conflict] = (await this.#decodeRows([row])).conflicts;
    if (!conflict) return refused('not-found', 'unreadable-item');
    const value = choice === 'mine' ? conflict.mine : conflict.theirs;
    const fields = fieldsOf(docId);
    const holds = fields.value(doc, conflict.path);
    let wrote = false;
    if (!sameValue(comparable(fields, conflict.path, holds), comparable(fields, conflict.path, value))) {
      if (!fields.exists(doc, conflict.path)) {
        // The record was deleted meanwhile: "theirs" has nothing left to do, "mine" cannot be written.
        if (choice === 'mine') return refused('not-found', 'item-not-found');
      } else {
        const result = fields.restore(doc, conflict.path, value, opts);
        if (!result.ok) return result;
        wrote = true;
      }
    }
    // Read before the transaction: reading decrypts, and WebCrypto would end it.
    if (choice === 'theirs' && !wrote) await this.#docs.fieldEdits.read(docId);
    await this.#db.transaction('rw', this.#db.conflicts, this.#db.fieldEdits, async () => {
      if (choice === 'theirs' && !wrote) await this.#docs.fieldEdits.forget(docId, [conflict.path]);
      await this.#db.conflicts.delete(conflictId);
    });
    return ok(undefined);
  }

  /** The person has read a notice of unchecked updates: it goes. */
  async dismissUnchecked(docId: string, noticeId: number): Promise<void> {
    const notices = await this.listUnchecked(docId);
    if (notices.some((notice) => notice.id === noticeId)) await this.#db.conflicts.delete(noticeId);
  }

  async #storeUnchecked(docId: string, error: unknown): Promise<void> {
    try {
      const at = this.#now();
      const record: UncheckedRecord = {
        kind: 'unchecked',
        reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        detectedAt: at.toISOString(),
      };
      const data = await encodeJson(this.#codec, record, conflictRecord(docId));
      await this.#db.conflicts.add({ docId, data, at: at.getTime() });
    } catch (failure) {
      // Nothing left to store the notice in: the console is the last place that can say it.
      console.error(`The notice that ${docId} was stored unchecked could not be stored either`, failure);
    }
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

  async #decodeRows(rows: readonly unknown[]): Promise<CaseNotices> {
    const conflicts: OpenConflict[] = [];
    const unchecked: UncheckedNotice[] = [];
    for (const raw of rows) {
      try {
        const row = rowSchema.parse(raw);
        const json = await decodeJson(this.#codec, row.data, conflictRecord(row.docId));
        const failure = uncheckedRecordSchema.safeParse(json);
        if (failure.success) {
          const { reason, detectedAt } = failure.data;
          unchecked.push({ id: row.id, docId: row.docId, reason, detectedAt });
          continue;
        }
        const record = conflictRecordSchema.parse(json);
        const label = fieldsOf(row.docId).tracked.label(record.path);
        conflicts.push({ id: row.id, docId: row.docId, label, ...record });
      } catch (error) {
        console.warn('A conflict notice cannot be read', error);
      }
    }
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    return { conflicts: conflicts.sort(byId), unchecked: unchecked.sort(byId) };
  }
}

/** The conflict check for one device database; see `ConflictCheck`. */
export function createConflictCheck(options: ConflictCheckOptions): ConflictCheck {
  return new ConflictCheck(options);
}
