/**
 * Turns zod issues into one line each, `field.path: message`, for the CLI and the HTTP API.
 * @module
 */
import type { $ZodError } from 'zod/v4/core';

export interface FieldIssue {
  /** Dotted path with array indexes, e.g. `usage[3].quantity`; empty for the whole value. */
  readonly field: string;
  readonly message: string;
}

export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function toFieldIssues(error: $ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    // Name each unknown key as a field of its own: a typo is easiest to fix where it is.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: fieldPath([...issue.path, key]),
          message: 'unknown field',
        }))
      : [{ field: fieldPath(issue.path), message: issue.message }],
  );
}

/** `usage[3].quantity: expected a non-negative integer; …` */
export function describeIssues(error: $ZodError): string {
  return toFieldIssues(error)
    .map((i) => (i.field ? `${i.field}: ${i.message}` : i.message))
    .join('; ');
}
