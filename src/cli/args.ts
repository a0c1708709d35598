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
