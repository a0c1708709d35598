/**
 * A budget's standing: what is spent against it (confirmed; provisional apart), the share used,
 * the thresholds reached, and the alerts that are due. Spend thresholds are judged on confirmed
 * spend, since provisional charges can still be revoked and an alert cannot be taken back;
 * reaching a threshold counts (80 % of 100.00 is reached at exactly 80.00). The forecast alert
 * is due when the expected month passes the budget (above it, not at it).
 * @module
 */
import { formatFixed } from '../money/decimal.js';
import { divideHalfEven } from '../money/rounding.js';
import { type Forecast, forecastMonth } from './forecast.js';

/** The shares of a budget that raise an alert, in percent. */
export const SPEND_THRESHOLDS = [50, 80, 100] as const;
export type SpendThreshold = (typeof SPEND_THRESHOLDS)[number];

export type AlertKind = 'spend' | 'forecast';

export interface DueAlert {
  readonly kind: AlertKind;
  /** Percent of the budget: a spend threshold, or 100 for the forecast. */
  readonly threshold: number;
}

export interface BudgetStanding {
  readonly budgetMinor: bigint;
  readonly confirmedMinor: bigint;
  readonly provisionalMinor: bigint;
  /** Confirmed spend as a percentage of the budget, two decimals, half to even ("80.00"). */
  readonly percentUsed: string;
  readonly reached: readonly SpendThreshold[];
  readonly forecast: Forecast | null;
  readonly due: readonly DueAlert[];
}

/** Whether `spent` is at least `percent` % of `budget`, exactly. */
export function reachesShare(spent: bigint, budget: bigint, percent: number): boolean {
  return spent * 100n >= BigInt(percent) * budget;
}

/**
 * The standing of a budget of `budgetMinor` (positive) over a month whose days so far spent
 * `dailyConfirmedMinor` (the 1st first, today last) and `provisionalMinor` on top.
 */
export function budgetStanding(input: {
  readonly budgetMinor: bigint;
  readonly dailyConfirmedMinor: readonly bigint[];
  readonly provisionalMinor: bigint;
  readonly daysInMonth: number;
}): BudgetStanding {
  const { budgetMinor } = input;
  if (budgetMinor <= 0n) throw new RangeError('a budget is above zero');
  const confirmedMinor = input.dailyConfirmedMinor.reduce((a, b) => a + b, 0n);
  const reached = SPEND_THRESHOLDS.filter((t) => reachesShare(confirmedMinor, budgetMinor, t));
  const forecast = forecastMonth(input.dailyConfirmedMinor, input.daysInMonth, budgetMinor);
  const due: DueAlert[] = reached.map((threshold) => ({ kind: 'spend', threshold }));
  if (forecast?.exceeds) due.push({ kind: 'forecast', threshold: 100 });
  return {
    budgetMinor,
    confirmedMinor,
    provisionalMinor: input.provisionalMinor,
    percentUsed: formatFixed(divideHalfEven(confirmedMinor * 10_000n, budgetMinor), 2),
    reached,
    forecast,
    due,
  };
}
