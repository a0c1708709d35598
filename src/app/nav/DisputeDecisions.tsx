/**
 * The admin records the vendor's answer to a dispute. Zendesk authorises it as it authorises an
 * activation: the answer is written to the installation's `dispute_decision` setting (which
 * only Zendesk admins may change), and the backend records it only if it reads it back there.
 * @module
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Dispute, MAX_VENDOR_ANSWER } from '../../api/disputes.js';
import { NAV_ANSWERS } from '../../api/schemas/answers.js';
import type { ZafClient } from '../../zendesk/client.js';
import { formatMoney } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';
import type { Backend } from '../sync/backend.js';

const DAY = 86_400_000;
/** How far back the admin's list goes: disputes wait weeks for a vendor's answer. */
const LOOKBACK_DAYS = 180;

export function DisputeDecisions({
  backend,
  client,
  installationId,
  i18n,
  now,
}: {
  backend: Backend;
  client: ZafClient;
  installationId: number;
  i18n: Translator;
  now: Date;
}) {
  const [disputes, setDisputes] = useState<Dispute[]>([]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // The window as of when the page opened: the list a decision reloads is the same list.
  const [{ from, to }] = useState(() => ({
    from: new Date(now.getTime() - LOOKBACK_DAYS * DAY).toISOString(),
    to: new Date(now.getTime() + DAY).toISOString(),
  }));
  const load = useCallback(
    () =>
      backend.call(NAV_ANSWERS['GET /v1/disputes'], `/v1/disputes?from=${from}&to=${to}`).then(
        (r) => setDisputes(r.disputes),
        () => setDisputes([]),
      ),
    [backend, from, to],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function decide(d: Dispute, decision: 'accepted' | 'rejected') {
    setMessage(null);
    try {
      // Zendesk lets only admins change the installation's settings: this is the authorisation.
      await client.request({
        url: `/api/v2/apps/installations/${installationId}.json`,
        type: 'PUT',
        contentType: 'application/json',
        data: JSON.stringify({ settings: { dispute_decision: `${d.id}:${decision}` } }),
      });
      await backend.call(
        NAV_ANSWERS['POST /v1/disputes/{disputeId}/decision'],
        `/v1/disputes/${d.id}/decision`,
        'POST',
        {
          decision,
          answer: answers[d.id]?.trim() || null,
        },
      );
      setMessage({
        kind: 'ok',
        text: i18n.t(`nav.disputes.decided.${decision}`, { id: d.ticketId }),
      });
      await load();
    } catch {
      setMessage({ kind: 'error', text: i18n.t('nav.admin.failed') });
    }
  }

  const open = disputes.filter((d) => d.status === 'open');
  return (
    <section aria-labelledby="aicm-decisions" data-testid="decisions">
      <h2 id="aicm-decisions" class="aicm-heading">
        {i18n.t('nav.disputes.decisionsTitle')}
      </h2>
      {open.length === 0 && <p class="aicm-muted">{i18n.t('nav.disputes.noneOpen')}</p>}
      {open.map((d) => {
        const id = `aicm-answer-${d.id}`;
        return (
          <div key={d.id} class="aicm-decision" data-dispute={d.id}>
            <p>
              {i18n.t('nav.disputes.summary', {
                id: d.ticketId,
                amount: formatMoney(d.amount, d.currency, i18n.locale),
                reason: i18n.t(`dispute.reason.${d.reason}`),
              })}
              {d.note && <span class="aicm-muted"> “{d.note}”</span>}
            </p>
            <div class="aicm-field">
              <label for={id}>{i18n.t('nav.disputes.answer')}</label>
              <textarea
                id={id}
                rows={2}
                maxLength={MAX_VENDOR_ANSWER}
                value={answers[d.id] ?? ''}
                onInput={(e) =>
                  setAnswers({ ...answers, [d.id]: (e.target as HTMLTextAreaElement).value })
                }
              />
            </div>
            <div class="aicm-actions">
              <button type="button" class="aicm-button" onClick={() => void decide(d, 'accepted')}>
                {i18n.t('nav.disputes.accept')}
              </button>
              <button type="button" class="aicm-button" onClick={() => void decide(d, 'rejected')}>
                {i18n.t('nav.disputes.reject')}
              </button>
            </div>
          </div>
        );
      })}
      {message && (
        <p
          role={message.kind === 'error' ? 'alert' : 'status'}
          class={`aicm-note ${message.kind === 'error' ? 'aicm-note-danger' : ''}`}
          data-testid="decision-message"
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
