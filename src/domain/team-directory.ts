import type { TeamTranslation } from './consent-templates.ts';
import { message, type MessageLocale } from './messages.ts';
import {
  DEFAULT_BARRIER_CATEGORIES,
  type BarrierCategory,
  type Partner,
  type TeamMeta,
} from './schema/team.ts';

/**
 * The team directory as plain data, and the rules that need no Yjs: screens and the case list use these
 * before (or without) the team doc's code is loaded. Reading and writing the doc is in `team-read.ts` and
 * `team-doc.ts`.
 */

const TEAM_DOC_PREFIX = 'team:';

/** The doc id (and guid) of a team's doc. */
export function teamDocId(teamId: string): string {
  return `${TEAM_DOC_PREFIX}${teamId}`;
}

/** Team docs share the device's doc store with case files; this tells them apart. */
export function isTeamDocId(docId: string): boolean {
  return docId.startsWith(TEAM_DOC_PREFIX);
}

/** A team doc as plain, validated data: what `readTeam` returns. */
export interface TeamDirectory {
  meta: TeamMeta;
  /** Every partner in doc order, archived ones included (they still name old referrals). */
  partners: Partner[];
  /** Every barrier category in doc order, archived ones included. */
  barrierCategories: BarrierCategory[];
  /** The team's imported consent translations, one per language; kept by coordination. */
  consentTranslations: TeamTranslation[];
}

/** A team doc that has not loaded yet reads like this: nothing to pick, every id unknown. */
export const EMPTY_TEAM: TeamDirectory = {
  meta: {},
  partners: [],
  barrierCategories: [],
  consentTranslations: [],
};

/** Entries to offer in a picker: active ones, plus the one a record already holds even if archived. */
export function pickable<T extends { id: string; archived?: boolean }>(
  entries: readonly T[],
  chosen?: string,
): T[] {
  return entries.filter((entry) => entry.archived !== true || entry.id === chosen);
}

/**
 * The name of the partner a referral or step points to. An id the directory does not know (a partner from
 * a newer sync not yet here, or a name typed before the directory existed) is shown as it is stored.
 */
export function partnerDisplayName(team: TeamDirectory, id: string, locale: MessageLocale = 'de'): string {
  const partner = team.partners.find((entry) => entry.id === id);
  return partner ? partner.name : message('unknown-partner', { raw: id }, locale);
}

/**
 * The label of a barrier category. A default category the team never renamed is shown in the UI language;
 * a label the team wrote is shown as written.
 */
export function barrierCategoryLabel(team: TeamDirectory, id: string, locale: MessageLocale = 'de'): string {
  const category = team.barrierCategories.find((entry) => entry.id === id);
  if (!category) return message('unknown-category', { raw: id }, locale);
  const seeded = DEFAULT_BARRIER_CATEGORIES.find((entry) => entry.id === id);
  return seeded && seeded.de === category.label ? seeded[locale] : category.label;
}
