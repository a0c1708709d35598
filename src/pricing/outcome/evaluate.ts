/**
 * The outcome of a ticket at an instant (spec section 3).
 * @module
 */
import type { TicketFacts } from '../activity/facts.js';
import { HOUR_MS } from '../time.js';

export const OUTCOMES = [
  'no_ai',
  'in_progress',
  'pending_confirmation',
  'ai_resolved',
  'assisted',
  'escalated',
  'unsuccessful',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DEFAULT_CONFIRMATION_WINDOW_HOURS = 72;

export interface OutcomeRules {
  readonly confirmationWindowHours?: number | undefined;
  readonly minCsat?: 'good' | undefined;
  readonly revokeOnLateReopen?: boolean | undefined;
}

export interface OutcomeResult {
  readonly outcome: Outcome;
  /** The confirmation instant of rule 2 (`ai_resolved`, or `unsuccessful` by a bad rating). */
  readonly confirmedAt: number | null;
  /** While `pending_confirmation`: the instant the latest solve confirms if nothing intervenes. */
  readonly confirmsAt: number | null;
  /** When the outcome was reached, for placing outcome lines in a period; null while open. */
  readonly decidedAt: number | null;
  readonly humanInvolvedAt: number | null;
  readonly latestCsat: 'good' | 'bad' | null;
}

const DONE = new Set(['solved', 'closed']);

interface Timeline {
  solves: number[];
  reopens: number[];
  closes: number[];
  latestStatus: string | null;
  humanInvolvedAt: number | null;
  latestCsat: 'good' | 'bad' | null;
}

/** Reads solves, reopens and closes out of the status changes (lifecycle is in canonical order). */
function timeline(facts: TicketFacts): Timeline {
  const t: Timeline = {
    solves: [],
    reopens: [],
    closes: [],
    latestStatus: null,
    humanInvolvedAt: null,
    latestCsat: null,
  };
  for (const fact of facts.lifecycle) {
    switch (fact.type) {
      case 'status': {
        const wasDone = t.latestStatus !== null && DONE.has(t.latestStatus);
        const isDone = DONE.has(fact.status);
        if (isDone && !wasDone) t.solves.push(fact.at);
        if (!isDone && wasDone) t.reopens.push(fact.at);
        if (fact.status === 'closed' && t.latestStatus !== 'closed') t.closes.push(fact.at);
        t.latestStatus = fact.status;
        break;
      }
      case 'human_reply':
      case 'handoff':
        t.humanInvolvedAt ??= fact.at;
        break;
      case 'csat':
        t.latestCsat = fact.score;
        break;
    }
  }
  return t;
}

/**
 * A solve at S confirms at C = S + W, or when the ticket closes if earlier (a closed ticket
 * cannot reopen), unless it reopens in [S, C) or a human got involved before C.
 * Returns C, or null when this solve can never confirm.
 */
function confirmationOf(solve: number, t: Timeline, windowMs: number): number | null {
  const close = t.closes.find((c) => c >= solve);
  const c = close !== undefined ? Math.min(solve + windowMs, close) : solve + windowMs;
  if (t.reopens.some((r) => r >= solve && r < c)) return null;
  if (t.humanInvolvedAt !== null && t.humanInvolvedAt < c) return null;
  return c;
}

function result(
  t: Timeline,
  outcome: Outcome,
  decidedAt: number | null,
  confirmedAt: number | null = null,
  confirmsAt: number | null = null,
): OutcomeResult {
  return {
    outcome,
    confirmedAt,
    confirmsAt,
    decidedAt,
    humanInvolvedAt: t.humanInvolvedAt,
    latestCsat: t.latestCsat,
  };
}

export function evaluateOutcome(facts: TicketFacts, rules: OutcomeRules): OutcomeResult {
  const t = timeline(facts);

  // 1. No AI, nothing to price.
  if (facts.usage.length === 0) return result(t, 'no_ai', null);

  const windowMs = (rules.confirmationWindowHours ?? DEFAULT_CONFIRMATION_WINDOW_HOURS) * HOUR_MS;
  const badRating = rules.minCsat === 'good' && t.latestCsat === 'bad';

  // 2. A confirmed solve; with revokeOnLateReopen, only one that no later reopen undid.
  let confirmedAt: number | null = null;
  for (const solve of t.solves) {
    const c = confirmationOf(solve, t, windowMs);
    if (c === null || c > facts.asOf) continue;
    if (rules.revokeOnLateReopen && t.reopens.some((r) => r >= c)) continue;
    confirmedAt = c;
    break; // solves are in time order, and so are their confirmation instants
  }
  if (confirmedAt !== null) {
    return result(t, badRating ? 'unsuccessful' : 'ai_resolved', confirmedAt, confirmedAt);
  }

  const lastSolve = t.solves.at(-1) ?? null;
  // 3. Still open.
  if (t.latestStatus === null || !DONE.has(t.latestStatus)) {
    return result(t, t.humanInvolvedAt !== null ? 'escalated' : 'in_progress', null);
  }
  // 4. Solved with a human's help.
  if (t.humanInvolvedAt !== null) return result(t, 'assisted', lastSolve);
  // 5. Solved, but the customer said it was not.
  if (badRating) return result(t, 'unsuccessful', lastSolve);
  // 6. Solved by the AI, waiting out the window.
  const confirmsAt = lastSolve === null ? null : confirmationOf(lastSolve, t, windowMs);
  return result(t, 'pending_confirmation', confirmsAt, null, confirmsAt);
}
