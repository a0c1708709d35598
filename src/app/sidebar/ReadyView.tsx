/**
 * The sidebar once the ticket is priced: the plan and outcome, the total (and what a pending
 * confirmation adds), the threshold, the lines, the tools, the disputes and the sync.
 * @module
 */
import type { Breakdown } from '../../pricing/index.js';
import { formatInstant, formatMoney, formatTimeLeft } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import { disputeChunk, whyChunk } from './chunks.js';
import type { OnDispute } from './DisputeForm.js';
import { Lines } from './Lines.js';
import { toolLabel } from './labels.js';
import type { Ready } from './logic/state.js';
import { ThresholdWarning } from './ThresholdWarning.js';

const TONE: Record<Breakdown['outcome'], 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  no_ai: 'neutral',
  in_progress: 'info',
  pending_confirmation: 'warning',
  ai_resolved: 'success',
  assisted: 'info',
  escalated: 'neutral',
  unsuccessful: 'danger',
};

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

export function ReadyView({
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
