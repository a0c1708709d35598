/**
 * Argument parsing on top of node:util's parseArgs, with errors a user can act on.
 * @module
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

/**
 * Pulls `--flag a b c` (values up to the next option) out of argv, since parseArgs only knows
 * repeated flags. Returns the values and the rest of argv.
 */
export function takeList(
  argv: readonly string[],
  flag: string,
): { values: string[]; rest: string[] } {
  const at = argv.indexOf(flag);
  if (at < 0) return { values: [], rest: [...argv] };
  let end = at + 1;
  while (end < argv.length && !argv[end]!.startsWith('--')) end++;
  return { values: argv.slice(at + 1, end), rest: [...argv.slice(0, at), ...argv.slice(end)] };
}

export function required(value: string | boolean | undefined, flag: string, usage: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing ${flag}\n${usage}`);
  return value;
}

/**
 * An instant flag (`--as-of`), checked here so its error names the flag: ISO 8601 with an
 * offset, as the pricing core takes it. Undefined when the flag is not given.
 */
export function instantFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const ok =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value) &&
    !Number.isNaN(Date.parse(value));
  if (!ok)
    throw new UsageError(
      `${flag}: expected an ISO 8601 instant with an offset, such as 2026-11-06T00:00:00Z (got "${value}")`,
    );
  return value;
}

/** A `--time-zone` flag: an IANA zone Intl knows, such as Europe/Berlin. */
export function timeZoneFlag(value: string | undefined, flag = '--time-zone'): string | undefined {
  if (value === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    throw new UsageError(
      `${flag}: expected an IANA time zone such as Europe/Berlin (got "${value}")`,
    );
  }
}
