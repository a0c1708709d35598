/**
 * CSV for every report (RFC 4180: CRLF, quotes doubled), chosen with `Accept: text/csv`.
 * @module
 */
import type { Context } from 'hono';

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet; a quote keeps it text.
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): string {
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') +
    '\r\n'
  );
}

export function wantsCsv(c: Context): boolean {
  return /\btext\/csv\b/i.test(c.req.header('accept') ?? '');
}

export function csvResponse(
  c: Context,
  filename: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
) {
  c.header('content-disposition', `attachment; filename="${filename}"`);
  return c.body(toCsv(columns, rows), 200, { 'content-type': 'text/csv; charset=utf-8' });
}
