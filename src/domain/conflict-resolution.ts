import * as Y from 'yjs';
import { findItem, ROOT, write, type WriteOptions } from './case-doc.ts';
import { parseFieldPath, type FieldRef } from './case-fields.ts';
import type { SectionPatch } from './case-parts.ts';
import { updateItem, updateStep } from './case-write-items.ts';
import { setAliases, setCaseNumber, updateAssessment, updateSection } from './case-write.ts';
import { toJsonValue, type JsonValue } from './conflicts.ts';
import { germanErrorMap } from './messages.ts';
import { closureFields } from './schema/case-meta.ts';
import { lifeDomainSchema, phaseSchema, type LifeDomain } from './vocabulary.ts';
import { invalidInput, issuesFromZod, ok, refused, type WriteResult } from './write-result.ts';

function asMap(value: unknown): Y.Map<unknown> | undefined {
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : undefined;
}

/** The `Y.Map` that holds the field, or `undefined` when its record is gone. */
function holder(doc: Y.Doc, ref: FieldRef): Y.Map<unknown> | undefined {
  switch (ref.part) {
    case 'person':
    case 'residence':
    case 'benefits':
    case 'perspective':
    case 'meta':
    case 'closure':
      return doc.getMap<unknown>(ref.part);
    case 'assessment':
      return asMap(doc.getMap<unknown>(ROOT.assessment).get(ref.domain));
    case 'steps': {
      const steps = findItem(doc.getArray<unknown>('goals'), ref.goalId)?.map.get('steps');
      return steps instanceof Y.Array ? findItem(steps as Y.Array<unknown>, ref.id)?.map : undefined;
    }
    default:
      return findItem(doc.getArray<unknown>(ref.part), ref.id)?.map;
  }
}

/** The value a field holds now as JSON (`null`: empty, or its record is gone). */
export function fieldValue(doc: Y.Doc, path: string): JsonValue {
  const ref = parseFieldPath(path);
  if (!ref) return null;
  try {
    return toJsonValue(holder(doc, ref)?.get(ref.field));
  } catch {
    return null; // a root of the wrong type: nothing readable there
  }
}

/** Whether the field's record still exists (a list item may have been deleted meanwhile). */
export function fieldExists(doc: Y.Doc, path: string): boolean {
  const ref = parseFieldPath(path);
  return ref !== undefined && holder(doc, ref) !== undefined;
}

/**
 * Writes `value` into the field at `path` as a normal local edit (it syncs like any other), through the
 * domain's mutator for that field, so the same rules apply as when a person types it. `null` clears the
 * field. Phase and closure are restored as values: they were valid when this or the other device wrote
 * them, and the phase rules judge moves through the cycle, not the choice between two concurrent ones.
 */
export function restoreField(
  doc: Y.Doc,
  path: string,
  value: JsonValue,
  opts: WriteOptions = {},
): WriteResult {
  const ref = parseFieldPath(path);
  if (!ref) return refused('not-found', 'item-not-found');
  const plain = value === null ? undefined : value;
  const patch = { [ref.field]: plain };
  switch (ref.part) {
    case 'person':
    case 'residence':
    case 'benefits':
    case 'perspective':
      return updateSection(doc, ref.part, patch as SectionPatch<typeof ref.part>, opts);
    case 'assessment': {
      if (!lifeDomainSchema.safeParse(ref.domain).success) return refused('not-found', 'item-not-found');
      return updateAssessment(doc, ref.domain as LifeDomain, patch, opts);
    }
    case 'steps':
      return updateStep(doc, ref.goalId, ref.id, patch, opts);
    case 'meta':
      return restoreMeta(doc, ref.field, plain, opts);
    case 'closure':
      return restoreClosure(doc, ref.field, plain, opts);
    default:
      return updateItem(doc, ref.part, ref.id, patch as never, opts);
  }
}

function restoreMeta(doc: Y.Doc, field: string, value: unknown, opts: WriteOptions): WriteResult {
  if (field === 'caseNumber') return setCaseNumber(doc, value as string | undefined, opts);
  if (field === 'aliases') return setAliases(doc, (value ?? []) as string[], opts);
  const phase = phaseSchema.safeParse(value, { error: germanErrorMap });
  if (!phase.success) return invalidInput(issuesFromZod(phase.error, ['phase']));
  const closure = doc.getMap<unknown>(ROOT.closure);
  if (
    phase.data === 'closed' &&
    (closure.get('reason') === undefined || closure.get('closedOn') === undefined)
  ) {
    return refused('refused', 'transition-closure-missing', 'phase');
  }
  write(doc, opts, () => {
    doc.getMap<unknown>(ROOT.meta).set('phase', phase.data);
    // Reopening drops the closure, as `changePhase` does, so a case and its closure never disagree.
    if (phase.data !== 'closed') for (const key of [...closure.keys()]) closure.delete(key);
  });
  return ok(undefined);
}

function restoreClosure(doc: Y.Doc, field: string, value: unknown, opts: WriteOptions): WriteResult {
  const schema = closureFields.shape[field as keyof typeof closureFields.shape];
  const checked = schema.safeParse(value, { error: germanErrorMap });
  if (!checked.success) return invalidInput(issuesFromZod(checked.error, [`closure.${field}`]));
  write(doc, opts, () => {
    const closure = doc.getMap<unknown>(ROOT.closure);
    if (checked.data === undefined) closure.delete(field);
    else closure.set(field, checked.data);
  });
  return ok(undefined);
}
