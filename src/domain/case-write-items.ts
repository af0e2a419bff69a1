import * as Y from 'yjs';
import {
  COLLECTIONS,
  STEPS,
  type CollectionName,
  type ItemInput,
  type ItemPatch,
  type StepInput,
  type StepPatch,
} from './case-parts.ts';
import {
  findItem,
  newId,
  ruleContext,
  TRAIL_ROOT,
  write,
  writeField,
  type WriteOptions,
} from './case-doc.ts';
import { toJsonValue, sameValue, type JsonValue } from './conflicts.ts';
import { STAMP_KEYS, TRACED_PARTS, type TracedPart, type TrailEntry } from './schema/record-trail.ts';
import { message } from './messages.ts';
import type { Rule } from './schema/rules.ts';
import { mergePatch, validateInput } from './validate.ts';
import type { GoalStatus } from './vocabulary.ts';
import { invalidInput, ok, refused, type FieldIssue, type WriteResult } from './write-result.ts';
import type { z } from 'zod';
import { toPlain } from './y-plain.ts';

interface Spec {
  fields: z.ZodObject;
  rules: readonly Rule<z.output<z.ZodObject>>[];
  prose: readonly string[];
  defaults: Readonly<Record<string, unknown>>;
}

/**
 * Checks that need the rest of the case: a referral may only link a consent that exists in this case.
 * Whether the consent is still valid is a separate, date-dependent question (see `consent-validity.ts`).
 */
function referenceIssues(
  doc: Y.Doc,
  collection: CollectionName,
  value: Record<string, unknown>,
): FieldIssue[] {
  if ((collection === 'referrals' || collection === 'applications') && typeof value.consentId === 'string') {
    if (!findItem(doc.getArray<unknown>('consents'), value.consentId)) {
      return [{ path: 'consentId', code: 'consent-not-found', message: message('consent-not-found') }];
    }
  }
  return [];
}

function insertRecord(array: Y.Array<unknown>, spec: Spec, data: Record<string, unknown>, nested: string[]) {
  const map = new Y.Map<unknown>();
  array.push([map]);
  for (const [key, value] of Object.entries(data)) writeField(map, key, value, spec.prose);
  for (const key of nested) map.set(key, new Y.Array<unknown>());
}

/** Where a traced record lives, for its trail entries. */
export type TraceRef = { part: TracedPart; id: string; goalId?: string };

export function isTraced(part: string): part is TracedPart {
  return (TRACED_PARTS as readonly string[]).includes(part);
}

/** Appends one event to the trail; call inside the write's transaction. */
export function appendTrail(
  doc: Y.Doc,
  ref: TraceRef,
  event: Pick<TrailEntry, 'event' | 'before' | 'reason'>,
  opts: WriteOptions,
): void {
  const entry: Record<string, unknown> = {
    part: ref.part,
    id: ref.id,
    event: event.event,
    at: (opts.now ?? new Date()).toISOString(),
  };
  if (ref.goalId !== undefined) entry.goalId = ref.goalId;
  if (opts.actor !== undefined) entry.by = opts.actor;
  if (event.before !== undefined) entry.before = event.before;
  if (event.reason !== undefined) entry.reason = event.reason;
  doc.getArray<unknown>(TRAIL_ROOT).push([entry]);
}

function addRecord(
  doc: Y.Doc,
  array: Y.Array<unknown>,
  spec: Spec,
  input: object,
  opts: WriteOptions,
  extra: (value: Record<string, unknown>) => FieldIssue[],
  nested: string[] = [],
  traced = false,
): WriteResult<string> {
  const id = newId(opts);
  const stamp: Record<string, unknown> = {};
  if (traced) {
    stamp.createdAt = (opts.now ?? new Date()).toISOString();
    if (opts.actor !== undefined) stamp.createdBy = opts.actor;
  }
  const candidate = { ...spec.defaults, ...stamp, ...input, id };
  const checked = validateInput(spec.fields, spec.rules, candidate, ruleContext(opts));
  if (!checked.ok) return invalidInput(checked.issues);
  const data = checked.data as Record<string, unknown>;
  const issues = extra(data);
  if (issues.length > 0) return invalidInput(issues);
  write(doc, opts, () => insertRecord(array, spec, data, nested));
  return ok(id);
}

