/**
 * The outcome of a ticket at an instant (spec section 3), with each solve judged under the
 * rules of the plan in force at it (section 8). A single plan judges every solve alike.
 * @module
 */
import { type History, isDone, type TicketFacts } from '../activity/facts.js';
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

/** The rule of spec section 3 that decided an outcome (1 to 6). */
export type OutcomeRule = 1 | 2 | 3 | 4 | 5 | 6;

export const DEFAULT_CONFIRMATION_WINDOW_HOURS = 72;

export interface OutcomeRules {
  readonly confirmationWindowHours?: number | undefined;
  readonly minCsat?: 'good' | undefined;
  readonly revokeOnLateReopen?: boolean | undefined;
}

/** One solve as its plan judged it. */
export interface SolveJudgement {
  readonly at: number;
  readonly windowHours: number;
  /** C: when it confirms (or confirmed); null when a reopen or a human came before C. */
  readonly confirmsAt: number | null;
  /** Why it cannot confirm, when it cannot. */
  readonly blockedBy: 'reopen' | 'human' | null;
  /** A confirmed solve undone by a later reopen under `revokeOnLateReopen`. */
  readonly revoked: boolean;
}

export interface OutcomeResult {
  readonly outcome: Outcome;
  readonly rule: OutcomeRule;
  /** The confirmation instant of rule 2 (`ai_resolved`, or `unsuccessful` by a bad rating). */
  readonly confirmedAt: number | null;
  /** While `pending_confirmation`: the instant the latest solve confirms if nothing intervenes. */
  readonly confirmsAt: number | null;
  /** When the outcome was reached, for placing outcome lines in a period; null while open. */
  readonly decidedAt: number | null;
  /**
   * The solve the outcome rests on (rule 2: the confirmed one; rules 4–6: the latest): its
   * plan rates the outcome's charges. Null for rules 1 and 3, which charge nothing.
   */
  readonly restsOn: number | null;
  readonly humanInvolvedAt: number | null;
  readonly latestCsat: 'good' | 'bad' | null;
  /** Every solve at or before asOf, as judged. */
  readonly solves: readonly SolveJudgement[];
}

/**
 * A solve at S confirms at C = S + W, or when the ticket closes if earlier (a closed ticket
 * cannot reopen), unless it reopens in [S, C) or a human got involved before C.
 */
function judgeSolve(solve: number, h: History, rules: OutcomeRules): SolveJudgement {
  const windowHours = rules.confirmationWindowHours ?? DEFAULT_CONFIRMATION_WINDOW_HOURS;
  const close = h.closes.find((c) => c >= solve);
  const end = solve + windowHours * HOUR_MS;
  const c = close !== undefined ? Math.min(end, close) : end;
  let blockedBy: SolveJudgement['blockedBy'] = null;
  if (h.reopens.some((r) => r >= solve && r < c)) blockedBy = 'reopen';
  else if (h.humanInvolvedAt !== null && h.humanInvolvedAt < c) blockedBy = 'human';
  const confirmsAt = blockedBy === null ? c : null;
  const revoked =
    confirmsAt !== null &&
    rules.revokeOnLateReopen === true &&
    h.reopens.some((r) => r >= confirmsAt);
  return { at: solve, windowHours, confirmsAt, blockedBy, revoked };
}

/**
 * Evaluates the outcome with each solve judged by `rulesAt(solve)`: its window, and for the
 * rules that rest on it, its `minCsat` and `revokeOnLateReopen`.
 */
export function judgeOutcome(
  facts: TicketFacts,
  rulesAt: (solve: number) => OutcomeRules,
): OutcomeResult {
  const h = facts.history;
  const rulesBySolve = h.solves.map(rulesAt);
  const solves = h.solves.map((s, i) => judgeSolve(s, h, rulesBySolve[i]!));
  const result = (
    outcome: Outcome,
    rule: OutcomeRule,
    restsOn: number | null,
    decidedAt: number | null,
    confirmedAt: number | null = null,
    confirmsAt: number | null = null,
  ): OutcomeResult => ({
    outcome,
    rule,
    confirmedAt,
    confirmsAt,
    decidedAt,
    restsOn,
    humanInvolvedAt: h.humanInvolvedAt,
    latestCsat: h.latestCsat,
    solves,
  });
  const badRating = (rules: OutcomeRules) => rules.minCsat === 'good' && h.latestCsat === 'bad';

  // 1. No AI, nothing to price.
  if (facts.usage.length === 0) return result('no_ai', 1, null, null);

  // 2. A confirmed solve (not revoked); the earliest confirmation instant wins.
  let confirmed = -1;
  solves.forEach((s, i) => {
    if (s.confirmsAt === null || s.confirmsAt > facts.asOf || s.revoked) return;
    if (confirmed < 0 || s.confirmsAt < solves[confirmed]!.confirmsAt!) confirmed = i;
  });
  if (confirmed >= 0) {
    const s = solves[confirmed]!;
    const outcome = badRating(rulesBySolve[confirmed]!) ? 'unsuccessful' : 'ai_resolved';
    return result(outcome, 2, s.at, s.confirmsAt, s.confirmsAt);
  }

  // 3. Still open.
  if (!isDone(h.latestStatus)) {
    return result(h.humanInvolvedAt !== null ? 'escalated' : 'in_progress', 3, null, null);
  }
  // Solved now, so there is a latest solve; it decides rules 4 to 6.
  const last = solves.length - 1;
  const lastSolve = solves[last]!;
  // 4. Solved with a human's help.
  if (h.humanInvolvedAt !== null) return result('assisted', 4, lastSolve.at, lastSolve.at);
  // 5. Solved, but the customer said it was not.
  if (badRating(rulesBySolve[last]!)) return result('unsuccessful', 5, lastSolve.at, lastSolve.at);
  // 6. Solved by the AI, waiting out the window.
  return result(
    'pending_confirmation',
    6,
    lastSolve.at,
    lastSolve.confirmsAt,
    null,
    lastSolve.confirmsAt,
  );
}

/** The outcome under one plan's rules. */
export function evaluateOutcome(facts: TicketFacts, rules: OutcomeRules): OutcomeResult {
  return judgeOutcome(facts, () => rules);
}
