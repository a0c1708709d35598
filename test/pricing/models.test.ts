/**
 * Section 4 of the contract, model by model, for one ticket priced alone; and the activity
 * rules (deduplication, conflicts, asOf) as the models see them.
 */
import { describe, expect, it } from 'vitest';
import { priceTicket } from '../../src/pricing/index.js';
import {
  amounts,
  apiCall,
  at,
  conversation,
  creditsPlan,
  csat,
  humanReply,
  outcomePlan,
  performancePlan,
  processing,
  status,
  ticket,
  tieredPlan,
  toolCall,
  usagePlan,
} from './build.js';

const DAY = 24 * 60;
const resolved = [status('open', 0), status('solved', 10)];
const asOfResolved = { asOf: at(10 + 3 * DAY) };
const pending = { asOf: at(11) };

describe('activity: duplicates, conflicts and asOf', () => {
  const plan = usagePlan({ rates: { tool_call: '0.10', conversation: '1.00' } });

  it('counts an event repeated with the same body once', () => {
    const e = toolCall('e1', 'crm', 3);
    const b = priceTicket(plan, ticket([e, e, { ...e }], []));
    expect(amounts(b)).toEqual({ 'tool_call:crm': '0.30' });
    expect(b.conflicts).toEqual([]);
  });

  it('treats the same instant written with another offset as the same body', () => {
    const e = toolCall('e1', 'crm', 3, 0); // 09:00Z
    const same = { ...e, at: '2026-11-02T10:00:00+01:00' };
    const b = priceTicket(plan, ticket([e, same], []));
    expect(b.conflicts).toEqual([]);
    expect(b.total).toBe('0.30');
  });

  it('prices the first of two conflicting events and reports the conflict', () => {
    const first = toolCall('e1', 'crm', 3);
    const second = toolCall('e1', 'crm', 5);
    const b = priceTicket(plan, ticket([first, second], []));
    expect(amounts(b)).toEqual({ 'tool_call:crm': '0.30' }); // never 0.80
    expect(b.conflicts).toHaveLength(1);
    expect(b.conflicts[0]?.id).toBe('e1');
    expect(b.conflicts[0]?.reason).toMatch(/quantity/);
    const other = priceTicket(plan, ticket([second, first], []));
    expect(other.total).toBe('0.50');
  });

  it('reports a conflict in metric, tool or time as well', () => {
    const e = toolCall('e1', 'crm', 1);
    for (const variant of [{ ...e, tool: 'erp' }, { ...e, at: at(1) }, conversation('e1')]) {
      expect(priceTicket(plan, ticket([e, variant], [])).conflicts).toHaveLength(1);
    }
  });

  it('ignores usage after asOf', () => {
    const b = priceTicket(plan, ticket([conversation('c', 0), toolCall('t', 'crm', 1, 60)], []), {
      asOf: at(59),
    });
    expect(amounts(b)).toEqual({ conversation: '1.00' });
  });

  it('lists the tools used, sorted and once each', () => {
    const b = priceTicket(
      plan,
      ticket([toolCall('a', 'zeta'), apiCall('b', 'alpha'), toolCall('c', 'zeta')], []),
    );
    expect(b.tools).toEqual(['alpha', 'zeta']);
  });
});

