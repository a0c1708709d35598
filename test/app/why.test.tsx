// @vitest-environment happy-dom
/**
 * The sidebar's "Why?": for each outcome rule of spec section 3 the sentence that names the rule
 * and its facts, the tier's conditions, and each line's records, rate, exact amount and rounding,
 * rendered from what the core explains.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dictionary, translator } from '../../src/app/i18n/i18n.js';
import { humaniseTool } from '../../src/app/sidebar/labels.js';
import { preloadWhy, Sidebar } from '../../src/app/sidebar/Sidebar.js';
import { outcomeSentences } from '../../src/app/sidebar/why.js';
import { explainUnderPlan } from '../../src/pricing/explain/explain.js';
import { parseActivity, parsePlan } from '../../src/pricing/index.js';
import { NOW, type ReadyState, readPlan, readyState, stateOver } from './states.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dictionary = (locale: string) =>
  JSON.parse(readFileSync(join(ROOT, 'translations', `${locale}.json`), 'utf8')) as Dictionary;
const en = translator('en', [dictionary('en')]);
const LATER = new Date('2026-11-06T00:00:00Z');
const strict = parsePlan({ ...readPlan('per-resolution.json'), minCsat: 'good' });

// The Why?'s sentences are a chunk of their own; loaded once here, as the app does at start.
beforeAll(async () => {
  await preloadWhy();
});
afterEach(cleanup);

function show(state: ReadyState, timeZone = 'UTC', i18n = en) {
  return render(
    <Sidebar state={state} i18n={i18n} now={NOW} onRefresh={() => undefined} timeZone={timeZone} />,
  );
}

const outcomeWhy = () => screen.getByTestId('why-outcome');
const solved = (at: string) => ({ at, type: 'status', status: 'solved' });

describe('why the outcome', () => {
  it('rule 1: no AI, nothing charged', () => {
    const activity = parseActivity({ ticketId: '1', usage: [], lifecycle: [] });
    const e = explainUnderPlan(readPlan('per-resolution.json'), activity, { asOf: NOW });
    expect(outcomeSentences(e, { i18n: en, currency: 'USD' })).toEqual([
      'No AI agent worked on this ticket, so nothing is charged.',
      'Decided by pricing rule 1 of 6.',
    ]);
  });

  it('rule 2: a confirmed resolution names its solve, its window and its confirmation', () => {
    show(readyState('per-resolution.json', [solved('2026-11-02T10:00:00Z')], LATER));
    expect(outcomeWhy().getAttribute('data-rule')).toBe('2');
    expect(outcomeWhy().textContent).toContain(
      'The AI solved this ticket on Nov 2, 2026, 10:00 AM. For 72 hours after that nobody ' +
        'reopened it and no human replied or took over, so the resolution was confirmed on ' +
        'Nov 5, 2026, 10:00 AM.',
    );
    expect(outcomeWhy().textContent).toContain('Judged under the plan Per resolution, version 1.');
    expect(outcomeWhy().textContent).toContain('Decided by pricing rule 2 of 6.');
  });

  it('rule 2: confirmed but unsuccessful says that a bad rating decided it', () => {
    const lifecycle = [
      solved('2026-11-02T10:00:00Z'),
      { at: '2026-11-02T11:00:00Z', type: 'csat', score: 'bad' },
    ];
    show(readyState(strict, lifecycle, LATER));
    expect(screen.getByTestId('outcome').textContent).toBe('Unsuccessful');
    expect(outcomeWhy().textContent).toContain(
      "but the customer's latest rating (on Nov 2, 2026, 11:00 AM) was bad, and this plan " +
        'counts a resolution only with a good rating.',
    );
    expect(outcomeWhy().getAttribute('data-rule')).toBe('2');
  });

  it('rule 3: in progress, and escalated by an earlier human reply', () => {
    const { unmount } = show(readyState('per-resolution.json', []));
    expect(outcomeWhy().textContent).toContain('The ticket is not solved yet and no human');
    expect(outcomeWhy().getAttribute('data-rule')).toBe('3');
    unmount();
    // Issue 12's ticket #107: "Escalated" right after an AI reply, because a human replied first.
    show(readyState('per-resolution.json', [{ at: '2026-11-02T08:30:00Z', type: 'human_reply' }]));
    expect(screen.getByTestId('outcome').textContent).toBe('Escalated');
    expect(outcomeWhy().textContent).toContain(
      'A human agent replied on Nov 2, 2026, 8:30 AM and the ticket is not solved by the AI, so ' +
        'it counts as escalated to a human.',
    );
  });

  it('rule 4: assisted names the handoff before the solve', () => {
    const lifecycle = [
      { at: '2026-11-02T09:30:00Z', type: 'handoff' },
      solved('2026-11-02T10:00:00Z'),
    ];
    show(readyState('per-resolution.json', lifecycle));
    expect(outcomeWhy().getAttribute('data-rule')).toBe('4');
    expect(outcomeWhy().textContent).toContain(
      'The ticket was solved on Nov 2, 2026, 10:00 AM, but the AI handed it to a human on ' +
        'Nov 2, 2026, 9:30 AM, so it counts as assisted',
    );
  });

  it('rule 5: solved, then rated bad', () => {
    const lifecycle = [
      solved('2026-11-02T10:00:00Z'),
      { at: '2026-11-02T11:00:00Z', type: 'csat', score: 'bad' },
    ];
    show(readyState(strict, lifecycle));
    expect(outcomeWhy().getAttribute('data-rule')).toBe('5');
    expect(outcomeWhy().textContent).toContain(
      'but the customer rated it bad on Nov 2, 2026, 11:00 AM, and this plan counts a ' +
        'resolution only with a good rating.',
    );
  });

  it('rule 6: pending says when it confirms and what would stop it, in the agent’s time zone', () => {
    const lifecycle = [
      solved('2026-11-02T09:10:00Z'),
      { at: '2026-11-02T09:20:00Z', type: 'status', status: 'open' },
      solved('2026-11-02T10:00:00Z'),
    ];
    show(readyState('per-resolution.json', lifecycle), 'Europe/Berlin');
    expect(outcomeWhy().getAttribute('data-rule')).toBe('6');
    expect(outcomeWhy().textContent).toContain(
      'The AI solved this ticket on Nov 2, 2026, 11:00 AM. It becomes a confirmed resolution ' +
        'on Nov 5, 2026, 11:00 AM, unless the ticket is reopened or a human replies or takes ' +
        'over before then.',
    );
    expect(outcomeWhy().textContent).toContain('Reopened on Nov 2, 2026, 10:20 AM.');
  });

  it('is a keyboard-reachable disclosure, closed until asked', () => {
    show(readyState('per-resolution.json', []));
    const details = outcomeWhy() as HTMLDetailsElement;
    expect(details.tagName).toBe('DETAILS');
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe(
      'Why? Why this outcome and this cost',
    );
  });

  it('speaks German', () => {
    const de = translator('de', [dictionary('de'), dictionary('en')]);
    show(readyState('per-resolution.json', [solved('2026-11-02T10:00:00Z')], LATER), 'UTC', de);
    expect(outcomeWhy().querySelector('summary')?.textContent).toMatch(/^Warum\?/);
    expect(outcomeWhy().textContent).toContain('Preisregel 2 von 6');
    expect(outcomeWhy().textContent).toContain('02.11.2026, 10:00');
  });
});

describe('why the tier', () => {
  it('names the condition each earlier tier failed and why the chosen one applies', () => {
    show(readyState('by-complexity.json', []));
    expect(outcomeWhy().textContent).toContain('Not tier “simple”: it needs at most 0 tool calls.');
    expect(outcomeWhy().textContent).toContain(
      'Tier “complex”: the tier for every ticket the tiers before it do not take.',
    );
  });

  it('lists the conditions that held', () => {
    const usage = [{ id: 'c', at: '2026-11-02T09:00:00Z', metric: 'conversation', quantity: 1 }];
    show(readyState('by-complexity.json', [], NOW, usage));
    expect(outcomeWhy().textContent).toContain(
      'Tier “simple”, because this ticket has at most 0 tool calls and at most 0 API calls.',
    );
  });
});

describe('why each line', () => {
  const line = (code: string) => document.querySelector(`li.aicm-line[data-code="${code}"]`)!;

  it('exposes code, quantity and amount, and says where half-to-even rounding shows', () => {
    const usage = [
      {
        id: 'ev-1',
        at: '2026-11-02T09:00:01Z',
        metric: 'tool_call',
        tool: 'order_lookup',
        quantity: 1,
      },
    ];
    show(readyState('per-use.json', [], NOW, usage));
    const li = line('tool_call:order_lookup');
    expect(li.getAttribute('data-quantity')).toBe('1');
    expect(li.getAttribute('data-amount')).toBe('0.12');
    expect(li.textContent).toContain('1 call × $0.125 = $0.12');
    const why = li.querySelector('[data-testid="why-line"]')!;
    expect(why.textContent).toContain('Usage records of the AI counted here (1): ev-1.');
    expect(why.textContent).toContain("Price $0.125: the plan's price for this tool.");
    expect(why.textContent).toContain('Exactly 1 × $0.125 = $0.125.');
    expect(why.textContent).toContain('Rounded once to $0.12, half to even');
  });

  it('shows quantities with a unit and 2 decimals, the exact value inside the Why?', () => {
    const usage = [
      { id: 'p1', at: '2026-11-02T09:00:00Z', metric: 'processing_ms', quantity: 42_500 },
      { id: 'c1', at: '2026-11-02T09:00:00Z', metric: 'conversation', quantity: 1 },
    ];
    show(readyState('per-use.json', [], NOW, usage));
    const li = line('processing');
    expect(li.getAttribute('data-quantity')).toBe('0.708333');
    expect(li.textContent).toContain('0.71 minutes × $0.02 = $0.01');
    const why = li.querySelector('[data-testid="why-line"]')!;
    expect(why.textContent).toContain('rounded to 2 decimals');
    expect(why.textContent).toContain('Exactly 0.708333 × $0.02 = $0.01416666');
    expect(why.textContent).toContain("the plan's price per processing minute");
    // No rounding to tell about where the product is exact in cents.
    expect(line('conversation').textContent).not.toContain('half to even');
  });

  it('an outcome line names its rate and that it is provisional', () => {
    show(readyState('per-resolution.json', [solved('2026-11-02T10:00:00Z')]));
    const why = line('resolution').querySelector('[data-testid="why-line"]')!;
    expect(why.textContent).toContain("Price $0.99: the plan's price per resolution.");
    expect(why.textContent).toContain(
      'Provisional: charged only once the resolution is confirmed.',
    );
    expect(why.textContent).not.toContain('Usage records');
  });

  it('names a tier’s rate and a rate the plan leaves unset', () => {
    show(
      readyState('by-complexity.json', [
        { at: '2026-11-02T09:30:00Z', type: 'human_reply' },
        solved('2026-11-02T10:00:00Z'),
      ]),
    );
    expect(line('assisted').textContent).toContain(
      "In tier “complex”: Price $0.30: the plan's price per assisted ticket.",
    );
    const noAssisted = parsePlan({ ...readPlan('per-resolution.json'), assistedPrice: undefined });
    cleanup();
    show(
      readyState(noAssisted, [
        { at: '2026-11-02T09:30:00Z', type: 'human_reply' },
        solved('2026-11-02T10:00:00Z'),
      ]),
    );
    expect(line('assisted').textContent).toContain(
      'Price $0.00: the plan sets no price per assisted ticket.',
    );
  });

  it('labels tools from the tool_names setting, else by their id in words', () => {
    const activity = parseActivity({
      ticketId: '7',
      usage: [
        {
          id: 't',
          at: '2026-11-02T09:00:01Z',
          metric: 'tool_call',
          tool: 'order_lookup',
          quantity: 2,
        },
        {
          id: 'k',
          at: '2026-11-02T09:00:02Z',
          metric: 'tool_call',
          tool: 'kb_search',
          quantity: 1,
        },
      ],
      lifecycle: [],
    });
    const state = stateOver(
      { ...readyState('per-use.json', []).timeline },
      activity,
      NOW,
      new Map([['order_lookup', 'Order status']]),
    );
    show(state);
    expect(screen.getByText('Tool calls: Order status')).toBeTruthy();
    expect(screen.getByText('Tool calls: Kb search')).toBeTruthy();
    expect(humaniseTool('order_lookup')).toBe('Order lookup');
    expect(humaniseTool('refundIssue')).toBe('Refund issue');
  });
});
