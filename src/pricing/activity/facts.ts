/**
 * Ticket facts: a validated activity made ready for pricing. Usage is deduplicated by id
 * (conflicts reported), everything after `asOf` is dropped, and the lifecycle is put in a
 * canonical order, so that no result depends on the order of the input.
 * @module
 */

import { compareCodePoints } from '../order.js';
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
  | { readonly at: number; readonly type: 'csat'; readonly score: 'good' | 'bad' }
  | { readonly at: number; readonly type: 'human_time'; readonly totalSeconds: number };
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
  readonly attributes: TicketAttributes;
  /** Events whose id repeats with another body; the first one seen was kept. */
  readonly conflicts: readonly Conflict[];
  /**
   * What the lifecycle at or before `asOf` says, whatever the plan: read once in canonical order
   * (by time; at one instant, status changes first) and judged by every plan. The lifecycle
   * itself is not kept: a replay holds every ticket's facts at once, and nothing reads it again.
   */
  readonly history: History;
}

/** The plan-independent facts of a ticket's lifecycle (spec section 3), in time order. */
export interface History {
  /** Changes into solved/closed from another status (or as the first status). */
  readonly solves: readonly number[];
  /** Changes out of solved/closed. */
  readonly reopens: readonly number[];
  /** Changes into closed. */
  readonly closes: readonly number[];
  readonly latestStatus: LifecycleStatus | null;
  /** The first human reply or handoff, and which of the two it was. */
  readonly humanInvolvedAt: number | null;
  readonly humanInvolvedBy: 'human_reply' | 'handoff' | null;
  readonly latestCsat: 'good' | 'bad' | null;
  readonly latestCsatAt: number | null;
  /** The latest human handling time, in seconds (0 without one). */
  readonly humanSeconds: number;
  /** The first and latest usage events, or null without usage. */
  readonly firstUsage: UsageFact | null;
  readonly lastUsageAt: number | null;
}

const DONE: ReadonlySet<string> = new Set(['solved', 'closed']);

export function isDone(status: string | null): boolean {
  return status !== null && DONE.has(status);
}

/** Shared by every ticket without solves, reopens, closes or conflicts; frozen, so never changed. */
const NONE = Object.freeze([]) as unknown as never[];

function appended(list: number[], at: number): number[] {
  if (list === NONE) return [at];
  list.push(at);
  return list;
}

