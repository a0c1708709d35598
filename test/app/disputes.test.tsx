// @vitest-environment happy-dom
/**
 * Disputes in the app: the sidebar's form (a reason from the list, an optional note with the
 * privacy warning, no figure sent), a dispute's status, and the report's sums and CSV.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dispute } from '../../src/api/disputes.js';
import { type Dictionary, translator } from '../../src/app/i18n/i18n.js';
import { creditedOf, DisputesSection, disputeCsv } from '../../src/app/nav/Disputes.js';
import { chargesOutcome } from '../../src/app/sidebar/controller.js';
import { preloadWhy, Sidebar } from '../../src/app/sidebar/Sidebar.js';
import { NOW, readyState } from './states.js';

const ROOT = join(import.meta.dirname, '..', '..');
const en = translator('en', [
  JSON.parse(readFileSync(join(ROOT, 'translations', 'en.json'), 'utf8')) as Dictionary,
]);

// The dispute form is a chunk of its own; loaded once here, as the app does at start.
beforeAll(async () => {
  await preloadWhy();
});
afterEach(cleanup);

const dispute = (over: Partial<Dispute> = {}): Dispute => ({
  id: '1',
  ticketId: '7',
  plans: ['per-resolution@1'],
  outcome: 'ai_resolved',
  currency: 'USD',
  amount: '0.99',
  reason: 'resolved_by_human',
  note: null,
  reportedBy: 'Zendesk user 1',
  reportedAt: '2026-11-20T12:00:00.000Z',
  status: 'open',
  decidedBy: null,
  decidedAt: null,
  vendorAnswer: null,
  ...over,
});

const resolvedState = () =>
  readyState(
    'per-resolution.json',
    [{ at: '2026-11-02T10:00:00Z', type: 'status', status: 'solved' }],
    new Date('2026-11-06T00:00:00Z'),
  );

describe('disputing from the sidebar', () => {
  it('offers a dispute only for a charged outcome', () => {
    expect(chargesOutcome(resolvedState().breakdown)).toBe(true);
    expect(chargesOutcome(readyState('per-use.json', []).breakdown)).toBe(false);
    // Solved, but under a tier that prices per use: no outcome is charged.
    const free = readyState(
      'by-complexity.json',
      [{ at: '2026-11-02T10:00:00Z', type: 'status', status: 'solved' }],
      NOW,
      [{ id: 'c', at: '2026-11-02T09:00:00Z', metric: 'conversation', quantity: 1 }],
    );
    expect(chargesOutcome(free.breakdown)).toBe(false);
  });

  it('sends a reason from the list and the note, warning not to paste customer details', async () => {
    const onDispute = vi.fn(() => Promise.resolve());
    const state = { ...resolvedState(), canDispute: true };
    render(
      <Sidebar
        state={state}
        i18n={en}
        now={NOW}
        onRefresh={() => undefined}
        onDispute={onDispute}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dispute this charge' }));
    const send = screen.getByRole('button', { name: 'Send the dispute' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(screen.getByText(/Do not paste customer details/).textContent).toContain(
      '500 characters left.',
    );
    const note = screen.getByLabelText('Note (optional)') as HTMLTextAreaElement;
    expect(note.maxLength).toBe(500);
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'customer_unhappy' } });
    fireEvent.input(note, { target: { value: '  Rated us badly by phone. ' } });
    expect(screen.getByText(/characters left/).textContent).toContain('473 characters left.');
    fireEvent.click(send);
    await waitFor(() =>
      expect(onDispute).toHaveBeenCalledWith('customer_unhappy', 'Rated us badly by phone.'),
    );
  });

  it('shows a dispute’s status and the vendor’s answer, and says when sending failed', async () => {
    const state = {
      ...resolvedState(),
      disputes: [dispute({ status: 'accepted', vendorAnswer: 'Credited.' })],
    };
    const { unmount } = render(
      <Sidebar
        state={state}
        i18n={en}
        now={NOW}
        onRefresh={() => undefined}
        onDispute={() => Promise.resolve()}
      />,
    );
    expect(screen.getByTestId('dispute-status').textContent).toBe(
      "Dispute accepted: the vendor credits $0.99. Vendor's answer: Credited.",
    );
    expect(screen.queryByRole('button', { name: 'Dispute this charge' })).toBeNull();
    unmount();
    render(
      <Sidebar
        state={{ ...resolvedState(), canDispute: true }}
        i18n={en}
        now={NOW}
        onRefresh={() => undefined}
        onDispute={() => Promise.reject(new Error('offline'))}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dispute this charge' }));
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'other' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the dispute' }));
    expect((await screen.findByRole('alert')).textContent).toContain('could not be sent');
  });
});

describe('disputes in the report', () => {
  const list = [
    dispute({ id: '1', status: 'accepted', amount: '0.99' }),
    dispute({ id: '2', status: 'accepted', amount: '1.01', ticketId: '8' }),
    dispute({ id: '3', status: 'rejected', amount: '5.00', ticketId: '9' }),
    dispute({ id: '4', status: 'open', amount: '7.00', ticketId: '10' }),
    dispute({ id: '5', status: 'accepted', amount: '3', currency: 'JPY', ticketId: '11' }),
  ];

  it('credits accepted disputes only, in the headline’s currency, exactly', () => {
    expect(creditedOf(list, 'USD')).toBe('2.00');
    expect(creditedOf(list, 'JPY')).toBe('3');
    expect(creditedOf([], 'USD')).toBe('0.00');
  });

  it('lists each dispute with its amount and status, and exports them safely', () => {
    render(
      <DisputesSection
        disputes={list.slice(0, 4)}
        i18n={en}
        file="d.csv"
        openTicket={() => Promise.resolve()}
      />,
    );
    const rows = [...document.querySelectorAll('[data-testid="disputes"] tbody tr')];
    expect(rows.map((r) => [r.getAttribute('data-status'), r.getAttribute('data-amount')])).toEqual(
      [
        ['accepted', '0.99'],
        ['accepted', '1.01'],
        ['rejected', '5.00'],
        ['open', '7.00'],
      ],
    );
    expect(rows[2]!.textContent).toContain('Rejected');
    const csv = disputeCsv([dispute({ note: '=HYPERLINK("x")', plans: ['a@1', 'b@2'] })]).split(
      '\r\n',
    );
    expect(csv[0]).toBe(
      'id,ticketId,plans,outcome,currency,amount,reason,note,reportedBy,reportedAt,status,decidedBy,decidedAt,vendorAnswer',
    );
    expect(csv[1]).toContain(
      `,a@1 b@2,ai_resolved,USD,0.99,resolved_by_human,"'=HYPERLINK(""x"")",`,
    );
  });

  it('says when the period has no disputes', () => {
    render(
      <DisputesSection disputes={[]} i18n={en} file="d.csv" openTicket={() => Promise.resolve()} />,
    );
    expect(screen.getByTestId('disputes-none').textContent).toBe(
      'No charge was disputed in this period.',
    );
  });
});
