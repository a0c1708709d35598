/**
 * `ai-cost price --timeline` and `ai-cost explain`, through the real executable.
 */
import { describe, expect, it } from 'vitest';
import { runCli, writeJsonFiles } from './run-cli.js';

const perUse = {
  id: 'per-use',
  name: 'Per use',
  version: 1,
  currency: 'USD',
  model: 'usage',
  rates: { conversation: '0.50', tool_call: '0.125' },
};
const perResolution = {
  id: 'per-resolution',
  name: 'Per resolution',
  version: 2,
  currency: 'USD',
  model: 'outcome',
  pricePerResolution: '0.99',
};
const activity = {
  ticketId: '7',
  usage: [
    { id: 'c1', at: '2026-11-02T09:00:00Z', metric: 'conversation', quantity: 1 },
    {
      id: 't1',
      at: '2026-11-02T09:01:00Z',
      metric: 'tool_call',
      tool: 'order_lookup',
      quantity: 1,
    },
  ],
  lifecycle: [
    { at: '2026-11-02T09:00:00Z', type: 'status', status: 'open' },
    { at: '2026-11-02T09:05:00Z', type: 'status', status: 'solved' },
  ],
};
const timeline = [
  { effectiveAt: '2026-10-01T00:00:00Z', plan: perUse },
  { effectiveAt: '2026-11-02T09:03:00Z', plan: perResolution },
];

describe('ai-cost price --timeline', () => {
  it('rates each line under the plan in force at its instant and names it', async () => {
    const p = writeJsonFiles({ 't.json': timeline, 'a.json': activity });
    const r = await runCli([
      'price',
      '--timeline',
      p['t.json']!,
      '--activity',
      p['a.json']!,
      '--as-of',
      '2026-11-06T00:00:00Z',
    ]);
    expect(r.stderr).toBe('');
    const b = JSON.parse(r.stdout);
    expect(b.plans).toEqual(['per-use@1', 'per-resolution@2']);
    expect(
      b.lines.map((l: { plan: string; code: string; amount: string }) => [
        l.plan,
        l.code,
        l.amount,
      ]),
    ).toEqual([
      ['per-use@1', 'conversation', '0.50'],
      ['per-use@1', 'tool_call:order_lookup', '0.12'],
      ['per-resolution@2', 'resolution', '0.99'],
    ]);
    expect([b.total, b.planId, b.planVersion]).toEqual(['1.61', 'per-resolution', 2]);
  });

  it('prices a period over a timeline with --activities', async () => {
    const p = writeJsonFiles({
      't.json': timeline,
      'a.json': [activity, { ...activity, ticketId: '8' }],
    });
    const r = await runCli([
      'price',
      '--timeline',
      p['t.json']!,
      '--activities',
      p['a.json']!,
      '--as-of',
      '2026-11-06T00:00:00Z',
    ]);
    expect(r.code).toBe(0);
    expect(
      JSON.parse(r.stdout).map((b: { ticketId: string; total: string }) => [b.ticketId, b.total]),
    ).toEqual([
      ['7', '1.61'],
      ['8', '1.61'],
    ]);
  });

  it('refuses mixed currencies and a version with two bodies, naming the file, index and field', async () => {
    const eur = { ...perResolution, id: 'eur', currency: 'EUR' };
    const changed = { ...perUse, rates: { conversation: '9.00' } };
    const p = writeJsonFiles({
      'mixed.json': [timeline[0], { effectiveAt: '2026-11-03T00:00:00Z', plan: eur }],
      'twice.json': [timeline[0], { effectiveAt: '2026-11-03T00:00:00Z', plan: changed }],
      'bad.json': [{ effectiveAt: 'soon', plan: perUse }],
      'a.json': activity,
    });
    const mixed = await runCli([
      'price',
      '--timeline',
      p['mixed.json']!,
      '--activity',
      p['a.json']!,
    ]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(
      `${p['mixed.json']}: [1].plan.currency: every plan of a timeline has one currency (USD)`,
    );
    const twice = await runCli([
      'price',
      '--timeline',
      p['twice.json']!,
      '--activity',
      p['a.json']!,
    ]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('[1].plan: per-use@1 appears with two different bodies');
    const bad = await runCli(['price', '--timeline', p['bad.json']!, '--activity', p['a.json']!]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[0].effectiveAt:');
    const both = await runCli([
      'price',
      '--timeline',
      p['bad.json']!,
      '--plan',
      p['bad.json']!,
      '--activity',
      p['a.json']!,
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
  });
});

describe('ai-cost explain', () => {
  it('says in text which rule decided the outcome, and each line with its events', async () => {
    const p = writeJsonFiles({ 't.json': timeline, 'a.json': activity });
    const r = await runCli([
      'explain',
      '--timeline',
      p['t.json']!,
      '--activity',
      p['a.json']!,
      '--as-of',
      '2026-11-03T00:00:00Z',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pending_confirmation (rule 6');
    expect(r.stdout).toContain(
      'confirms on 2026-11-05T09:05:00Z unless reopened or a human replies before',
    );
    expect(r.stdout).toContain('per-use@1 tool_call:order_lookup: 1 × 0.125 = 0.12');
    expect(r.stdout).toContain('exactly 0.125 before rounding; events t1');
  });

  it('prints the structured explanation with --json, agreeing with price', async () => {
    const p = writeJsonFiles({ 'plan.json': perUse, 'a.json': activity });
    const args = [
      '--plan',
      p['plan.json']!,
      '--activity',
      p['a.json']!,
      '--as-of',
      '2026-11-06T00:00:00Z',
    ];
    const e = JSON.parse((await runCli(['explain', ...args, '--json'])).stdout);
    const b = JSON.parse((await runCli(['price', ...args])).stdout);
    expect(e).toMatchObject({
      outcome: 'ai_resolved',
      rule: 2,
      confirmationAt: '2026-11-05T09:05:00Z',
      humanInvolvedAt: null,
      tier: null,
    });
    expect(e.lines.map((l: { code: string; eventIds: string[] }) => [l.code, l.eventIds])).toEqual([
      ['conversation', ['c1']],
      ['tool_call:order_lookup', ['t1']],
    ]);
    expect(e.breakdown).toEqual(b);
  });

  it('refuses a wrong command line with exit 2', async () => {
    const r = await runCli(['explain', '--activity', 'a.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give one of --plan and --timeline');
  });
});

describe('ai-cost COMMAND --help', () => {
  it.each(['price', 'explain', 'compare', 'check-plan', 'serve', 'tenant', 'workspace'])(
    '%s --help prints its usage and exits 0',
    async (command) => {
      const r = await runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`usage: ai-cost ${command}`);
    },
  );
});
