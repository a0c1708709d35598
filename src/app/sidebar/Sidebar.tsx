/**
 * The ticket sidebar: what the AI did on this ticket, whether it counts as a resolution, and
 * what it costs under the active plan. Renders the controller's state; holds none of its own.
 * @module
 */
import type { ComponentChildren } from 'preact';
import type { Translator } from '../i18n/i18n.js';
import type { OnDispute } from './DisputeForm.js';
import type { SidebarState } from './logic/state.js';
import { ReadyView } from './ReadyView.js';

export { preloadWhy } from './chunks.js';
export type { Ready } from './logic/state.js';

interface Props {
  readonly state: SidebarState;
  readonly i18n: Translator;
  readonly now: Date;
  readonly onRefresh: () => void;
  /** The agent's time zone (Zendesk's user setting); the browser's when absent. */
  readonly timeZone?: string;
  /** Disputes the ticket's charged outcome (with a backend). */
  readonly onDispute?: OnDispute;
}

export function Sidebar({ state, i18n, now, onRefresh, timeZone, onDispute }: Props) {
  let body: ComponentChildren;
  if (state.kind === 'loading') {
    body = (
      <p class="aicm-muted" role="status">
        {i18n.t('sidebar.loading')}
      </p>
    );
  } else if (state.kind === 'error') {
    body = (
      <div
        class="aicm-note aicm-note-danger"
        role="alert"
        data-testid="error"
        data-code={state.code}
      >
        <p>{i18n.t(`sidebar.error.${state.code}`, { detail: state.detail ?? '' })}</p>
      </div>
    );
  } else if (!state.hasAi) {
    body = (
      <div data-testid="empty">
        <p class="aicm-empty">{i18n.t('sidebar.empty')}</p>
        <p class="aicm-muted">{i18n.t('sidebar.emptyHint')}</p>
      </div>
    );
  } else {
    body = (
      <ReadyView state={state} i18n={i18n} now={now} timeZone={timeZone} onDispute={onDispute} />
    );
  }
  return (
    <main class="aicm" aria-busy={state.kind === 'loading'}>
      <header class="aicm-header">
        <h1 class="aicm-title">{i18n.t('sidebar.title')}</h1>
        <button
          type="button"
          class="aicm-button"
          onClick={onRefresh}
          disabled={state.kind === 'loading'}
        >
          {i18n.t('sidebar.refresh')}
        </button>
      </header>
      {body}
    </main>
  );
}
