/**
 * An alert in words, for the report page and the admin's sidebar banner: a budget's threshold
 * or forecast in money, or the credit pool's share drained in credits.
 * @module
 */
import type { AlertView } from '../../api/budgets.js';
import { formatDecimal, formatMoney } from './format.js';
import type { Translator } from './i18n.js';

export function scopeLabel(a: { scope: string; value: string }, i18n: Translator): string {
  return a.scope === 'account' || a.scope === 'pool'
    ? i18n.t(`nav.budgets.${a.scope}`)
    : i18n.t(`nav.budgets.${a.scope}`, { name: a.value });
}

export function alertText(a: AlertView, i18n: Translator): string {
  if (a.type === 'credits.pool_drained')
    return i18n.t('nav.budgets.alert.pool', {
      threshold: a.threshold,
      spent: formatDecimal(a.spent, i18n.locale),
      budget: formatDecimal(a.budget, i18n.locale),
    });
  const money = (amount: string) => formatMoney(amount, a.currency, i18n.locale);
  const scope = scopeLabel(a, i18n);
  return a.type === 'budget.forecast_exceeded'
    ? i18n.t('nav.budgets.alert.forecast', { scope, budget: money(a.budget) })
    : i18n.t('nav.budgets.alert.threshold', {
        scope,
        threshold: a.threshold,
        spent: money(a.spent),
        budget: money(a.budget),
      });
}
