/**
 * The tags the app keeps on a ticket so that views, triggers and reports can use its AI usage:
 * `<prefix>ai_used`, `<prefix>tool_<tool>` per tool, exactly one `<prefix>outcome_<outcome>`, and
 * `<prefix>disputed` once an agent disputed its charge (it stays: the ticket was disputed), and
 * `<prefix>over_threshold` while its running cost is at or above the cost threshold (it goes
 * when the cost falls back under it, e.g. a provisional resolution revoked).
 * Only tags with the app's prefix are ever added or removed.
 * @module
 */
import type { Breakdown } from '../pricing/index.js';

export interface TagChange {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

export function wantedTags(
  prefix: string,
  breakdown: Pick<Breakdown, 'outcome' | 'tools'>,
  hasUsage: boolean,
  disputed = false,
  overThreshold = false,
): string[] {
  if (!hasUsage) return disputed ? [`${prefix}disputed`] : [];
  return [
    `${prefix}ai_used`,
    ...breakdown.tools.map((t) => `${prefix}tool_${t}`),
    `${prefix}outcome_${breakdown.outcome}`,
    ...(disputed ? [`${prefix}disputed`] : []),
    ...(overThreshold ? [`${prefix}over_threshold`] : []),
  ];
}

/** What to add and remove so that the app's tags are exactly `wanted`; others are untouched. */
export function tagChange(
  prefix: string,
  wanted: readonly string[],
  current: readonly string[],
): TagChange {
  const have = new Set(current);
  const want = new Set(wanted);
  return {
    add: wanted.filter((t) => !have.has(t)),
    remove: current.filter((t) => t.startsWith(prefix) && !want.has(t)),
  };
}

export const isEmptyChange = (c: TagChange) => c.add.length === 0 && c.remove.length === 0;
