import type * as Y from 'yjs';
import type { z } from 'zod';
import type { CaseFile, PathSegment, ReadCaseResult, ReadProblem } from './case-file.ts';
import { COLLECTIONS, SECTIONS, STEPS, type CollectionName } from './case-parts.ts';
import { ROOT, TRAIL_ROOT } from './case-doc.ts';
import { trailEntrySchema, type TrailEntry } from './schema/record-trail.ts';
import { message } from './messages.ts';
import { itemSegment, readRecord } from './read-record.ts';
import type { Rule } from './schema/rules.ts';
import { caseMetaFields, closureFields, closureRules, type CaseMeta } from './schema/case-meta.ts';
import { handoverFields, phaseChangeFields, type Handover, type PhaseChange } from './schema/case-history.ts';
import { assessmentEntryFields, assessmentEntryRules, type Goal, type Step } from './schema/planning.ts';
import { isVocabularyValue } from './enum.ts';
import { LIFE_DOMAINS, type LifeDomain } from './vocabulary.ts';
import { toPlain } from './y-plain.ts';

/**
 * Reads a root type by name. A root defined with another constructor (by a buggy or hostile writer) makes
 * Yjs throw; that is reported as a problem so the rest of the case still reads.
 */
function root<T>(get: () => T, path: PathSegment[], problems: ReadProblem[]): T | undefined {
  try {
    return get();
  } catch (error) {
    problems.push({ path, message: message('unreadable-item'), raw: String(error), effect: 'item-dropped' });
    return undefined;
  }
}

const metaReadFields = caseMetaFields.partial();

/** Only the meta of a case (kind, phase, …), read as `readCase` would. */
export function readCaseMeta(doc: Y.Doc): CaseMeta {
  return readMeta(doc, []);
}

function readMeta(doc: Y.Doc, problems: ReadProblem[]): CaseMeta {
  const map = root(() => doc.getMap<unknown>(ROOT.meta), [ROOT.meta], problems);
  // Every meta field is read on its own, so a damaged kind or phase falls back instead of hiding the case.
  const meta = readRecord(metaReadFields, [], map ? toPlain(map) : {}, [ROOT.meta], problems) ?? {};
  const responsibleId = meta.responsibleId ?? meta.createdBy;
  return {
    ...meta,
    id: meta.id ?? doc.guid,
    kind: meta.kind ?? 'case',
    phase: meta.phase ?? 'intake',
    aliases: meta.aliases ?? [],
    // Cases from before the field existed are their creator's.
    ...(responsibleId !== undefined ? { responsibleId } : {}),
  };
}

/**
 * An append-only history (phase changes, handovers), oldest first. Entries are ordered by their time, so
 * replicas that appended concurrently show the same order; entries of the same moment keep the doc's order.
 */
function readHistory<S extends typeof phaseChangeFields | typeof handoverFields>(
  doc: Y.Doc,
  name: typeof ROOT.phaseHistory | typeof ROOT.handovers,
  fields: S,
  problems: ReadProblem[],
): z.output<S>[] {
  const array = root(() => doc.getArray<unknown>(name), [name], problems);
  const entries = readList(array, [name], problems, (raw, path) =>
    readRecord(fields, [], raw, path, problems),
  );
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map(({ entry }) => entry);
}

/** Every phase change of the case, oldest first. */
export function readPhaseHistory(doc: Y.Doc): PhaseChange[] {
  return readHistory(doc, ROOT.phaseHistory, phaseChangeFields, []);
}

/** Every handover of the case, oldest first. */
export function readHandovers(doc: Y.Doc): Handover[] {
  return readHistory(doc, ROOT.handovers, handoverFields, []);
}

function readSingle<S extends z.ZodObject>(
  doc: Y.Doc,
  name: string,
  fields: S,
  rules: readonly Rule<z.output<S>>[],
  problems: ReadProblem[],
): z.output<S> {
  const map = root(() => doc.getMap<unknown>(name), [name], problems);
  return readRecord(fields, rules, map ? toPlain(map) : {}, [name], problems) ?? fields.parse({});
}

function readList<T>(
  array: Y.Array<unknown> | undefined,
  path: PathSegment[],
  problems: ReadProblem[],
  readOne: (raw: unknown, itemPath: PathSegment[]) => T | undefined,
): T[] {
  const out: T[] = [];
  if (!array) return out;
  array.toArray().forEach((entry, index) => {
    const raw = toPlain(entry);
    const value = readOne(raw, [...path, itemSegment(raw, index)]);
    if (value !== undefined) out.push(value);
  });
  return out;
}

function readCollection<S extends z.ZodObject>(
  doc: Y.Doc,
  name: CollectionName,
  spec: { fields: S; rules: readonly Rule<z.output<S>>[] },
  problems: ReadProblem[],
): z.output<S>[] {
  const array = root(() => doc.getArray<unknown>(name), [name], problems);
  return readList(array, [name], problems, (raw, path) =>
    readRecord(spec.fields, spec.rules, raw, path, problems),
  );
}

