/**
 * The report's view of the other two outcome metrics (spec section 9): human minutes spent and
 * saved against the agreed baseline, and each month's cohort escalation rate beside the plan's
 * baseline, with the fee it earned and whether it may still fall.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { NAV_ANSWERS } from '../../api/schemas/answers.js';
import type { CohortMetrics, OutcomeMetrics } from '../../pricing/index.js';
import { formatDecimal, formatMoney } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { Backend } from '../sync/backend.js';

interface Props {
  readonly backend: Backend;
  /** `from=…&to=…` of the report's period. */
  readonly period: string;
  readonly currency: string;
  readonly i18n: Translator;
  /** The report's grouping: the minutes are split by it too (by day they are not repeated). */
  readonly grouping?: string;
}

const percent = (rate: string, locale: string) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    Number(rate),
  );

export function OutcomeMetricsView({ backend, period, currency, i18n, grouping = 'day' }: Props) {
  // The answer, with the grouping it was asked for: until a new grouping's answer comes, the
  // last one stays on screen, but its split by the old grouping is not shown under the new name.
  const [answer, setAnswer] = useState<{ metrics: OutcomeMetrics; grouping: string } | null>(null);
  useEffect(() => {
    let live = true;
    backend
      .call(
        NAV_ANSWERS['GET /v1/reports/outcome-metrics'],
        `/v1/reports/outcome-metrics?${period}&groupBy=${grouping}`,
      )
      .then(
        (m) => live && setAnswer({ metrics: m, grouping }),
        () => live && setAnswer(null),
      );
    return () => {
      live = false;
    };
  }, [backend, period, grouping]);
  if (!answer || answer.metrics.tickets === 0) return null;
  const { metrics } = answer;
  const groups = answer.grouping === grouping ? metrics.groups : undefined;
  // A month with several versions' cohorts (a plan switch mid-month) names each row's version.
  const split = new Set(
    metrics.cohorts
      .filter((c, i, all) => all.findIndex((o) => o.month === c.month) !== i)
      .map((c) => c.month),
  );
  const cohort = (c: CohortMetrics) => (
    <tr key={`${c.month} ${c.plan}`} data-month={c.month} data-plan={c.plan}>
      <th scope="row">
        {c.month}
        {split.has(c.month) && <span class="aicm-muted"> {c.plan}</span>}
      </th>
      <td>{c.tickets}</td>
      <td>{c.escalated}</td>
      <td>
        {percent(c.rate, i18n.locale)}
        {c.baselineRate !== null && (
          <span class="aicm-muted">
            {' '}
            {i18n.t('nav.metrics.baseline', { rate: percent(c.baselineRate, i18n.locale) })}
          </span>
        )}
      </td>
      <td data-amount={c.fee}>
        {formatMoney(c.fee, currency, i18n.locale)}{' '}
        <span class="aicm-muted">
          {i18n.t(c.provisional ? 'nav.metrics.provisional' : 'nav.metrics.final')}
        </span>
      </td>
    </tr>
  );
  return (
    <section aria-labelledby="aicm-metrics" data-testid="outcome-metrics">
      <h2 id="aicm-metrics" class="aicm-heading">
        {i18n.t('nav.metrics.title')}
      </h2>
      <p data-testid="human-minutes">
        {i18n.t('nav.metrics.minutes', {
          spent: formatDecimal(metrics.humanMinutesSpent, i18n.locale),
          saved: formatDecimal(metrics.humanMinutesSaved, i18n.locale),
        })}
      </p>
      <table class="aicm-table">
        <thead>
          <tr>
            {['cohort', 'tickets', 'escalated', 'rate', 'fee'].map((c) => (
              <th key={c} scope="col">
                {i18n.t(`nav.metrics.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{metrics.cohorts.map(cohort)}</tbody>
      </table>
      {grouping !== 'day' && groups && groups.length > 0 && (
        <table class="aicm-table" data-testid="minutes-by-group">
          <caption class="aicm-heading">{i18n.t('nav.metrics.byGroup')}</caption>
          <thead>
            <tr>
              {['key', 'tickets', 'spent', 'saved'].map((c) => (
                <th key={c} scope="col">
                  {c === 'key' ? i18n.t(`nav.grouping.${grouping}`) : i18n.t(`nav.metrics.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.key ?? ''} data-key={g.key ?? ''}>
                <th scope="row">{g.key ?? i18n.t('nav.none')}</th>
                <td>{g.tickets}</td>
                <td>{formatDecimal(g.humanMinutesSpent, i18n.locale)}</td>
                <td>{formatDecimal(g.humanMinutesSaved, i18n.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