describe('usage model', () => {
  const activity = ticket(
    [
      conversation('c1'),
      toolCall('t1', 'order_lookup', 2),
      toolCall('t2', 'refund', 1),
      apiCall('a1', 'crm', 3),
      processing('p1', 42_500),
      processing('p2', 30_000),
    ],
    resolved,
  );

  it('prices one line per metric and one per tool, whatever the outcome', () => {
    const plan = usagePlan({
      rates: {
        conversation: '0.50',
        processing_minute: '0.10',
        tool_call: '0.05',
        api_call: '0.01',
      },
      toolRates: { refund: '0.20' },
    });
    for (const options of [pending, asOfResolved]) {
      const b = priceTicket(plan, activity, options);
      expect(b.lines.map((l) => [l.code, l.quantity, l.unitPrice, l.amount])).toEqual([
        ['conversation', '1', '0.5', '0.50'],
        ['processing', '1.208333', '0.1', '0.12'], // 72 500 ms = 1.2083… min → 0.120833 → 0.12
        ['tool_call:order_lookup', '2', '0.05', '0.10'],
        ['tool_call:refund', '1', '0.2', '0.20'],
        ['api_call:crm', '3', '0.01', '0.03'],
      ]);
      expect(b.total).toBe('0.95');
      expect(b.provisional).toBe(false);
    }
  });

  it('lets a tool rate replace the API-call rate too', () => {
    const plan = usagePlan({ rates: { api_call: '0.01' }, toolRates: { crm: '1.00' } });
    expect(amounts(priceTicket(plan, activity))['api_call:crm']).toBe('3.00');
  });

  it('rounds the ticket total processing up to whole minutes with ceil_minute', () => {
    const plan = usagePlan({
      rates: { processing_minute: '0.10' },
      processingRounding: 'ceil_minute',
    });
    const b = priceTicket(plan, activity);
    const line = b.lines.find((l) => l.code === 'processing');
    expect(line).toMatchObject({ quantity: '2', amount: '0.20' }); // 72.5 s → 2 min, not 1 + 1
    const exactMinute = priceTicket(plan, ticket([processing('p', 60_000)], []));
    expect(exactMinute.lines[0]).toMatchObject({ quantity: '1', amount: '0.10' });
  });

  it('shows usage without a rate at zero, and leaves out zero quantities', () => {
    const b = priceTicket(usagePlan(), ticket([conversation('c'), toolCall('t', 'crm', 0)], []));
    expect(b.lines).toEqual([
      { code: 'conversation', quantity: '1', unitPrice: '0', amount: '0.00', provisional: false },
    ]);
  });

  it('has no lines and outcome no_ai without usage', () => {
    const b = priceTicket(usagePlan({ rates: { conversation: '1' } }), ticket([], resolved));
    expect(b).toMatchObject({ outcome: 'no_ai', lines: [], total: '0.00' });
  });
});

describe('outcome model', () => {
  const plan = outcomePlan({ pricePerResolution: '0.99', assistedPrice: '0.25' });
  const ai = [conversation('c1'), toolCall('t1', 'crm', 40)];

  it('charges the resolution once it is confirmed, and nothing for usage', () => {
    const b = priceTicket(plan, ticket(ai, resolved), asOfResolved);
    expect(b.lines).toEqual([
      { code: 'resolution', quantity: '1', unitPrice: '0.99', amount: '0.99', provisional: false },
    ]);
  });

  it('charges the resolution provisionally while pending', () => {
    const b = priceTicket(plan, ticket(ai, resolved), pending);
    expect(b).toMatchObject({ outcome: 'pending_confirmation', provisional: true, total: '0.99' });
    expect(b.confirmedTotal).toBe('0.00');
  });

  it('charges assistedPrice for assisted, nothing for escalated or in progress', () => {
    const assisted = priceTicket(plan, ticket(ai, [...resolved, humanReply(5)]), asOfResolved);
    expect(amounts(assisted)).toEqual({ assisted: '0.25' });
    const escalated = priceTicket(plan, ticket(ai, [status('open', 0), humanReply(5)]));
    expect(escalated).toMatchObject({ outcome: 'escalated', lines: [] });
    const open = priceTicket(plan, ticket(ai, [status('open', 0)]));
    expect(open).toMatchObject({ outcome: 'in_progress', lines: [] });
  });

  it('charges nothing for assisted without an assistedPrice', () => {
    const b = priceTicket(outcomePlan(), ticket(ai, [...resolved, humanReply(5)]), asOfResolved);
    expect(b.outcome).toBe('assisted');
    expect(b.total).toBe('0.00');
  });
});

