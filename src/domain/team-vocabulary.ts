import { PROPOSED, type BarrierCategory, type Partner } from './schema/team.ts';
import type { TeamTranslation } from './consent-templates.ts';
import type { TeamDirectory } from './team-directory.ts';

/**
 * Who may change the team's vocabulary (docs/architecture.md#team-vocabulary). The partner directory and the
 * barrier categories name what coordination counts across cases, so their names and whether they are in use
 * belong to coordination (and admins). A case manager proposes: a new entry of theirs is `vorgeschlagen` and
 * usable at once; while it is proposed they may still correct or withdraw it (rename, archive, restore).
 * Everything else that touches a confirmed entry's name, its archiving or any entry's status needs
 * coordination, and so does the team's staffing (full-time posts in the doc's meta). A partner's other
 * details (service, category, contact person, phone, e-mail, address, note) stay open to every case
 * manager, proposed or confirmed.
 *
 * This is plain data in and out, no Yjs: the app asks it before a write and to decide which actions to
 * offer, and the relay asks it for every team-doc push of a case manager.
 */

export type VocabularyList = 'partners' | 'barrierCategories';

/**
 * - `add`: a new entry that is not the writer's own proposal (a confirmed one, or one in another's name);
 * - `rename`, `archive`, `restore`: of a confirmed entry, or of someone else's proposal;
 * - `confirm`: a proposal became confirmed; `unconfirm`: a confirmed entry became a proposal;
 * - `reassign`: who proposed an entry changed;
 * - `remove`: an entry left the doc (the app never deletes; only a hostile or broken writer does);
 * - `staffing`: the team's full-time posts changed (list `meta`, id `fullTimePosts`);
 * - `translation`: a consent translation was imported, changed or removed (list `consentTranslations`, id
 *   the language). The texts clients sign are coordination's to keep; case managers only use them.
 */
export type VocabularyChangeKind =
  | 'add'
  | 'rename'
  | 'archive'
  | 'restore'
  | 'confirm'
  | 'unconfirm'
  | 'reassign'
  | 'remove'
  | 'staffing'
  | 'translation';

export interface VocabularyChange {
  list: VocabularyList | 'meta' | 'consentTranslations';
  id: string;
  kind: VocabularyChangeKind;
}

type Entry = Partner | BarrierCategory;

/** The field that names an entry of the list: what a rename changes. */
export const VOCABULARY_NAME_FIELD = { partners: 'name', barrierCategories: 'label' } as const;

/** Whether the entry waits for coordination's confirmation. An entry without a status is confirmed. */
export function isProposed(entry: { status?: string | undefined }): boolean {
  return entry.status === PROPOSED;
}

function nameOf(list: VocabularyList, entry: Entry): string {
  return list === 'partners' ? (entry as Partner).name : (entry as BarrierCategory).label;
}

/**
 * The changes from `before` to `after` of one entry (either may be missing: added, removed) that need
 * coordination when `actor` (a case manager's user id) makes them. Empty when the case manager may.
 */
export function entryChanges(
  list: VocabularyList,
  before: Entry | undefined,
  after: Entry | undefined,
  actor: string,
): VocabularyChange[] {
  const id = (after ?? before)?.id;
  if (id === undefined) return [];
  const change = (kind: VocabularyChangeKind): VocabularyChange => ({ list, id, kind });
  if (before === undefined) {
    if (after === undefined) return [];
    return isProposed(after) && after.proposedBy === actor ? [] : [change('add')];
  }
  const ownProposal = isProposed(before) && before.proposedBy === actor;
  if (after === undefined) return ownProposal ? [] : [change('remove')];
  const changes: VocabularyChange[] = [];
  if (isProposed(before) && !isProposed(after)) changes.push(change('confirm'));
  if (!isProposed(before) && isProposed(after)) changes.push(change('unconfirm'));
  if (before.proposedBy !== after.proposedBy) changes.push(change('reassign'));
  if (!ownProposal) {
    if (nameOf(list, before) !== nameOf(list, after)) changes.push(change('rename'));
    if ((before.archived === true) !== (after.archived === true)) {
      changes.push(change(after.archived === true ? 'archive' : 'restore'));
    }
  }
  return changes;
}

function listChanges(
  list: VocabularyList,
  before: readonly Entry[],
  after: readonly Entry[],
  actor: string,
): VocabularyChange[] {
  const previous = new Map(before.map((entry) => [entry.id, entry]));
  const changes: VocabularyChange[] = [];
  for (const entry of after) {
    changes.push(...entryChanges(list, previous.get(entry.id), entry, actor));
    previous.delete(entry.id);
  }
  for (const gone of previous.values()) changes.push(...entryChanges(list, gone, undefined, actor));
  return changes;
}

/**
 * The changes from `before` to `after` of a team's vocabulary that need coordination when the case manager
 * `actor` makes them; empty when the case manager may make them all. Both sides are validated readings
 * (`readTeam`), so an entry that fails its schema counts as gone and a status this version does not know
 * reads as confirmed.
 */
export function teamVocabularyChanges(
  before: TeamDirectory,
  after: TeamDirectory,
  actor: string,
): VocabularyChange[] {
  return [
    ...listChanges('partners', before.partners, after.partners, actor),
    ...listChanges('barrierCategories', before.barrierCategories, after.barrierCategories, actor),
    // The team's staffing is coordination's to set: reports divide active cases by it.
    ...(before.meta.fullTimePosts === after.meta.fullTimePosts
      ? []
      : [{ list: 'meta', id: 'fullTimePosts', kind: 'staffing' } as const]),
    ...translationChanges(before.consentTranslations, after.consentTranslations),
  ];
}

/** Every language whose consent translation differs between the two readings: coordination's alone. */
function translationChanges(
  before: readonly TeamTranslation[],
  after: readonly TeamTranslation[],
): VocabularyChange[] {
  const text = (files: readonly TeamTranslation[]) =>
    new Map(files.map((file) => [file.language, JSON.stringify(file)]));
  const was = text(before);
  const is = text(after);
  const languages = new Set([...was.keys(), ...is.keys()]);
  return [...languages]
    .filter((language) => was.get(language) !== is.get(language))
    .map((language) => ({ list: 'consentTranslations', id: language, kind: 'translation' }));
}

/** What a case manager may do with an entry: the same rule, asked for each action. */
export interface VocabularyRights {
  rename: boolean;
  archive: boolean;
  restore: boolean;
}

/** Which of rename, archive and restore the case manager `actor` may do to `entry` (as the rule says). */
export function vocabularyRights(list: VocabularyList, entry: Entry, actor: string): VocabularyRights {
  const field = VOCABULARY_NAME_FIELD[list];
  const allowed = (before: Entry, after: Entry) => entryChanges(list, before, after, actor).length === 0;
  const active = { ...entry, archived: undefined };
  const archived = { ...entry, archived: true };
  return {
    rename: allowed(entry, { ...entry, [field]: `${nameOf(list, entry)}\u0000` } as Entry),
    archive: allowed(active, archived),
    restore: allowed(archived, active),
  };
}
