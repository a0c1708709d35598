/**
 * The ticket sidebar: what the AI did on this ticket, whether it counts as a resolution, and
 * what it costs under the active plan. Renders the controller's state; holds none of its own.
 * @module
 */
import type { ComponentChildren } from 'preact';
import type { Breakdown, Line } from '../../pricing/index.js';
import { formatDecimal, formatMoney, formatTimeLeft, formatUnitPrice } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { PlanGroup, SidebarState } from './controller.js';

interface Props {
  readonly state: SidebarState;
  readonly i18n: Translator;
  readonly now: Date;
  readonly onRefresh: () => void;
}

const TONE: Record<Breakdown['outcome'], 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  no_ai: 'neutral',
  in_progress: 'info',
  pending_confirmation: 'warning',
  ai_resolved: 'success',
  assisted: 'info',
  escalated: 'neutral',
  unsuccessful: 'danger',
};

function lineLabel(line: Line, i18n: Translator): string {
  const [code, tool] = line.code.split(':');
  return i18n.t(`sidebar.lineCode.${code}`, { tool: tool ?? '' });
}

function LineItem({
  line,
  breakdown,
  i18n,
}: {
  line: Line;
  breakdown: Breakdown;
  i18n: Translator;
}) {
  return (
    <li class="aicm-line" data-code={line.code} data-plan={line.plan}>
      <span class="aicm-line-label">
        {lineLabel(line, i18n)}
        {line.provisional && (
          <span class="aicm-tag aicm-tag-warning">{i18n.t('sidebar.provisional')}</span>
        )}
      </span>
      <span class="aicm-line-math">
        {i18n.t('sidebar.line', {
          quantity: formatDecimal(line.quantity, i18n.locale),
          unitPrice: formatUnitPrice(line.unitPrice, breakdown.currency, i18n.locale),
          amount: formatMoney(line.amount, breakdown.currency, i18n.locale),
        })}
      </span>
    </li>
  );
}

/** When the plan changed during the ticket, its stretches in force: "1 Nov – 21 Nov". */
function inForceLabel(group: PlanGroup, i18n: Translator): string {
  const day = (iso: string | null) =>
    iso === null
      ? '…'
      : new Date(iso).toLocaleDateString(i18n.locale, { day: 'numeric', month: 'short' });
  return group.inForce.map((s) => `${day(s.from)} – ${day(s.to)}`).join(', ');
}

function Lines({
  breakdown,
  groups,
  i18n,
}: {
  breakdown: Breakdown;
  groups: readonly PlanGroup[];
  i18n: Translator;
}) {
  const items = (lines: readonly Line[]) =>
    lines.map((line) => (
      <LineItem
        key={`${line.plan ?? ''} ${line.code}`}
        line={line}
        breakdown={breakdown}
        i18n={i18n}
      />
    ));
  return (
    <section aria-labelledby="aicm-lines">
      <h2 id="aicm-lines" class="aicm-heading">
        {i18n.t('sidebar.lines')}
      </h2>
      {groups.length < 2 ? (
        <ul class="aicm-lines">{items(breakdown.lines)}</ul>
      ) : (
        // The lines came from two plans or more: each under its plan and when it was in force.
        groups.map((group) => (
          <div key={group.key} class="aicm-plan-group" data-plan={group.key}>
            <h3 class="aicm-subheading">
              {i18n.t('sidebar.plan', { name: group.name, version: group.version })}
              <span class="aicm-muted"> · {inForceLabel(group, i18n)}</span>
            </h3>
            <ul class="aicm-lines">{items(breakdown.lines.filter((l) => l.plan === group.key))}</ul>
          </div>
        ))
      )}
    </section>
  );
}

function Ready({
  state,
  i18n,
  now,
}: {
  state: Extract<SidebarState, { kind: 'ready' }>;
  i18n: Translator;
  now: Date;
}) {
  const { breakdown, plan } = state;
  const money = (a: string) => formatMoney(a, breakdown.currency, i18n.locale);
  const left = breakdown.confirmsAt ? Date.parse(breakdown.confirmsAt) - now.getTime() : null;
  return (
    <>
      <p class="aicm-plan">
        {i18n.t('sidebar.plan', { name: plan.name, version: plan.version })}
        {breakdown.tier && (
          <span class="aicm-muted"> · {i18n.t('sidebar.tier', { tier: breakdown.tier })}</span>
        )}
      </p>
      <p class="aicm-status">
        <span
          class={`aicm-tag aicm-tag-${TONE[breakdown.outcome]}`}
          data-testid="outcome"
          data-outcome={breakdown.outcome}
        >
          {i18n.t(`sidebar.outcome.${breakdown.outcome}`)}
        </span>
        {left !== null && left > 0 && (
          <span class="aicm-muted">
            {i18n.t('sidebar.timeLeft', { time: formatTimeLeft(left, i18n) })}
          </span>
        )}
      </p>
      <div class="aicm-total">
        <span class="aicm-total-label">{i18n.t('sidebar.total')}</span>
        <output
          class="aicm-total-amount"
          data-testid="total"
          data-amount={breakdown.total}
          aria-live="polite"
        >
          {money(breakdown.total)}
        </output>
      </div>
      {state.pendingAdds !== null && (
        <p class="aicm-note">
          {i18n.t('sidebar.confirmed', { amount: money(breakdown.confirmedTotal) })}{' '}
          {i18n.t('sidebar.pendingAdds', { amount: money(state.pendingAdds) })}
        </p>
      )}
      {breakdown.lines.length > 0 && (
        <Lines breakdown={breakdown} groups={state.planGroups} i18n={i18n} />
      )}
      {breakdown.tools.length > 0 && (
        <section aria-labelledby="aicm-tools">
          <h2 id="aicm-tools" class="aicm-heading">
            {i18n.t('sidebar.tools')}
          </h2>
          <ul class="aicm-chips">
            {breakdown.tools.map((tool) => (
              <li key={tool} class="aicm-chip">
                {tool}
              </li>
            ))}
          </ul>
        </section>
      )}
      {state.diagnostics.length > 0 && (
        <p class="aicm-note aicm-note-warning">
          {i18n.t('sidebar.diagnostics', { count: state.diagnostics.length })}
        </p>
      )}
      <p class="aicm-muted aicm-sync" data-testid="sync" data-sync={state.sync}>
        {i18n.t(`sidebar.sync.${state.sync}`)}
      </p>
    </>
  );
}

export function Sidebar({ state, i18n, now, onRefresh }: Props) {
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
    body = <Ready state={state} i18n={i18n} now={now} />;
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
