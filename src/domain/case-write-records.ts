import * as Y from 'yjs';
import { findItem, write, type WriteOptions } from './case-doc.ts';
import { appendTrail, removeItem, removeStep, type TraceRef } from './case-write-items.ts';
import { germanErrorMap } from './messages.ts';
import { LIMITS, requiredTextSchema } from './schema/primitives.ts';
import { DELETE_GRACE_MINUTES, erroneousMarkSchema, type TrailEntry } from './schema/record-trail.ts';
import { invalidInput, issuesFromZod, ok, refused, type WriteResult } from './write-result.ts';

/**
 * Documentation a colleague can trust (docs/architecture.md#records-you-can-trust): a traced record is not
 * deleted but marked as erroneous with a reason, and stays readable, struck through. Only its author may
 * delete it outright, and only within `DELETE_GRACE_MINUTES` of saving it. A marking can be lifted again;
 * both the marking and the lifting stay in the trail.
 */

function recordMap(doc: Y.Doc, ref: TraceRef): Y.Map<unknown> | undefined {
  if (ref.part === 'steps') {
    if (ref.goalId === undefined) return undefined;
    const steps = findItem(doc.getArray<unknown>('goals'), ref.goalId)?.map.get('steps');
    return steps instanceof Y.Array ? findItem(steps as Y.Array<unknown>, ref.id)?.map : undefined;
  }
  return findItem(doc.getArray<unknown>(ref.part), ref.id)?.map;
}

const reasonSchema = requiredTextSchema(LIMITS.line);

/** Marks a record as erroneous with a required reason; the record and all its values stay. */
export function markErroneous(
  doc: Y.Doc,
  ref: TraceRef,
  reason: string,
  opts: WriteOptions = {},
): WriteResult {
  if (reason.trim() === '') return refused('invalid-input', 'erroneous-reason-missing', 'reason');
  const checked = reasonSchema.safeParse(reason.trim(), { error: germanErrorMap });
  if (!checked.success) return invalidInput(issuesFromZod(checked.error, ['reason']));
  const map = recordMap(doc, ref);
  if (!map) return refused('not-found', 'item-not-found');
  if (erroneousMarkSchema.safeParse(map.get('erroneous')).success) {
    return refused('refused', 'already-erroneous');
  }
  const mark: Record<string, string> = { at: (opts.now ?? new Date()).toISOString(), reason: checked.data };
  if (opts.actor !== undefined) mark.by = opts.actor;
  write(doc, opts, () => {
    map.set('erroneous', mark);
    appendTrail(doc, ref, { event: 'marked-erroneous', reason: checked.data }, opts);
  });
  return ok(undefined);
}

/** Lifts a marking made by mistake; the trail keeps that it was marked, why, and who lifted it. */
export function unmarkErroneous(doc: Y.Doc, ref: TraceRef, opts: WriteOptions = {}): WriteResult {
  const map = recordMap(doc, ref);
  if (!map) return refused('not-found', 'item-not-found');
  const mark = erroneousMarkSchema.safeParse(map.get('erroneous'));
  if (!mark.success) return refused('refused', 'not-erroneous');
  write(doc, opts, () => {
    map.delete('erroneous');
    appendTrail(doc, ref, { event: 'unmarked', reason: mark.data.reason }, opts);
  });
  return ok(undefined);
}

/** What the grace rule needs to know of a record. */
export interface Authored {
  createdAt?: string | undefined;
  createdBy?: string | undefined;
  authorId?: string | undefined;
}

/**
 * Whether `actor` may still delete the record outright: it is their own and was saved less than
 * `DELETE_GRACE_MINUTES` ago. Records from before creation times were kept are never deleted.
 */
export function canDeleteRecord(
  record: Authored,
  actor: string | undefined,
  now: Date = new Date(),
): boolean {
  const author = record.authorId ?? record.createdBy;
  if (actor === undefined || author !== actor || record.createdAt === undefined) return false;
  const age = now.getTime() - Date.parse(record.createdAt);
  return age >= -60_000 && age < DELETE_GRACE_MINUTES * 60_000;
}

/** Deletes a fresh record of one's own (see `canDeleteRecord`); anything else is refused. */
export function deleteFreshRecord(doc: Y.Doc, ref: TraceRef, opts: WriteOptions = {}): WriteResult {
  const map = recordMap(doc, ref);
  if (!map) return refused('not-found', 'item-not-found');
  const text = (key: string) => {
    const value = map.get(key);
    return typeof value === 'string' ? value : undefined;
  };
  const record = { createdAt: text('createdAt'), createdBy: text('createdBy'), authorId: text('authorId') };
  if (!canDeleteRecord(record, opts.actor, opts.now)) {
    return refused('refused', 'delete-not-allowed', '', { minutes: DELETE_GRACE_MINUTES });
  }
  if (ref.part === 'steps') return removeStep(doc, ref.goalId ?? '', ref.id, opts);
  return removeItem(doc, ref.part, ref.id, opts);
}

/** The trail of one record, oldest first (concurrent entries from two devices in the doc's order). */
export function trailOf(trail: readonly TrailEntry[], ref: TraceRef): TrailEntry[] {
  return trail
    .filter(
      (entry) =>
        entry.part === ref.part &&
        entry.id === ref.id &&
        (ref.part !== 'steps' || entry.goalId === ref.goalId),
    )
    .sort((a, b) => a.at.localeCompare(b.at));
}
