/**
 * The admin's budget form without a DOM: the form's rows from the backend's budgets, and back
 * to the body of `PUT /v1/budgets`, each problem said in the admin's language and keyed by the
 * field it is about (`account`, `groups.0.name`, `tools.1.amount`, `url`). The backend checks
 * all of it again; this only says early and plainly what it would refuse.
 * @module
 */
import type { BudgetsAnswer, BudgetsInput } from '../../../api/budgets.js';
import { minorUnits } from '../../../pricing/index.js';
import type { Translator } from '../../i18n/i18n.js';

export interface Row {
  readonly name: string;
  readonly amount: string;
}

export interface BudgetForm {
  /** The account's monthly budget; empty for none. */
  readonly account: string;
  readonly groups: readonly Row[];
  readonly tools: readonly Row[];
}

export type ScopedList = 'groups' | 'tools';

/** As the backend's checks: at most this many group and tool budgets, names this long. */
export const MAX_ROWS = 200;
const MAX_NAME = 256;
const AMOUNT = /^(0|[1-9]\d{0,14})(\.\d+)?$/;

export const EMPTY_FORM: BudgetForm = { account: '', groups: [], tools: [] };

/** The form for the budgets in force (none: an empty form). */
export function formFromAnswer(answer: BudgetsAnswer): BudgetForm {
  const rows = (scope: 'group' | 'tool') =>
    answer.budgets
      .filter((b) => b.scope === scope)
      .map((b) => ({ name: b.value, amount: b.amount }));
  return {
    account: answer.budgets.find((b) => b.scope === 'account')?.amount ?? '',
    groups: rows('group'),
    tools: rows('tool'),
  };
}

/** What an amount in `currency` looks like, for the messages ("500.00", "500", "500.000"). */
function example(digits: number): string {
  return digits === 0 ? '500' : `500.${'0'.repeat(digits)}`;
}

/** Why an amount is refused, in the admin's words, or null when it is fine. */
function amountIssue(text: string, currency: string, i18n: Translator): string | null {
  const digits = minorUnits(currency);
  if (!AMOUNT.test(text))
    return i18n.t('nav.budgetSettings.issue.amount', { example: example(digits) });
  if ((text.split('.')[1] ?? '').length > digits)
    return i18n.t('nav.budgetSettings.issue.decimals', { digits, currency });
  if (!/[1-9]/.test(text)) return i18n.t('nav.budgetSettings.issue.zero');
  return null;
}

export interface Checked {
  /** The body to send, when nothing is refused. */
  readonly body: BudgetsInput | null;
  /** Per field, what is wrong with it. */
  readonly issues: Readonly<Record<string, string>>;
}

/** The form checked; a row with neither name nor amount is left out, not refused. */
export function checkForm(form: BudgetForm, currency: string, i18n: Translator): Checked {
  const issues: Record<string, string> = {};
  const account = form.account.trim();
  if (account !== '') {
    const issue = amountIssue(account, currency, i18n);
    if (issue) issues.account = issue;
  }
  const scoped = (list: ScopedList) => {
    const out: Record<string, string> = {};
    const seen = new Set<string>();
    form[list].forEach((row, i) => {
      const name = row.name.trim();
      const amount = row.amount.trim();
      if (name === '' && amount === '') return;
      const at = `${list}.${i}`;
      if (name === '') issues[`${at}.name`] = i18n.t(`nav.budgetSettings.issue.${list}Name`);
      else if (name.length > MAX_NAME)
        issues[`${at}.name`] = i18n.t('nav.budgetSettings.issue.long', { max: MAX_NAME });
      else if (seen.has(name))
        issues[`${at}.name`] = i18n.t('nav.budgetSettings.issue.twice', { name });
      seen.add(name);
      const issue = amountIssue(amount, currency, i18n);
      if (issue) issues[`${at}.amount`] = issue;
      out[name] = amount;
    });
    if (Object.keys(out).length > MAX_ROWS)
      issues[list] = i18n.t('nav.budgetSettings.issue.many', { max: MAX_ROWS });
    return out;
  };
  const groups = scoped('groups');
  const tools = scoped('tools');
  if (Object.keys(issues).length > 0) return { body: null, issues };
  return { body: { currency, account: account === '' ? null : account, groups, tools }, issues };
}

/** Why a webhook address is refused before it is sent, or null when it may be sent. */
export function urlIssue(text: string, i18n: Translator): string | null {
  const url = text.trim();
  if (url === '') return i18n.t('nav.budgetSettings.issue.urlMissing');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.hostname === '')
      return i18n.t('nav.budgetSettings.issue.https');
    if (parsed.username !== '' || parsed.password !== '')
      return i18n.t('nav.budgetSettings.issue.credentials');
  } catch {
    return i18n.t('nav.budgetSettings.issue.https');
  }
  return null;
}

/** The form with row `i` of `list` changed (a row past the end is added). */
export function withRow(form: BudgetForm, list: ScopedList, i: number, row: Row): BudgetForm {
  const rows = [...form[list]];
  rows[i] = row;
  return { ...form, [list]: rows };
}

export function withoutRow(form: BudgetForm, list: ScopedList, i: number): BudgetForm {
  return { ...form, [list]: form[list].filter((_, j) => j !== i) };
}
