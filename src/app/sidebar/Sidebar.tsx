/**
 * The ticket sidebar: what the AI did on this ticket, whether it counts as a resolution, and
 * what it costs under the active plan. Renders the controller's state; holds none of its own.
 * @module
 */
import type { ComponentChildren } from 'preact';
import type { Breakdown, Line } from '../../pricing/index.js';
import { formatInstant, formatMoney, formatTimeLeft, formatUnitPrice } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { PlanGroup, SidebarState } from './controller.js';
import type { OnDispute } from './DisputeForm.js';
import { lineLabel, quantityWithUnit, toolLabel } from './labels.js';
import { ThresholdWarning } from './ThresholdWarning.js';

/**
 * What the first paint does not need (the Why? panels, the dispute form) comes in chunks of
 * their own, loaded once after the cost is on screen; the page draws again when they are in.
 */
function lazyModule<M>(load: () => Promise<M>) {
  const chunk: { loaded: M | null; preload: () => Promise<M> } = {
    loaded: null,
    preload: () => {
      loading ??= load().then((m) => {
        chunk.loaded = m;
        return m;
      });
      return loading;
    },
  };
  let loading: Promise<M> | null = null;
  return chunk;
}

const whyChunk = lazyModule(() => import('./WhyPanels.js'));
const disputeChunk = lazyModule(() => import('./DisputeForm.js'));

/** Loads the Why? panels and the dispute form; draw again when it resolves. */
export const preloadWhy = () => Promise.all([whyChunk.preload(), disputeChunk.preload()]);

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

export type Ready = Extract<SidebarState, { kind: 'ready' }>;

const TONE: Record<Breakdown['outcome'], 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  no_ai: 'neutral',
  in_progress: 'info',
  pending_confirmation: 'warning',
  ai_resolved: 'success',
  assisted: 'info',
  escalated: 'neutral',
  unsuccessful: 'danger',
};

function LineItem({
  line,
  state,
  i18n,
  timeZone,
}: {
  line: Line;
  state: Ready;
  i18n: Translator;
  timeZone: string | undefined;
}) {
  const { breakdown } = state;
  const label = lineLabel(line.code, i18n, state.toolNames);
  const panels = whyChunk.loaded;
  return (
    <li
      class="aicm-line"
      data-code={line.code}
      data-plan={line.plan}
      data-quantity={line.quantity}
      data-amount={line.amount}
    >
      <span class="aicm-line-label">
        {label}
        {line.provisional && (
          <span class="aicm-tag aicm-tag-warning">{i18n.t('sidebar.provisional')}</span>
        )}
      </span>
      <span class="aicm-line-math">
        {i18n.t('sidebar.line', {
          quantity: quantityWithUnit(line.code, line.quantity, i18n),
          unitPrice: formatUnitPrice(line.unitPrice, breakdown.currency, i18n.locale),
          amount: formatMoney(line.amount, breakdown.currency, i18n.locale),
        })}
      </span>
      {panels && state.explanation && (
        <panels.LineWhy line={line} state={state} label={label} i18n={i18n} timeZone={timeZone} />
      )}
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
  state,
  i18n,
  timeZone,
}: {
  state: Ready;
  i18n: Translator;
  timeZone: string | undefined;
}) {
  const { breakdown, planGroups: groups } = state;
  const items = (lines: readonly Line[]) =>
    lines.map((line) => (
      <LineItem
        key={`${line.plan ?? ''} ${line.code}`}
        line={line}
        state={state}
        i18n={i18n}
        timeZone={timeZone}
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

/**
 * While a charge waits on a confirmation, the total is what it will be if it confirms: the
 * screen says so, shows what is confirmed already, and when (and unless what) the rest is final.
 */
function PendingNote({
  state,
  i18n,
  timeZone,
}: {
  state: Ready;
  i18n: Translator;
  timeZone?: string;
}) {
  const { breakdown } = state;
  const money = (a: string) => formatMoney(a, breakdown.currency, i18n.locale);
  const values = {
    confirmed: money(breakdown.confirmedTotal),
    pending: money(state.pendingAdds!),
    at: breakdown.confirmsAt ? formatInstant(breakdown.confirmsAt, i18n.locale, timeZone) : '',
  };
  return (
    <p class="aicm-note" data-testid="pending">
      {i18n.t('sidebar.pending.confirmed', values)}{' '}
      {i18n.t(
        breakdown.confirmsAt ? 'sidebar.pending.becomesFinal' : 'sidebar.pending.waits',
        values,
      )}
    </p>
  );
}

function Disputes({
  state,
  i18n,
  onDispute,
}: {
  state: Ready;
  i18n: Translator;
  onDispute: OnDispute;
}) {
  const form = disputeChunk.loaded;
  if (!form) return null;
  return (
    <form.DisputeSection
      disputes={state.disputes}
      canDispute={state.canDispute}
      i18n={i18n}
      onDispute={onDispute}
    />
  );
}

function Ready({
  state,
  i18n,
  now,
  timeZone,
  onDispute,
}: {
  state: Ready;
  i18n: Translator;
  now: Date;
  timeZone: string | undefined;
  onDispute: OnDispute | undefined;
}) {
  const { breakdown, plan } = state;
  const money = (a: string) => formatMoney(a, breakdown.currency, i18n.locale);
  const left = breakdown.confirmsAt ? Date.parse(breakdown.confirmsAt) - now.getTime() : null;
  const pending = state.pendingAdds !== null;
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
      {whyChunk.loaded && state.explanation && (
        <whyChunk.loaded.OutcomeWhy
          explanation={state.explanation}
          state={state}
          i18n={i18n}
          timeZone={timeZone}
        />
      )}
      <div class="aicm-total">
        <span class="aicm-total-label">
          {i18n.t(pending ? 'sidebar.totalIfConfirmed' : 'sidebar.total')}
          {pending && (
            <span class="aicm-tag aicm-tag-warning">{i18n.t('sidebar.provisional')}</span>
          )}
        </span>
        <output
          class="aicm-total-amount"
          data-testid="total"
          data-amount={breakdown.total}
          aria-live="polite"
        >
          {money(breakdown.total)}
        </output>
      </div>
      {pending && <PendingNote state={state} i18n={i18n} timeZone={timeZone} />}
      {state.overThreshold !== null && (
        <ThresholdWarning
          threshold={state.overThreshold}
          currency={breakdown.currency}
          i18n={i18n}
        />
      )}
      {breakdown.lines.length > 0 && <Lines state={state} i18n={i18n} timeZone={timeZone} />}
      {breakdown.tools.length > 0 && (
        <section aria-labelledby="aicm-tools">
          <h2 id="aicm-tools" class="aicm-heading">
            {i18n.t('sidebar.tools')}
          </h2>
          <ul class="aicm-chips">
            {breakdown.tools.map((tool) => (
              <li key={tool} class="aicm-chip" data-tool={tool}>
                {toolLabel(tool, state.toolNames)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {onDispute && <Disputes state={state} i18n={i18n} onDispute={onDispute} />}
      {state.diagnostics.length > 0 && (
        <p class="aicm-note aicm-note-warning">
          {i18n.t('sidebar.diagnostics', { count: state.diagnostics.length })}
        </p>
      )}
      <p class="aicm-muted aicm-sync" data-testid="sync" data-sync={state.sync}>
        {i18n.t(`sidebar.sync.${state.sync}`, { detail: state.syncDetail ?? '' })}
      </p>
    </>
  );
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
    body = <Ready state={state} i18n={i18n} now={now} timeZone={timeZone} onDispute={onDispute} />;
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
