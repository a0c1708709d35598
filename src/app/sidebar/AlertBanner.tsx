/**
 * For admins, the month's budget alerts above the sidebar: how many there are and the latest,
 * read from the backend after the ticket's cost is on screen (a chunk of its own: agents, and
 * the first paint, never load it).
 * @module
 */
import { render } from 'preact';
import type { AlertEntry } from '../../api/budgets.js';
import type { ZafClient } from '../../zendesk/client.js';
import { parseSettings } from '../../zendesk/settings.js';
import { formatMoney } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import { Backend } from '../sync/backend.js';

export function AlertBanner({ alerts, i18n }: { alerts: readonly AlertEntry[]; i18n: Translator }) {
  const latest = alerts[0];
  if (!latest) return null;
  const budget = formatMoney(latest.budget, latest.currency, i18n.locale);
  const scope =
    latest.scope === 'account'
      ? i18n.t('nav.budgets.account')
      : i18n.t(`nav.budgets.${latest.scope}`, { name: latest.value });
  return (
    <p class="aicm-note aicm-note-warning" role="status" data-testid="alert-banner">
      {i18n.t('sidebar.budgetAlerts', { count: alerts.length })}{' '}
      {latest.type === 'budget.forecast_exceeded'
        ? i18n.t('nav.budgets.alert.forecast', { scope, budget })
        : i18n.t('nav.budgets.alert.threshold', {
            scope,
            threshold: latest.threshold,
            spent: formatMoney(latest.spent, latest.currency, i18n.locale),
            budget,
          })}
    </p>
  );
}

/** The alerts of the latest month that has any, newest first; none when there are none. */
export function latestMonth(alerts: readonly AlertEntry[]): AlertEntry[] {
  const period = alerts[0]?.period;
  return alerts.filter((a) => a.period === period);
}

/** Reads the alerts through the installation's backend and draws the banner into `host`. */
export async function showAlertBanner(
  client: ZafClient,
  i18n: Translator,
  host: HTMLElement,
): Promise<void> {
  const [metadata, context] = await Promise.all([client.metadata(), client.context()]);
  const backendUrl = parseSettings(metadata.settings ?? {}).backendUrl;
  if (!backendUrl) return;
  const backend = new Backend(client, backendUrl, context.account?.subdomain ?? '', null);
  const { alerts } = await backend.request<{ alerts: AlertEntry[] }>('/v1/alerts');
  render(<AlertBanner alerts={latestMonth(alerts)} i18n={i18n} />, host);
}
