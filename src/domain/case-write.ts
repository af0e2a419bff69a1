import * as Y from 'yjs';
import { SECTIONS, type SectionName, type SectionPatch } from './case-parts.ts';
import {
  ASSESSMENT_PROSE,
  assessmentEntry,
  findItem,
  newId,
  ROOT,
  ruleContext,
  write,
  writeField,
  type WriteOptions,
} from './case-doc.ts';
import { addDays } from './dates.ts';
import { germanErrorMap } from './messages.ts';
import { caseMetaFields } from './schema/case-meta.ts';
import { assessmentEntryFields, assessmentEntryRules, type AssessmentEntryInput } from './schema/planning.ts';
import type { PersonInput } from './schema/person.ts';
import { proseSchema } from './schema/primitives.ts';
import { mergePatch, validateInput } from './validate.ts';
import { lifeDomainSchema, type LifeDomain } from './vocabulary.ts';
import { invalidInput, issuesFromZod, ok, refused, type WriteResult } from './write-result.ts';
import { replaceText, toPlain } from './y-plain.ts';

/**
 * Changes fields of a single-record part ('person', 'residence', 'benefits', 'perspective'). The merged
 * record is validated with all rules first; on failure nothing is written. Only the fields in `patch` are
 * written, so a concurrent change to another field on another device survives.
 *
 * A change of the residence status keeps the status before: it moves into `residenceHistory` with the day
 * it began and, when the patch says since when the new one holds, the day before as its last day; its
 * `statusSince` and `permitSection` belonged to it and are cleared unless the patch sets them anew. A new
 * status said to begin before the old one began is refused.
 */
export function updateSection<P extends SectionName>(
  doc: Y.Doc,
  part: P,
  patch: SectionPatch<P>,
  opts: WriteOptions = {},
): WriteResult {
  const spec = SECTIONS[part];
  const map = doc.getMap<unknown>(part);
  const before = toPlain(map) as Record<string, unknown>;
  const change = part === 'residence' ? statusChange(before, patch as Record<string, unknown>) : undefined;
  const merged = mergePatch(spec.fields, before, { ...change?.cleared, ...patch });
  const checked = validateInput(spec.fields, spec.rules, merged, ruleContext(opts));
  if (!checked.ok) return invalidInput(checked.issues);
  const data = checked.data as Record<string, unknown>;
  let earlier: Record<string, unknown> | undefined;
  if (change) {
    const period = earlierPeriod(change.previous, data, opts);
    if (!period.ok) return period;
    earlier = period.value;
  }
  const closing = part === 'residence' && !change ? closeLastPeriod(doc, before, data) : undefined;
  if (closing && !closing.ok) return closing;
  write(doc, opts, () => {
    if (closing?.ok && closing.value) closing.value.map.set('until', closing.value.until);
    const keys = new Set([...Object.keys(patch), ...Object.keys(change?.cleared ?? {})]);
    for (const key of keys) {
      if (Object.hasOwn(spec.fields.shape, key)) writeField(map, key, data[key], spec.prose);
    }
    if (earlier) {
      const entry = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(earlier)) entry.set(key, value);
      doc.getArray<unknown>('residenceHistory').push([entry]);
    }
  });
  return ok(undefined);
}

/** The status a residence patch replaces, and the fields that belonged to it; `undefined` if none. */
function statusChange(
  before: Record<string, unknown>,
  patch: Record<string, unknown>,
): { previous: Record<string, unknown>; cleared: Record<string, undefined> } | undefined {
  if (!Object.hasOwn(patch, 'status')) return undefined;
  const previous = SECTIONS.residence.fields.safeParse(before);
  const old = previous.success ? previous.data.status : undefined;
  if (old === undefined || old === patch.status) return undefined;
  const cleared: Record<string, undefined> = {};
  for (const key of ['statusSince', 'permitSection'])
    if (!Object.hasOwn(patch, key)) cleared[key] = undefined;
  return { previous: previous.success ? (previous.data as Record<string, unknown>) : {}, cleared };
}

/**
 * When the present status is given a start later (`statusSince` set without a change of status), the
 * latest earlier status still open-ended — written by a change of status that did not say since when — ends
 * the day before. A start on or before that status began is refused.
 */
function closeLastPeriod(
  doc: Y.Doc,
  before: Record<string, unknown>,
  now: Record<string, unknown>,
): WriteResult<{ map: Y.Map<unknown>; until: string } | undefined> {
  const since = typeof now.statusSince === 'string' ? now.statusSince : undefined;
  if (since === undefined || since === before.statusSince) return ok(undefined);
  const history = doc.getArray<unknown>('residenceHistory');
  const last = history.length > 0 ? history.get(history.length - 1) : undefined;
  if (!(last instanceof Y.Map) || last.get('until') !== undefined) return ok(undefined);
  const from = last.get('from');
  if (typeof from === 'string' && since <= from) {
    return refused('invalid-input', 'status-since-before-previous', 'statusSince', {
      date: from.split('-').reverse().join('.'),
    });
  }
  return ok({ map: last as Y.Map<unknown>, until: addDays(since, -1) });
}

