import type { ReportGrid } from './report-labels.ts';

/**
 * Report tables as CSV files that German Excel opens as they are: UTF-8 with a byte order mark (without it
 * Excel reads the umlauts as Windows-1252), `;` between fields (`,` is the decimal separator there), CRLF at
 * the end of every line, and RFC 4180 quoting.
 */

export const BOM = '\uFEFF';
export const SEPARATOR = ';';
export const LINE_END = '\r\n';

/**
 * One field, quoted when it holds a separator, a quote or a line break (quotes doubled). A text a
 * spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) gets a leading `'`: institution names
 * are typed by case managers and must never run as a formula on the coordinator's computer.
 */
export function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file, BOM first; every line (the last one too) ends with CRLF. */
export function toCsv(lines: readonly (readonly string[])[]): string {
  return BOM + lines.map((line) => line.map(csvField).join(SEPARATOR) + LINE_END).join('');
}

/** A report table as CSV: its German (or English) headers, then one line per row; "< 5" where suppressed. */
export function gridCsv(grid: ReportGrid): string {
  return toCsv([[...grid.heads, ...grid.columns], ...grid.rows.map((row) => [...row.heads, ...row.cells])]);
}
