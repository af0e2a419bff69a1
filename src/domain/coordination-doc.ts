import * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../protocol/origin.ts';
import { findItem, newId, ruleContext, writeField, type WriteOptions } from './case-doc.ts';
import { germanErrorMap } from './messages.ts';
import {
  COORDINATION_DOC_SCHEMA_VERSION,
  coordinationMetaFields,
  reportLinkFields,
  themaEntryFields,
  themaFields,
  themaInputFields,
  type CoordinationMeta,
  type ReportLink,
  type Thema,
  type ThemaEntry,
  type ThemaInput,
} from './schema/coordination.ts';
import type { ThemaStatus } from './vocabulary.ts';
import { invalidInput, issuesFromZod, ok, refused, type WriteResult } from './write-result.ts';
import { isoDateSchema } from './schema/primitives.ts';
import { toPlain } from './y-plain.ts';

/**
 * Coordination's own working data as one Y.Doc (guid `coordination`), synced like a case file to the
 * coordinators' devices: the Themen (structural barriers many cases share) with their status and dated
 * history, and which barrier reports feed which Thema (docs/architecture.md#themen).
 *
 * 'meta' is a root `Y.Map`. 'themen' is a root `Y.Array` of `Y.Map`s (`id`, `title`, `description` as
 * `Y.Text` so two coordinators' edits merge, `status`, `statusOn`, `createdAt`, `createdBy`, and `entries`,
 * a `Y.Array` of plain history entries that is only ever appended to). 'links' is a root `Y.Map` from a
 * report id to its `ReportLink`: a report feeds at most one Thema, and moving it is one key's new value.
 * Themen are never deleted; one that leads nowhere is `not-pursued`.
 */
export { COORDINATION_DOC_ID, COORDINATION_LOG_ID } from './doc-kinds.ts';

/** How the relay's welcome names the coordination log. */
export const COORDINATION_LOG_NAME = 'Koordination';

export const COORDINATION_ROOT = { meta: 'meta', themen: 'themen', links: 'links' } as const;

const PROSE = ['description'] as const;

/** The coordination doc as plain, validated data. */
export interface CoordinationView {
  meta: CoordinationMeta;
  /** Every Thema in doc order. */
  themen: Thema[];
  /** Every report link, keyed by report id. */
  links: ReadonlyMap<string, ReportLink>;
  /** How many stored values did not validate and were left out (shown, never silently dropped). */
  unreadable: number;
}

/** Reads the doc without ever throwing: what does not validate is counted in `unreadable`. */
export function readCoordination(doc: Y.Doc): CoordinationView {
  let unreadable = 0;
  const metaParsed = coordinationMetaFields.safeParse(toPlain(doc.getMap<unknown>(COORDINATION_ROOT.meta)));
  if (!metaParsed.success) unreadable++;
  const themen: Thema[] = [];
  const seen = new Set<string>();
  for (const item of doc.getArray<unknown>(COORDINATION_ROOT.themen)) {
    const parsed = themaFields.safeParse(toPlain(item));
    if (!parsed.success || seen.has(parsed.data.id)) {
      unreadable++;
      continue;
    }
    seen.add(parsed.data.id);
    const entries: ThemaEntry[] = [];
    for (const raw of parsed.data.entries ?? []) {
      const entry = themaEntryFields.safeParse(raw);
      if (entry.success) entries.push(entry.data);
      else unreadable++;
    }
    const { entries: _stored, ...thema } = parsed.data;
    themen.push({ ...thema, entries });
  }
  const links = new Map<string, ReportLink>();
  doc.getMap<unknown>(COORDINATION_ROOT.links).forEach((value, key) => {
    const parsed = reportLinkFields.safeParse(toPlain(value));
    if (parsed.success && parsed.data.reportId === key && seen.has(parsed.data.themaId)) {
      links.set(key, parsed.data);
    } else {
      unreadable++;
    }
  });
  return { meta: metaParsed.success ? metaParsed.data : {}, themen, links, unreadable };
}

/** How far a Thema reaches: its reports, the distinct cases and the distinct teams they come from. */
export interface ThemaReach {
  reports: number;
  cases: number;
  teams: number;
  teamIds: string[];
}

