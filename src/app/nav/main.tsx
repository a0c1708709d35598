/**
 * The nav bar page's entry point: connect to the ZAF SDK, load the user's language, and show the
 * report (the backend must be configured; without it there is nothing to report on).
 * @module
 */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import ZAFClient from 'zendesk_app_framework_sdk';
import type { ZafClient } from '../../zendesk/client.js';
import { parseSettings } from '../../zendesk/settings.js';
import { loadTranslator, type Translator } from '../i18n/i18n.js';
import { Backend } from '../sync/backend.js';
import { AdminView } from './AdminView.js';
import { ReportView } from './ReportView.js';
import '../sidebar/sidebar.css';
import './nav.css';

function Page(props: {
  backend: Backend;
  client: ZafClient;
  i18n: Translator;
  isAdmin: boolean;
  installationId: number;
}) {
  const [view, setView] = useState<'report' | 'admin'>('report');
  const { i18n } = props;
  return (
    <main class="aicm">
      {props.isAdmin && (
        <nav class="aicm-tabs" aria-label={i18n.t('nav.views')}>
          {(['report', 'admin'] as const).map((v) => (
            <button
              key={v}
              type="button"
              class="aicm-tab"
              aria-pressed={view === v}
              onClick={() => setView(v)}
            >
              {i18n.t(`nav.view.${v}`)}
            </button>
          ))}
        </nav>
      )}
      {view === 'report' || !props.isAdmin ? (
        <ReportView
          backend={props.backend}
          client={props.client}
          i18n={i18n}
          now={new Date()}
          openTicket={(id) => props.client.invoke('routeTo', 'ticket', id)}
        />
      ) : (
        <AdminView
          backend={props.backend}
          client={props.client}
          installationId={props.installationId}
          i18n={i18n}
        />
      )}
    </main>
  );
}

async function boot(): Promise<void> {
  const root = document.getElementById('root')!;
  const client = ZAFClient.init() as unknown as ZafClient | false;
  if (!client) {
    root.textContent = (await loadTranslator(navigator.language)).t('outsideZendesk');
    return;
  }
  const answer = (await client.get('currentUser').catch(() => ({}))) as {
    currentUser?: { id?: number; locale?: string; role?: string; name?: string };
  };
  const user = answer.currentUser ?? {};
  const i18n = await loadTranslator(user.locale);
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
  const backend = new Backend(
    client,
    backendUrl,
    context.account?.subdomain ?? '',
    user.id === undefined ? null : String(user.id),
  );
  // Only admins see the admin view; the backend refuses anyone Zendesk does not show as one.
  const isAdmin = user.role === 'admin';
  render(
    <Page
      backend={backend}
      client={client}
      i18n={i18n}
      isAdmin={isAdmin}
      installationId={metadata.installationId ?? 0}
    />,
    root,
  );
}

void boot();