function readHistory(lifecycle: readonly LifecycleFact[], usage: readonly UsageFact[]): History {
  // Most tickets have one solve and no reopen or close: arrays are made only when needed.
  let solves: number[] = NONE;
  let reopens: number[] = NONE;
  let closes: number[] = NONE;
  let latestStatus: LifecycleStatus | null = null;
  let humanInvolvedAt: number | null = null;
  let humanInvolvedBy: History['humanInvolvedBy'] = null;
  let latestCsat: History['latestCsat'] = null;
  let latestCsatAt: number | null = null;
  let humanSeconds = 0;
  for (const fact of lifecycle) {
    switch (fact.type) {
      case 'status': {
        const wasDone = isDone(latestStatus);
        const nowDone = DONE.has(fact.status);
        if (nowDone && !wasDone) solves = appended(solves, fact.at);
        if (!nowDone && wasDone) reopens = appended(reopens, fact.at);
        if (fact.status === 'closed' && latestStatus !== 'closed')
          closes = appended(closes, fact.at);
        latestStatus = fact.status;
        break;
      }
      case 'human_reply':
      case 'handoff':
        if (humanInvolvedAt === null) {
          humanInvolvedAt = fact.at;
          humanInvolvedBy = fact.type;
        }
        break;
      case 'csat':
        latestCsat = fact.score;
        latestCsatAt = fact.at;
        break;
      case 'human_time':
        // In canonical order, and stable within one instant: the later-listed one counts.
        humanSeconds = fact.totalSeconds;
        break;
    }
  }
  let firstUsage: UsageFact | null = null;
  let lastUsageAt: number | null = null;
  for (const u of usage) {
    if (firstUsage === null || compareUsage(u, firstUsage) < 0) firstUsage = u;
    if (lastUsageAt === null || u.at > lastUsageAt) lastUsageAt = u.at;
  }
  return {
    solves,
    reopens,
    closes,
    latestStatus,
    humanInvolvedAt,
    humanInvolvedBy,
    latestCsat,
    latestCsatAt,
    humanSeconds,
    firstUsage,
    lastUsageAt,
  };
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

/** Below this many events a linear look-up finds a repeated id sooner than a Map is built. */
const SCAN_LIMIT = 16;

function withId(usage: readonly UsageFact[], id: string): UsageFact | undefined {
  for (const u of usage) if (u.id === id) return u;
  return undefined;
}

/**
 * Deduplicates usage events by id. The first body seen wins; a repeat with another body is a
 * conflict, reported and never summed. A long ticket's ids are checked in a Set, which is
 * cheaper than a Map of the facts; only once an id repeats is that Map built, to find the kept
 * body, and used from then on.
 */
export function dedupeUsage(events: TicketActivity['usage']): {
  usage: UsageFact[];
  conflicts: Conflict[];
} {
  const usage: UsageFact[] = [];
  let conflicts: Conflict[] = NONE;
  let seen = events.length > SCAN_LIMIT ? new Set<string>() : null;
  let byId: Map<string, UsageFact> | null = null;
  for (const e of events) {
    const fact: UsageFact = {
      id: e.id,
      at: instant(e.at),
      metric: e.metric,
      tool: 'tool' in e ? e.tool : null,
      quantity: e.quantity,
    };
    let kept: UsageFact | undefined;
    if (byId) {
      kept = byId.get(e.id);
    } else if (seen) {
      const before = seen.size;
      if (seen.add(e.id).size === before) {
        byId = new Map(usage.map((u) => [u.id, u]));
        seen = null;
        kept = byId.get(e.id);
      }
    } else {
      kept = withId(usage, e.id);
    }
    if (!kept) {
      usage.push(fact);
      byId?.set(e.id, fact);
    } else if (!sameBody(kept, fact)) {
      if (conflicts === NONE) conflicts = [];
      conflicts.push({ id: e.id, reason: describeDifference(kept, fact) });
    }
  }
  return { usage, conflicts };
}

/** Usage in time order, ties by event id in code-point order. */
export function compareUsage(a: UsageFact, b: UsageFact): number {
  return a.at - b.at || compareCodePoints(a.id, b.id);
}

const TYPE_RANK = { status: 0, handoff: 1, human_reply: 2, csat: 3, human_time: 4 } as const;
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
    case 'human_time':
      return { at, type: 'human_time', totalSeconds: e.totalSeconds };
    default:
      return { at, type: e.type };
  }
}

/** The facts at or before `asOf`; the same array when all of them are (the usual case). */
function until<T extends { readonly at: number }>(facts: T[], asOf: number): T[] {
  for (const f of facts) if (f.at > asOf) return facts.filter((g) => g.at <= asOf);
  return facts;
}

/** The lifecycle in canonical order; most arrive in it already, and are not sorted again. */
function inOrder(lifecycle: LifecycleFact[]): LifecycleFact[] {
  for (let i = 1; i < lifecycle.length; i++) {
    if (compareLifecycle(lifecycle[i - 1]!, lifecycle[i]!) > 0)
      return lifecycle.sort(compareLifecycle);
  }
  return lifecycle;
}

/** Builds the facts of one ticket as they stood at `asOf` (epoch ms). */
export function toFacts(activity: TicketActivity, asOf: number): TicketFacts {
  const deduped = dedupeUsage(activity.usage);
  const usage = until(deduped.usage, asOf);
  const lifecycle = inOrder(until(activity.lifecycle.map(toLifecycleFact), asOf));
  return {
    ticketId: activity.ticketId,
    asOf,
    usage,
    attributes: activity.attributes ?? NO_ATTRIBUTES,
    conflicts: deduped.conflicts,
    history: readHistory(lifecycle, usage),
  };
}

const NO_ATTRIBUTES: TicketAttributes = Object.freeze({});
