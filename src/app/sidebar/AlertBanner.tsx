/**
 * For admins, the month's budget and credit pool alerts above the sidebar: how many there are and the latest,
 * read from the backend after the ticket's cost is on screen (a chunk of its own: agents, and
 * the first paint, never load it).
 * @module
 */
import { render } from 'preact';
import type { AlertEntry } from '../../api/budgets.js';
import { alertsAnswerSchema } from '../../api/schemas/budgets.js';
import type { ZafClient } from '../../zendesk/client.js';
import { parseSettings } from '../../zendesk/settings.js';
import { alertText } from '../i18n/alert-text.js';
import type { Translator } from '../i18n/i18n.js';
import { Backend } from '../sync/backend.js';

export function AlertBanner({ alerts, i18n }: { alerts: readonly AlertEntry[]; i18n: Translator }) {
  const latest = alerts[0];
  if (!latest) return null;
  return (
    <p class="aicm-note aicm-note-warning" role="status" data-testid="alert-banner">
      {i18n.t('sidebar.budgetAlerts', { count: alerts.length })} {alertText(latest, i18n)}
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
  const { alerts } = await backend.call(alertsAnswerSchema, '/v1/alerts');
  render(<AlertBanner alerts={latestMonth(alerts)} i18n={i18n} />, host);
}
