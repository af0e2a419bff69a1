import * as Y from 'yjs';
import { LOCAL_ORIGIN, type TransactionOrigin } from '../protocol/origin.ts';
import { teamSeedUpdate } from './team-doc.ts';
import type { TeamDirectory } from './team-directory.ts';
import { readTeam } from './team-read.ts';
import { teamVocabularyChanges, type VocabularyChange } from './team-vocabulary.ts';
import { refused, type WriteResult } from './write-result.ts';

/**
 * The vocabulary rule (`team-vocabulary.ts`) applied to Yjs team docs, for both sides: the relay checks a
 * case manager's push against the team doc it holds, and the app checks a case manager's write before it
 * makes it, so that the app refuses exactly what the relay would (docs/architecture.md#team-vocabulary).
 * Both work on a copy; the doc passed in is never changed by a refused write.
 */

/** A copy of `doc`'s whole state, to try a change on. */
function draftOf(doc: Y.Doc): Y.Doc {
  const draft = new Y.Doc({ guid: doc.guid });
  Y.applyUpdate(draft, Y.encodeStateAsUpdate(doc));
  return draft;
}

/**
 * The changes needing coordination that `update`, applied to the team doc `current` of `teamId`, makes
 * when the case manager `actor` pushes it. The team's seed is merged into both sides first: a device's first
 * push of its team doc carries the default categories, which are no one's change. Throws what
 * `Y.applyUpdate` throws for an update that does not apply.
 */
export function vocabularyChangesOfUpdate(
  current: Y.Doc,
  teamId: string,
  update: Uint8Array,
  actor: string,
): VocabularyChange[] {
  const draft = draftOf(current);
  try {
    Y.applyUpdate(draft, teamSeedUpdate(teamId));
    const before = readTeam(draft).team;
    Y.applyUpdate(draft, update);
    return teamVocabularyChanges(before, readTeam(draft).team, actor);
  } finally {
    draft.destroy();
  }
}

/**
 * Runs the team-doc write `fn` as the case manager `actor`: on a copy first, and only when the rule finds
 * nothing that needs coordination is the same update applied to `doc` (with `origin`, so it is stored and
 * synced like any local write). Otherwise nothing is written and the answer says that coordination decides.
 */
export function writeAsCaseManager<T>(
  doc: Y.Doc,
  actor: string,
  fn: (draft: Y.Doc) => WriteResult<T>,
  origin: TransactionOrigin = LOCAL_ORIGIN,
): WriteResult<T> {
  const draft = draftOf(doc);
  // The same client id, so the update continues this device's clock in `doc` as a direct write would.
  draft.clientID = doc.clientID;
  try {
    const before = readTeam(draft).team;
    const updates: Uint8Array[] = [];
    draft.on('update', (update: Uint8Array) => updates.push(update));
    const result = fn(draft);
    if (!result.ok || updates.length === 0) return result;
    if (teamVocabularyChanges(before, readTeam(draft).team, actor).length > 0) {
      return refused('refused', 'vocabulary-needs-coordination');
    }
    Y.applyUpdate(doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), origin);
    return result;
  } finally {
    draft.destroy();
  }
}

/** What `changeTeamDoc` made: the write's answer, the update to log (if any) and the doc's reading after it. */
export interface TeamDocChange<T> {
  result: WriteResult<T>;
  /** Everything the write added, the team's seed included when `current` lacked it; none when refused. */
  update: Uint8Array | undefined;
  /** The team's vocabulary after the write (before it, when refused). */
  team: TeamDirectory;
}

/**
 * Runs a write of coordination or an admin on a copy of the relay's team doc `current` of `teamId`, with
 * the team's seed merged in first (a team whose devices have not pushed their doc yet still gets the default
 * categories, the same ones as on every device). `current` is not changed: the caller appends `update` to
 * the log and only then applies it.
 */
export function changeTeamDoc<T>(
  current: Y.Doc,
  teamId: string,
  write: (draft: Y.Doc) => WriteResult<T>,
): TeamDocChange<T> {
  const draft = draftOf(current);
  try {
    const updates: Uint8Array[] = [];
    draft.on('update', (update: Uint8Array) => updates.push(update));
    Y.applyUpdate(draft, teamSeedUpdate(teamId));
    const result = write(draft);
    if (!result.ok) return { result, update: undefined, team: readTeam(current).team };
    const update =
      updates.length === 0 ? undefined : updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
    return { result, update, team: readTeam(draft).team };
  } finally {
    draft.destroy();
  }
}