function earlierPeriod(
  previous: Record<string, unknown>,
  now: Record<string, unknown>,
  opts: WriteOptions,
): WriteResult<Record<string, unknown>> {
  const from = typeof previous.statusSince === 'string' ? previous.statusSince : undefined;
  const since = typeof now.statusSince === 'string' ? now.statusSince : undefined;
  if (from !== undefined && since !== undefined && since <= from) {
    return refused('invalid-input', 'status-since-before-previous', 'statusSince', {
      date: from.split('-').reverse().join('.'),
    });
  }
  const period: Record<string, unknown> = { id: newId(opts), status: previous.status };
  if (from !== undefined) period.from = from;
  if (since !== undefined) period.until = addDays(since, -1);
  if (typeof previous.permitSection === 'string') period.permitSection = previous.permitSection;
  return ok(period);
}

/** Sets one field of the person; `undefined` clears it. */
export function setPersonField<K extends keyof PersonInput>(
  doc: Y.Doc,
  field: K,
  value: PersonInput[K] | undefined,
  opts: WriteOptions = {},
): WriteResult {
  return updateSection(doc, 'person', { [field]: value } as SectionPatch<'person'>, opts);
}

/** Changes the assessment of one life domain (need, date, and optionally its prose fields). */
export function updateAssessment(
  doc: Y.Doc,
  domain: LifeDomain,
  patch: Partial<AssessmentEntryInput>,
  opts: WriteOptions = {},
): WriteResult {
  const domainCheck = lifeDomainSchema.safeParse(domain, { error: germanErrorMap });
  if (!domainCheck.success) return invalidInput(issuesFromZod(domainCheck.error, ['domain']));
  const existing = doc.getMap<unknown>(ROOT.assessment).get(domain);
  const merged = mergePatch(assessmentEntryFields, existing === undefined ? {} : toPlain(existing), patch);
  const checked = validateInput(assessmentEntryFields, assessmentEntryRules, merged, ruleContext(opts));
  if (!checked.ok) return invalidInput(checked.issues);
  const data = checked.data as Record<string, unknown>;
  write(doc, opts, () => {
    const entry = assessmentEntry(doc, domain);
    for (const key of Object.keys(patch)) {
      if (Object.hasOwn(assessmentEntryFields.shape, key))
        writeField(entry, key, data[key], ASSESSMENT_PROSE);
    }
  });
  return ok(undefined);
}

/** Sets the case number (Aktenzeichen); `undefined` clears it. */
export function setCaseNumber(
  doc: Y.Doc,
  caseNumber: string | undefined,
  opts: WriteOptions = {},
): WriteResult {
  const checked = caseMetaFields.shape.caseNumber.safeParse(caseNumber, { error: germanErrorMap });
  if (!checked.success) return invalidInput(issuesFromZod(checked.error, ['caseNumber']));
  write(doc, opts, () => writeField(doc.getMap<unknown>(ROOT.meta), 'caseNumber', checked.data, []));
  return ok(undefined);
}

/** Replaces the list of other name spellings the case is found by (edited as a whole). */
export function setAliases(doc: Y.Doc, aliases: readonly string[], opts: WriteOptions = {}): WriteResult {
  const checked = caseMetaFields.shape.aliases.safeParse(aliases, { error: germanErrorMap });
  if (!checked.success) return invalidInput(issuesFromZod(checked.error, ['aliases']));
  write(doc, opts, () => doc.getMap<unknown>(ROOT.meta).set('aliases', checked.data));
  return ok(undefined);
}

/** Where a prose field lives. */
export type ProseTarget =
  | { part: 'notes' }
  | { part: 'assessment'; domain: LifeDomain; field: (typeof ASSESSMENT_PROSE)[number] }
  | { part: 'contacts'; id: string; field: 'note' }
  | { part: 'barriers'; id: string; field: 'description' };

/**
 * The `Y.Text` behind a prose field, for binding an editor to it directly; `undefined` when the record is
 * gone. Editing through the binding merges keystroke by keystroke with other devices.
 */
export function proseText(doc: Y.Doc, target: ProseTarget): Y.Text | undefined {
  if (target.part === 'notes') return doc.getText(ROOT.notes);
  let map: Y.Map<unknown> | undefined;
  if (target.part === 'assessment') {
    const entry = doc.getMap<unknown>(ROOT.assessment).get(target.domain);
    map = entry instanceof Y.Map ? (entry as Y.Map<unknown>) : undefined;
  } else {
    map = findItem(doc.getArray<unknown>(target.part), target.id)?.map;
  }
  const text = map?.get(target.field);
  return text instanceof Y.Text ? text : undefined;
}

/**
 * Makes a prose field read `text`, changing only the differing middle so concurrent edits elsewhere are
 * kept. Creates the `Y.Text` if the record has none yet.
 */
export function setProse(
  doc: Y.Doc,
  target: ProseTarget,
  text: string,
  opts: WriteOptions = {},
): WriteResult {
  const checked = proseSchema.safeParse(text, { error: germanErrorMap });
  if (!checked.success)
    return invalidInput(issuesFromZod(checked.error, ['field' in target ? target.field : 'notes']));
  if (target.part === 'notes') {
    write(doc, opts, () => replaceText(doc.getText(ROOT.notes), checked.data));
    return ok(undefined);
  }
  if (target.part === 'assessment') {
    if (!lifeDomainSchema.safeParse(target.domain).success) return refused('not-found', 'item-not-found');
    write(doc, opts, () =>
      writeField(assessmentEntry(doc, target.domain), target.field, checked.data, ASSESSMENT_PROSE),
    );
    return ok(undefined);
  }
  const found = findItem(doc.getArray<unknown>(target.part), target.id);
  if (!found) return refused('not-found', 'item-not-found');
  write(doc, opts, () => writeField(found.map, target.field, checked.data, [target.field]));
  return ok(undefined);
}
