// @vitest-environment happy-dom
/**
 * The sidebar view in each state, rendered with Preact Testing Library from states the pricing
 * core computes (no hard-coded totals).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Dictionary, translator } from '../../src/app/i18n/i18n.js';
import { planGroups } from '../../src/app/sidebar/controller.js';
import { Sidebar } from '../../src/app/sidebar/Sidebar.js';
import { parseTimeline, priceTicket } from '../../src/pricing/index.js';
import { NOW, readPlan, readyState, stateOver } from './states.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dictionary = (locale: string) =>
  JSON.parse(readFileSync(join(ROOT, 'translations', `${locale}.json`), 'utf8')) as Dictionary;
const en = translator('en', [dictionary('en')]);

afterEach(cleanup);

describe('sidebar view', () => {
  it('shows the outcome, the total, each line as quantity × unit price = amount, and the tools', () => {
    const state = readyState('per-use.json', [
      { at: '2026-11-02T09:00:00Z', type: 'status', status: 'open' },
    ]);
    render(<Sidebar state={state} i18n={en} now={NOW} onRefresh={() => undefined} />);
    expect(screen.getByTestId('outcome').textContent).toBe('In progress');
    expect(screen.getByTestId('total').textContent).toBe('$0.75'); // 0.50 + 2 × 0.125
    expect(screen.getByText('2 calls × $0.125 = $0.25')).toBeTruthy();
    expect(screen.getByText('1 conversation × $0.50 = $0.50')).toBeTruthy();
    // A tool without a label in the tool_names setting: its id in words.
    expect(screen.getByText('Tool calls: Order lookup')).toBeTruthy();
    expect(screen.getByText('Order lookup', { selector: 'li' })).toBeTruthy();
    expect(screen.getByText('Per use, version 1')).toBeTruthy();
  });

  it('shows a pending confirmation with its time left and what the resolution adds', () => {
    const state = readyState('per-resolution.json', [
      { at: '2026-11-02T10:00:00Z', type: 'status', status: 'solved' },
    ]);
    render(
      <Sidebar state={state} i18n={en} now={NOW} onRefresh={() => undefined} timeZone="UTC" />,
    );
    expect(screen.getByTestId('outcome').textContent).toBe('Pending confirmation');
    expect(screen.getByText('Confirms in 2 d 22 h')).toBeTruthy();
    // The total is what it will be once confirmed, and says so; what is final now is apart.
    expect(screen.getByText('Total if confirmed')).toBeTruthy();
    expect(screen.getByTestId('total').textContent).toBe('$0.99');
    expect(screen.getByTestId('pending').textContent).toBe(
      'Confirmed so far: $0.00. The other $0.99 is provisional: it becomes final when the ' +
        'resolution is confirmed on Nov 5, 2026, 10:00 AM, and is not charged if the ticket is ' +
        'reopened or a human replies or takes over before then.',
    );
    expect(screen.getAllByText('provisional')).toHaveLength(2);
  });

  it('groups the lines under each plan and when it was in force when the plan changed during the ticket', () => {
    const read = readPlan;
    const timeline = parseTimeline([
      { effectiveAt: '2026-10-01T00:00:00Z', plan: read('per-use.json') },
      { effectiveAt: '2026-11-02T09:00:00.500Z', plan: read('per-resolution.json') },
    ]);
    const base = readyState('per-use.json', [
      { at: '2026-11-02T09:00:00Z', type: 'status', status: 'open' },
      { at: '2026-11-02T09:30:00Z', type: 'status', status: 'solved' },
    ]);
    const state = stateOver(timeline, base.activity, new Date('2026-11-06T00:00:00Z'));
    const { container } = render(
      <Sidebar state={state} i18n={en} now={NOW} onRefresh={() => undefined} />,
    );
    const groups = [...container.querySelectorAll('.aicm-plan-group')];
    expect(groups.map((g) => g.getAttribute('data-plan'))).toEqual([
      'per-use@1',
      'per-resolution@1',
    ]);
    // The conversation came before the change, the tool call and the resolution after it.
    expect(
      [...groups[0]!.querySelectorAll('li.aicm-line')].map((l) => l.getAttribute('data-code')),
    ).toEqual(['conversation']);
    expect(
      [...groups[1]!.querySelectorAll('li.aicm-line')].map((l) => l.getAttribute('data-code')),
    ).toEqual(['resolution']);
    expect(groups[1]!.textContent).toContain('Per resolution, version 1');
    expect(groups[0]!.textContent).toContain('… – Nov 2');
    // One plan only: no groups.
    expect(planGroups(timeline, priceTicket(read('per-use.json'), base.activity))).toEqual([]);
  });

  it('names the tier of a tiered plan', () => {
    const state = readyState('by-complexity.json', []);
    render(<Sidebar state={state} i18n={en} now={NOW} onRefresh={() => undefined} />);
    expect(screen.getByText(/Tier: complex/)).toBeTruthy();
  });

  it('has an empty state, a loading state and error states that say what to do', () => {
    const state = { ...readyState('per-use.json', []), hasAi: false };
    const { rerender } = render(
      <Sidebar state={state} i18n={en} now={NOW} onRefresh={() => undefined} />,
    );
    expect(screen.getByTestId('empty').textContent).toContain('No AI on this ticket.');
    rerender(
      <Sidebar state={{ kind: 'loading' }} i18n={en} now={NOW} onRefresh={() => undefined} />,
    );
    expect(screen.getByRole('status').textContent).toContain('Reading');
    rerender(
      <Sidebar
        state={{ kind: 'error', code: 'plan' }}
        i18n={en}
        now={NOW}
        onRefresh={() => undefined}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Ask an admin');
    rerender(
      <Sidebar
        state={{
          kind: 'error',
          code: 'settings',
          detail: 'csat_good_threshold: expected a number from 1 to 5',
        }}
        i18n={en}
        now={NOW}
        onRefresh={() => undefined}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('csat_good_threshold');
  });

  it('refreshes on request', () => {
    const onRefresh = vi.fn();
    render(
      <Sidebar state={readyState('per-use.json', [])} i18n={en} now={NOW} onRefresh={onRefresh} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(onRefresh).toHaveBeenCalledOnce();
  });

  it('speaks the agent’s language, with the locale’s money format', () => {
    const de = translator('de', [dictionary('de'), dictionary('en')]);
    render(
      <Sidebar
        state={readyState('per-use.json', [])}
        i18n={de}
        now={NOW}
        onRefresh={() => undefined}
      />,
    );
    expect(screen.getByTestId('outcome').textContent).toBe('In Bearbeitung');
    expect(screen.getByTestId('total').textContent?.replace(/\s/g, ' ')).toBe('0,75 $');
  });
});
