/**
 * CSV for every report, chosen with `Accept: text/csv`, written by the writer the app uses too.
 * @module
 */
import type { Context } from 'hono';
import { toCsv } from '../../api/csv.js';

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
