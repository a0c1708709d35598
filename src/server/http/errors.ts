/**
 * Every refusal the API makes: a 4xx with `{ error: { code, message, field? } }`. Anything else
 * escaping a handler is a bug, answered 500 without detail and logged.
 * @module
 */
import type { $ZodError } from 'zod/v4/core';
import { toFieldIssues } from '../../pricing/index.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 406 | 409 | 413 | 415 | 422 | 429 | 503;

export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field !== undefined ? { field: this.field } : {}),
      },
    };
  }
}

/** The first issue of a failed parse as a 400 naming its field (prefixed with where it was). */
export function invalid(error: $ZodError, where: string): ApiError {
  const issues = toFieldIssues(error);
  const first = issues[0];
  const field = first?.field
    ? `${where}${where && !first.field.startsWith('[') ? '.' : ''}${first.field}`
    : where;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ApiError(
    400,
    'invalid_request',
    `${field || 'body'}: ${first?.message ?? 'invalid'}${more}`,
    field,
  );
}

export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
