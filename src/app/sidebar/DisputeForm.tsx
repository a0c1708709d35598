/**
 * Disputing a charged outcome from the sidebar: a reason from a short list and an optional
 * note. The backend takes the amount from its own ledger; the form sends no figure.
 * @module
 */
import { useState } from 'preact/hooks';
import {
  DISPUTE_REASONS,
  type Dispute,
  type DisputeReason,
  MAX_DISPUTE_NOTE,
} from '../../api/disputes.js';
import { formatMoney } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';

export type OnDispute = (reason: DisputeReason, note: string | null) => Promise<unknown>;

function DisputeStatus({ dispute, i18n }: { dispute: Dispute; i18n: Translator }) {
  return (
    <p class="aicm-note" data-testid="dispute-status" data-status={dispute.status}>
      {i18n.t(`sidebar.dispute.status.${dispute.status}`, {
        amount: formatMoney(dispute.amount, dispute.currency, i18n.locale),
        reason: i18n.t(`dispute.reason.${dispute.reason}`),
      })}
      {dispute.vendorAnswer &&
        ` ${i18n.t('sidebar.dispute.answer', { answer: dispute.vendorAnswer })}`}
    </p>
  );
}

export function DisputeSection({
  disputes,
  canDispute,
  i18n,
  onDispute,
}: {
  disputes: readonly Dispute[];
  canDispute: boolean;
  i18n: Translator;
  onDispute: OnDispute;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<DisputeReason | ''>('');
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  const latest = disputes.at(-1);
  if (!latest && !canDispute) return null;

  async function send(e: Event) {
    e.preventDefault();
    if (!reason) return;
    setSending(true);
    setFailed(false);
    try {
      await onDispute(reason, note.trim() || null);
      setOpen(false);
      setNote('');
      setReason('');
    } catch {
      setFailed(true);
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby="aicm-dispute" data-testid="dispute">
      <h2 id="aicm-dispute" class="aicm-heading">
        {i18n.t('sidebar.dispute.title')}
      </h2>
      {latest && <DisputeStatus dispute={latest} i18n={i18n} />}
      {canDispute && !open && (
        <button type="button" class="aicm-button" onClick={() => setOpen(true)}>
          {i18n.t('sidebar.dispute.open')}
        </button>
      )}
      {canDispute && open && (
        <form class="aicm-dispute-form" onSubmit={(e) => void send(e)}>
          <label for="aicm-dispute-reason">{i18n.t('sidebar.dispute.reason')}</label>
          <select
            id="aicm-dispute-reason"
            required
            value={reason}
            onChange={(e) => setReason((e.target as HTMLSelectElement).value as DisputeReason)}
          >
            <option value="">{i18n.t('sidebar.dispute.choose')}</option>
            {DISPUTE_REASONS.map((r) => (
              <option key={r} value={r}>
                {i18n.t(`dispute.reason.${r}`)}
              </option>
            ))}
          </select>
          <label for="aicm-dispute-note">{i18n.t('sidebar.dispute.note')}</label>
          <textarea
            id="aicm-dispute-note"
            rows={3}
            maxLength={MAX_DISPUTE_NOTE}
            value={note}
            aria-describedby="aicm-dispute-privacy"
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
          />
          <span id="aicm-dispute-privacy" class="aicm-muted">
            {i18n.t('sidebar.dispute.privacy', {
              left: MAX_DISPUTE_NOTE - note.length,
            })}
          </span>
          {failed && (
            <p role="alert" class="aicm-note aicm-note-danger">
              {i18n.t('sidebar.dispute.failed')}
            </p>
          )}
          <div class="aicm-actions">
            <button type="submit" class="aicm-button" disabled={!reason || sending}>
              {i18n.t('sidebar.dispute.send')}
            </button>
            <button type="button" class="aicm-button" onClick={() => setOpen(false)}>
              {i18n.t('sidebar.dispute.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
