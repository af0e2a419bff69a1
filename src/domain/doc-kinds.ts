import { isTeamDocId } from './team-directory.ts';

/**
 * Which docs share a device's doc store, told apart by their id without Yjs (the case list reads this
 * before the doc runtime is loaded): case files, the team doc (`team:<teamId>`), a team's Themen feed
 * (`themen:<teamId>`, written by the relay) and coordination's own doc (`coordination`). Only case files
 * are cases: the others never enter the case list, its summaries or the count of unsent cases.
 */

/** The guid of coordination's doc (`src/domain/coordination-doc.ts`). */
export const COORDINATION_DOC_ID = 'coordination';

/**
 * The log the coordination doc lives in on the relay, beside the teams' logs and synced the same way (by
 * sequence number), but served only to coordination. No team may take this id.
 */
export const COORDINATION_LOG_ID = '_koordination';

const THEMEN_FEED_PREFIX = 'themen:';

/** The doc id of a team's Themen feed (`src/domain/themen-feed.ts`). */
export function themenFeedDocId(teamId: string): string {
  return `${THEMEN_FEED_PREFIX}${teamId}`;
}

export function isThemenFeedDocId(docId: string): boolean {
  return docId.startsWith(THEMEN_FEED_PREFIX);
}

/** Whether `docId` names a case file rather than one of the docs a team or coordination shares. */
export function isCaseDocId(docId: string): boolean {
  return !isTeamDocId(docId) && !isThemenFeedDocId(docId) && docId !== COORDINATION_DOC_ID;
}
