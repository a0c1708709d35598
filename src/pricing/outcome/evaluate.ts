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
  let c = solve + windowHours * HOUR_MS;
  for (const close of h.closes) {
    if (close >= solve) {
      if (close < c) c = close;
      break;
    }
  }
  let blockedBy: SolveJudgement['blockedBy'] = null;
  let revoked = false;
  for (const r of h.reopens) {
    if (r >= solve && r < c) blockedBy = 'reopen';
    if (r >= c && rules.revokeOnLateReopen === true) revoked = true;
  }
  if (blockedBy === null && h.humanInvolvedAt !== null && h.humanInvolvedAt < c)
    blockedBy = 'human';
  if (blockedBy !== null) revoked = false;
  return { at: solve, windowHours, confirmsAt: blockedBy === null ? c : null, blockedBy, revoked };
}

// Module-level helpers rather than closures: this runs once per ticket and plan in replays.
function outcomeResult(
  h: History,
  solves: readonly SolveJudgement[],
  outcome: Outcome,
  rule: OutcomeRule,
  restsOn: number | null,
  decidedAt: number | null,
  confirmedAt: number | null,
  confirmsAt: number | null,
): OutcomeResult {
  return {
    outcome,
    rule,
    confirmedAt,
    confirmsAt,
    decidedAt,
    restsOn,
    humanInvolvedAt: h.humanInvolvedAt,
    latestCsat: h.latestCsat,
    solves,
  };
}

function badRating(rules: OutcomeRules, h: History): boolean {
  return rules.minCsat === 'good' && h.latestCsat === 'bad';
}

const NO_SOLVES: readonly SolveJudgement[] = [];

/**
 * Evaluates the outcome with each solve judged by `rulesAt(solve)`: its window, and for the
 * rules that rest on it, its `minCsat` and `revokeOnLateReopen`.
 */
export function judgeOutcome(
  facts: TicketFacts,
  rulesAt: (solve: number) => OutcomeRules,
): OutcomeResult {
  const h = facts.history;
  const count = h.solves.length;
  const rulesBySolve: OutcomeRules[] = new Array(count);
  const solves: SolveJudgement[] = count === 0 ? (NO_SOLVES as SolveJudgement[]) : new Array(count);
  for (let i = 0; i < count; i++) {
    rulesBySolve[i] = rulesAt(h.solves[i]!);
    solves[i] = judgeSolve(h.solves[i]!, h, rulesBySolve[i]!);
  }

  // 1. No AI, nothing to price.
  if (facts.usage.length === 0) return outcomeResult(h, solves, 'no_ai', 1, null, null, null, null);

  // 2. A confirmed solve (not revoked); the earliest confirmation instant wins.
  let confirmed = -1;
  for (let i = 0; i < count; i++) {
    const c = solves[i]!.confirmsAt;
    if (c === null || c > facts.asOf || solves[i]!.revoked) continue;
    if (confirmed < 0 || c < solves[confirmed]!.confirmsAt!) confirmed = i;
  }
  if (confirmed >= 0) {
    const s = solves[confirmed]!;
    const outcome = badRating(rulesBySolve[confirmed]!, h) ? 'unsuccessful' : 'ai_resolved';
    return outcomeResult(h, solves, outcome, 2, s.at, s.confirmsAt, s.confirmsAt, null);
  }

  // 3. Still open.
  if (!isDone(h.latestStatus)) {
    const outcome = h.humanInvolvedAt !== null ? 'escalated' : 'in_progress';
    return outcomeResult(h, solves, outcome, 3, null, null, null, null);
  }
  // Solved now, so there is a latest solve; it decides rules 4 to 6.
  const last = solves[count - 1]!;
  // 4. Solved with a human's help.
  if (h.humanInvolvedAt !== null) {
    return outcomeResult(h, solves, 'assisted', 4, last.at, last.at, null, null);
  }
  // 5. Solved, but the customer said it was not.
  if (badRating(rulesBySolve[count - 1]!, h)) {
    return outcomeResult(h, solves, 'unsuccessful', 5, last.at, last.at, null, null);
  }
  // 6. Solved by the AI, waiting out the window.
  const c = last.confirmsAt;
  return outcomeResult(h, solves, 'pending_confirmation', 6, last.at, c, null, c);
}

/** The outcome under one plan's rules. */
export function evaluateOutcome(facts: TicketFacts, rules: OutcomeRules): OutcomeResult {
  return judgeOutcome(facts, () => rules);
}
