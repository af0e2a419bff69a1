import * as Y from 'yjs';
import type { z } from 'zod';
import { LOCAL_ORIGIN } from '../protocol/origin.ts';
import { findItem, newId, ruleContext, writeField, type WriteOptions } from './case-doc.ts';
import { translationFileSchema, type TranslationFile } from './consent-templates.ts';
import { germanErrorMap, message, type MessageCode } from './messages.ts';
import { idSchema } from './schema/primitives.ts';
import type { Rule } from './schema/rules.ts';
import {
  barrierCategoryFields,
  barrierCategoryRules,
  DEFAULT_BARRIER_CATEGORIES,
  fullTimePostsSchema,
  PROPOSED,
  partnerFields,
  partnerRules,
  TEAM_DOC_SCHEMA_VERSION,
  type PartnerInput,
  type PartnerPatch,
} from './schema/team.ts';
import { mergePatch, validateInput } from './validate.ts';
import { invalidInput, issuesFromZod, ok, refused, type WriteResult } from './write-result.ts';
import { teamDocId } from './team-directory.ts';
import { toPlain } from './y-plain.ts';

/**
 * The layout of a team's shared data as one Y.Doc (guid `team:<teamId>`), synced like a case file.
 *
 * 'meta' is a root `Y.Map` (`schemaVersion`, `teamId`, `updatedAt`, `updatedBy`). 'partners' (the
 * Netzwerkpartner directory) and 'barrierCategories' are root `Y.Array`s of `Y.Map`s, each with a stable
 * string `id` that case files point to. Entries are archived, never deleted, so every id a case file holds
 * keeps resolving to a name. 'consentTranslations' is a root `Y.Array` of plain entries, one per language
 * (`id` is the language), each an imported translation file; a new import for a language replaces the old.
 */
export const TEAM_ROOT = {
  meta: 'meta',
  partners: 'partners',
  barrierCategories: 'barrierCategories',
  /** The organisation's reviewed consent translations, one entry per language (consent-templates.ts). */
  consentTranslations: 'consentTranslations',
} as const;

export { isTeamDocId, teamDocId } from './team-directory.ts';

/**
 * The Yjs client id the seed is written with. Every device builds the same seed byte for byte (same client,
 * same clocks, same content), so two devices that each open a team for the first time, offline, merge into
 * one list of categories instead of two. For the same reason the seed must never change: a different seed
 * under the same client id and clocks would corrupt the doc. Later defaults are added by ordinary writes.
 */
const SEED_CLIENT_ID = 1;

/**
 * The update every team doc starts with: the default categories, byte for byte the same on every device.
 * The relay merges it into a team doc before it checks a push against it, so the first push of a new team
 * doc (which carries the seed) adds nothing that needs coordination.
 */
export function teamSeedUpdate(teamId: string): Uint8Array {
  const seed = new Y.Doc({ guid: teamDocId(teamId) });
  seed.clientID = SEED_CLIENT_ID;
  seed.transact(() => {
    const meta = seed.getMap<unknown>(TEAM_ROOT.meta);
    meta.set('schemaVersion', TEAM_DOC_SCHEMA_VERSION);
    meta.set('teamId', teamId);
    const categories = DEFAULT_BARRIER_CATEGORIES.map((category) => {
      const map = new Y.Map<unknown>();
      map.set('id', category.id);
      map.set('label', category.de);
      return map;
    });
    seed.getArray<unknown>(TEAM_ROOT.barrierCategories).push(categories);
  });
  return Y.encodeStateAsUpdate(seed);
}

/** Opens a team doc with the default barrier categories and an empty partner directory. */
export function createTeamDoc(teamId: string, opts: WriteOptions = {}): WriteResult<Y.Doc> {
  const checked = idSchema.safeParse(teamId, { error: germanErrorMap });
  if (!checked.success) return invalidInput(issuesFromZod(checked.error, ['teamId']));
  const doc = new Y.Doc({ guid: teamDocId(checked.data) });
  Y.applyUpdate(doc, teamSeedUpdate(checked.data), opts.origin ?? LOCAL_ORIGIN);
  return ok(doc);
}

/** One list of the team doc and the field whose text must be unique among its active entries. */
interface ListSpec {
  root: string;
  fields: z.ZodObject;
  rules: readonly Rule<z.output<z.ZodObject>>[];
  unique: string;
  taken: MessageCode;
}

const PARTNERS: ListSpec = {
  root: TEAM_ROOT.partners,
  fields: partnerFields,
  rules: partnerRules as ListSpec['rules'],
  unique: 'name',
  taken: 'partner-name-taken',
};

const CATEGORIES: ListSpec = {
  root: TEAM_ROOT.barrierCategories,
  fields: barrierCategoryFields,
  rules: barrierCategoryRules as ListSpec['rules'],
  unique: 'label',
  taken: 'category-label-taken',
};

