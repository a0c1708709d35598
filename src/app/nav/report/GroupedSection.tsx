/**
 * The figures by the chosen grouping: a bar chart of the confirmed cost (its axis in the
 * currency), and the table it is drawn from, which is also its text alternative.
 * @module
 */
import { SUMMARY_COLUMNS } from '../../../api/reports.js';
import { formatMoney } from '../../i18n/format.js';
import type { Translator } from '../../i18n/i18n.js';
import { formatCount } from '../../i18n/numbers.js';
import { BarChart } from '../Chart.js';
import type { SummaryRow } from '../totals.js';
import { ExportButton, Head } from './parts.js';
import type { Grouping } from './use-report.js';

/** A grouping's key as people read it: dates in the locale's format, a missing key as "none". */
export function keyLabel(grouping: Grouping, key: string | null, i18n: Translator): string {
  if (key === null) return i18n.t('nav.none');
  if (grouping === 'day' || grouping === 'week') {
    const date = new Date(`${key.slice(0, 10)}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()))
      return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        date,
      );
  }
  if (grouping === 'month' && /^\d{4}-\d{2}/.test(key))
    return new Intl.DateTimeFormat(i18n.locale, {
      year: 'numeric',
      month: 'long',
      timeZone: 'UTC',
    }).format(new Date(`${key.slice(0, 7)}-01T00:00:00Z`));
  return key;
}

interface Props {
  readonly rows: readonly SummaryRow[];
  readonly grouping: Grouping;
  readonly currency: string;
  readonly file: string;
  readonly i18n: Translator;
}

export function GroupedSection({ rows, grouping, currency, file, i18n }: Props) {
  const money = (amount: string | null, c: string | null) =>
    amount === null ? '—' : formatMoney(amount, c ?? currency, i18n.locale);
  const groupName = i18n.t(`nav.grouping.${grouping}`);
  return (
    <section aria-labelledby="aicm-by">
      <h2 id="aicm-by" class="aicm-heading">
        {i18n.t('nav.report.byGrouping', { grouping: groupName })}
      </h2>
      <BarChart
        title={i18n.t('nav.chart.costBy', { grouping: groupName })}
        describedBy="aicm-grouped-table"
        categories={rows.map((r) => keyLabel(grouping, r.key, i18n))}
        // Numbers for drawing only; the exact amounts are in the table.
        values={rows.map((r) => Number(r.totalCost))}
        label={i18n.t('nav.column.totalCost')}
        format={{ locale: i18n.locale, currency }}
      />
      <table class="aicm-table" data-testid="grouped" id="aicm-grouped-table">
        <Head
          labels={[
            groupName,
            ...[
              'tickets',
              'totalCost',
              'provisionalCost',
              'aiResolutions',
              'costPerResolution',
            ].map((c) => i18n.t(`nav.column.${c}`)),
          ]}
        />
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.key}-${r.currency}`}>
              <th scope="row" data-key={r.key ?? ''}>
                {keyLabel(grouping, r.key, i18n)}
              </th>
              <td>{formatCount(r.tickets, i18n.locale)}</td>
              <td>{money(r.totalCost, r.currency)}</td>
              <td>{money(r.provisionalCost, r.currency)}</td>
              <td>{formatCount(r.aiResolutions, i18n.locale)}</td>
              <td>{money(r.costPerResolution, r.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ExportButton
        file={file}
        columns={SUMMARY_COLUMNS}
        rows={rows}
        label={i18n.t('nav.exportCsv')}
      />
    </section>
  );
}
