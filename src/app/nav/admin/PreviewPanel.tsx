/**
 * The preview: the draft beside the plan in force over the last 30 days, one sentence with the
 * difference and its direction, one with the break-even, and the tickets whose cost changes most.
 * @module
 */
import { formatMoney } from '../../i18n/format.js';
import type { Translator } from '../../i18n/i18n.js';
import { formatMoneyChange, formatPercent } from '../../i18n/numbers.js';
import { type PreviewAnswer, type Side, verdictOf } from './preview.js';

export function PreviewPanel({ answer, i18n }: { answer: PreviewAnswer; i18n: Translator }) {
  const verdict = verdictOf(answer);
  const money = (amount: string | null, currency: string) =>
    amount === null ? '—' : formatMoney(amount, currency, i18n.locale);
  const name = (p: { name: string; planVersion: number }) =>
    i18n.t('nav.planVersion', { name: p.name, version: p.planVersion });
  const side = (s: Side | null) =>
    s === 'draft'
      ? i18n.t('nav.admin.side.draft')
      : s === 'inForce'
        ? i18n.t('nav.admin.side.inForce')
        : '—';
  return (
    <section aria-labelledby="aicm-preview" data-testid="preview-panel">
      <h2 id="aicm-preview" class="aicm-heading">
        {i18n.t('nav.admin.previewTitle')}
      </h2>
      <table class="aicm-table" data-testid="preview">
        <thead>
          <tr>
            <th scope="col">{i18n.t('nav.column.plan')}</th>
            <th scope="col">{i18n.t('nav.column.totalCost')}</th>
            <th scope="col">{i18n.t('nav.column.costPerResolution')}</th>
          </tr>
        </thead>
        <tbody>
          {answer.plans.map((p, i) => (
            <tr
              key={`${p.planId}@${p.planVersion}-${i}`}
              data-side={verdict && i === 0 ? 'inForce' : 'draft'}
            >
              <th scope="row">{name(p)}</th>
              <td data-amount={p.totalCost}>{money(p.totalCost, p.currency)}</td>
              <td>{money(p.costPerResolution, p.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {verdict ? (
        <div data-testid="verdict">
          <p>
            {i18n.t(`nav.admin.verdict.${verdict.direction}`, {
              difference: money(verdict.difference.replace(/^-/, ''), verdict.draft.currency),
              current: name(verdict.inForce),
            })}
          </p>
          <p>
            {verdict.breakEvenRate === null
              ? i18n.t('nav.admin.verdict.never', { cheaper: side(verdict.cheaper) })
              : i18n.t('nav.admin.verdict.crossing', {
                  rate: formatPercent(verdict.breakEvenRate, i18n.locale),
                  actual:
                    verdict.actualRate === null
                      ? '—'
                      : formatPercent(verdict.actualRate, i18n.locale),
                  above: side(verdict.cheaperAbove),
                })}
          </p>
        </div>
      ) : (
        <p class="aicm-muted">{i18n.t('nav.admin.verdict.noneInForce')}</p>
      )}
      {verdict && verdict.changes.length > 0 && (
        <table class="aicm-table" data-testid="preview-changes">
          <caption class="aicm-heading">{i18n.t('nav.admin.changesTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{i18n.t('nav.top.ticket')}</th>
              <th scope="col">{i18n.t('nav.admin.planInForce')}</th>
              <th scope="col">{i18n.t('nav.admin.thisDraft')}</th>
              <th scope="col">{i18n.t('nav.admin.change')}</th>
            </tr>
          </thead>
          <tbody>
            {verdict.changes.map((c) => (
              <tr key={c.ticketId} data-ticket={c.ticketId}>
                <th scope="row">{i18n.t('nav.ticketNumber', { id: c.ticketId })}</th>
                <td>{money(c.before, verdict.draft.currency)}</td>
                <td>{money(c.after, verdict.draft.currency)}</td>
                <td data-amount={c.change}>
                  {formatMoneyChange(c.change, verdict.draft.currency, i18n.locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
