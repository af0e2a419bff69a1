import type * as Y from 'yjs';
import { findItem, write, type WriteOptions } from './case-doc.ts';
import { readCase } from './case-read.ts';
import { describeHits, findIdentifyingData, type IdentifyingSource } from './identifying-data.ts';
import { germanErrorMap, message } from './messages.ts';
import {
  barrierReportFields,
  barrierReportInputFields,
  type BarrierReport,
  type BarrierReportInput,
} from './schema/records.ts';
import {
  invalidInput,
  issuesFromZod,
  ok,
  refused,
  type FieldIssue,
  type WriteResult,
} from './write-result.ts';
import { toPlain } from './y-plain.ts';

/**
 * "An Koordination melden": a barrier of a case is reported to coordination with texts written for that
 * purpose (docs/architecture.md#barriers-reported-to-coordination). The report is one plain value on the
 * barrier's map (`report`); only these mutators write it.
 */

/**
 * The id of one report on a barrier: its barrier's id and when it was reported. A barrier reported again
 * after a withdrawal is a new report with a new id, so coordination's links (`src/domain/coordination-doc.ts`)
 * and the feed back to the case (`src/domain/themen-feed.ts`) follow each report, not the barrier.
 */
export function barrierReportId(barrierId: string, reportedAt: string): string {
  return `${barrierId}@${reportedAt}`;
}

/** The text fields of a report that are checked for identifying data, in the order of the form. */
export const REPORT_TEXT_FIELDS = ['institution', 'happened', 'wouldHelp'] as const;

/**
 * One issue per text field that holds identifying data of the case, naming what to remove:
 * "Bitte entfernen: Name (Haddad), Geburtsdatum".
 */
export function identifyingIssues(
  source: IdentifyingSource,
  input: Partial<BarrierReportInput>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of REPORT_TEXT_FIELDS) {
    const hits = findIdentifyingData(source, input[field] ?? '');
    if (hits.length === 0) continue;
    issues.push({
      path: field,
      code: 'report-identifying',
      message: message('report-identifying', { found: describeHits(hits) }),
    });
  }
  return issues;
}

/** The report on a barrier's map as stored, or `undefined` (none, or unreadable). */
function storedReport(map: Y.Map<unknown>): BarrierReport | undefined {
  const parsed = barrierReportFields.safeParse(toPlain(map.get('report')));
  return parsed.success ? parsed.data : undefined;
}

/** Whether a report is still with coordination (not withdrawn). */
export function isActiveReport(report: BarrierReport | undefined): report is BarrierReport {
  return report !== undefined && report.withdrawnAt === undefined;
}

/**
 * Reports a barrier to coordination. Refused while the texts contain identifying data of the case (each
 * field says which), while the barrier is already reported, or when a required text is missing. A report
 * withdrawn earlier moves to `earlierReports`, so the trace stays.
 */
export function reportBarrier(
  doc: Y.Doc,
  barrierId: string,
  input: BarrierReportInput,
  opts: WriteOptions = {},
): WriteResult {
  const trimmed = {
    category: input.category,
    institution: input.institution.trim(),
    happened: input.happened.trim(),
    ...(input.wouldHelp?.trim() ? { wouldHelp: input.wouldHelp.trim() } : {}),
  };
  const parsed = barrierReportInputFields.safeParse(trimmed, { error: germanErrorMap });
  const fieldIssues = parsed.success ? [] : issuesFromZod(parsed.error);
  const { file } = readCase(doc);
  const issues = [...fieldIssues, ...identifyingIssues(file, trimmed)];
  if (issues.length > 0) return invalidInput(issues);

  const barriers = doc.getArray<unknown>('barriers');
  const found = findItem(barriers, barrierId);
  if (!found) return refused('not-found', 'item-not-found');
  const current = storedReport(found.map);
  if (isActiveReport(current)) return refused('refused', 'barrier-already-reported');

  const report: Record<string, unknown> = {
    ...trimmed,
    reportedAt: (opts.now ?? new Date()).toISOString(),
  };
  if (opts.actor !== undefined) report.reportedBy = opts.actor;
  write(doc, opts, () => {
    if (current !== undefined) {
      const earlier = toPlain(found.map.get('earlierReports'));
      found.map.set('earlierReports', [...(Array.isArray(earlier) ? earlier : []), current]);
    }
    found.map.set('report', report);
  });
  return ok(undefined);
}

/** Withdraws a barrier's report: it stays on the barrier with when and by whom it was withdrawn. */
export function withdrawBarrierReport(doc: Y.Doc, barrierId: string, opts: WriteOptions = {}): WriteResult {
  const found = findItem(doc.getArray<unknown>('barriers'), barrierId);
  if (!found) return refused('not-found', 'item-not-found');
  const current = storedReport(found.map);
  if (!isActiveReport(current)) return refused('refused', 'barrier-not-reported');
  const withdrawn: Record<string, unknown> = {
    ...current,
    withdrawnAt: (opts.now ?? new Date()).toISOString(),
  };
  if (opts.actor !== undefined) withdrawn.withdrawnBy = opts.actor;
  write(doc, opts, () => found.map.set('report', withdrawn));
  return ok(undefined);
}
