/**
 * The one CSV writer, for the backend's reports and the app's exports alike: RFC 4180 (CRLF,
 * quotes doubled) with OWASP's rule against formula injection. Labels that reach a CSV file
 * come from people (an agent's group, a plan or tier name), and a spreadsheet runs a cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula; such a cell
 * is quoted and starts with a `'`, which keeps it text. A plain number (`-1.50`) is left as
 * it is, so that amounts stay numbers.
 * @module
 */

/** What starts a formula in a spreadsheet (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number: never a formula, and kept a number in the spreadsheet. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** One cell, escaped. */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line of the columns, then one line per row, each ending in CRLF. */
export function toCsv(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): string {
  const lines = [
    columns.map(csvCell).join(','),
    ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