export function themaReach(view: Pick<CoordinationView, 'links'>, themaId: string): ThemaReach {
  const cases = new Set<string>();
  const teams = new Set<string>();
  let reports = 0;
  for (const link of view.links.values()) {
    if (link.themaId !== themaId) continue;
    reports++;
    cases.add(`${link.teamId}\u0000${link.caseKey}`);
    teams.add(link.teamId);
  }
  return { reports, cases: cases.size, teams: teams.size, teamIds: [...teams].sort() };
}

/** The latest decision written on a Thema (by `on`, then by when it was written), if any. */
export function latestDecision(thema: Thema): ThemaEntry | undefined {
  let latest: ThemaEntry | undefined;
  for (const entry of thema.entries) {
    if (entry.kind !== 'decision') continue;
    if (!latest || entry.on > latest.on || (entry.on === latest.on && entry.at >= latest.at)) latest = entry;
  }
  return latest;
}

function stamp(doc: Y.Doc, opts: WriteOptions, fn: () => void): void {
  doc.transact(() => {
    fn();
    const meta = doc.getMap<unknown>(COORDINATION_ROOT.meta);
    if (meta.get('schemaVersion') === undefined) meta.set('schemaVersion', COORDINATION_DOC_SCHEMA_VERSION);
    meta.set('updatedAt', (opts.now ?? new Date()).toISOString());
    if (opts.actor !== undefined) meta.set('updatedBy', opts.actor);
  }, opts.origin ?? LOCAL_ORIGIN);
}

function themaMap(doc: Y.Doc, themaId: string): Y.Map<unknown> | undefined {
  return findItem(doc.getArray<unknown>(COORDINATION_ROOT.themen), themaId)?.map;
}

function trimmedInput(input: ThemaInput): Record<string, unknown> {
  const description = input.description?.trim();
  return { title: input.title.trim(), ...(description ? { description } : {}) };
}

/** Starts a Thema with status `reported` as of today; answers its id. */
export function createThema(doc: Y.Doc, input: ThemaInput, opts: WriteOptions = {}): WriteResult<string> {
  const parsed = themaInputFields.safeParse(trimmedInput(input), { error: germanErrorMap });
  if (!parsed.success) return invalidInput(issuesFromZod(parsed.error));
  const id = newId(opts);
  const now = opts.now ?? new Date();
  stamp(doc, opts, () => {
    const map = new Y.Map<unknown>();
    map.set('id', id);
    map.set('title', parsed.data.title);
    if (parsed.data.description !== undefined) map.set('description', new Y.Text(parsed.data.description));
    map.set('status', 'reported');
    map.set('statusOn', ruleContext(opts).today);
    map.set('createdAt', now.toISOString());
    if (opts.actor !== undefined) map.set('createdBy', opts.actor);
    map.set('entries', new Y.Array<unknown>());
    doc.getArray<unknown>(COORDINATION_ROOT.themen).push([map]);
  });
  return ok(id);
}

/** Changes a Thema's title and description (an absent or empty description clears it). */
export function updateThema(
  doc: Y.Doc,
  themaId: string,
  input: ThemaInput,
  opts: WriteOptions = {},
): WriteResult {
  const parsed = themaInputFields.safeParse(trimmedInput(input), { error: germanErrorMap });
  if (!parsed.success) return invalidInput(issuesFromZod(parsed.error));
  const map = themaMap(doc, themaId);
  if (!map) return refused('not-found', 'item-not-found');
  stamp(doc, opts, () => {
    if (map.get('title') !== parsed.data.title) map.set('title', parsed.data.title);
    writeField(map, 'description', parsed.data.description, PROSE);
  });
  return ok(undefined);
}

/**
 * Sets a Thema's title alone (the description untouched): how a title written on two devices at once is
 * settled (`coordination-fields.ts`).
 */
export function setThemaTitle(
  doc: Y.Doc,
  themaId: string,
  title: string,
  opts: WriteOptions = {},
): WriteResult {
  const parsed = themaInputFields.shape.title.safeParse(title.trim(), { error: germanErrorMap });
  if (!parsed.success) return invalidInput(issuesFromZod(parsed.error, ['title']));
  const map = themaMap(doc, themaId);
  if (!map) return refused('not-found', 'item-not-found');
  if (map.get('title') !== parsed.data) stamp(doc, opts, () => map.set('title', parsed.data));
  return ok(undefined);
}

function entriesOf(map: Y.Map<unknown>): Y.Array<unknown> {
  const existing = map.get('entries');
  if (existing instanceof Y.Array) return existing as Y.Array<unknown>;
  const created = new Y.Array<unknown>();
  map.set('entries', created);
  return created;
}

