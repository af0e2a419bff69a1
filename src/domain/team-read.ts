import type * as Y from 'yjs';
import type { z } from 'zod';
import type { PathSegment, ReadProblem } from './case-file.ts';
import { message, type MessageLocale } from './messages.ts';
import { itemSegment, readRecord } from './read-record.ts';
import type { Rule } from './schema/rules.ts';
import {
  barrierCategoryFields,
  barrierCategoryRules,
  DEFAULT_BARRIER_CATEGORIES,
  partnerFields,
  partnerRules,
  teamMetaFields,
  type BarrierCategory,
  type Partner,
  type TeamMeta,
} from './schema/team.ts';
import { TEAM_ROOT } from './team-doc.ts';
import { toPlain } from './y-plain.ts';

/** A team doc as plain, validated data: what `readTeam` returns. */
export interface TeamDirectory {
  meta: TeamMeta;
  /** Every partner in doc order, archived ones included (they still name old referrals). */
  partners: Partner[];
  /** Every barrier category in doc order, archived ones included. */
  barrierCategories: BarrierCategory[];
}

export interface ReadTeamResult {
  team: TeamDirectory;
  problems: ReadProblem[];
}

/** A team doc that has not loaded yet reads like this: nothing to pick, every id unknown. */
export const EMPTY_TEAM: TeamDirectory = { meta: {}, partners: [], barrierCategories: [] };

/** Reads a root type, reporting a root of the wrong type (from a buggy or hostile writer) instead of throwing. */
function root<T>(get: () => T, name: string, problems: ReadProblem[]): T | undefined {
  try {
    return get();
  } catch (error) {
    problems.push({
      path: [name],
      message: message('unreadable-item'),
      raw: String(error),
      effect: 'item-dropped',
    });
    return undefined;
  }
}

/**
 * Reads one list. An id that appears twice (two devices writing the same entry) is read once, the first in
 * doc order, which is the same on every replica; the mutators address that first one too.
 */
function readList<S extends z.ZodObject>(
  array: Y.Array<unknown> | undefined,
  name: string,
  fields: S,
  rules: readonly Rule<z.output<S>>[],
  problems: ReadProblem[],
): z.output<S>[] {
  const out: z.output<S>[] = [];
  if (!array) return out;
  const seen = new Set<string>();
  array.toArray().forEach((entry, index) => {
    const raw = toPlain(entry);
    const path: PathSegment[] = [name, itemSegment(raw, index)];
    const value = readRecord(fields, rules, raw, path, problems);
    if (!value) return;
    const id = (value as { id: string }).id;
    if (seen.has(id)) {
      problems.push({ path, message: message('duplicate-entry'), raw, effect: 'item-dropped' });
      return;
    }
    seen.add(id);
    out.push(value);
  });
  return out;
}

/**
 * Reads a whole team doc into plain, validated data. It never throws: a value that fails its schema is
 * reported in `problems`, and every other partner and category still reads.
 */
export function readTeam(doc: Y.Doc): ReadTeamResult {
  const problems: ReadProblem[] = [];
  const metaMap = root(() => doc.getMap<unknown>(TEAM_ROOT.meta), TEAM_ROOT.meta, problems);
  const meta =
    readRecord(teamMetaFields, [], metaMap ? toPlain(metaMap) : {}, [TEAM_ROOT.meta], problems) ?? {};
  const partners = readList(
    root(() => doc.getArray<unknown>(TEAM_ROOT.partners), TEAM_ROOT.partners, problems),
    TEAM_ROOT.partners,
    partnerFields,
    partnerRules,
    problems,
  );
  const barrierCategories = readList(
    root(() => doc.getArray<unknown>(TEAM_ROOT.barrierCategories), TEAM_ROOT.barrierCategories, problems),
    TEAM_ROOT.barrierCategories,
    barrierCategoryFields,
    barrierCategoryRules,
    problems,
  );
  return { team: { meta, partners, barrierCategories }, problems };
}

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
