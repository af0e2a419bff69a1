import type * as Y from 'yjs';
import type { z } from 'zod';
import type { PathSegment, ReadProblem } from './case-file.ts';
import { message } from './messages.ts';
import { itemSegment, readRecord } from './read-record.ts';
import type { Rule } from './schema/rules.ts';
import {
  barrierCategoryFields,
  barrierCategoryRules,
  partnerFields,
  partnerRules,
  teamMetaFields,
} from './schema/team.ts';
import { translationFileSchema } from './consent-templates.ts';
import { TEAM_ROOT } from './team-doc.ts';
import type { TeamDirectory } from './team-directory.ts';
import { idSchema } from './schema/primitives.ts';
import { toPlain } from './y-plain.ts';

export {
  barrierCategoryLabel,
  EMPTY_TEAM,
  partnerDisplayName,
  pickable,
  type TeamDirectory,
} from './team-directory.ts';

/** A translation as the team doc keeps it: the imported file, keyed by its language. */
const teamTranslationEntry = translationFileSchema.extend({ id: idSchema });

export interface ReadTeamResult {
  team: TeamDirectory;
  problems: ReadProblem[];
}

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
  const consentTranslations = readList(
    root(() => doc.getArray<unknown>(TEAM_ROOT.consentTranslations), TEAM_ROOT.consentTranslations, problems),
    TEAM_ROOT.consentTranslations,
    teamTranslationEntry,
    [],
    problems,
  ).map(({ id: _language, ...file }) => file);
  return { team: { meta, partners, barrierCategories, consentTranslations }, problems };
}