function readGoals(doc: Y.Doc, problems: ReadProblem[]): Goal[] {
  const spec = COLLECTIONS.goals;
  const array = root(() => doc.getArray<unknown>('goals'), ['goals'], problems);
  return readList(array, ['goals'], problems, (raw, path) => {
    const goal = readRecord(spec.fields, spec.rules, raw, path, problems);
    if (!goal) return undefined;
    const rawSteps = (raw as Record<string, unknown>).steps;
    const steps: Step[] = [];
    if (Array.isArray(rawSteps)) {
      rawSteps.forEach((rawStep, index) => {
        const stepPath = [...path, 'steps', itemSegment(rawStep, index)];
        const step = readRecord(STEPS.fields, STEPS.rules, rawStep, stepPath, problems);
        if (step) steps.push(step);
      });
    } else if (rawSteps !== undefined) {
      problems.push({
        path: [...path, 'steps'],
        message: message('invalid-value'),
        raw: rawSteps,
        effect: 'field-dropped',
      });
    }
    return { ...goal, steps };
  });
}

function readAssessment(doc: Y.Doc, problems: ReadProblem[]): CaseFile['assessment'] {
  const out: CaseFile['assessment'] = {};
  const map = root(() => doc.getMap<unknown>(ROOT.assessment), [ROOT.assessment], problems);
  if (!map) return out;
  // Known domains first in their canonical order, then unknown keys sorted: identical on every replica.
  const keys = [...map.keys()].sort((a, b) => {
    const ia = LIFE_DOMAINS.indexOf(a as LifeDomain);
    const ib = LIFE_DOMAINS.indexOf(b as LifeDomain);
    return (ia < 0 ? LIFE_DOMAINS.length : ia) - (ib < 0 ? LIFE_DOMAINS.length : ib) || a.localeCompare(b);
  });
  for (const key of keys) {
    const raw = toPlain(map.get(key));
    if (!isVocabularyValue('lifeDomain', key)) {
      problems.push({
        path: [ROOT.assessment, key],
        message: message('unknown-value', { raw: key }),
        raw,
        effect: 'item-dropped',
      });
      continue;
    }
    const entry = readRecord(
      assessmentEntryFields,
      assessmentEntryRules,
      raw,
      [ROOT.assessment, key],
      problems,
    );
    if (entry) out[key] = entry;
  }
  return out;
}

function readNotes(doc: Y.Doc, problems: ReadProblem[]): string {
  const text = root(() => doc.getText(ROOT.notes), [ROOT.notes], problems);
  return text ? text.toString() : '';
}

function readTrail(doc: Y.Doc, problems: ReadProblem[]): TrailEntry[] {
  const array = root(() => doc.getArray<unknown>(TRAIL_ROOT), [TRAIL_ROOT], problems);
  return readList(array, [TRAIL_ROOT], problems, (raw, path) => {
    const entry = trailEntrySchema.safeParse(raw);
    if (entry.success) return entry.data;
    problems.push({ path, message: message('unreadable-item'), raw, effect: 'item-dropped' });
    return undefined;
  });
}

type PartReaders = {
  [K in keyof CaseFile]: { root: string; read: (doc: Y.Doc, problems: ReadProblem[]) => CaseFile[K] };
};

/**
 * Every part of a case file with the one root type of the doc it is read from, in reading order (the order
 * of `problems`).
 */
