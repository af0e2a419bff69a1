import { z } from 'zod';
import { isValidId } from '../protocol/sync.ts';
import {
  answerCacheRecord,
  decodeJson,
  encodeJson,
  erasureNoticeRecord,
  summaryRecord,
  type Codec,
} from './codec.ts';
import type { ErasureRow, LotseDatabase } from './db.ts';
import { metaKeysOf } from './meta-keys.ts';
import { SummaryRowSchema } from './records.ts';

/**
 * A doc the relay erased: what the device must not recreate, and what it tells the person
 * (docs/architecture.md#data-lifecycle).
 */
export interface Erasure {
  docId: string;
  teamId: string | null;
  /** The erasure's `seq` in the team's log; null when only a refused push (`doc-erased`) told of it. */
  seq: number | null;
  erasedAt: string | null;
  reason: 'retention' | 'request' | null;
}

/** What erasing one doc on this device did. */
export interface ErasedOnDevice {
  docId: string;
  /** Whether the device held anything of the doc (then the person is told). */
  held: boolean;
  /** Unsynced changes (outbox and set-aside rows) that were dropped with it. */
  dropped: number;
}

/** A case that disappeared from this device and whose notice the person has not seen yet. */
export interface ErasureNotice {
  docId: string;
  caseNumber: string | null;
  reason: 'retention' | 'request' | null;
  erasedAt: string | null;
  dropped: number;
  at: number;
}

const ANSWER_PREFIX = 'answer:';
const CAUGHT_UP_PREFIX = 'erasures-caught-up:';

const ErasureRowSchema = z.object({
  docId: z.string().refine(isValidId, 'not a valid doc id'),
  teamId: z.string().nullable(),
  seq: z.number().int().positive().nullable(),
  erasedAt: z.string().nullable(),
  reason: z.enum(['retention', 'request']).nullable(),
  at: z.number(),
  notice: z
    .object({ caseNumber: z.instanceof(Uint8Array).nullable(), dropped: z.number().int().nonnegative() })
    .optional(),
});

const CaseNumberSchema = z.object({ caseNumber: z.string().nullable().catch(null) });
const AnswerRowSchema = z.object({ key: z.string(), value: z.object({ data: z.instanceof(Uint8Array) }) });

/**
 * Erases docs the relay erased from this device and keeps their tombstones. Everything the device holds of
 * a doc goes in one transaction: its updates, summary, outbox and set-aside changes, field edits (and the
 * older pending edits), conflict notices, entry drafts, quarantined records, attachments and their bytes,
 * and its team. Cached relay answers that name the doc are dropped too. What stays is the tombstone.
 *
 * The person is told once: the notice keeps the Aktenzeichen (sealed by the codec) until it is dismissed.
 */
export class ErasureStore {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;

  constructor(db: LotseDatabase, codec: Codec) {
    this.#db = db;
    this.#codec = codec;
  }

