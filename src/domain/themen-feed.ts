import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../protocol/origin.ts';
import type { WriteOptions } from './case-doc.ts';
import { latestDecision, type CoordinationView } from './coordination-doc.ts';
import { themenFeedEntryFields, type ThemenFeedEntry } from './schema/coordination.ts';
import { toPlain } from './y-plain.ts';

/**
 * What a team's case managers learn of coordination's Themen: for each barrier report of the team that
 * feeds a Thema, the Thema's title, status and latest decision (docs/architecture.md#themen). One doc per
 * team (guid `themen:<teamId>`) in the team's log, written only by the relay from the coordination doc and
 * read by the team's devices, so a case manager sees offline what became of a report. It holds nothing of
 * other teams: no other team's report ids, no counts, no notes.
 *
 * Layout: a root `Y.Map` 'reports' from a report id (`barrierReportId`) to a plain `ThemenFeedEntry`.
 */
const REPORTS = 'reports';

export { isThemenFeedDocId, themenFeedDocId } from './doc-kinds.ts';

/** The feed of one team, computed from the coordination doc as read. */
export function themenFeedFor(view: CoordinationView, teamId: string): Map<string, ThemenFeedEntry> {
  const themen = new Map(view.themen.map((thema) => [thema.id, thema]));
  const feed = new Map<string, ThemenFeedEntry>();
  for (const [reportId, link] of view.links) {
    if (link.teamId !== teamId) continue;
    const thema = themen.get(link.themaId);
    if (!thema) continue;
    const decision = latestDecision(thema);
    feed.set(reportId, {
      themaId: thema.id,
      title: thema.title,
      status: thema.status,
      statusOn: thema.statusOn,
      ...(decision?.text !== undefined ? { decision: { on: decision.on, text: decision.text } } : {}),
    });
  }
  return feed;
}

/** Reads a team's feed; entries that do not validate are left out. */
export function readThemenFeed(doc: Y.Doc): Map<string, ThemenFeedEntry> {
  const feed = new Map<string, ThemenFeedEntry>();
  doc.getMap<unknown>(REPORTS).forEach((value, reportId) => {
    const parsed = themenFeedEntryFields.safeParse(toPlain(value));
    if (parsed.success) feed.set(reportId, parsed.data);
  });
  return feed;
}

function sameEntry(a: ThemenFeedEntry | undefined, b: ThemenFeedEntry): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Makes a team's feed doc hold exactly `entries`, writing only what differs (nothing at all when it already
 * does). Answers whether anything was written.
 */
export function writeThemenFeed(
  doc: Y.Doc,
  entries: ReadonlyMap<string, ThemenFeedEntry>,
  opts: WriteOptions = {},
): boolean {
  const current = readThemenFeed(doc);
  const map = doc.getMap<unknown>(REPORTS);
  const stale = [...map.keys()].filter((reportId) => !entries.has(reportId));
  const changed = [...entries].filter(([reportId, entry]) => !sameEntry(current.get(reportId), entry));
  if (stale.length === 0 && changed.length === 0) return false;
  doc.transact(() => {
    for (const reportId of stale) map.delete(reportId);
    for (const [reportId, entry] of changed) map.set(reportId, entry);
  }, opts.origin ?? LOCAL_ORIGIN);
  return true;
}