const PARTS: PartReaders = {
  meta: { root: ROOT.meta, read: readMeta },
  person: {
    root: ROOT.person,
    read: (doc, problems) =>
      readSingle(doc, ROOT.person, SECTIONS.person.fields, SECTIONS.person.rules, problems),
  },
  residence: {
    root: ROOT.residence,
    read: (doc, problems) =>
      readSingle(doc, ROOT.residence, SECTIONS.residence.fields, SECTIONS.residence.rules, problems),
  },
  benefits: {
    root: ROOT.benefits,
    read: (doc, problems) =>
      readSingle(doc, ROOT.benefits, SECTIONS.benefits.fields, SECTIONS.benefits.rules, problems),
  },
  perspective: {
    root: ROOT.perspective,
    read: (doc, problems) =>
      readSingle(doc, ROOT.perspective, SECTIONS.perspective.fields, SECTIONS.perspective.rules, problems),
  },
  residenceHistory: {
    root: 'residenceHistory',
    read: (doc, problems) => readCollection(doc, 'residenceHistory', COLLECTIONS.residenceHistory, problems),
  },
  pathwayDocuments: {
    root: 'pathwayDocuments',
    read: (doc, problems) => readCollection(doc, 'pathwayDocuments', COLLECTIONS.pathwayDocuments, problems),
  },
  applications: {
    root: 'applications',
    read: (doc, problems) => readCollection(doc, 'applications', COLLECTIONS.applications, problems),
  },
  assessment: { root: ROOT.assessment, read: readAssessment },
  household: {
    root: 'household',
    read: (doc, problems) => readCollection(doc, 'household', COLLECTIONS.household, problems),
  },
  goals: { root: 'goals', read: readGoals },
  contacts: {
    root: 'contacts',
    read: (doc, problems) => readCollection(doc, 'contacts', COLLECTIONS.contacts, problems),
  },
  referrals: {
    root: 'referrals',
    read: (doc, problems) => readCollection(doc, 'referrals', COLLECTIONS.referrals, problems),
  },
  reminders: {
    root: 'reminders',
    read: (doc, problems) => readCollection(doc, 'reminders', COLLECTIONS.reminders, problems),
  },
  notices: {
    root: 'notices',
    read: (doc, problems) => readCollection(doc, 'notices', COLLECTIONS.notices, problems),
  },
  consents: {
    root: 'consents',
    read: (doc, problems) => readCollection(doc, 'consents', COLLECTIONS.consents, problems),
  },
  barriers: {
    root: 'barriers',
    read: (doc, problems) => readCollection(doc, 'barriers', COLLECTIONS.barriers, problems),
  },
  appointments: {
    root: 'appointments',
    read: (doc, problems) => readCollection(doc, 'appointments', COLLECTIONS.appointments, problems),
  },
  attachments: {
    root: 'attachments',
    read: (doc, problems) => readCollection(doc, 'attachments', COLLECTIONS.attachments, problems),
  },
  closure: {
    root: ROOT.closure,
    read: (doc, problems) => readSingle(doc, ROOT.closure, closureFields, closureRules, problems),
  },
  notes: { root: ROOT.notes, read: readNotes },
  trail: { root: TRAIL_ROOT, read: readTrail },
  phaseHistory: {
    root: ROOT.phaseHistory,
    read: (doc, problems) => readHistory(doc, ROOT.phaseHistory, phaseChangeFields, problems),
  },
  handovers: {
    root: ROOT.handovers,
    read: (doc, problems) => readHistory(doc, ROOT.handovers, handoverFields, problems),
  },
};

const PART_KEYS = Object.keys(PARTS) as (keyof CaseFile)[];

/** A reading of a case doc that `rereadCase` can renew part by part. */
export interface CaseReading extends ReadCaseResult {
  /** The problems of each part, to keep with the parts that are not read again. */
  readonly partProblems: ReadonlyMap<keyof CaseFile, readonly ReadProblem[]>;
}

/**
 * Reads a whole case doc into plain, validated data. It never throws: every value that fails its schema is
 * reported in `problems` and the rest of the case still reads.
 */
export function readCase(doc: Y.Doc): CaseReading {
  return readParts(doc, undefined, new Set(PART_KEYS));
}

/**
 * Renews `previous` after a change that touched the doc's root types named in `changedRoots` (see
 * `changedRootsOf`): only the parts read from those roots are read again, and every other part keeps its
 * value, the very same object, so what shows an unchanged part need not be drawn again. The result equals
 * `readCase(doc)`. Without a changed root it is `previous` itself.
 */
export function rereadCase(
  doc: Y.Doc,
  previous: CaseReading,
  changedRoots: ReadonlySet<string>,
): CaseReading {
  const stale = new Set(PART_KEYS.filter((key) => changedRoots.has(PARTS[key].root)));
  return stale.size === 0 ? previous : readParts(doc, previous, stale);
}

/** The names of the doc's root types that a transaction changed, itself or anything nested in them. */
export function changedRootsOf(transaction: Y.Transaction): Set<string> {
  const roots = new Set<Y.AbstractType<unknown>>();
  for (const type of [...transaction.changed.keys(), ...transaction.changedParentTypes.keys()]) {
    let current: Y.AbstractType<unknown> = type as Y.AbstractType<unknown>;
    // A nested type's item names its parent; a root type has none.
    while (current._item !== null && isType(current._item.parent)) current = current._item.parent;
    roots.add(current);
  }
  const names = new Set<string>();
  for (const [name, type] of transaction.doc.share)
    if (roots.has(type as Y.AbstractType<unknown>)) names.add(name);
  return names;
}

function isType(parent: unknown): parent is Y.AbstractType<unknown> {
  return typeof parent === 'object' && parent !== null && '_map' in parent && '_start' in parent;
}

function readParts(
  doc: Y.Doc,
  previous: CaseReading | undefined,
  stale: ReadonlySet<keyof CaseFile>,
): CaseReading {
  const file = { ...previous?.file } as Record<keyof CaseFile, unknown>;
  const partProblems = new Map(previous?.partProblems);
  const problems: ReadProblem[] = [];
  for (const key of PART_KEYS) {
    if (stale.has(key)) {
      const found: ReadProblem[] = [];
      file[key] = PARTS[key].read(doc, found);
      partProblems.set(key, found);
    }
    problems.push(...(partProblems.get(key) ?? []));
  }
  return { file: file as CaseFile, problems, partProblems };
}
