/**
 * Reading the CLI's input files, with errors that name the file, the line and the field.
 * @module
 */
import { readFileSync } from 'node:fs';
import {
  type Plan,
  PricingInputError,
  parseActivity,
  parsePlan,
  parseTimeline,
  type TicketActivity,
  type Timeline,
} from '../pricing/index.js';
import { UsageError } from './errors.js';
import { describeIssues } from './issues.js';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the file (${code ?? String(error)})`);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where}: not valid JSON (${(error as Error).message})`);
  }
}

/** Runs a core parser; its field issues are prefixed with where the value came from. */
function validated<T>(parse: (input: unknown) => T, input: unknown, where: string): T {
  try {
    return parse(input);
  } catch (error) {
    if (!(error instanceof PricingInputError)) throw error;
    throw new UsageError(`${where}: ${describeIssues(error.issues, input).join('; ')}`);
  }
}

export function readPlan(file: string): Plan {
  return validated(parsePlan, parseJson(readText(file), file), file);
}

/** A JSON array of `{ "effectiveAt", "plan" }`: the plans in force over time. */
export function readTimeline(file: string): Timeline {
  return validated(parseTimeline, parseJson(readText(file), file), file);
}

/** One ticket's activity (a JSON object); a file of several gets the flag that reads it. */
export function readActivity(file: string): TicketActivity {
  const text = readText(file);
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const many = text.trimStart().startsWith('[') || (lines.length > 1 && lines.every(isJson));
  if (many)
    throw new UsageError(
      `${file}: holds several activities (${text.trimStart().startsWith('[') ? 'a JSON array' : 'JSON lines'}); --activity takes one ticket: use --activities ${file}`,
    );
  return validated(parseActivity, parseJson(text, file), file);
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** A JSON array of activities, or JSON lines (one activity per line, blank lines ignored). */
export function readActivities(file: string): TicketActivity[] {
  const text = readText(file);
  if (text.trimStart().startsWith('[')) {
    const list = parseJson(text, file);
    if (!Array.isArray(list)) throw new UsageError(`${file}: expected a JSON array of activities`);
    return list.map((item, i) => validated(parseActivity, item, `${file}: [${i}]`));
  }
  const activities: TicketActivity[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}: line ${i + 1}`;
    activities.push(validated(parseActivity, parseJson(line, where), where));
  });
  return activities;
}
