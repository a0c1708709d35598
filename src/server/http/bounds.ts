/**
 * The input bounds of the meter of record: what no honest client sends is refused at the
 * boundary (400 naming the field) rather than stored, where it could break a tenant's reports
 * for good. The pricing core's schemas say what is well formed; these say what is plausible,
 * and what the database can store and sum.
 * @module
 */
import { parseInstant } from '../../pricing/index.js';

/** Instants from 2000-01-01T00:00:00Z up to, not including, 2101-01-01T00:00:00Z. */
export const MIN_INSTANT_MS = Date.UTC(2000, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(2101, 0, 1);
/** The most one usage event may count: a billion calls, or 11.6 days of processing in ms. */
export const MAX_QUANTITY = 1_000_000_000;
/** The most usage or lifecycle events one sync may carry. */
export const MAX_ACTIVITY_EVENTS = 10_000;
/** The largest version a path or a ref may name: the database's integer. */
export const MAX_VERSION = 2_147_483_647;

export const INSTANT_RANGE_MESSAGE = 'expected an instant in the years 2000 to 2100';

export interface BoundIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/** A UTF-16 code unit that is half of a surrogate pair with no other half beside it. */
function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * What PostgreSQL cannot store in text or jsonb: NUL, and a lone surrogate (no UTF-8 spelling).
 * Checked on every string of every body, path and query.
 */
export function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'may not contain a NUL character';
  if (hasLoneSurrogate(text)) return 'may not contain a lone surrogate (not valid Unicode)';
  return null;
}

// C0 and C1 control characters, DEL included.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** For ids, tags and labels: storable, and without control characters (no line breaks, no tabs). */
export function unsafeLabel(text: string): string | null {
  return (
    unstorable(text) ??
    (CONTROL.test(text) ? 'may not contain control characters (line breaks, tabs, …)' : null)
  );
}

/** An instant outside the supported years, or null when it is within them (or not an instant). */
export function instantOutOfRange(text: string): string | null {
  const ms = parseInstant(text);
  if (ms === null) return null;
  return ms < MIN_INSTANT_MS || ms >= MAX_INSTANT_MS ? INSTANT_RANGE_MESSAGE : null;
}

/**
 * Whether any date-time text (the core's instants, or what Date reads) is within the years;
 * the end of a period may be the range's end itself (it is excluded from the period).
 */
export function inInstantRange(text: string, periodEnd = false): boolean {
  const ms = parseInstant(text) ?? Date.parse(text);
  return (
    Number.isFinite(ms) &&
    ms >= MIN_INSTANT_MS &&
    (ms < MAX_INSTANT_MS || (periodEnd && ms === MAX_INSTANT_MS))
  );
}

/** The first string (key or value) anywhere in a JSON value that the database cannot store. */
export function firstUnstorable(value: unknown, path: (string | number)[] = []): BoundIssue | null {
  if (typeof value === 'string') {
    const problem = unstorable(value);
    return problem ? { path, message: problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnstorable(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const problem = unstorable(key);
      if (problem) return { path: [...path, key], message: `the key ${problem}` };
      const found = firstUnstorable(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

interface BoundedUsage {
  readonly id: string;
  readonly at: string;
  readonly quantity: number;
}

/** The bounds of one usage event, posted or synced. */
export function usageEventIssues(event: BoundedUsage, path: (string | number)[]): BoundIssue[] {
  const issues: BoundIssue[] = [];
  const id = unsafeLabel(event.id);
  if (id) issues.push({ path: [...path, 'id'], message: `an event id ${id}` });
  const at = instantOutOfRange(event.at);
  if (at) issues.push({ path: [...path, 'at'], message: at });
  if (event.quantity > MAX_QUANTITY)
    issues.push({
      path: [...path, 'quantity'],
      message: `expected at most ${MAX_QUANTITY.toLocaleString('en')} per event`,
    });
  return issues;
}

interface BoundedActivity {
  readonly usage: readonly BoundedUsage[];
  readonly lifecycle: readonly { readonly at: string }[];
  readonly attributes?:
    | {
        readonly tags?: readonly string[] | undefined;
        readonly [label: string]: unknown;
      }
    | undefined;
}

/** The bounds of a synced activity: its events, instants and labels. */
export function activityIssues(activity: BoundedActivity, path: (string | number)[]): BoundIssue[] {
  const issues: BoundIssue[] = [];
  for (const list of ['usage', 'lifecycle'] as const) {
    if (activity[list].length > MAX_ACTIVITY_EVENTS)
      issues.push({
        path: [...path, list],
        message: `at most ${MAX_ACTIVITY_EVENTS.toLocaleString('en')} events per sync`,
      });
  }
  activity.usage.forEach((u, i) => {
    issues.push(...usageEventIssues(u, [...path, 'usage', i]));
  });
  activity.lifecycle.forEach((e, i) => {
    const at = instantOutOfRange(e.at);
    if (at) issues.push({ path: [...path, 'lifecycle', i, 'at'], message: at });
  });
  const attributes = activity.attributes ?? {};
  for (const [key, value] of Object.entries(attributes)) {
    const labels = key === 'tags' && Array.isArray(value) ? value : [value];
    labels.forEach((label, i) => {
      if (typeof label !== 'string') return;
      const problem = unsafeLabel(label);
      if (problem)
        issues.push({
          path: [...path, 'attributes', key, ...(key === 'tags' ? [i] : [])],
          message: problem,
        });
    });
  }
  return issues;
}

/** A version as a path or a ref spells it: digits only, no sign, no exponent, in range. */
export function strictVersion(text: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_VERSION ? n : null;
}
