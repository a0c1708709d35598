/**
 * Ticket facts: a validated activity made ready for pricing. Usage is deduplicated by id
 * (conflicts reported), everything after `asOf` is dropped, and the lifecycle is put in a
 * canonical order, so that no result depends on the order of the input.
 * @module
 */
import type {
  LifecycleEvent,
  Metric,
  TicketActivity,
  TicketAttributes,
} from '../schema/activity.js';
import { parseInstant } from '../time.js';

export interface UsageFact {
  readonly id: string;
  readonly at: number;
  readonly metric: Metric;
  readonly tool: string | null;
  /** A validated non-negative safe integer. */
  readonly quantity: number;
}

export type LifecycleFact =
  | { readonly at: number; readonly type: 'status'; readonly status: LifecycleStatus }
  | { readonly at: number; readonly type: 'human_reply' | 'handoff' }
  | { readonly at: number; readonly type: 'csat'; readonly score: 'good' | 'bad' };
type LifecycleStatus = Extract<LifecycleEvent, { type: 'status' }>['status'];

export interface Conflict {
  readonly id: string;
  readonly reason: string;
}

export interface TicketFacts {
  readonly ticketId: string;
  readonly asOf: number;
  /**
   * Usage at or before `asOf`, deduplicated, in input order: only the credit pool needs time
   * order, and it sorts its burns itself (see {@link compareUsage}).
   */
  readonly usage: readonly UsageFact[];
  /** Lifecycle at or before `asOf`, by time; at one instant, status changes first. */
  readonly lifecycle: readonly LifecycleFact[];
  readonly attributes: TicketAttributes;
  /** Events whose id repeats with another body; the first one seen was kept. */
  readonly conflicts: readonly Conflict[];
}

function instant(text: string): number {
  const ms = parseInstant(text);
  // The schemas admit only parseable instants; reaching this means unvalidated input.
  if (ms === null) throw new RangeError(`invalid instant: ${text}`);
  return ms;
}

function sameBody(a: UsageFact, b: UsageFact): boolean {
  return a.at === b.at && a.metric === b.metric && a.tool === b.tool && a.quantity === b.quantity;
}

function describeDifference(kept: UsageFact, other: UsageFact): string {
  const fields = (['at', 'metric', 'tool', 'quantity'] as const).filter(
    (k) => kept[k] !== other[k],
  );
  return `same id with another ${fields.join(', ')}; the first one seen is kept`;
}

/**
 * Deduplicates usage events by id. The first body seen wins; a repeat with another body is a
 * conflict, reported and never summed.
 */
export function dedupeUsage(events: TicketActivity['usage']): {
  usage: UsageFact[];
  conflicts: Conflict[];
} {
  const byId = new Map<string, UsageFact>();
  const conflicts: Conflict[] = [];
  for (const e of events) {
    const fact: UsageFact = {
      id: e.id,
      at: instant(e.at),
      metric: e.metric,
      tool: 'tool' in e ? e.tool : null,
      quantity: e.quantity,
    };
    const kept = byId.get(e.id);
    if (!kept) byId.set(e.id, fact);
    else if (!sameBody(kept, fact))
      conflicts.push({ id: e.id, reason: describeDifference(kept, fact) });
  }
  return { usage: [...byId.values()], conflicts };
}

export function compareUsage(a: UsageFact, b: UsageFact): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const TYPE_RANK = { status: 0, handoff: 1, human_reply: 2, csat: 3 } as const;
const STATUS_RANK = { new: 0, open: 1, pending: 2, hold: 3, solved: 4, closed: 5 } as const;
const SCORE_RANK = { good: 0, bad: 1 } as const;

/**
 * Canonical lifecycle order: by instant; at one instant status changes first (the spec's rule),
 * then, so that the input order never matters, statuses in workflow order and a bad rating after
 * a good one.
 */
export function compareLifecycle(a: LifecycleFact, b: LifecycleFact): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.type !== b.type) return TYPE_RANK[a.type] - TYPE_RANK[b.type];
  if (a.type === 'status' && b.type === 'status')
    return STATUS_RANK[a.status] - STATUS_RANK[b.status];
  if (a.type === 'csat' && b.type === 'csat') return SCORE_RANK[a.score] - SCORE_RANK[b.score];
  return 0;
}

function toLifecycleFact(e: LifecycleEvent): LifecycleFact {
  const at = instant(e.at);
  switch (e.type) {
    case 'status':
      return { at, type: 'status', status: e.status };
    case 'csat':
      return { at, type: 'csat', score: e.score };
    default:
      return { at, type: e.type };
  }
}

/** Builds the facts of one ticket as they stood at `asOf` (epoch ms). */
export function toFacts(activity: TicketActivity, asOf: number): TicketFacts {
  const { usage, conflicts } = dedupeUsage(activity.usage);
  return {
    ticketId: activity.ticketId,
    asOf,
    usage: usage.filter((u) => u.at <= asOf),
    lifecycle: activity.lifecycle
      .map(toLifecycleFact)
      .filter((l) => l.at <= asOf)
      .sort(compareLifecycle),
    attributes: activity.attributes ?? {},
    conflicts,
  };
}
