/**
 * The team lead's report: a period and a grouping; the headline figures against the previous
 * period of the same length; the figures by the chosen grouping; the same tickets replayed under
 * every saved plan with the break-even rates. Every table exports as CSV.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { toCsv } from '../../api/csv.js';
import type { Dispute } from '../../api/disputes.js';
import { SUMMARY_COLUMNS } from '../../api/reports.js';
import { formatMoney } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { Backend } from '../sync/backend.js';
import { BudgetsView } from './BudgetsView.js';
import { BarChart, LineChart } from './Chart.js';
import { creditedOf, DisputesSection, download } from './Disputes.js';
import { OutcomeMetricsView } from './OutcomeMetricsView.js';
import { isoDay, type Period, PRESETS, type Preset, periodOf, previousOf } from './period.js';
import { type Headline, headline, type SummaryRow } from './totals.js';

const GROUPINGS = ['day', 'week', 'month', 'group', 'agent', 'tool', 'tier', 'channel'] as const;
type Grouping = (typeof GROUPINGS)[number];

interface PlanRow {
  planId: string;
  planVersion: number;
  name: string;
  currency: string;
  totalCost: string;
  aiResolutions: number;
  costPerResolution: string | null;
}
interface BreakEven {
  planA: string;
  planB: string;
  resolutionRate: string | null;
  cheaperAbove: string | null;
  cheaperBelow: string | null;
}

interface InForce {
  plan: string;
  name: string;
  from: string;
  to: string;
}

interface Data {
  byOutcome: SummaryRow[];
  /** The plans in force during the period, and when: the headline is priced over them. */
  inForce: InForce[];
  current: Headline | null;
  previous: Headline | null;
  rows: SummaryRow[];
  plans: PlanRow[];
  breakEven: BreakEven[];
  top: TopTicket[];
  costLines: { planId: string; noneResolved: string; allResolved: string }[];
  differences: { ticketId: string; amounts: [string, string] }[];
  /** The period's disputes (an older backend without them: none). */
  disputes: Dispute[];
}

interface TopTicket {
  ticketId: string;
  outcome: string | null;
  currency: string | null;
  total: string;
}

const query = (p: Period) => `from=${p.from.toISOString()}&to=${p.to.toISOString()}`;

