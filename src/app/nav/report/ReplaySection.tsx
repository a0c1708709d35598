/**
 * The same tickets under every saved plan: the plans side by side; one plain sentence for the
 * plan in force against its cheapest alternative; the break-even of every pair as a compact
 * table; the cost lines, where two cross at their break-even; and the tickets that cost most
 * differently under the first two plans.
 * @module
 */

import type { Plan } from '../../../pricing/index.js';
import { formatMoney } from '../../i18n/format.js';
import type { Translator } from '../../i18n/i18n.js';
import { formatCount, formatPercent } from '../../i18n/numbers.js';
import type { Preset } from '../admin/presets.js';
import { LineChart } from '../Chart.js';
import { inForceVerdict, pairRows, type ReplayPlan, refOf } from './break-even.js';
import { PublishedPrices } from './PublishedPrices.js';
import { ExportButton, Head } from './parts.js';
import type { ReportData } from './use-report.js';

const COLUMNS = [
  'planId',
  'planVersion',
  'name',
  'currency',
  'totalCost',
  'aiResolutions',
  'costPerResolution',
];

interface Props {
  readonly data: ReportData;
  readonly activePlan: string | null;
  readonly file: string;
  readonly i18n: Translator;
  /** Vendors' published prices the replay can add, and those added. */
  readonly presets: readonly Preset[];
  readonly unsaved: readonly Plan[];
  readonly setUnsaved: (plans: readonly Plan[]) => void;
}

export function ReplaySection(props: Props) {
  const { data, activePlan, file, i18n, unsaved } = props;
  const published = new Set(unsaved.map((p) => `${p.id}@${p.version}`));
  const picker = (
    <PublishedPrices
      presets={props.presets}
      currency={data.plans[0]?.currency ?? null}
      saved={new Set(data.plans.map(refOf).filter((r) => !published.has(r)))}
      unsaved={unsaved}
      setUnsaved={props.setUnsaved}
      i18n={i18n}
    />
  );
  if (data.plans.length === 0)
    return <section aria-label={i18n.t('nav.replay.title')}>{picker}</section>;
  const { locale } = i18n;
  const name = (p: ReplayPlan) =>
    i18n.t('nav.planVersion', { name: p.name, version: p.planVersion });
  const money = (amount: string | null, currency: string) =>
    amount === null ? '—' : formatMoney(amount, currency, locale);
  const rate = (r: string | null) => (r === null ? '—' : formatPercent(r, locale));
  const rows = pairRows(data.plans, data.breakEven);
  const verdict = inForceVerdict(data.plans, data.breakEven, activePlan);
  const currency = data.plans[0]!.currency;
  const byRef = new Map(data.plans.map((p) => [refOf(p), p]));
  return (
    <section aria-labelledby="aicm-replay">
      <h2 id="aicm-replay" class="aicm-heading">
        {i18n.t('nav.replay.title')}
      </h2>
      {picker}
      <table class="aicm-table" data-testid="replay">
        <Head
          labels={['plan', 'totalCost', 'aiResolutions', 'costPerResolution'].map((c) =>
            i18n.t(`nav.column.${c}`),
          )}
        />
        <tbody>
          {data.plans.map((p) => (
            <tr
              key={refOf(p)}
              data-plan={refOf(p)}
              data-in-force={refOf(p) === activePlan ? 'true' : undefined}
              data-published={published.has(refOf(p)) ? 'true' : undefined}
            >
              <th scope="row">{name(p)}</th>
              <td data-amount={p.totalCost}>{money(p.totalCost, p.currency)}</td>
              <td>{formatCount(p.aiResolutions, locale)}</td>
              <td>{money(p.costPerResolution, p.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {verdict && (
        <p data-testid="in-force-verdict">
          {i18n.t(
            verdict.pair.rate === null ? 'nav.replay.verdict.never' : 'nav.replay.verdict.crossing',
            {
              inForce: name(verdict.inForce),
              cost: money(verdict.inForce.totalCost, currency),
              alternative: name(verdict.alternative),
              alternativeCost: money(verdict.alternative.totalCost, currency),
              actual: rate(data.resolutionRate),
              rate: rate(verdict.pair.rate),
              above: verdict.pair.above ? name(verdict.pair.above) : '—',
              cheaper: verdict.pair.below ? name(verdict.pair.below) : '—',
            },
          )}
        </p>
      )}
      {rows.length > 0 && (
        <table class="aicm-table aicm-compact" data-testid="break-even" id="aicm-breakeven">
          <caption class="aicm-heading">{i18n.t('nav.replay.breakEvenTitle')}</caption>
          <Head
            labels={['pair', 'rate', 'below', 'above'].map((c) => i18n.t(`nav.replay.column.${c}`))}
          />
          <tbody>
            {rows.map((r) => (
              <tr key={`${refOf(r.a)}-${refOf(r.b)}`} data-pair={`${refOf(r.a)} ${refOf(r.b)}`}>
                <th scope="row">{i18n.t('nav.replay.pair', { a: name(r.a), b: name(r.b) })}</th>
                <td data-rate={r.rate ?? ''}>
                  {r.rate === null ? i18n.t('nav.replay.never') : rate(r.rate)}
                </td>
                <td>{r.below ? name(r.below) : '—'}</td>
                <td>{r.above ? name(r.above) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.costLines.length > 1 && (
        <LineChart
          title={i18n.t('nav.replay.chart')}
          describedBy="aicm-breakeven"
          format={{ locale, currency }}
          lines={data.costLines.map((l) => {
            const plan = byRef.get(l.planId);
            // Numbers for drawing only; the exact rates are in the table above.
            return {
              label: plan ? name(plan) : l.planId,
              from: Number(l.noneResolved),
              to: Number(l.allResolved),
            };
          })}
        />
      )}
      {data.differences.length > 0 && data.plans.length > 1 && (
        <table class="aicm-table" data-testid="differences">
          <caption class="aicm-heading">{i18n.t('nav.replay.differences')}</caption>
          <Head labels={[i18n.t('nav.top.ticket'), ...data.plans.slice(0, 2).map(name)]} />
          <tbody>
            {data.differences.map((d) => (
              <tr key={d.ticketId}>
                <th scope="row">{i18n.t('nav.ticketNumber', { id: d.ticketId })}</th>
                <td>{money(d.amounts[0], currency)}</td>
                <td>{money(d.amounts[1], currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ExportButton
        file={file}
        columns={COLUMNS}
        rows={data.plans}
        label={i18n.t('nav.exportCsv')}
      />
    </section>
  );
}
