/**
 * The team lead's report: a period and a grouping; the headline figures against the previous
 * period of the same length, with the change and its direction; the figures by the chosen
 * grouping; the same tickets replayed under every saved plan with the break-even; the most
 * expensive tickets with their subjects. Every table exports as CSV. The state lives in
 * `report/use-report.ts`; each section is a component of its own, so a new section is one line.
 * @module
 */
import type { ZafClient } from '../../zendesk/client.js';
import type { Translator } from '../i18n/i18n.js';
import { formatList } from '../i18n/numbers.js';
import type { Backend } from '../sync/backend.js';
import { loadPresets } from './admin/presets.js';
import { BudgetsView } from './BudgetsView.js';
import { creditedOf, DisputesSection } from './Disputes.js';
import { OutcomeMetricsView } from './OutcomeMetricsView.js';
import { isoDay, PRESETS, type Preset } from './period.js';
import { GroupedSection } from './report/GroupedSection.js';
import { HeadlineFigures } from './report/HeadlineFigures.js';
import { OutcomesSection } from './report/OutcomesSection.js';
import { ReplaySection } from './report/ReplaySection.js';
import { TopTickets } from './report/TopTickets.js';
import { GROUPINGS, type Grouping, periodQuery, useReport } from './report/use-report.js';

/** Vendors' published prices, offered beside the saved plans in the replay. */
const PRESETS_OFFERED = loadPresets();

interface Props {
  readonly backend: Backend;
  readonly client: ZafClient;
  readonly i18n: Translator;
  readonly now: Date;
  readonly openTicket: (id: string) => Promise<unknown>;
}

export function ReportView({ backend, client, i18n, now, openTicket }: Props) {
  const report = useReport(backend, client, now);
  const { data, period, grouping } = report;
  // Every file names the period and the plan version its amounts were priced under.
  const label = `${report.activePlan ?? 'no-plan'}_${isoDay(period.from)}_${isoDay(period.to)}`;
  const current = data?.current ?? null;
  const credited =
    data &&
    current &&
    data.disputes.some((d) => d.status === 'accepted' && d.currency === current.currency)
      ? creditedOf(data.disputes, current.currency)
      : null;
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.locale, { timeZone: 'UTC' });

  return (
    <section aria-labelledby="aicm-report" class="aicm-report">
      <h1 id="aicm-report" class="aicm-title">
        {i18n.t('nav.report.title')}
      </h1>
      <div class="aicm-controls">
        <label>
          {i18n.t('nav.report.period')}{' '}
          <select
            value={report.preset}
            onChange={(e) => report.setPreset((e.target as HTMLSelectElement).value as Preset)}
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
            onChange={(e) => report.setGrouping((e.target as HTMLSelectElement).value as Grouping)}
          >
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {i18n.t(`nav.grouping.${g}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {report.error && (
        <p role="alert" class="aicm-note aicm-note-danger">
          {report.refused
            ? i18n.t('nav.answerRefused', { detail: report.refused })
            : i18n.t('nav.error')}
        </p>
      )}
      {!data && !report.error && (
        <p role="status" class="aicm-muted">
          {i18n.t('nav.loading')}
        </p>
      )}
      {data && current && (
        <div class="aicm-sections">
          {data.inForce.length > 0 && (
            <p class="aicm-muted" data-testid="in-force">
              {i18n.t('nav.inForce', {
                plans: formatList(
                  data.inForce.map((f) =>
                    i18n.t('nav.inForceEach', { plan: f.name, from: day(f.from), to: day(f.to) }),
                  ),
                  i18n.locale,
                ),
              })}
            </p>
          )}
          <HeadlineFigures
            current={current}
            previous={data.previous}
            credited={credited}
            i18n={i18n}
          />
          <div class="aicm-charts">
            <GroupedSection
              rows={data.rows}
              grouping={grouping}
              currency={current.currency}
              file={`ai-cost_${grouping}_${label}.csv`}
              i18n={i18n}
            />
            <OutcomesSection rows={data.byOutcome} i18n={i18n} />
          </div>
          <OutcomeMetricsView
            backend={backend}
            period={periodQuery(period)}
            grouping={grouping}
            currency={current.currency}
            i18n={i18n}
          />
          <BudgetsView backend={backend} i18n={i18n} />
          <DisputesSection
            disputes={[...data.disputes]}
            i18n={i18n}
            file={`ai-cost_disputes_${label}.csv`}
            openTicket={openTicket}
          />
          <TopTickets
            top={data.top}
            subjects={report.subjects}
            openTicket={openTicket}
            file={`ai-cost_top-tickets_${label}.csv`}
            i18n={i18n}
          />
          <ReplaySection
            data={data}
            activePlan={report.activePlan}
            file={`ai-cost_replay_${label}.csv`}
            i18n={i18n}
            presets={PRESETS_OFFERED}
            unsaved={report.unsaved}
            setUnsaved={report.setUnsaved}
          />
        </div>
      )}
    </section>
  );
}