/** Stamps the doc as changed in the same transaction, so a write is one update on the wire. */
function writeTeam(doc: Y.Doc, opts: WriteOptions, fn: () => void): void {
  doc.transact(() => {
    fn();
    const meta = doc.getMap<unknown>(TEAM_ROOT.meta);
    meta.set('updatedAt', (opts.now ?? new Date()).toISOString());
    if (opts.actor !== undefined) meta.set('updatedBy', opts.actor);
  }, opts.origin ?? LOCAL_ORIGIN);
}

const normalized = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');

/**
 * Whether another active entry already goes by `text`. Two partners called the same would be
 * indistinguishable in a picker; an archived one may share the name of its successor.
 */
function taken(doc: Y.Doc, spec: ListSpec, text: unknown, exceptId?: string): boolean {
  if (typeof text !== 'string') return false;
  const wanted = normalized(text);
  return doc
    .getArray<unknown>(spec.root)
    .toArray()
    .some((entry) => {
      if (!(entry instanceof Y.Map)) return false;
      const other = entry.get(spec.unique);
      return (
        entry.get('id') !== exceptId &&
        entry.get('archived') !== true &&
        typeof other === 'string' &&
        normalized(other) === wanted
      );
    });
}

function takenResult(spec: ListSpec): WriteResult<never> {
  return refused('invalid-input', spec.taken, spec.unique);
}

/** Options of the writes that add an entry. */
export interface TeamAddOptions extends WriteOptions {
  /**
   * A case manager's new entry: written as `vorgeschlagen` with `actor` as its proposer, for coordination to
   * confirm (docs/architecture.md#team-vocabulary). Without it the entry is confirmed at once (coordination).
   */
  propose?: boolean;
}

/** Fields only the vocabulary's own writes set: never taken from input or a patch. */
const STATUS_KEYS = ['archived', 'status', 'proposedBy'] as const;

function addEntry(doc: Y.Doc, spec: ListSpec, input: object, opts: TeamAddOptions): WriteResult<string> {
  if (opts.propose && opts.actor === undefined) return refused('refused', 'proposal-needs-author');
  const id = newId(opts);
  const candidate: Record<string, unknown> = { ...input, id };
  for (const key of STATUS_KEYS) delete candidate[key];
  if (opts.propose) Object.assign(candidate, { status: PROPOSED, proposedBy: opts.actor });
  const checked = validateInput(spec.fields, spec.rules, candidate, ruleContext(opts));
  if (!checked.ok) return invalidInput(checked.issues);
  const data = checked.data as Record<string, unknown>;
  if (taken(doc, spec, data[spec.unique])) return takenResult(spec);
  writeTeam(doc, opts, () => {
    const map = new Y.Map<unknown>();
    doc.getArray<unknown>(spec.root).push([map]);
    for (const [key, value] of Object.entries(data)) writeField(map, key, value, []);
  });
  return ok(id);
}

/** Writes only the fields named in `patch`, so a concurrent change to another field survives. */
function updateEntry(doc: Y.Doc, spec: ListSpec, id: string, patch: object, opts: WriteOptions): WriteResult {
  const found = findItem(doc.getArray<unknown>(spec.root), id);
  if (!found) return refused('not-found', 'item-not-found');
  const changes: Record<string, unknown> = { ...patch };
  delete changes.id;
  for (const key of STATUS_KEYS) delete changes[key];
  const merged = { ...mergePatch(spec.fields, toPlain(found.map), changes), id };
  const checked = validateInput(spec.fields, spec.rules, merged, ruleContext(opts));
  if (!checked.ok) return invalidInput(checked.issues);
  const data = checked.data as Record<string, unknown>;
  if (Object.hasOwn(changes, spec.unique) && taken(doc, spec, data[spec.unique], id))
    return takenResult(spec);
  writeTeam(doc, opts, () => {
    for (const key of Object.keys(changes)) {
      if (Object.hasOwn(spec.fields.shape, key)) writeField(found.map, key, data[key], []);
    }
  });
  return ok(undefined);
}

/**
 * Archives an entry or brings it back. Archived entries stay in the doc, so records that point to them keep
 * their name; bringing one back is refused while another active entry has taken its name.
 */
function setArchived(
  doc: Y.Doc,
  spec: ListSpec,
  id: string,
  archived: boolean,
  opts: WriteOptions,
): WriteResult {
  const found = findItem(doc.getArray<unknown>(spec.root), id);
  if (!found) return refused('not-found', 'item-not-found');
  if ((found.map.get('archived') === true) === archived) return ok(undefined);
  if (!archived && taken(doc, spec, found.map.get(spec.unique), id)) return takenResult(spec);
  writeTeam(doc, opts, () => writeField(found.map, 'archived', archived ? true : undefined, []));
  return ok(undefined);
}

/**
 * Confirms a proposed entry: it loses its status and is an entry like any other. The proposer stays
 * recorded. Confirming a confirmed entry writes nothing.
 */
