import * as Y from 'yjs';
import type { WriteOptions } from './case-doc.ts';
import { formatFieldPath } from './case-fields.ts';
import { defineEach, toJsonValue, type JsonValue, type TrackedFields } from './conflicts.ts';
import { COORDINATION_ROOT, linkReport, setThemaTitle, unlinkReport } from './coordination-doc.ts';
import type { Label } from './labels.ts';
import { germanErrorMap } from './messages.ts';
import { reportLinkFields } from './schema/coordination.ts';
import { invalidInput, issuesFromZod, ok, refused, type WriteResult } from './write-result.ts';

/**
 * The values of the coordination doc that two coordinators can write at once while apart, and that Yjs
 * would settle by keeping one of them in silence (docs/architecture.md#themen): a Thema's title, and the
 * Thema a barrier report feeds. The rest of the doc keeps both sides by its layout (history entries are
 * appended, the description merges as text, concurrent status moves are told by `overtakenMove`).
 *
 * Paths follow `formatFieldPath`: `themen/<themaId>/title` and `links/<reportId>`. A link's value is the
 * whole `ReportLink`; two links differ only when they name different Themen (or one is gone), not when
 * they were merely made by different people at different times.
 */
export type CoordinationFieldRef =
  { part: 'thema'; themaId: string; field: 'title' } | { part: 'link'; reportId: string };

const LABELS: Record<CoordinationFieldRef['part'], Label> = {
  thema: { de: 'Thema › Titel', en: 'Thema › Title' },
  link: { de: 'Meldung › Zugeordnetes Thema', en: 'Report › Thema it feeds' },
};

function segmentsOf(path: string): string[] | undefined {
  try {
    const segments = path.split('/').map(decodeURIComponent);
    return segments.some((segment) => segment === '') ? undefined : segments;
  } catch {
    return undefined;
  }
}

/** Where a path of the coordination doc points, or `undefined` for a value that is not watched. */
export function parseCoordinationFieldPath(path: string): CoordinationFieldRef | undefined {
  const s = segmentsOf(path);
  if (!s) return undefined;
  if (s.length === 3 && s[0] === COORDINATION_ROOT.themen && s[2] === 'title') {
    return { part: 'thema', themaId: s[1]!, field: 'title' };
  }
  if (s.length === 2 && s[0] === COORDINATION_ROOT.links) return { part: 'link', reportId: s[1]! };
  return undefined;
}

export function themaTitlePath(themaId: string): string {
  return formatFieldPath([COORDINATION_ROOT.themen, themaId, 'title']);
}

export function reportLinkPath(reportId: string): string {
  return formatFieldPath([COORDINATION_ROOT.links, reportId]);
}

/** The Thema a stored link value names; `null` for no link (or a value that is none). */
export function linkedThemaOf(value: JsonValue): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const themaId = value.themaId;
  return typeof themaId === 'string' ? themaId : null;
}

export const COORDINATION_TRACKED_FIELDS: TrackedFields = {
  tracks: (path) => parseCoordinationFieldPath(path) !== undefined,
  label: (path) => {
    const ref = parseCoordinationFieldPath(path);
    return ref ? LABELS[ref.part] : undefined;
  },
  comparable: (path, value) =>
    parseCoordinationFieldPath(path)?.part === 'link' ? linkedThemaOf(value) : value,
  defineRoots: (doc) =>
    defineEach(doc, [
      [COORDINATION_ROOT.meta, () => doc.getMap(COORDINATION_ROOT.meta)],
      [COORDINATION_ROOT.themen, () => doc.getArray(COORDINATION_ROOT.themen)],
      [COORDINATION_ROOT.links, () => doc.getMap(COORDINATION_ROOT.links)],
    ]),
};

function themaMapOf(doc: Y.Doc, themaId: string): Y.Map<unknown> | undefined {
  for (const item of doc.getArray<unknown>(COORDINATION_ROOT.themen)) {
    if (item instanceof Y.Map && item.get('id') === themaId) return item as Y.Map<unknown>;
  }
  return undefined;
}

/** The value the doc holds at `path` now, as JSON (`null`: none, or its Thema is gone). */
export function coordinationFieldValue(doc: Y.Doc, path: string): JsonValue {
  const ref = parseCoordinationFieldPath(path);
  if (!ref) return null;
  try {
    if (ref.part === 'thema') return toJsonValue(themaMapOf(doc, ref.themaId)?.get(ref.field));
    return toJsonValue(doc.getMap<unknown>(COORDINATION_ROOT.links).get(ref.reportId));
  } catch {
    return null; // a root of the wrong type: nothing readable there
  }
}

/** Whether the value's holder still exists: a Thema for its title; a report's link can always be set. */
export function coordinationFieldExists(doc: Y.Doc, path: string): boolean {
  const ref = parseCoordinationFieldPath(path);
  if (!ref) return false;
  return ref.part === 'link' || themaMapOf(doc, ref.themaId) !== undefined;
}

/**
 * Writes `value` at `path` as a normal local edit, through the doc's own mutators: a title as typed, a link
 * as linking the report to the Thema it names (`null`: taken out of any Thema).
 */
export function restoreCoordinationField(
  doc: Y.Doc,
  path: string,
  value: JsonValue,
  opts: WriteOptions = {},
): WriteResult {
  const ref = parseCoordinationFieldPath(path);
  if (!ref) return refused('not-found', 'item-not-found');
  if (ref.part === 'thema') {
    if (typeof value !== 'string') return refused('invalid-input', 'required', 'title');
    return setThemaTitle(doc, ref.themaId, value, opts);
  }
  if (value === null) {
    if (!doc.getMap<unknown>(COORDINATION_ROOT.links).has(ref.reportId)) return ok(undefined);
    return unlinkReport(doc, ref.reportId, opts);
  }
  const link = reportLinkFields.safeParse(value, { error: germanErrorMap });
  if (!link.success) return invalidInput(issuesFromZod(link.error));
  if (link.data.reportId !== ref.reportId) return refused('not-found', 'item-not-found');
  const { reportId, teamId, caseKey, themaId } = link.data;
  return linkReport(doc, themaId, { reportId, teamId, caseKey }, opts);
}
