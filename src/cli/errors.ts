/**
 * A mistake in what the user gave the CLI: reported on one line, exit status 2, no stack trace.
 * @module
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
