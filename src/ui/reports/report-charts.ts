import type { ReportGrid } from './report-labels.ts';

/**
 * The charts of a report, as plain data drawn by `chart-runtime.ts` and shown beside each chart as a
 * table (for screen readers, and for everyone who wants the numbers): bars over categories, lines over
 * periods. A suppressed count is a gap in the chart and "< 5" in its table, never a bar of 0.
 */

export interface ChartSeries {
  name: string;
  values: (number | null)[];
  texts: string[];
}

export interface ChartSpec {
  id: string;
  kind: 'bar' | 'line';
  title: string;
  /** What the bars or points stand for: categories, or periods for a line. */
  labels: string[];
  /** The header of the labels' column in the data table. */
  labelHeader: string;
  series: ChartSeries[];
}

/** One bar per data row of `grid`, for the count column `column` (the last one unless given). */
export function barsOverRows(
  id: string,
  title: string,
  grid: ReportGrid,
  columns: readonly number[] = [grid.columns.length - 1],
): ChartSpec | undefined {
  const rows = grid.rows.filter((row) => row.kind === 'data');
  if (rows.length === 0 || columns.some((column) => column < 0 || column >= grid.columns.length)) {
    return undefined;
  }
  return {
    id,
    kind: 'bar',
    title,
    labels: rows.map((row) => row.heads.filter(Boolean).join(' – ')),
    labelHeader: grid.heads.join(' – '),
    series: columns.map((column) => ({
      name: grid.columns[column] ?? '',
      values: rows.map((row) => row.values[column] ?? null),
      texts: rows.map((row) => row.cells[column] ?? ''),
    })),
  };
}

/** One line per row of `grid` (the total among them) over its columns, which are periods. */
export function linesOverPeriods(
  id: string,
  title: string,
  grid: ReportGrid,
  periodHeader: string,
): ChartSpec | undefined {
  if (grid.rows.length === 0 || grid.columns.length < 2) return undefined;
  return {
    id,
    kind: 'line',
    title,
    labels: grid.columns,
    labelHeader: periodHeader,
    series: grid.rows.map((row) => ({
      name: row.heads.filter(Boolean).join(' – '),
      values: row.values,
      texts: row.cells,
    })),
  };
}
