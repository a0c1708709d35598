/**
 * The backend's answers are checked against the schemas its routes declare (src/api/schemas)
 * before the app reads them: an answer that does not match is refused whole, with the route and
 * the first field at fault, so the page says what did not match instead of showing a wrong
 * number or breaking on a missing one.
 * @module
 */
import * as z from 'zod/mini';
import type { $ZodType, output } from 'zod/v4/core';
import { toFieldIssues } from '../../pricing/schema/issues.js';

export class BackendAnswerError extends Error {
  constructor(
    /** `METHOD /path`, without the query. */
    readonly route: string,
    /** The first field at fault (`rows[2].total`); empty when the answer as a whole is. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${route}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'BackendAnswerError';
  }
}

/** `GET /v1/tickets/101?x=1` → `GET /v1/tickets/101`. */
export function routeOf(method: string, path: string): string {
  return `${method} ${path.split('?')[0]}`;
}

/** The answer as its schema reads it, or a BackendAnswerError naming what does not match. */
export function checkAnswer<S extends $ZodType>(
  route: string,
  schema: S,
  answer: unknown,
): output<S> {
  const parsed = z.safeParse(schema, answer);
  if (parsed.success) return parsed.data;
  const first = toFieldIssues(parsed.error)[0] ?? { field: '', message: 'unexpected answer' };
  throw new BackendAnswerError(route, first.field, first.message);
}
