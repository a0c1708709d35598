/**
 * Budgets and alerts as the backend answers them and the app reads them (issue 14), and the
 * digest an admin's change is authorised by: the admin page writes it to the installation's
 * hidden `budget_change` setting, and the backend applies the change only if Zendesk shows it
 * there (only admins can change an installation's settings), as plan activation does.
 * @module
 */

export const BUDGET_SCOPES = ['account', 'group', 'tool'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

/** What an admin sets: amounts as decimal strings in `currency`; groups and tools by name. */
export interface BudgetsInput {
  readonly currency: string;
  readonly account: string | null;
  readonly groups: Readonly<Record<string, string>>;
  readonly tools: Readonly<Record<string, string>>;
}

export interface ForecastView {
  readonly method: 'completed-days-mean';
  readonly basisDays: number;
  readonly projectedDays: number;
  readonly expected: string;
  readonly low: string;
  readonly high: string;
  readonly exceeds: boolean;
}

export interface BudgetView {
  readonly scope: BudgetScope;
  /** The group's or tool's name; '' for the account. */
  readonly value: string;
  readonly amount: string;
  readonly confirmed: string;
  readonly provisional: string;
  readonly percentUsed: string;
  readonly reached: readonly number[];
  readonly forecast: ForecastView | null;
}

/**
 * A credits plan's pool this month: its size, what is used and left (credits, as decimal
 * strings), the share drained, and the day it ran out or, at the completed days' mean burn,
 * will run out this month (YYYY-MM-DD; null when it will not).
 */
export interface CreditPoolView {
  /** The credits plan in force, `id@version`. */
  readonly plan: string;
  readonly credits: string;
  readonly used: string;
  readonly remaining: string;
  readonly percentDrained: string;
  readonly reached: readonly number[];
  readonly exhaustsOn: string | null;
  /** Whether `exhaustsOn` is past (the pool ran out) rather than projected. */
  readonly exhausted: boolean;
}

export interface BudgetsAnswer {
  /** The month, YYYY-MM in the tenant's time zone, and its length and day today. */
  readonly period: string;
  readonly daysInMonth: number;
  readonly today: number;
  readonly currency: string | null;
  readonly budgets: readonly BudgetView[];
  readonly destination: { readonly url: string } | null;
  /** The credit pool, while the plan in force is a credits plan. */
  readonly creditPool: CreditPoolView | null;
}

export type AlertType =
  | 'budget.threshold_reached'
  | 'budget.forecast_exceeded'
  | 'credits.pool_drained';

/** What an alert is about: a budget's scope, or the month's credit pool. */
export const ALERT_SCOPES = [...BUDGET_SCOPES, 'pool'] as const;
export type AlertScope = (typeof ALERT_SCOPES)[number];

/** The body of an alert webhook, and an entry of `GET /v1/alerts`. */
export interface AlertView {
  readonly id: string;
  readonly account: string;
  readonly type: AlertType;
  readonly scope: AlertScope;
  readonly value: string;
  readonly period: string;
  /** Percent of the budget: 50, 80 or 100; 100 for the forecast; 80 or 100 drained for a pool. */
  readonly threshold: number;
  /** The budget's currency; `credits` for a pool, whose `budget` and `spent` count credits. */
  readonly currency: string;
  readonly budget: string;
  readonly spent: string;
  readonly forecast: string | null;
  readonly raisedAt: string;
}

export interface AlertEntry extends AlertView {
  readonly delivery: 'pending' | 'delivered' | 'failed';
  readonly attempts: number;
  readonly deliveredAt: string | null;
}

/** JSON with its object keys sorted, so that the same change always has the same digest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * The `budget_change` setting that authorises a change: `sha256:` and the hex SHA-256 of what
 * it changes and its canonical JSON (WebCrypto: the same in the browser and in Node).
 */
export async function changeDigest(
  kind: 'budgets' | 'alert-destination',
  body: unknown,
): Promise<string> {
  const bytes = new TextEncoder().encode(`${kind}\n${canonical(body)}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
