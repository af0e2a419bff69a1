/**
 * CSV as RFC 4180 describes it (comma-separated, CRLF line ends, every field in double quotes with inner
 * quotes doubled), made safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or
 * a carriage return would be read as a formula (OWASP "CSV injection"), so it gets a leading apostrophe.
 * Audit cells hold logins as typed by anyone who tried to log in, so this is not hypothetical.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
