/**
 * The report's disputes: the period's disputed charges with their amounts and status, what the
 * vendor credited (accepted disputes, shown beside the confirmed cost, never taken out of it),
 * and a CSV export ready to send to the vendor.
 * @module
 */
import { toCsv } from '../../api/csv.js';
import { DISPUTE_COLUMNS, type Dispute } from '../../api/disputes.js';
import { addMoney, formatAmount, parseAmount, zeroMoney } from '../../pricing/index.js';
import { formatMoney } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';

/** What accepted disputes credit, in one currency: exact, from the amounts' decimal strings. */
export function creditedOf(disputes: readonly Dispute[], currency: string): string {
  let sum = zeroMoney(currency);
  for (const d of disputes)
    if (d.status === 'accepted' && d.currency === currency)
      sum = addMoney(sum, parseAmount(d.amount, currency));
  return formatAmount(sum);
}

export function download(name: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

/** The CSV rows: plans as one cell, as the backend's export has them. */
export const disputeCsv = (disputes: readonly Dispute[]) =>
  toCsv(
    DISPUTE_COLUMNS,
    disputes.map((d) => ({ ...d, plans: d.plans.join(' ') })),
  );

const TONE = {
  open: 'aicm-tag-warning',
  accepted: 'aicm-tag-success',
  rejected: 'aicm-tag-neutral',
};

export function DisputesSection({
  disputes,
  i18n,
  file,
  openTicket,
}: {
  disputes: readonly Dispute[];
  i18n: Translator;
  file: string;
  openTicket: (id: string) => Promise<unknown>;
}) {
  return (
    <section aria-labelledby="aicm-disputes">
      <h2 id="aicm-disputes" class="aicm-heading">
        {i18n.t('nav.disputes.title')}
      </h2>
      {disputes.length === 0 ? (
        <p class="aicm-muted" data-testid="disputes-none">
          {i18n.t('nav.disputes.none')}
        </p>
      ) : (
        <table class="aicm-table" data-testid="disputes">
          <thead>
            <tr>
              {['ticket', 'reason', 'amount', 'status', 'reportedAt', 'answer'].map((c) => (
                <th key={c} scope="col">
                  {i18n.t(`nav.disputes.column.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {disputes.map((d) => (
              <tr key={d.id} data-dispute={d.id} data-status={d.status} data-amount={d.amount}>
                <th scope="row">
                  <button
                    type="button"
                    class="aicm-link"
                    onClick={() => void openTicket(d.ticketId)}
                  >
                    {i18n.t('nav.top.open', { id: d.ticketId })}
                  </button>
                </th>
                <td>{i18n.t(`dispute.reason.${d.reason}`)}</td>
                <td>{formatMoney(d.amount, d.currency, i18n.locale)}</td>
                <td>
                  <span class={`aicm-tag ${TONE[d.status]}`}>
                    {i18n.t(`dispute.status.${d.status}`)}
                  </span>
                </td>
                <td>{new Date(d.reportedAt).toLocaleString(i18n.locale)}</td>
                <td>{d.vendorAnswer ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        class="aicm-button"
        disabled={disputes.length === 0}
        onClick={() => download(file, disputeCsv(disputes))}
      >
        {i18n.t('nav.exportCsv')}
      </button>
    </section>
  );
}
