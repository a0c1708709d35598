/**
 * The sidebar's entry point in Zendesk's iframe: connect to the ZAF SDK, load the agent's
 * language, start the controller, render, and keep the iframe as tall as the content.
 * @module
 */

import { render } from 'preact';
import ZAFClient from 'zendesk_app_framework_sdk';
import type { ZafClient } from '../../zendesk/client.js';
import { loadTranslator } from '../i18n/i18n.js';
import type { SidebarController, SidebarState } from './controller.js';
import { preloadWhy, Sidebar } from './Sidebar.js';
import './sidebar.css';

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

async function boot(): Promise<void> {
  const root = document.getElementById('root')!;
  // The sidebar's logic (the pricing core, zod and the schemas that check what crosses into
  // the page, the ticket's mapping) is not needed to draw "Loading": it is fetched at once,
  // beside the agent's language and the ZAF requests, and the first paint does not wait on it.
  const logic = import('./controller.js');
  const client = ZAFClient.init() as unknown as ZafClient | false;
  if (!client) {
    // Without the origin and app_guid parameters there is no Zendesk to talk to.
    root.textContent = (await loadTranslator(navigator.language, 'sidebar')).t('outsideZendesk');
    return;
  }
  const user = (await client
    .get(['currentUser.locale', 'currentUser.timeZone', 'currentUser.role'])
    .catch(() => ({}))) as Record<string, unknown>;
  // Instants in the Why? are in the agent's Zendesk time zone; the browser's when not known.
  const zone = (user['currentUser.timeZone'] as { ianaName?: unknown } | undefined)?.ianaName;
  const timeZone = typeof zone === 'string' && validZone(zone) ? zone : undefined;
  const i18nLoading = loadTranslator(
    typeof user['currentUser.locale'] === 'string'
      ? (user['currentUser.locale'] as string)
      : undefined,
    'sidebar',
  );
  // The controller starts reading the ticket as soon as its code is in, not after the language.
  const made = logic.then((m) => m.createSidebarController(client));
  const started = made.then((c) => c.start());
  const i18n = await i18nLoading;
  document.documentElement.lang = i18n.locale;
  let controller: SidebarController | null = null;
  const draw = () =>
    render(
      <Sidebar
        state={controller?.getState() ?? { kind: 'loading' }}
        i18n={i18n}
        now={new Date()}
        onRefresh={() => void controller?.refresh()}
        timeZone={timeZone}
        onDispute={(reason, note) => controller!.dispute(reason, note)}
      />,
      root,
    );
  draw();
  // Fetched beside the ticket's data, so the Why? is ready as soon as the cost is.
  void preloadWhy().then(
    () => draw(),
    () => undefined,
  );
  // Keep the "time left" current while a confirmation is pending.
  setInterval(draw, 30_000);
  let lastHeight = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      void client.invoke('resize', { width: '100%', height: `${height}px` });
    }
  }).observe(document.body);
  controller = await made;
  const onState = (state: SidebarState) => {
    // For bench/sidebar: when the first cost reaches the screen.
    if (
      state.kind === 'ready' &&
      performance.getEntriesByName('aicm:cost-on-screen').length === 0
    ) {
      requestAnimationFrame(() => performance.mark('aicm:cost-on-screen'));
    }
    draw();
  };
  controller.subscribe(onState);
  // What it published before the language was in.
  onState(controller.getState());
  const { drain } = controller;
  window.addEventListener('online', () => void drain());
  // Admins see the month's budget alerts; the banner's code loads only for them, after the cost.
  if (user['currentUser.role'] === 'admin') {
    const host = root.parentElement!.insertBefore(document.createElement('div'), root);
    void started
      .then(() => import('./AlertBanner.js'))
      .then((m) => m.showAlertBanner(client, i18n, host))
      .catch(() => undefined);
  }
  await started;
}

void boot();
