/**
 * Section 2 and 4 of the contract at the boundary: what the schemas accept, and that every
 * refusal names the field at fault.
 */
import { describe, expect, it } from 'vitest';
import {
  type FieldIssue,
  PricingInputError,
  parseActivity,
  parsePlan,
} from '../../src/pricing/index.js';

function issuesOf(fn: () => unknown): FieldIssue[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof PricingInputError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a PricingInputError');
}

const fields = (fn: () => unknown) => issuesOf(fn).map((i) => i.field);

const activity = (usage: unknown[], lifecycle: unknown[] = []) => ({
  ticketId: '7',
  usage,
  lifecycle,
});
const ev = (body: Record<string, unknown>) => ({
  id: 'e1',
  at: '2026-11-02T09:00:00Z',
  metric: 'conversation',
  quantity: 1,
  ...body,
});

describe('activity schema', () => {
  it('accepts the contract example', () => {
    const a = parseActivity({
      ticketId: '4711',
      usage: [
        ev({}),
        ev({ id: 'e2', metric: 'tool_call', tool: 'order_lookup' }),
        ev({ id: 'e3', metric: 'api_call', tool: 'crm', quantity: 3 }),
        ev({ id: 'e4', metric: 'processing_ms', quantity: 42500 }),
      ],
      lifecycle: [
        { at: '2026-11-02T09:00:00Z', type: 'status', status: 'open' },
        { at: '2026-11-03T10:00:00Z', type: 'csat', score: 'good' },
      ],
      attributes: { priority: 'normal', channel: 'web', tags: ['billing'] },
    });
    expect(a.usage).toHaveLength(4);
  });

  it.each([
    [{ metric: 'tool_call' }, 'usage[0].tool'], // tool required for tool calls
    [{ metric: 'api_call' }, 'usage[0].tool'],
    [{ tool: 'crm' }, 'usage[0].tool'], // and forbidden on conversations
    [{ metric: 'processing_ms', tool: 'crm' }, 'usage[0].tool'],
    [{ metric: 'tool_call', tool: 'Order Lookup' }, 'usage[0].tool'], // not a slug
    [{ metric: 'tool_call', tool: 'x'.repeat(65) }, 'usage[0].tool'],
    [{ metric: 'seconds' }, 'usage[0].metric'],
    [{ quantity: -1 }, 'usage[0].quantity'],
    [{ quantity: 1.5 }, 'usage[0].quantity'],
    [{ quantity: '1' }, 'usage[0].quantity'],
    [{ at: '2026-11-02T09:00:00' }, 'usage[0].at'], // no offset
    [{ at: '2026-02-30T09:00:00Z' }, 'usage[0].at'], // no such day
    [{ at: 'yesterday' }, 'usage[0].at'],
    [{ id: '' }, 'usage[0].id'],
    [{ colour: 'red' }, 'usage[0].colour'], // unknown field, named
  ])('refuses usage %j naming %s', (body, field) => {
    expect(fields(() => parseActivity(activity([ev(body)])))).toContain(field);
  });

  it.each([
    [{ at: '2026-11-02T09:00:00Z', type: 'status', status: 'reopened' }, 'lifecycle[0].status'],
    [{ at: '2026-11-02T09:00:00Z', type: 'csat', score: 'ok' }, 'lifecycle[0].score'],
    [{ at: '2026-11-02T09:00:00Z', type: 'note' }, 'lifecycle[0].type'],
    [{ type: 'handoff' }, 'lifecycle[0].at'],
  ])('refuses lifecycle %j naming %s', (event, field) => {
    expect(fields(() => parseActivity(activity([], [event])))).toContain(field);
  });

  it('refuses a ticket id that is not a short slug, and a missing list', () => {
    expect(fields(() => parseActivity({ ...activity([]), ticketId: 'a b' }))).toEqual(['ticketId']);
    expect(fields(() => parseActivity({ ticketId: '1', lifecycle: [] }))).toEqual(['usage']);
  });

  it('reports every issue at once, each with its own field', () => {
    const issues = issuesOf(() =>
      parseActivity(activity([ev({ quantity: -1 }), ev({ id: 'e2', metric: 'tool_call' })])),
    );
    expect(issues.map((i) => i.field)).toEqual(['usage[0].quantity', 'usage[1].tool']);
    expect(issues.every((i) => i.message.length > 0)).toBe(true);
  });

  it('accepts offsets and fractional seconds', () => {
    const a = parseActivity(
      activity([
        ev({ at: '2026-11-02T10:00:00.123456+01:00' }),
        ev({ id: 'e2', at: '2026-11-02T04:00:00-05:00' }),
      ]),
    );
    expect(a.usage).toHaveLength(2);
  });
});