function updateRecord(
  doc: Y.Doc,
  array: Y.Array<unknown>,
  spec: Spec,
  id: string,
  patch: object,
  opts: WriteOptions,
  extra: (value: Record<string, unknown>) => FieldIssue[],
  trace?: TraceRef,
): WriteResult {
  const found = findItem(array, id);
  if (!found) return refused('not-found', 'item-not-found');
  const changes = { ...patch } as Record<string, unknown>;
  delete changes.id;
  delete changes.erroneous; // marked and unmarked only through markErroneous / unmarkErroneous
  // A barrier's report to coordination is written only by reportBarrier / withdrawBarrierReport.
  delete changes.report;
  delete changes.earlierReports;
  const merged = { ...mergePatch(spec.fields, toPlain(found.map), changes), id };
  const checked = validateInput(spec.fields, spec.rules, merged, ruleContext(opts));
  if (!checked.ok) return invalidInput(checked.issues);
  const data = checked.data as Record<string, unknown>;
  const issues = extra(data);
  if (issues.length > 0) return invalidInput(issues);
  const before = trace ? replacedValues(found.map, changes, data, spec) : {};
  write(doc, opts, () => {
    for (const key of Object.keys(changes)) {
      if (Object.hasOwn(spec.fields.shape, key)) writeField(found.map, key, data[key], spec.prose);
    }
    if (trace && Object.keys(before).length > 0) appendTrail(doc, trace, { event: 'edited', before }, opts);
  });
  return ok(undefined);
}

/** The earlier values of the content fields an edit really changes (`null`: the field was empty). */
function replacedValues(
  map: Y.Map<unknown>,
  changes: Record<string, unknown>,
  data: Record<string, unknown>,
  spec: Spec,
): Record<string, JsonValue> {
  const before: Record<string, JsonValue> = {};
  for (const key of Object.keys(changes)) {
    if (!Object.hasOwn(spec.fields.shape, key) || STAMP_KEYS.includes(key)) continue;
    const previous = toJsonValue(map.get(key));
    if (!sameValue(previous, toJsonValue(data[key]))) before[key] = previous;
  }
  return before;
}

function removeRecord(doc: Y.Doc, array: Y.Array<unknown>, id: string, opts: WriteOptions): WriteResult {
  const found = findItem(array, id);
  if (!found) return refused('not-found', 'item-not-found');
  write(doc, opts, () => array.delete(found.index, 1));
  return ok(undefined);
}

/** Adds a record to a list part and returns its new id; invalid input writes nothing. */
export function addItem<C extends CollectionName>(
  doc: Y.Doc,
  collection: C,
  input: ItemInput<C>,
  opts: WriteOptions = {},
): WriteResult<string> {
  const spec = COLLECTIONS[collection] as Spec;
  const nested = collection === 'goals' ? ['steps'] : [];
  // A barrier's report to coordination is written only by reportBarrier, after its identity check.
  const fields: Record<string, unknown> = { ...input };
  delete fields.report;
  delete fields.earlierReports;
  return addRecord(
    doc,
    doc.getArray<unknown>(collection),
    spec,
    collection === 'barriers' ? fields : input,
    opts,
    (v) => referenceIssues(doc, collection, v),
    nested,
    isTraced(collection),
  );
}

/**
 * Changes fields of one record. Only the fields named in `patch` are written (`undefined` clears one), so a
 * concurrent change to another field of the same record survives; prose fields are merged, not replaced.
 */
export function updateItem<C extends CollectionName>(
  doc: Y.Doc,
  collection: C,
  id: string,
  patch: ItemPatch<C>,
  opts: WriteOptions = {},
): WriteResult {
  const spec = COLLECTIONS[collection] as Spec;
  return updateRecord(
    doc,
    doc.getArray<unknown>(collection),
    spec,
    id,
    patch,
    opts,
    (v) => referenceIssues(doc, collection, v),
    isTraced(collection) ? { part: collection, id } : undefined,
  );
}

