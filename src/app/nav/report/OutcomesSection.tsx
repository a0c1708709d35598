/**
 * The period's tickets by outcome: a bar chart, and the list it is drawn from (its text
 * alternative), in the same order.
 * @module
 */
import type { Translator } from '../../i18n/i18n.js';
import { formatCount } from '../../i18n/numbers.js';
import { BarChart } from '../Chart.js';
import type { SummaryRow } from '../totals.js';

export function OutcomesSection({ rows, i18n }: { rows: readonly SummaryRow[]; i18n: Translator }) {
  return (
    <div>
      <BarChart
        title={i18n.t('nav.chart.outcomes')}
        describedBy="aicm-outcomes"
        categories={rows.map((r) => i18n.t(`sidebar.outcome.${r.key}`))}
        values={rows.map((r) => r.tickets)}
        label={i18n.t('nav.column.tickets')}
        format={{ locale: i18n.locale }}
      />
      <ul id="aicm-outcomes" class="aicm-outcomes">
        {rows.map((r) => (
          <li key={r.key}>
            {i18n.t('nav.outcomeCount', {
              outcome: i18n.t(`sidebar.outcome.${r.key}`),
              count: r.tickets,
              n: formatCount(r.tickets, i18n.locale),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
