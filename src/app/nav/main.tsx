/**
 * The nav bar page's entry point: connect to the ZAF SDK, load the user's language, and show the
 * report (the backend must be configured; without it there is nothing to report on).
 * @module
 */
import { render } from 'preact';
import ZAFClient from 'zendesk_app_framework_sdk';
import type { ZafClient } from '../../zendesk/client.js';
import { parseSettings } from '../../zendesk/settings.js';
import { loadTranslator } from '../i18n/i18n.js';
import { Backend } from '../sync/backend.js';
import { ReportView } from './ReportView.js';
import '../sidebar/sidebar.css';
import './nav.css';

async function boot(): Promise<void> {
  const root = document.getElementById('root')!;
  const client = ZAFClient.init() as unknown as ZafClient | false;
  if (!client) {
    root.textContent = 'AI Cost Meter runs inside Zendesk.';
    return;
  }
  const user = (await client.get('currentUser.locale').catch(() => ({}))) as Record<
    string,
    unknown
  >;
  const i18n = await loadTranslator(
    typeof user['currentUser.locale'] === 'string'
      ? (user['currentUser.locale'] as string)
      : undefined,
  );
  document.documentElement.lang = i18n.locale;
  const [metadata, context] = await Promise.all([client.metadata(), client.context()]);
  let backendUrl: string | null = null;
  try {
    backendUrl = parseSettings(metadata.settings ?? {}).backendUrl;
  } catch {}
  if (!backendUrl) {
    render(
      <main class="aicm">
        <p role="alert" class="aicm-note aicm-note-danger">
          {i18n.t('nav.noBackend')}
        </p>
      </main>,
      root,
    );
    return;
  }
  const backend = new Backend(client, backendUrl, context.account?.subdomain ?? '');
  render(
    <main class="aicm">
      <ReportView backend={backend} i18n={i18n} now={new Date()} />
    </main>,
    root,
  );
}

void boot();
