/**
 * The period's most expensive tickets, each with its subject (read from Zendesk in the browser;
 * the backend keeps no ticket text) and opening in the agent's workspace.
 * @module
 */
import { formatMoney } from '../../i18n/format.js';
import type { Translator } from '../../i18n/i18n.js';
import { ExportButton, Head } from './parts.js';
import type { TopTicket } from './use-report.js';

interface Props {
  readonly top: readonly TopTicket[];
  readonly subjects: ReadonlyMap<string, string>;
  readonly openTicket: (id: string) => Promise<unknown>;
  readonly file: string;
  readonly i18n: Translator;
}

export function TopTickets({ top, subjects, openTicket, file, i18n }: Props) {
  if (top.length === 0) return null;
  return (
    <section aria-labelledby="aicm-top">
      <h2 id="aicm-top" class="aicm-heading">
        {i18n.t('nav.top.title')}
      </h2>
      <table class="aicm-table" data-testid="top">
        <Head
          labels={['ticket', 'subject', 'outcome', 'total'].map((c) => i18n.t(`nav.top.${c}`))}
        />
        <tbody>
          {top.map((t) => (
            <tr key={t.ticketId} data-ticket={t.ticketId}>
              <th scope="row">
                {/* Opens the ticket in the agent's workspace, through the ZAF API. */}
                <button type="button" class="aicm-link" onClick={() => void openTicket(t.ticketId)}>
                  {i18n.t('nav.top.open', { id: t.ticketId })}
                </button>
              </th>
              <td data-testid="subject">{subjects.get(t.ticketId) ?? '—'}</td>
              <td>{t.outcome ? i18n.t(`sidebar.outcome.${t.outcome}`) : '—'}</td>
              <td>{formatMoney(t.total, t.currency ?? 'USD', i18n.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ExportButton
        file={file}
        // The subject stays out of the file: it is Zendesk's data, shown here, not exported.
        columns={['ticketId', 'outcome', 'currency', 'total']}
        rows={top}
        label={i18n.t('nav.exportCsv')}
      />
    </section>
  );
}
