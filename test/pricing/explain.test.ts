/**
 * Explanations (spec section 10): for every outcome path the rule and the facts it names, for
 * tiers the condition that matched and the first that failed, for lines the events they sum, and
 * agreement with the breakdown for the same inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainTicket, explainUnderPlan } from '../../src/pricing/explain/explain.js';
import { parsePlan, parseTimeline, priceTicket, priceTicketOver } from '../../src/pricing/index.js';
import { ASOF, activity, anyPlan, RUNS } from './arbitraries.js';
import {
  at,
  conversation,
  creditsPlan,
  csat,
  handoff,
  humanReply,
  outcomePlan,
  processing,
  status,
  ticket,
  tieredPlan,
  toolCall,
  usagePlan,
} from './build.js';

const plan = outcomePlan({ minCsat: 'good' });
const day = 24 * 60;

describe('the rule that decided the outcome, and its facts', () => {
  it('rule 1: no AI usage', () => {
    const e = explainUnderPlan(plan, ticket([], [status('open', 0), status('solved', 5)]), {
      asOf: at(10),
    });
    expect([e.outcome, e.rule, e.lines]).toEqual(['no_ai', 1, []]);
  });

  it('rule 2: the confirmed solve, its window and confirmation instant', () => {
    const e = explainUnderPlan(
      plan,
      ticket([conversation('a')], [status('open', 0), status('solved', 5)]),
      {
        asOf: at(4 * day),
      },
    );
    expect(e).toMatchObject({
      outcome: 'ai_resolved',
      rule: 2,
      confirmationAt: at(5 + 3 * day),
      judgedBy: 'p@1',
    });
    expect(e.solves).toEqual([
      {
        at: at(5),
        plan: 'p@1',
        windowHours: 72,
        confirmsAt: at(5 + 3 * day),
        blockedBy: null,
        revoked: false,
      },
    ]);
    expect(e.next).toEqual({ kind: 'none' });
  });

  it('rule 2 with a bad rating: unsuccessful, and the rating named', () => {
    const e = explainUnderPlan(
      plan,
      ticket([conversation('a')], [status('open', 0), status('solved', 5), csat('bad', 6 * day)]),
      {
        asOf: at(7 * day),
      },
    );
    expect([e.outcome, e.rule, e.latestCsat]).toEqual([
      'unsuccessful',
      2,
      { score: 'bad', at: at(6 * day) },
    ]);
  });

  it('rule 3: still open, escalated by the first human involvement and the event behind it', () => {
    const e = explainUnderPlan(
      plan,
      ticket([conversation('a')], [status('open', 0), humanReply(3), handoff(4)]),
      { asOf: at(10) },
    );
    expect(e).toMatchObject({
      outcome: 'escalated',
      rule: 3,
      humanInvolvedAt: at(3),
      humanInvolvedBy: 'human_reply',
      judgedBy: null,
    });
  });

  it('rule 4: assisted, the solve blocked by the human before its confirmation', () => {
    const e = explainUnderPlan(
      plan,
      ticket([conversation('a')], [status('open', 0), status('solved', 5), handoff(60)]),
      {
        asOf: at(10 * day),
      },
    );
    expect([e.outcome, e.rule, e.humanInvolvedBy]).toEqual(['assisted', 4, 'handoff']);
    expect(e.solves[0]).toMatchObject({ blockedBy: 'human', confirmsAt: null });
  });

  it('rule 5: solved, the window still open, and a bad rating', () => {
    const e = explainUnderPlan(
      plan,
      ticket([conversation('a')], [status('open', 0), status('solved', 5), csat('bad', 6)]),
      { asOf: at(10) },
    );
    expect([e.outcome, e.rule]).toEqual(['unsuccessful', 5]);
  });

  it('rule 6: pending, and when it confirms unless reopened or a human replies', () => {
    const e = explainUnderPlan(
      plan,
      ticket(
        [conversation('a')],
        [status('open', 0), status('solved', 5), status('open', 20), status('solved', 30)],
      ),
      {
        asOf: at(40),
      },
    );
    expect([e.outcome, e.rule]).toEqual(['pending_confirmation', 6]);
    expect(e.next).toEqual({ kind: 'confirms', at: at(30 + 3 * day) });
    expect(e.reopens).toEqual([at(20)]);
    expect(e.solves.map((s) => s.blockedBy)).toEqual(['reopen', null]);
    expect(e.lines[0]).toMatchObject({ code: 'resolution', provisional: true, eventIds: [] });
  });

  it('a revoked confirmation under revokeOnLateReopen', () => {
    const revoking = outcomePlan({ revokeOnLateReopen: true });
    const e = explainUnderPlan(
      revoking,
      ticket(
        [conversation('a')],
        [status('open', 0), status('solved', 5), status('open', 4 * day)],
      ),
      {
        asOf: at(5 * day),
      },
    );
    expect([e.outcome, e.rule, e.solves[0]?.revoked]).toEqual(['in_progress', 3, true]);
  });
});

describe('the tier and the lines', () => {
  const tiers = tieredPlan([
    {
      name: 'simple',
      when: { maxToolCalls: 1, channels: ['web'] },
      plan: { model: 'outcome', pricePerResolution: '0.50' },
    },
    {
      name: 'email',
      when: { channels: ['email'] },
      plan: { model: 'outcome', pricePerResolution: '1.00' },
    },
    {
      name: 'complex',
      when: {},
      plan: { model: 'usage', rates: { tool_call: '0.20' }, toolRates: { crm: '0.125' } },
    },
  ]);

  it('names the condition that matched, and for each earlier tier the first that failed', () => {
    const a = ticket([toolCall('t1', 'crm', 1), toolCall('t2', 'refund', 1)], [], '1', {
      channel: 'web',
    });
    const e = explainUnderPlan(tiers, a, { asOf: at(10) });
    expect(e.tier).toEqual({
      name: 'complex',
      matched: [],
      skipped: [
        { name: 'simple', failed: 'maxToolCalls' },
        { name: 'email', failed: 'channels' },
      ],
      plan: 'p@1',
    });
    const simple = explainUnderPlan(
      tiers,
      ticket([toolCall('t1', 'crm', 1)], [], '1', { channel: 'web' }),
      { asOf: at(10) },
    );
    expect(simple.tier).toMatchObject({
      name: 'simple',
      matched: ['maxToolCalls', 'channels'],
      skipped: [],
    });
  });

  it('gives each usage line its events, its rate source and its exact amount before rounding', () => {
    const a = ticket(
      [toolCall('t1', 'crm', 1), toolCall('t2', 'refund', 1), toolCall('t3', 'refund', 2, 5)],
      [],
      '1',
    );
    const e = explainUnderPlan(tiers, a, { asOf: at(10) });
    expect(
      e.lines.map((l) => [l.code, l.eventIds, l.rateFrom, l.exactAmount, l.amount, l.rounded]),
    ).toEqual([
      ['tool_call:crm', ['t1'], 'tiers[2].plan.toolRates.crm', '0.125', '0.12', true],
      ['tool_call:refund', ['t2', 't3'], 'tiers[2].plan.rates.tool_call', '0.6', '0.60', false],
    ]);
    const per = usagePlan({ rates: { processing_minute: '0.02' } });
    const minutes = explainUnderPlan(per, ticket([processing('p1', 42_500)], []), { asOf: at(10) });
    expect(minutes.lines[0]).toMatchObject({
      quantity: '0.708333',
      exactAmount: '0.014166666667…',
      amount: '0.01',
    });
    const unset = explainUnderPlan(usagePlan({}), ticket([conversation('c')], []), {
      asOf: at(10),
    });
    expect(unset.lines[0]?.rateFrom).toBe('rates.conversation (not set: 0)');
  });

  it('lists an event split between prepaid and overage credits in both lines, and not the resolution burn', () => {
    const credits = creditsPlan({ prepaidCredits: 3, burn: { conversation: 2, resolution: 5 } });
    const a = ticket(
      [conversation('c1', 0), conversation('c2', 1)],
      [status('open', 0), status('solved', 5)],
    );
    const e = explainUnderPlan(credits, a, { asOf: at(4 * day) });
    expect(e.lines.map((l) => [l.code, l.eventIds])).toEqual([
      ['credits_prepaid', ['c1', 'c2']],
      ['credits_overage', ['c2']],
    ]);
  });

  it('names the plan of each line and of each solve under a timeline', () => {
    const use = parsePlan({ ...usagePlan({ rates: { conversation: '0.50' } }), id: 'use' });
    const res = parsePlan({ ...outcomePlan({}), id: 'res' });
    const t = parseTimeline([
      { effectiveAt: at(-10), plan: use },
      { effectiveAt: at(3), plan: res },
    ]);
    const e = explainTicket(
      t,
      ticket(
        [conversation('a', 0), conversation('b', 4)],
        [status('open', 0), status('solved', 5)],
      ),
      {
        asOf: at(4 * day),
      },
    );
    expect(e.lines.map((l) => [l.plan, l.code, l.eventIds])).toEqual([
      ['use@1', 'conversation', ['a']],
      ['res@1', 'resolution', []],
    ]);
    expect([e.judgedBy, e.solves[0]?.plan]).toEqual(['res@1', 'res@1']);
  });
});

describe('agreement with the breakdown', () => {
  it('outcome, lines, amounts and total agree for any plan and ticket', () => {
    fc.assert(
      fc.property(anyPlan, activity('1'), (p, a) => {
        const e = explainUnderPlan(p, a, { asOf: ASOF });
        const b = priceTicket(p, a, { asOf: ASOF });
        expect(e.breakdown).toEqual(b);
        expect([e.outcome, e.total, e.provisional]).toEqual([b.outcome, b.total, b.provisional]);
        expect(e.lines.map((l) => [l.code, l.quantity, l.unitPrice, l.amount])).toEqual(
          b.lines.map((l) => [l.code, l.quantity, l.unitPrice, l.amount]),
        );
        expect(e.confirmationAt).toBe(b.confirmedAt);
        expect(e.tier?.name ?? null).toBe(b.tier);
        const usageIds = new Set(a.usage.map((u) => u.id));
        for (const l of e.lines) for (const id of l.eventIds) expect(usageIds.has(id)).toBe(true);
        const t = parseTimeline([{ effectiveAt: ASOF, plan: p }]);
        expect(explainTicket(t, a, { asOf: ASOF }).breakdown).toEqual(
          priceTicketOver(t, a, { asOf: ASOF }),
        );
      }),
      RUNS,
    );
  });
});