function checkDay(on: string, opts: WriteOptions): WriteResult<string> {
  const parsed = isoDateSchema.safeParse(on, { error: germanErrorMap });
  if (!parsed.success) return invalidInput(issuesFromZod(parsed.error, ['on']));
  if (parsed.data > ruleContext(opts).today) return refused('invalid-input', 'date-in-future', 'on');
  return ok(parsed.data);
}

/**
 * Moves a Thema to another status as of the day `on` (not in the future), with an optional note; the move
 * is written into its history with the status it came from. Any other status may follow (a Thema put aside
 * can be taken up again); the same one again is refused.
 */
export function moveThema(
  doc: Y.Doc,
  themaId: string,
  move: { status: ThemaStatus; on: string; text?: string },
  opts: WriteOptions = {},
): WriteResult {
  const map = themaMap(doc, themaId);
  if (!map) return refused('not-found', 'item-not-found');
  const day = checkDay(move.on, opts);
  if (!day.ok) return day;
  const from = map.get('status');
  if (from === move.status) return refused('refused', 'thema-status-unchanged', 'status');
  const entry = themaEntryFields.safeParse(
    {
      id: newId(opts),
      kind: 'status',
      on: day.value,
      status: move.status,
      ...(themaFields.shape.status.safeParse(from).success ? { from } : {}),
      ...(move.text?.trim() ? { text: move.text.trim() } : {}),
      at: (opts.now ?? new Date()).toISOString(),
      ...(opts.actor !== undefined ? { by: opts.actor } : {}),
    },
    { error: germanErrorMap },
  );
  if (!entry.success) return invalidInput(issuesFromZod(entry.error));
  stamp(doc, opts, () => {
    map.set('status', move.status);
    map.set('statusOn', day.value);
    entriesOf(map).push([entry.data]);
  });
  return ok(undefined);
}

/** Writes a dated note or decision into a Thema's history. */
export function addThemaEntry(
  doc: Y.Doc,
  themaId: string,
  input: { kind: 'note' | 'decision'; on: string; text: string },
  opts: WriteOptions = {},
): WriteResult<string> {
  const map = themaMap(doc, themaId);
  if (!map) return refused('not-found', 'item-not-found');
  const day = checkDay(input.on, opts);
  if (!day.ok) return day;
  const text = input.text.trim();
  if (text === '') return refused('invalid-input', 'thema-entry-text-missing', 'text');
  const entry = themaEntryFields.safeParse(
    {
      id: newId(opts),
      kind: input.kind,
      on: day.value,
      text,
      at: (opts.now ?? new Date()).toISOString(),
      ...(opts.actor !== undefined ? { by: opts.actor } : {}),
    },
    { error: germanErrorMap },
  );
  if (!entry.success) return invalidInput(issuesFromZod(entry.error));
  stamp(doc, opts, () => entriesOf(map).push([entry.data]));
  return ok(entry.data.id);
}

/**
 * Assigns a barrier report to a Thema (moving it there if it fed another one). `caseKey` and `teamId` come
 * from the relay's list of reported barriers.
 */
export function linkReport(
  doc: Y.Doc,
  themaId: string,
  report: { reportId: string; teamId: string; caseKey: string },
  opts: WriteOptions = {},
): WriteResult {
  if (!themaMap(doc, themaId)) return refused('not-found', 'item-not-found');
  const link = reportLinkFields.safeParse(
    {
      ...report,
      themaId,
      linkedAt: (opts.now ?? new Date()).toISOString(),
      ...(opts.actor !== undefined ? { linkedBy: opts.actor } : {}),
    },
    { error: germanErrorMap },
  );
  if (!link.success) return invalidInput(issuesFromZod(link.error));
  const links = doc.getMap<unknown>(COORDINATION_ROOT.links);
  const current = reportLinkFields.safeParse(toPlain(links.get(report.reportId)));
  if (current.success && current.data.themaId === themaId) return ok(undefined);
  stamp(doc, opts, () => links.set(report.reportId, link.data));
  return ok(undefined);
}

/** Takes a report out of the Thema it feeds. */
export function unlinkReport(doc: Y.Doc, reportId: string, opts: WriteOptions = {}): WriteResult {
  const links = doc.getMap<unknown>(COORDINATION_ROOT.links);
  if (!links.has(reportId)) return refused('not-found', 'item-not-found');
  stamp(doc, opts, () => links.delete(reportId));
  return ok(undefined);
}