  /**
   * Erases `erasure.docId`. Erasing a doc erased before only fills in what the tombstone lacked (the
   * `seq`, date and reason of an erasure first learned from a refused push). Callers that write the doc
   * (`DocStore`) run this in the doc's write queue.
   */
  async erase(erasure: Erasure): Promise<ErasedOnDevice> {
    const { docId } = erasure;
    // Decrypting waits on WebCrypto, which would end an IndexedDB transaction: read first, delete after.
    const caseNumber = await this.#caseNumber(docId);
    const sealedNumber =
      caseNumber === null ? null : await encodeJson(this.#codec, caseNumber, erasureNoticeRecord(docId));
    const answers = await this.#answersNaming(docId);
    const db = this.#db;
    return db.transaction(
      'rw',
      [
        db.updates,
        db.summaries,
        db.outbox,
        db.docTeams,
        db.pendingEdits,
        db.fieldEdits,
        db.conflicts,
        db.setAside,
        db.attachments,
        db.attachmentData,
        db.quarantine,
        db.meta,
        db.erasures,
      ],
      async () => {
        const earlier = ErasureRowSchema.safeParse(await db.erasures.get(docId));
        const outbox = await db.outbox.where('docId').equals(docId).toArray();
        const dropped =
          outbox.filter((row) => row.seed !== true).length +
          (await db.setAside.where('docId').equals(docId).count());
        const held =
          dropped > 0 ||
          (await db.updates.where('docId').equals(docId).count()) > 0 ||
          (await db.summaries.get(docId)) !== undefined;
        const hashes = await db.attachments.where('docId').equals(docId).primaryKeys();
        await Promise.all([
          db.updates.where('docId').equals(docId).delete(),
          db.summaries.delete(docId),
          db.outbox.where('docId').equals(docId).delete(),
          db.docTeams.delete(docId),
          db.pendingEdits.where('docId').equals(docId).delete(),
          db.fieldEdits.where('docId').equals(docId).delete(),
          db.conflicts.where('docId').equals(docId).delete(),
          db.setAside.where('docId').equals(docId).delete(),
          db.attachments.bulkDelete(hashes),
          db.attachmentData.bulkDelete(hashes),
          // Quarantined records are few and not indexed by doc.
          db.quarantine.filter((row) => row.docId === docId).delete(),
          db.meta.bulkDelete([...metaKeysOf(docId), ...answers]),
        ]);
        const before = earlier.success ? earlier.data : undefined;
        const notice =
          held || before?.notice
            ? {
                caseNumber: sealedNumber ?? before?.notice?.caseNumber ?? null,
                dropped: dropped + (before?.notice?.dropped ?? 0),
              }
            : undefined;
        const row: ErasureRow = {
          docId,
          teamId: erasure.teamId ?? before?.teamId ?? null,
          seq: erasure.seq ?? before?.seq ?? null,
          erasedAt: erasure.erasedAt ?? before?.erasedAt ?? null,
          reason: erasure.reason ?? before?.reason ?? null,
          at: before?.at ?? Date.now(),
          ...(notice ? { notice } : {}),
        };
        await db.erasures.put(row);
        return { docId, held, dropped };
      },
    );
  }

  /** Whether the relay erased `docId`. Inside a transaction, only one that includes `erasures`. */
  async isErased(docId: string): Promise<boolean> {
    return (await this.#db.erasures.get(docId)) !== undefined;
  }

  /** Every erased doc id this device knows of. */
  async erasedIds(): Promise<Set<string>> {
    return new Set((await this.#db.erasures.toCollection().primaryKeys()).map(String));
  }

  /**
   * The teams this device has caught up with since it handles erasures: their erasures below the cursor
   * reached it. A team missing here (an app before erasures moved its cursor) asks for them from 0 once.
   */
  async teamsCaughtUp(): Promise<Set<string>> {
    const keys = await this.#db.meta.where('key').startsWith(CAUGHT_UP_PREFIX).primaryKeys();
    return new Set(keys.map((key) => String(key).slice(CAUGHT_UP_PREFIX.length)));
  }

  async markCaughtUp(teamId: string): Promise<void> {
    await this.#db.meta.put({ key: `${CAUGHT_UP_PREFIX}${teamId}`, value: true });
  }

  /** The notices not yet dismissed, oldest first. A record that fails validation is skipped. */
  async notices(): Promise<ErasureNotice[]> {
    const rows: unknown[] = await this.#db.erasures.toArray();
    const notices: ErasureNotice[] = [];
    for (const raw of rows) {
      const parsed = ErasureRowSchema.safeParse(raw);
      if (!parsed.success || !parsed.data.notice) continue;
      const { docId, reason, erasedAt, at, notice } = parsed.data;
      let caseNumber: string | null = null;
      if (notice.caseNumber) {
        try {
          const decoded = await decodeJson(this.#codec, notice.caseNumber, erasureNoticeRecord(docId));
          caseNumber = typeof decoded === 'string' ? decoded : null;
        } catch {
          // Without its Aktenzeichen the notice still says that a case was erased.
        }
      }
      notices.push({ docId, caseNumber, reason, erasedAt, dropped: notice.dropped, at });
    }
    return notices.sort((a, b) => a.at - b.at);
  }

  /** The person has seen the notices of `docIds`: their Aktenzeichen goes, the tombstone stays. */
  async dismiss(docIds: readonly string[]): Promise<void> {
    await this.#db.transaction('rw', this.#db.erasures, async () => {
      for (const docId of docIds) {
        const row = await this.#db.erasures.get(docId);
        if (!row?.notice) continue;
        const { notice: _seen, ...rest } = row;
        await this.#db.erasures.put(rest);
      }
    });
  }

  /** The Aktenzeichen of the doc's stored summary, if it has one and it can be read. */
  async #caseNumber(docId: string): Promise<string | null> {
    const row = SummaryRowSchema.safeParse(await this.#db.summaries.get(docId));
    if (!row.success) return null;
    try {
      const summary = CaseNumberSchema.safeParse(
        await decodeJson(this.#codec, row.data.data, summaryRecord(docId)),
      );
      return summary.success ? summary.data.caseNumber : null;
    } catch {
      return null;
    }
  }

  /** The meta keys of cached relay answers whose content names `docId`. */
  async #answersNaming(docId: string): Promise<string[]> {
    const rows: unknown[] = await this.#db.meta.where('key').startsWith(ANSWER_PREFIX).toArray();
    const naming: string[] = [];
    for (const raw of rows) {
      const row = AnswerRowSchema.safeParse(raw);
      if (!row.success) continue;
      try {
        const key = row.data.key.slice(ANSWER_PREFIX.length);
        const value = await decodeJson(this.#codec, row.data.value.data, answerCacheRecord(key));
        if (JSON.stringify(value).includes(JSON.stringify(docId))) naming.push(row.data.key);
      } catch {
        // An answer that cannot be read is fetched again anyway; it cannot be told to name the doc.
      }
    }
    return naming;
  }
}

/** Thrown when something would write a doc the relay erased: nothing of it may come back. */
export class DocErasedError extends Error {
  override name = 'DocErasedError';

  constructor(docId: string) {
    super(`${docId} was erased; nothing of it is stored again.`);
  }
}
