/**
 * The breakdown's lines, each as quantity × unit price = amount with its Why? when loaded, and
 * grouped by plan when the plan changed during the ticket.
 * @module
 */
import type { Line } from '../../pricing/index.js';
import { formatMoney, formatUnitPrice } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import { whyChunk } from './chunks.js';
import { lineLabel, quantityWithUnit } from './labels.js';
import type { PlanGroup } from './logic/ready.js';
import type { Ready } from './logic/state.js';

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

export function Lines({
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