export function removeItem(
  doc: Y.Doc,
  collection: CollectionName,
  id: string,
  opts: WriteOptions = {},
): WriteResult {
  if (collection === 'barriers') {
    // A report to coordination is withdrawn, never made to vanish with its barrier.
    const map = findItem(doc.getArray<unknown>('barriers'), id)?.map;
    if (map?.has('report')) return refused('refused', 'barrier-reported-delete');
  }
  return removeRecord(doc, doc.getArray<unknown>(collection), id, opts);
}

const noExtra = (): FieldIssue[] => [];

function stepsOf(doc: Y.Doc, goalId: string): Y.Array<unknown> | undefined {
  const goal = findItem(doc.getArray<unknown>('goals'), goalId);
  const steps = goal?.map.get('steps');
  if (steps instanceof Y.Array) return steps as Y.Array<unknown>;
  return undefined;
}

export function addStep(
  doc: Y.Doc,
  goalId: string,
  input: StepInput,
  opts: WriteOptions = {},
): WriteResult<string> {
  const steps = stepsOf(doc, goalId);
  if (!steps) return refused('not-found', 'item-not-found');
  return addRecord(doc, steps, STEPS as Spec, input, opts, noExtra, [], true);
}

export function updateStep(
  doc: Y.Doc,
  goalId: string,
  stepId: string,
  patch: StepPatch,
  opts: WriteOptions = {},
): WriteResult {
  const steps = stepsOf(doc, goalId);
  if (!steps) return refused('not-found', 'item-not-found');
  return updateRecord(doc, steps, STEPS as Spec, stepId, patch, opts, noExtra, {
    part: 'steps',
    id: stepId,
    goalId,
  });
}

export function setStepStatus(
  doc: Y.Doc,
  goalId: string,
  stepId: string,
  status: GoalStatus,
  opts: WriteOptions = {},
): WriteResult {
  return updateStep(doc, goalId, stepId, { status }, opts);
}

export function removeStep(doc: Y.Doc, goalId: string, stepId: string, opts: WriteOptions = {}): WriteResult {
  const steps = stepsOf(doc, goalId);
  if (!steps) return refused('not-found', 'item-not-found');
  return removeRecord(doc, steps, stepId, opts);
}

export function setGoalStatus(
  doc: Y.Doc,
  goalId: string,
  status: GoalStatus,
  opts: WriteOptions = {},
): WriteResult {
  return updateItem(doc, 'goals', goalId, { status }, opts);
}

/** Records a contact; the author defaults to the writing user. */
export function addContact(
  doc: Y.Doc,
  input: ItemInput<'contacts'>,
  opts: WriteOptions = {},
): WriteResult<string> {
  const authored =
    opts.actor !== undefined && input.authorId === undefined ? { ...input, authorId: opts.actor } : input;
  return addItem(doc, 'contacts', authored, opts);
}

export const addGoal = (doc: Y.Doc, input: ItemInput<'goals'>, opts: WriteOptions = {}) =>
  addItem(doc, 'goals', input, opts);
export const addHouseholdMember = (doc: Y.Doc, input: ItemInput<'household'>, opts: WriteOptions = {}) =>
  addItem(doc, 'household', input, opts);
export const addReferral = (doc: Y.Doc, input: ItemInput<'referrals'>, opts: WriteOptions = {}) =>
  addItem(doc, 'referrals', input, opts);
export const addReminder = (doc: Y.Doc, input: ItemInput<'reminders'>, opts: WriteOptions = {}) =>
  addItem(doc, 'reminders', input, opts);
export const addNotice = (doc: Y.Doc, input: ItemInput<'notices'>, opts: WriteOptions = {}) =>
  addItem(doc, 'notices', input, opts);
export const addConsent = (doc: Y.Doc, input: ItemInput<'consents'>, opts: WriteOptions = {}) =>
  addItem(doc, 'consents', input, opts);
export const addBarrier = (doc: Y.Doc, input: ItemInput<'barriers'>, opts: WriteOptions = {}) =>
  addItem(doc, 'barriers', input, opts);