describe('credits model (priced alone: a full pool)', () => {
  // 10 prepaid credits at 0.01, overage at 0.02; burns: conversation 1, tool 2, api 3, minute 1,
  // resolution 5.
  it('burns usage from the pool and splits the event that crosses its edge', () => {
    const b = priceTicket(
      creditsPlan(),
      ticket([conversation('c'), toolCall('t', 'crm', 3), apiCall('a', 'erp', 2)], []),
    );
    // 1 + 6 + 6 = 13 credits: 10 prepaid, 3 overage; the API call (at the same instant, id
    // "a" < "t") burns first: a 6, c 1, t 6 → prepaid 10 = 6 + 1 + 3, overage 3.
    expect(b.lines.map((l) => [l.code, l.quantity, l.amount])).toEqual([
      ['credits_prepaid', '10', '0.10'],
      ['credits_overage', '3', '0.06'],
    ]);
  });

  it('uses toolBurn before the metric burn, and burns exact processing minutes', () => {
    const plan = creditsPlan({ toolBurn: { crm: '0.5' }, prepaidCredits: 100 });
    const b = priceTicket(plan, ticket([toolCall('t', 'crm', 3), processing('p', 90_000)], []));
    expect(b.lines.map((l) => [l.code, l.quantity])).toEqual([['credits_prepaid', '3']]);
  });

  it('burns the resolution at its confirmation, not while pending', () => {
    const plan = creditsPlan({ prepaidCredits: 0 });
    const t = ticket([conversation('c')], resolved);
    expect(amounts(priceTicket(plan, t, pending))).toEqual({ credits_overage: '0.02' });
    expect(amounts(priceTicket(plan, t, asOfResolved))).toEqual({ credits_overage: '0.12' });
    expect(priceTicket(plan, t, pending).provisional).toBe(false);
  });

  it('burns no resolution for an assisted ticket', () => {
    const plan = creditsPlan({ prepaidCredits: 0 });
    const t = ticket([conversation('c')], [...resolved, humanReply(5)]);
    expect(amounts(priceTicket(plan, t, asOfResolved))).toEqual({ credits_overage: '0.02' });
  });

  it('accepts fractional burns and pools', () => {
    const plan = creditsPlan({ prepaidCredits: '1.5', burn: { conversation: '0.75' } });
    const b = priceTicket(plan, ticket([conversation('c', 0, 3)], []));
    expect(b.lines.map((l) => [l.code, l.quantity, l.amount])).toEqual([
      ['credits_prepaid', '1.5', '0.02'], // 0.015 → half to even → 0.02
      ['credits_overage', '0.75', '0.02'], // 0.015 → 0.02
    ]);
  });
});

describe('base_plus_performance model (priced alone: no base share)', () => {
  const plan = performancePlan({
    perResolution: '0.50',
    perAssisted: '0.20',
    csatBonus: { amount: '0.25' },
  });

  it('charges the resolution, and the CSAT bonus beside it when the latest rating is good', () => {
    const b = priceTicket(
      plan,
      ticket([conversation('c')], [...resolved, csat('good', 20)]),
      asOfResolved,
    );
    expect(amounts(b)).toEqual({ resolution: '0.50', csat_bonus: '0.25' });
    expect(b.lines.some((l) => l.code === 'base_fee_share')).toBe(false);
  });

  it('makes the bonus provisional with the resolution while pending', () => {
    const b = priceTicket(
      plan,
      ticket([conversation('c')], [...resolved, csat('good', 10)]),
      pending,
    );
    expect(b.lines.every((l) => l.provisional)).toBe(true);
    expect(b.total).toBe('0.75');
    expect(b.confirmedTotal).toBe('0.00');
  });

  it('pays no bonus for a bad latest rating, and none on an assisted ticket', () => {
    const bad = priceTicket(
      plan,
      ticket([conversation('c')], [...resolved, csat('good', 20), csat('bad', 30)]),
      asOfResolved,
    );
    expect(amounts(bad)).toEqual({ resolution: '0.50' });
    const assisted = priceTicket(
      plan,
      ticket([conversation('c')], [...resolved, humanReply(5), csat('good', 20)]),
      asOfResolved,
    );
    expect(amounts(assisted)).toEqual({ assisted: '0.20' });
  });
});

