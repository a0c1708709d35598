/**
 * The keys a ticket files under for a report's grouping, as the backend's reports file it
 * (src/server/reports): the day, week (its Monday) or month of its decision, else its first
 * usage (a resolution still pending counts as undecided), in the account's time zone; its group, agent, channel, tier or outcome; or each AI tool
 * it used (a ticket without tools files under none).
 * @module
 */
import type { Breakdown } from '../breakdown.js';
import type { TicketActivity } from '../schema/activity.js';
import { parseInstant } from '../time.js';

export const GROUPINGS = [
  'day',
  'week',
  'month',
  'group',
  'agent',
  'tool',
  'tier',
  'channel',
  'outcome',
] as const;
export type Grouping = (typeof GROUPINGS)[number];

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of an instant in a time zone: the day a report files it under. */
export function dayIn(at: number | Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

/** The Monday of a day's ISO week, YYYY-MM-DD. */
function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function groupKeys(
  breakdown: Breakdown,
  activity: TicketActivity,
  firstUsageAt: number | null,
  grouping: Grouping,
  timeZone: string,
): (string | null)[] {
  switch (grouping) {
    case 'day':
    case 'week':
    case 'month': {
      // A pending resolution is not decided yet: the ledger files it by its first usage.
      const decided =
        breakdown.decidedAt && breakdown.outcome !== 'pending_confirmation'
          ? parseInstant(breakdown.decidedAt)
          : null;
      const at = decided ?? firstUsageAt;
      if (at === null) return [];
      const day = dayIn(at, timeZone);
      return [
        grouping === 'day' ? day : grouping === 'week' ? mondayOf(day) : `${day.slice(0, 7)}-01`,
      ];
    }
    case 'tool':
      return [
        ...new Set(activity.usage.flatMap((u) => ('tool' in u && u.tool ? [u.tool] : []))),
      ].sort();
    case 'tier':
      return [breakdown.tier];
    case 'outcome':
      return [breakdown.outcome];
    default:
      return [activity.attributes?.[grouping] ?? null];
  }
}
