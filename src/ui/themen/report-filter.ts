import type { ListedBarrierReport } from '../../protocol/barrier-reports.ts';

/** What "Gemeldete Hürden" is filtered by: a team, a category, and whether only unassigned reports show. */
export interface ReportFilter {
  teamId: string;
  category: string;
  unassigned: boolean;
}

export const NO_FILTER: ReportFilter = { teamId: '', category: '', unassigned: false };

/** The reports that pass `filter`; `linked` tells whether a report feeds a Thema already. */
export function filterReports(
  reports: readonly ListedBarrierReport[],
  filter: ReportFilter,
  linked: (reportId: string) => boolean,
): ListedBarrierReport[] {
  return reports.filter(
    (report) =>
      (filter.teamId === '' || report.teamId === filter.teamId) &&
      (filter.category === '' || report.category === filter.category) &&
      (!filter.unassigned || !linked(report.reportId)),
  );
}

/** The categories the reports name, once each, by label: what the category filter offers. */
export function reportCategories(
  reports: readonly ListedBarrierReport[],
): { value: string; label: string }[] {
  const byId = new Map<string, string>();
  for (const report of reports)
    if (!byId.has(report.category)) byId.set(report.category, report.categoryLabel);
  return [...byId]
    .map(([value, label]) => ({ value, label: label || value }))
    .sort((a, b) => a.label.localeCompare(b.label, 'de'));
}