describe('tiered model', () => {
  const perUse = { model: 'usage', rates: { tool_call: '0.10' } };
  const perOutcome = { model: 'outcome', pricePerResolution: '2.00' };
  const catchAll = { name: 'complex', when: {}, plan: perOutcome };

  it('prices the whole ticket with the first tier whose conditions all hold, and names it', () => {
    const plan = tieredPlan([
      { name: 'simple', when: { maxToolCalls: 2, channels: ['web'] }, plan: perUse },
      catchAll,
    ]);
    const web = { channel: 'web' };
    const two = ticket([toolCall('a', 'x', 2)], resolved, '1', web);
    const three = ticket([toolCall('a', 'x', 3)], resolved, '1', web);
    const email = ticket([toolCall('a', 'x', 1)], resolved, '1', { channel: 'email' });
    expect(priceTicket(plan, two, asOfResolved)).toMatchObject({ tier: 'simple', total: '0.20' });
    expect(priceTicket(plan, three, asOfResolved)).toMatchObject({
      tier: 'complex',
      total: '2.00',
    });
    expect(priceTicket(plan, email, asOfResolved)).toMatchObject({ tier: 'complex' });
  });

  it.each([
    [{ maxToolCalls: 1 }, [toolCall('a', 'x', 1)], {}, true],
    [{ maxToolCalls: 1 }, [toolCall('a', 'x', 1), toolCall('b', 'y', 1)], {}, false],
    [{ maxApiCalls: 0 }, [apiCall('a', 'x', 1)], {}, false],
    [{ maxApiCalls: 0 }, [toolCall('a', 'x', 1)], {}, true],
    [{ maxConversations: 1 }, [conversation('a', 0, 2)], {}, false],
    [{ maxProcessingMinutes: '1.5' }, [processing('a', 90_000)], {}, true],
    [{ maxProcessingMinutes: '1.5' }, [processing('a', 90_001)], {}, false],
    [{ priorities: ['high', 'urgent'] }, [conversation('a')], { priority: 'urgent' }, true],
    [{ priorities: ['high'] }, [conversation('a')], { priority: 'low' }, false],
    [{ priorities: ['high'] }, [conversation('a')], {}, false], // no priority: no match
    [{ channels: ['chat'] }, [conversation('a')], { channel: null }, false],
    [{ anyTags: ['vip', 'billing'] }, [conversation('a')], { tags: ['billing'] }, true],
    [{ anyTags: ['vip'] }, [conversation('a')], { tags: ['billing'] }, false],
    [{ anyTags: ['vip'] }, [conversation('a')], {}, false],
  ])('tier condition %j, case %#', (when, usage, attributes, matches) => {
    const plan = tieredPlan([{ name: 'first', when, plan: perUse }, catchAll]);
    const b = priceTicket(plan, ticket(usage, [], '1', attributes));
    expect(b.tier).toBe(matches ? 'first' : 'complex');
  });

  it('reads conditions over usage up to asOf only', () => {
    const plan = tieredPlan([{ name: 'small', when: { maxToolCalls: 1 }, plan: perUse }, catchAll]);
    const t = ticket([toolCall('a', 'x', 1, 0), toolCall('b', 'x', 1, 60)], []);
    expect(priceTicket(plan, t, { asOf: at(30) }).tier).toBe('small');
    expect(priceTicket(plan, t, { asOf: at(60) }).tier).toBe('complex');
  });

  it('lets tiers inherit the plan’s outcome rules unless they set their own', () => {
    const plan = tieredPlan(
      [
        {
          name: 'own',
          when: { channels: ['chat'] },
          plan: { ...perOutcome, confirmationWindowHours: 1 },
        },
        catchAll,
      ],
      { confirmationWindowHours: 24 },
    );
    const chat = ticket([conversation('c')], resolved, '1', { channel: 'chat' });
    const web = ticket([conversation('c')], resolved, '1', { channel: 'web' });
    const twoHours = { asOf: at(10 + 120) };
    expect(priceTicket(plan, chat, twoHours).outcome).toBe('ai_resolved'); // its own 1 h
    expect(priceTicket(plan, web, twoHours).outcome).toBe('pending_confirmation'); // inherits 24 h
    expect(priceTicket(plan, web, { asOf: at(10 + DAY) }).outcome).toBe('ai_resolved');
  });

  it('inherits minCsat from the plan', () => {
    const plan = tieredPlan([catchAll], { minCsat: 'good' });
    const b = priceTicket(
      plan,
      ticket([conversation('c')], [...resolved, csat('bad', 20)]),
      asOfResolved,
    );
    expect(b).toMatchObject({ outcome: 'unsuccessful', total: '0.00' });
  });

  it('prices a credits tier alone, with a full pool, in the plan currency', () => {
    const credits = {
      model: 'credits',
      creditPrice: '1',
      prepaidCredits: 1,
      overagePrice: '2',
      burn: { conversation: 1 },
    };
    const plan = tieredPlan([{ name: 'all', when: {}, plan: credits }]);
    const b = priceTicket(plan, ticket([conversation('c', 0, 2)], []));
    expect(b.currency).toBe('USD');
    expect(amounts(b)).toEqual({ credits_prepaid: '1.00', credits_overage: '2.00' });
  });
});