/** A table's column headings. */
function Head({ labels }: { labels: readonly string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <th key={label} scope="col">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** Downloads a table's rows as CSV. */
function ExportButton(props: {
  file: string;
  columns: readonly string[];
  rows: readonly object[];
  label: string;
}) {
  return (
    <button
      type="button"
      class="aicm-button"
      onClick={() =>
        download(props.file, toCsv(props.columns, props.rows as Record<string, unknown>[]))
      }
    >
      {props.label}
    </button>
  );
}

export function ReportView({
  backend,
  i18n,
  now,
  openTicket,
}: {
  backend: Backend;
  i18n: Translator;
  now: Date;
  openTicket: (id: string) => Promise<unknown>;
}) {
  const [preset, setPreset] = useState<Preset>('last30');
  const [grouping, setGrouping] = useState<Grouping>('day');
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState(false);
  const period = periodOf(preset, now);
  const [activePlan, setActivePlan] = useState<string>('no-plan');
  // Every file names the period and the plan version its amounts were priced under.
  const label = `${activePlan}_${isoDay(period.from)}_${isoDay(period.to)}`;
  useEffect(() => {
    backend
      .request<{ plan: { id: string; version: number } }>('/v1/plans/active')
      .then((r) => setActivePlan(`${r.plan.id}@${r.plan.version}`))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    let live = true;
    setData(null);
    setError(false);
    const previous = previousOf(period);
    const report = (p: Period, g: string) =>
      backend.request<{ rows: SummaryRow[]; plansInForce?: InForce[] }>(
        `/v1/reports/summary?${query(p)}&groupBy=${g}`,
      );
    const summary = (p: Period, g: string) => report(p, g).then((r) => r.rows);
    Promise.all([
      report(period, 'outcome'),
      summary(previous, 'outcome'),
      summary(period, grouping),
      backend
        .request<{
          plans: PlanRow[];
          breakEven: BreakEven[];
          costLines: Data['costLines'];
          differences: Data['differences'];
        }>(`/v1/reports/compare?${query(period)}`)
        .catch(() => ({ plans: [], breakEven: [], costLines: [], differences: [] })),
      backend
        .request<{ rows: TopTicket[] }>(`/v1/reports/top-tickets?${query(period)}&limit=10`)
        .then((r) => r.rows),
      backend
        .request<{ disputes: Dispute[] }>(`/v1/disputes?${query(period)}`)
        .then((r) => r.disputes)
        .catch(() => [] as Dispute[]),
    ]).then(
      ([current, before, rows, compare, top, disputes]) => {
        if (!live) return;
        const byOutcome = current.rows;
        const currency =
          byOutcome[0]?.currency ?? rows[0]?.currency ?? compare.plans[0]?.currency ?? 'USD';
        setData({
          byOutcome,
          inForce: current.plansInForce ?? [],
          current: headline(byOutcome, currency),
          previous: headline(before, currency),
          rows,
          plans: compare.plans,
          breakEven: compare.breakEven,
          costLines: compare.costLines,
          differences: compare.differences,
          top,
          disputes,
        });
      },
      () => live && setError(true),
    );
    return () => {
      live = false;
    };
  }, [preset, grouping]);

  const money = (amount: string | null, currency: string) =>
    amount === null ? '—' : formatMoney(amount, currency, i18n.locale);
  const currency = data?.current?.currency ?? null;
  const credited =
    data &&
    currency &&
    data.disputes.some((d) => d.status === 'accepted' && d.currency === currency)
      ? creditedOf(data.disputes, currency)
      : null;
  const rate = (r: string | null) =>
    r === null
      ? '—'
      : new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 1 }).format(
          r as unknown as number,
        );

  return (
    <section aria-labelledby="aicm-report" class="aicm-report">
      <h1 id="aicm-report" class="aicm-title">
        {i18n.t('nav.report.title')}
      </h1>
      <div class="aicm-controls">
        <label>
          {i18n.t('nav.report.period')}{' '}
          <select
            value={preset}
            onChange={(e) => setPreset((e.target as HTMLSelectElement).value as Preset)}
          >
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {i18n.t(`nav.preset.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {i18n.t('nav.report.groupBy')}{' '}
          <select
            value={grouping}
            onChange={(e) => setGrouping((e.target as HTMLSelectElement).value as Grouping)}
          >
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {i18n.t(`nav.grouping.${g}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" class="aicm-note aicm-note-danger">
          {i18n.t('nav.error')}
        </p>
      )}
      {!data && !error && (
        <p role="status" class="aicm-muted">
          {i18n.t('nav.loading')}
        </p>
      )}
      {data?.current && (
        <>
          {data.inForce.length > 0 && (
            <p class="aicm-muted" data-testid="in-force">
              {i18n.t('nav.inForce', {
                plans: data.inForce
                  .map((f) =>
                    i18n.t('nav.inForceEach', {
                      plan: f.name,
                      from: new Date(f.from).toLocaleDateString(i18n.locale),
                      to: new Date(f.to).toLocaleDateString(i18n.locale),
                    }),
                  )
                  .join('; '),
              })}
            </p>
          )}
          <dl class="aicm-headline" data-testid="headline">
            {(
              [
                [
                  'confirmed',
                  money(data.current.confirmed, data.current.currency),
                  money(data.previous?.confirmed ?? null, data.current.currency),
                ],
                [
                  'provisional',
                  money(data.current.provisional, data.current.currency),
                  money(data.previous?.provisional ?? null, data.current.currency),
                ],
                [
                  'aiResolutions',
                  String(data.current.aiResolutions),
                  String(data.previous?.aiResolutions ?? 0),
                ],
                ['assisted', String(data.current.assisted), String(data.previous?.assisted ?? 0)],
                [
                  'escalated',
                  String(data.current.escalated),
                  String(data.previous?.escalated ?? 0),
                ],
                [
                  'resolutionRate',
                  rate(data.current.resolutionRate),
                  rate(data.previous?.resolutionRate ?? null),
                ],
                [
                  'costPerResolution',
                  money(data.current.costPerResolution, data.current.currency),
                  money(data.previous?.costPerResolution ?? null, data.current.currency),
                ],
                [
                  'costPerResolvedTicket',
                  money(data.current.costPerResolvedTicket, data.current.currency),
                  money(data.previous?.costPerResolvedTicket ?? null, data.current.currency),
                ],
              ] as const
            ).map(([key, now, before]) => (
              <div key={key} class="aicm-figure" data-figure={key}>
                <dt>{i18n.t(`nav.figure.${key}`)}</dt>
                <dd>
                  <span class="aicm-figure-value">{now}</span>
                  {key === 'confirmed' && credited !== null && (
                    // Credited apart: the confirmed cost is what was billed, the credit what the
                    // vendor gave back on accepted disputes.
                    <span class="aicm-credited" data-testid="credited" data-amount={credited}>
                      {i18n.t('nav.disputes.credited', {
                        amount: money(credited, currency!),
                      })}
                    </span>
                  )}
                  <span class="aicm-muted">{i18n.t('nav.previous', { value: before })}</span>
                </dd>
              </div>
            ))}
          </dl>
          <div class="aicm-charts">
            <BarChart
              title={i18n.t('nav.chart.costBy', { grouping: i18n.t(`nav.grouping.${grouping}`) })}
              describedBy="aicm-grouped-table"
              categories={data.rows.map((r) => r.key ?? i18n.t('nav.none'))}
              series={[
                // Numbers for drawing only; the exact amounts are in the table.
                {
                  label: i18n.t('nav.column.totalCost'),
                  values: data.rows.map((r) => Number(r.totalCost)),
                },
              ]}
            />
            <div>
              <BarChart
                title={i18n.t('nav.chart.outcomes')}
                describedBy="aicm-outcomes"
                categories={data.byOutcome.map((r) => i18n.t(`sidebar.outcome.${r.key}`))}
                series={[
                  {
                    label: i18n.t('nav.column.tickets'),
                    values: data.byOutcome.map((r) => r.tickets),
                  },
                ]}
              />
              <ul id="aicm-outcomes" class="aicm-outcomes">
                {data.byOutcome.map((r) => (
                  <li key={r.key}>
                    {i18n.t(`sidebar.outcome.${r.key}`)}: {r.tickets}
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <section aria-labelledby="aicm-by">
            <h2 id="aicm-by" class="aicm-heading">
              {i18n.t('nav.report.byGrouping', { grouping: i18n.t(`nav.grouping.${grouping}`) })}
            </h2>
            <table class="aicm-table" data-testid="grouped" id="aicm-grouped-table">
              <Head
                labels={[
                  'key',
                  'tickets',
                  'totalCost',
                  'provisionalCost',
                  'aiResolutions',
                  'costPerResolution',
                ].map((c) => i18n.t(`nav.column.${c}`))}
              />
              <tbody>
                {data.rows.map((r) => (
                  <tr key={`${r.key}-${r.currency}`}>
                    <th scope="row">{r.key ?? i18n.t('nav.none')}</th>
                    <td>{r.tickets}</td>
                    <td>{money(r.totalCost, r.currency ?? 'USD')}</td>
                    <td>{money(r.provisionalCost, r.currency ?? 'USD')}</td>
                    <td>{r.aiResolutions}</td>
                    <td>{money(r.costPerResolution, r.currency ?? 'USD')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ExportButton
              file={`ai-cost_${grouping}_${label}.csv`}
              columns={SUMMARY_COLUMNS}
              rows={data.rows}
              label={i18n.t('nav.exportCsv')}
            />
          </section>
          <OutcomeMetricsView
            backend={backend}
            period={query(period)}
            currency={data.current.currency}
            i18n={i18n}
          />
          <BudgetsView backend={backend} i18n={i18n} />
          <DisputesSection
            disputes={data.disputes}
            i18n={i18n}
            file={`ai-cost_disputes_${label}.csv`}
            openTicket={openTicket}
          />
          {data.top.length > 0 && (
            <section aria-labelledby="aicm-top">
              <h2 id="aicm-top" class="aicm-heading">
                {i18n.t('nav.top.title')}
              </h2>
              <table class="aicm-table" data-testid="top">
                <Head labels={['ticket', 'outcome', 'total'].map((c) => i18n.t(`nav.top.${c}`))} />
                <tbody>
                  {data.top.map((t) => (
                    <tr key={t.ticketId}>
                      <th scope="row">
                        {/* Opens the ticket in the agent's workspace, through the ZAF API. */}
                        <button
                          type="button"
                          class="aicm-link"
                          onClick={() => void openTicket(t.ticketId)}
                        >
                          {i18n.t('nav.top.open', { id: t.ticketId })}
                        </button>
                      </th>
                      <td>{t.outcome ? i18n.t(`sidebar.outcome.${t.outcome}`) : '—'}</td>
                      <td>{money(t.total, t.currency ?? 'USD')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ExportButton
                file={`ai-cost_top-tickets_${label}.csv`}
                columns={['ticketId', 'outcome', 'currency', 'total']}
                rows={data.top}
                label={i18n.t('nav.exportCsv')}
              />
            </section>
          )}
          {data.plans.length > 0 && (
            <section aria-labelledby="aicm-replay">
              <h2 id="aicm-replay" class="aicm-heading">
                {i18n.t('nav.replay.title')}
              </h2>
              <table class="aicm-table" data-testid="replay">
                <Head
                  labels={['plan', 'totalCost', 'aiResolutions', 'costPerResolution'].map((c) =>
                    i18n.t(`nav.column.${c}`),
                  )}
                />
                <tbody>
                  {data.plans.map((p) => (
                    <tr
                      key={`${p.planId}@${p.planVersion}`}
                      data-plan={`${p.planId}@${p.planVersion}`}
                    >
                      <th scope="row">
                        {i18n.t('nav.planVersion', { name: p.name, version: p.planVersion })}
                      </th>
                      <td data-amount={p.totalCost}>{money(p.totalCost, p.currency)}</td>
                      <td>{p.aiResolutions}</td>
                      <td>{money(p.costPerResolution, p.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ul class="aicm-breakeven" id="aicm-breakeven">
                {data.breakEven.map((b) => (
                  <li key={`${b.planA}-${b.planB}`}>
                    {b.resolutionRate === null
                      ? i18n.t('nav.replay.noCrossing', {
                          a: b.planA,
                          b: b.planB,
                          cheaper: b.cheaperBelow ?? '—',
                        })
                      : i18n.t('nav.replay.crossing', {
                          a: b.planA,
                          b: b.planB,
                          rate: rate(b.resolutionRate),
                          above: b.cheaperAbove ?? '—',
                        })}
                  </li>
                ))}
              </ul>
              {data.costLines.length > 1 && (
                <LineChart
                  title={i18n.t('nav.replay.chart')}
                  describedBy="aicm-breakeven"
                  lines={data.costLines.map((l) => ({
                    label: l.planId,
                    // Numbers for drawing only; the exact rates are in the sentences above.
                    from: Number(l.noneResolved),
                    to: Number(l.allResolved),
                  }))}
                />
              )}
              {data.differences.length > 0 && data.plans.length > 1 && (
                <table class="aicm-table" data-testid="differences">
                  <caption class="aicm-heading">{i18n.t('nav.replay.differences')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{i18n.t('nav.top.ticket')}</th>
                      {data.plans.slice(0, 2).map((p) => (
                        <th key={p.planId} scope="col">
                          {i18n.t('nav.planVersion', { name: p.name, version: p.planVersion })}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.differences.map((d) => (
                      <tr key={d.ticketId}>
                        <th scope="row">{d.ticketId}</th>
                        <td>{money(d.amounts[0], data.plans[0]!.currency)}</td>
                        <td>{money(d.amounts[1], data.plans[0]!.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <ExportButton
                file={`ai-cost_replay_${label}.csv`}
                columns={[
                  'planId',
                  'planVersion',
                  'name',
                  'currency',
                  'totalCost',
                  'aiResolutions',
                  'costPerResolution',
                ]}
                rows={data.plans}
                label={i18n.t('nav.exportCsv')}
              />
            </section>
          )}
        </>
      )}
    </section>
  );
}