function confirm(doc: Y.Doc, spec: ListSpec, id: string, opts: WriteOptions): WriteResult {
  const found = findItem(doc.getArray<unknown>(spec.root), id);
  if (!found) return refused('not-found', 'item-not-found');
  if (found.map.get('status') === undefined) return ok(undefined);
  writeTeam(doc, opts, () => writeField(found.map, 'status', undefined, []));
  return ok(undefined);
}

/** Adds a partner to the directory and returns its new id; invalid input writes nothing. */
export function addPartner(doc: Y.Doc, input: PartnerInput, opts: TeamAddOptions = {}): WriteResult<string> {
  return addEntry(doc, PARTNERS, input, opts);
}

/** Changes fields of a partner (`undefined` clears one); the id stays. */
export function updatePartner(
  doc: Y.Doc,
  id: string,
  patch: PartnerPatch,
  opts: WriteOptions = {},
): WriteResult {
  return updateEntry(doc, PARTNERS, id, patch, opts);
}

/** Hides a partner from pickers; referrals and steps that name it keep showing its name. */
export function archivePartner(doc: Y.Doc, id: string, opts: WriteOptions = {}): WriteResult {
  return setArchived(doc, PARTNERS, id, true, opts);
}

export function restorePartner(doc: Y.Doc, id: string, opts: WriteOptions = {}): WriteResult {
  return setArchived(doc, PARTNERS, id, false, opts);
}

/** Adds a barrier category and returns its new id. */
export function addBarrierCategory(
  doc: Y.Doc,
  label: string,
  opts: TeamAddOptions = {},
): WriteResult<string> {
  return addEntry(doc, CATEGORIES, { label }, opts);
}

/** Renames a category. Barriers keep its id, so they show the new name and count as before. */
export function renameBarrierCategory(
  doc: Y.Doc,
  id: string,
  label: string,
  opts: WriteOptions = {},
): WriteResult {
  return updateEntry(doc, CATEGORIES, id, { label }, opts);
}

/** Hides a category from pickers; barriers already recorded with it keep their label. */
export function archiveBarrierCategory(doc: Y.Doc, id: string, opts: WriteOptions = {}): WriteResult {
  return setArchived(doc, CATEGORIES, id, true, opts);
}

export function restoreBarrierCategory(doc: Y.Doc, id: string, opts: WriteOptions = {}): WriteResult {
  return setArchived(doc, CATEGORIES, id, false, opts);
}

/** Coordination confirms a partner a case manager proposed. */
export function confirmPartner(doc: Y.Doc, id: string, opts: WriteOptions = {}): WriteResult {
  return confirm(doc, PARTNERS, id, opts);
}

/** Coordination confirms a category a case manager proposed. */
export function confirmBarrierCategory(doc: Y.Doc, id: string, opts: WriteOptions = {}): WriteResult {
  return confirm(doc, CATEGORIES, id, opts);
}

/**
 * Sets the team's staffing in full-time posts (more than 0, at most 100, two decimals at most), or clears it
 * with `undefined`. Coordination's to set (docs/architecture.md#team-vocabulary); the reports show active
 * cases per post.
 */
export function setFullTimePosts(
  doc: Y.Doc,
  posts: number | undefined,
  opts: WriteOptions = {},
): WriteResult {
  if (posts !== undefined) {
    const checked = fullTimePostsSchema.safeParse(posts, { error: germanErrorMap });
    if (!checked.success) return invalidInput(issuesFromZod(checked.error, ['fullTimePosts']));
  }
  const meta = doc.getMap<unknown>(TEAM_ROOT.meta);
  if (meta.get('fullTimePosts') === posts) return ok(undefined);
  writeTeam(doc, opts, () => {
    if (posts === undefined) meta.delete('fullTimePosts');
    else meta.set('fullTimePosts', posts);
  });
  return ok(undefined);
}

/**
 * Keeps the organisation's reviewed consent translation for one language (consent-templates.ts), replacing
 * the one the team had for that language; `undefined` removes it, so the shipped text (if any) is used
 * again. Coordination's to keep (docs/architecture.md#consent); the file is parsed again here, so a value
 * that bypassed the import screen cannot reach the clients.
 */
export function setConsentTranslation(
  doc: Y.Doc,
  language: string,
  file: TranslationFile | undefined,
  opts: WriteOptions = {},
): WriteResult {
  let entry: Record<string, unknown> | undefined;
  if (file !== undefined) {
    const checked = translationFileSchema.safeParse(file, { error: germanErrorMap });
    if (!checked.success) return invalidInput(issuesFromZod(checked.error));
    if (checked.data.language !== language)
      return invalidInput([{ path: 'language', message: message('template-language') }]);
    entry = { id: language, ...checked.data };
  }
  const array = doc.getArray<unknown>(TEAM_ROOT.consentTranslations);
  writeTeam(doc, opts, () => {
    const entries = array.toArray();
    for (let index = entries.length - 1; index >= 0; index--) {
      const raw = toPlain(entries[index]) as { id?: unknown } | null;
      if (raw && typeof raw === 'object' && raw.id === language) array.delete(index, 1);
    }
    if (entry !== undefined) array.push([entry]);
  });
  return ok(undefined);
}
