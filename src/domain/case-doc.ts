import * as Y from 'yjs';
import { LOCAL_ORIGIN, type TransactionOrigin } from '../protocol/origin.ts';
import { localToday } from './dates.ts';
import { germanErrorMap } from './messages.ts';
import { CASE_DOC_SCHEMA_VERSION, caseInitSchema, type CaseInit } from './schema/case-meta.ts';
import type { PhaseChange } from './schema/case-history.ts';
import { personFields, personRules } from './schema/person.ts';
import { inputSchema, type RuleContext } from './schema/rules.ts';
import { LIFE_DOMAINS } from './vocabulary.ts';
import { invalidInput, issuesFromZod, ok, type WriteResult } from './write-result.ts';
import { replaceText } from './y-plain.ts';

/**
 * The layout of one case file as a Y.Doc.
 *
 * Root `Y.Map`s hold single records ('meta', 'person', 'residence', 'benefits', 'perspective', 'closure'); 'assessment' is a
 * `Y.Map` keyed by life domain whose values are `Y.Map`s. Lists are root `Y.Array`s of `Y.Map`s, each with a
 * stable string `id` (goals hold their steps in a nested `Y.Array` named 'steps'). Prose fields are `Y.Text`,
 * and the general case notes are the root `Y.Text` 'notes'. The phase history and the handovers are root
 * `Y.Array`s of plain values, appended to and never changed. Root types are shared by name, so replicas that
 * never saw each other still write into the same map.
 */
export const ROOT = {
  meta: 'meta',
  person: 'person',
  residence: 'residence',
  benefits: 'benefits',
  perspective: 'perspective',
  closure: 'closure',
  assessment: 'assessment',
  notes: 'notes',
  /** Append-only: every phase change (`src/domain/schema/case-history.ts`). */
  phaseHistory: 'phaseHistory',
  /** Append-only: every handover of the responsibility for the case. */
  handovers: 'handovers',
} as const;

/**
 * The root `Y.Array` of plain, append-only trail entries of traced records (edits with their earlier values,
 * erroneous markings). A root rather than an array inside each record, because a nested array added later
 * to an older record by two devices at once would be two arrays, and one would lose its entries.
 */
export const TRAIL_ROOT = 'recordTrail';

/** Prose fields of one life domain's assessment. */
export const ASSESSMENT_PROSE = ['resources', 'notes'] as const;

/** How a mutator writes: who, when, and with which transaction origin. */
export interface WriteOptions {
  /** Passed to `doc.transact`; storage, sync and editors tell local from remote changes by it. */
  origin?: TransactionOrigin;
  /** The moment of the write; defaults to now. Its local calendar day is "today" for input rules. */
  now?: Date;
  /** User id of the person writing, recorded as `meta.updatedBy` (and a contact's author). */
  actor?: string;
  /** Id generator for new records; defaults to `crypto.randomUUID`. */
  newId?: () => string;
}

export function ruleContext(opts: WriteOptions): RuleContext {
  return { today: localToday(opts.now ?? new Date()) };
}

export function newId(opts: WriteOptions): string {
  return opts.newId ? opts.newId() : globalThis.crypto.randomUUID();
}

/** Runs `fn` in one transaction and stamps the case as updated, so a write is one update on the wire. */
export function write(doc: Y.Doc, opts: WriteOptions, fn: () => void): void {
  doc.transact(() => {
    fn();
    const meta = doc.getMap(ROOT.meta);
    meta.set('updatedAt', (opts.now ?? new Date()).toISOString());
    if (opts.actor !== undefined) meta.set('updatedBy', opts.actor);
  }, opts.origin ?? LOCAL_ORIGIN);
}

/** Writes one plain field value, deleting the key for `undefined` and merging into existing prose. */
export function writeField(map: Y.Map<unknown>, key: string, value: unknown, prose: readonly string[]): void {
  if (value === undefined) {
    map.delete(key);
  } else if (prose.includes(key)) {
    const existing = map.get(key);
    if (existing instanceof Y.Text) replaceText(existing, String(value));
    else map.set(key, new Y.Text(String(value)));
  } else {
    map.set(key, value);
  }
}

/** The `Y.Map` of the record with `id` in `array`, or `undefined` (deleted elsewhere, or never there). */
export function findItem(
  array: Y.Array<unknown>,
  id: string,
): { map: Y.Map<unknown>; index: number } | undefined {
  let index = 0;
  for (const entry of array) {
    if (entry instanceof Y.Map && entry.get('id') === id) return { map: entry as Y.Map<unknown>, index };
    index++;
  }
  return undefined;
}

/** The nested map of one life domain, created on first use for docs that predate a domain. */
export function assessmentEntry(doc: Y.Doc, domain: string): Y.Map<unknown> {
  const assessment = doc.getMap<unknown>(ROOT.assessment);
  const existing = assessment.get(domain);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const entry = new Y.Map<unknown>();
  for (const field of ASSESSMENT_PROSE) entry.set(field, new Y.Text());
  assessment.set(domain, entry);
  return entry;
}

/**
 * Opens a new case file. Every structure that concurrent writers share (the assessment maps and their
 * prose) is created here, once, because two devices creating the same nested type later would each make
 * their own and one would win.
 */
export function createCaseDoc(init: CaseInit, opts: WriteOptions = {}): WriteResult<Y.Doc> {
  const parsed = caseInitSchema.safeParse(init, { error: germanErrorMap });
  if (!parsed.success) return invalidInput(issuesFromZod(parsed.error));
  const person = inputSchema(personFields, personRules, ruleContext(opts)).safeParse(init.person ?? {}, {
    error: germanErrorMap,
  });
  if (!person.success) return invalidInput(issuesFromZod(person.error, ['person']));

  const value = parsed.data;
  const id = value.id ?? newId(opts);
  const now = (opts.now ?? new Date()).toISOString();
  const doc = new Y.Doc({ guid: id });
  write(doc, { ...opts, actor: value.createdBy }, () => {
    const meta = doc.getMap<unknown>(ROOT.meta);
    meta.set('schemaVersion', CASE_DOC_SCHEMA_VERSION);
    meta.set('id', id);
    meta.set('kind', value.kind);
    meta.set('phase', 'intake');
    if (value.caseNumber !== undefined) meta.set('caseNumber', value.caseNumber);
    meta.set('createdAt', now);
    meta.set('createdBy', value.createdBy);
    meta.set('responsibleId', value.createdBy);
    meta.set('teamId', value.teamId);
    meta.set('aliases', value.aliases);
    const personMap = doc.getMap<unknown>(ROOT.person);
    for (const [key, field] of Object.entries(person.data)) {
      if (init.person && Object.hasOwn(init.person, key)) writeField(personMap, key, field, []);
    }
    for (const domain of LIFE_DOMAINS) assessmentEntry(doc, domain);
    const start: PhaseChange = { id: newId(opts), to: 'intake', at: now, by: value.createdBy };
    doc.getArray<unknown>(ROOT.phaseHistory).push([start]);
  });
  return ok(doc);
}