const base = { id: 'plan-a', name: 'A', version: 1, currency: 'USD' };

describe('plan schema', () => {
  it.each([
    [{ model: 'usage', rates: { conversation: 0.5 } }, 'rates.conversation'], // a JSON number
    [{ model: 'usage', rates: { conversation: '-0.5' } }, 'rates.conversation'],
    [{ model: 'usage', rates: { conversation: '1e2' } }, 'rates.conversation'],
    [{ model: 'usage', rates: { conversation: '0.1234567' } }, 'rates.conversation'], // 7 digits
    [{ model: 'usage', rates: { conversation: 'free' } }, 'rates.conversation'],
    [{ model: 'usage', rates: { minutes: '1' } }, 'rates.minutes'],
    [{ model: 'usage', processingRounding: 'floor' }, 'processingRounding'],
    [{ model: 'outcome' }, 'pricePerResolution'],
    [{ model: 'outcome', pricePerResolution: '1', minCsat: 'bad' }, 'minCsat'],
    [
      { model: 'outcome', pricePerResolution: '1', confirmationWindowHours: -1 },
      'confirmationWindowHours',
    ],
    [{ model: 'credits', creditPrice: '0.1', overagePrice: '0.2', burn: {} }, 'prepaidCredits'],
    [
      {
        model: 'credits',
        creditPrice: '0.1',
        prepaidCredits: 1,
        overagePrice: '0.2',
        burn: { chat: 1 },
      },
      'burn.chat',
    ],
    [{ model: 'base_plus_performance', baseFee: '10.001', perResolution: '1' }, 'baseFee'],
    [
      { model: 'base_plus_performance', baseFee: '10', perResolution: '1', csatBonus: {} },
      'csatBonus.amount',
    ],
    [{ model: 'flat' }, 'model'],
    [{ model: 'tiered', tiers: [] }, 'tiers'],
  ])('refuses %j naming %s', (body, field) => {
    expect(fields(() => parsePlan({ ...base, ...body }))).toContain(field);
  });

  it.each([
    [{ currency: 'XYZ' }, 'currency'],
    [{ currency: 'usd' }, 'currency'],
    [{ version: 0 }, 'version'],
    [{ version: 1.5 }, 'version'],
    [{ id: 'Plan A' }, 'id'],
    [{ period: 'week' }, 'period'],
  ])('refuses a header %j naming %s', (header, field) => {
    const plan = { ...base, model: 'outcome', pricePerResolution: '1', ...header };
    expect(fields(() => parsePlan(plan))).toContain(field);
  });

  it('needs a catch-all last tier, unique tier names, and no nested tiered plan', () => {
    const tier = (
      name: string,
      when: object,
      plan: object = { model: 'outcome', pricePerResolution: '1' },
    ) => ({
      name,
      when,
      plan,
    });
    expect(
      fields(() =>
        parsePlan({ ...base, model: 'tiered', tiers: [tier('a', { maxToolCalls: 1 })] }),
      ),
    ).toEqual(['tiers[0].when']);
    expect(
      fields(() => parsePlan({ ...base, model: 'tiered', tiers: [tier('a', {}), tier('a', {})] })),
    ).toEqual(['tiers[1].name']);
    expect(
      fields(() =>
        parsePlan({
          ...base,
          model: 'tiered',
          tiers: [tier('a', {}, { model: 'tiered', tiers: [] })],
        }),
      ),
    ).toContain('tiers[0].plan.model');
    expect(
      fields(() =>
        parsePlan({
          ...base,
          model: 'tiered',
          tiers: [tier('a', {}, { model: 'outcome', pricePerResolution: '1', currency: 'EUR' })],
        }),
      ),
    ).toEqual(['tiers[0].plan.currency']); // a tier has no currency of its own
    expect(
      fields(() =>
        parsePlan({
          ...base,
          model: 'tiered',
          tiers: [tier('a', { maxMinutes: 1 }), tier('b', {})],
        }),
      ),
    ).toEqual(['tiers[0].when.maxMinutes']);
  });

  it('allows a base fee as fine as the currency, and no finer', () => {
    const bpp = (currency: string, baseFee: string) =>
      parsePlan({ ...base, currency, model: 'base_plus_performance', baseFee, perResolution: '1' });
    expect(bpp('KWD', '10.125').model).toBe('base_plus_performance');
    expect(bpp('USD', '10.10').model).toBe('base_plus_performance');
    expect(bpp('USD', '10.100000').model).toBe('base_plus_performance'); // trailing zeros are fine
    expect(fields(() => bpp('JPY', '100.5'))).toEqual(['baseFee']);
  });

  it('names the file-level problem when the plan is not an object', () => {
    const issues = issuesOf(() => parsePlan('usage'));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/model|object/);
  });
});
