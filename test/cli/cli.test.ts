import { describe, expect, it } from 'vitest';
import { runCli, writeJsonFiles } from './run-cli.js';

const plan = {
  id: 'per-use',
  name: 'Per use',
  version: 1,
  currency: 'USD',
  model: 'usage',
  rates: { conversation: '0.50' },
};
const outcomePlan = {
  id: 'per-resolution',
  name: 'Per resolution',
  version: 3,
  currency: 'USD',
  model: 'outcome',
  pricePerResolution: '1.00',
};
const ticket = (id: string, solved: boolean) => ({
  ticketId: id,
  usage: [{ id: `${id}-c`, at: '2026-11-02T09:00:00Z', metric: 'conversation', quantity: 1 }],
  lifecycle: [
    { at: '2026-11-02T09:00:00Z', type: 'status', status: 'open' },
    ...(solved ? [{ at: '2026-11-02T09:05:00Z', type: 'status', status: 'solved' }] : []),
  ],
});

describe('ai-cost price', () => {
  it('prices a period from JSON lines, in input order', async () => {
    const jsonl = [ticket('20', true), ticket('3', false)].map((t) => JSON.stringify(t)).join('\n');
    const p = writeJsonFiles({ 'plan.json': plan, 'a.jsonl': `${jsonl}\n\n` });
    const r = await runCli([
      'price',
      '--plan',
      p['plan.json']!,
      '--activities',
      p['a.jsonl']!,
      '--as-of',
      '2026-11-20T00:00:00Z',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.map((b: { ticketId: string; total: string }) => [b.ticketId, b.total])).toEqual([
      ['20', '0.50'],
      ['3', '0.50'],
    ]);
  });

  it('evaluates at --as-of: before the window passes the resolution is provisional', async () => {
    const p = writeJsonFiles({ 'plan.json': outcomePlan, 'a.json': ticket('1', true) });
    const early = await runCli([
      'price',
      '--plan',
      p['plan.json']!,
      '--activity',
      p['a.json']!,
      '--as-of',
      '2026-11-03T00:00:00Z',
    ]);
    const late = await runCli([
      'price',
      '--plan',
      p['plan.json']!,
      '--activity',
      p['a.json']!,
      '--as-of',
      '2026-11-06T00:00:00Z',
    ]);
    expect(JSON.parse(early.stdout)).toMatchObject({
      outcome: 'pending_confirmation',
      provisional: true,
      confirmsAt: '2026-11-05T09:05:00Z',
    });
    expect(JSON.parse(late.stdout)).toMatchObject({
      outcome: 'ai_resolved',
      provisional: false,
      total: '1.00',
    });
  });
});

describe('ai-cost refuses bad input with exit status 2 and one line naming the file and field', () => {
  it.concurrent.each([
    [
      'a price given as a JSON number',
      { ...plan, rates: { conversation: 0.5 } },
      'rates.conversation',
    ],
    ['an unknown model', { ...plan, model: 'magic' }, 'model'],
    ['an unknown currency', { ...plan, currency: 'XYZ' }, 'currency'],
    ['a misspelt field', { ...plan, rate: {} }, 'rate: unknown field'],
  ])('check-plan: %s', async (_, body, field) => {
    const p = writeJsonFiles({ 'plan.json': body });
    const r = await runCli(['check-plan', p['plan.json']!]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${p['plan.json']}: `);
    expect(r.stderr).toContain(field);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names the line of a JSON-lines file and the field in it', async () => {
    const bad = {
      ...ticket('2', false),
      usage: [{ id: 'x', at: '2026-11-02T09:00:00Z', metric: 'tool_call', quantity: 1 }],
    };
    const p = writeJsonFiles({
      'plan.json': plan,
      'a.jsonl': `${JSON.stringify(ticket('1', true))}\n${JSON.stringify(bad)}\n`,
    });
    const r = await runCli(['price', '--plan', p['plan.json']!, '--activities', p['a.jsonl']!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${p['a.jsonl']}: line 2: usage[0].tool: required for tool_call and api_call events`,
    );
  });

  it('names the index in a JSON array of activities', async () => {
    const bad = {
      ...ticket('2', false),
      usage: [{ id: 'x', at: '2026-11-02 09:00', metric: 'conversation', quantity: 1 }],
    };
    const p = writeJsonFiles({ 'plan.json': plan, 'a.json': [ticket('1', true), bad] });
    const r = await runCli(['price', '--plan', p['plan.json']!, '--activities', p['a.json']!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${p['a.json']}: [1]: usage[0].at: expected an ISO 8601 date-time`);
  });

  it('reports a file that is not JSON, or missing', async () => {
    const p = writeJsonFiles({ 'plan.json': '{"id": ' });
    const broken = await runCli(['check-plan', p['plan.json']!]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('not valid JSON');
    const missing = await runCli(['check-plan', `${p['plan.json']}.nope`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the file (ENOENT)');
  });

  it('refuses a bad --as-of and a ticket listed twice in a period', async () => {
    const p = writeJsonFiles({
      'plan.json': plan,
      'a.json': ticket('1', true),
      'twice.json': [ticket('1', true), ticket('1', false)],
    });
    const asOf = await runCli([
      'price',
      '--plan',
      p['plan.json']!,
      '--activity',
      p['a.json']!,
      '--as-of',
      'yesterday',
    ]);
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toContain('--as-of: expected an ISO 8601 instant with an offset');
    const twice = await runCli([
      'price',
      '--plan',
      p['plan.json']!,
      '--activities',
      p['twice.json']!,
    ]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('[1].ticketId: ticket 1 appears more than once');
  });

  it('explains a wrong command line', async () => {
    const unknown = await runCli(['quote']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "quote"');
    const missing = await runCli(['price', '--activity', 'a.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --plan');
  });
});

describe('ai-cost compare', () => {
  const files = () =>
    writeJsonFiles({
      'use.json': plan,
      'res.json': outcomePlan,
      'a.json': [ticket('1', true), ticket('2', false), ticket('3', true), ticket('4', false)],
    });

  it('prints the plans side by side with the break-even rate', async () => {
    const p = files();
    const r = await runCli([
      'compare',
      '--plans',
      p['use.json']!,
      p['res.json']!,
      '--activities',
      p['a.json']!,
      '--as-of',
      '2026-11-20T00:00:00Z',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 tickets, 4 with AI; AI resolution rate 50.00%');
    expect(r.stdout).toMatch(/per-use@1\s+usage\s+2\.00\s+0\.00\s+2\s+0\s+1\.00\s+1\.00/);
    expect(r.stdout).toMatch(/per-resolution@3\s+outcome\s+2\.00\s+0\.00\s+2\s+0\s+1\.00\s+1\.00/);
    // 4 × 0.50 per use = r × 4 × 1.00 per resolution at r = 50%.
    expect(r.stdout).toContain(
      'per-use@1 vs per-resolution@3: 50.00%; below it per-resolution@3 is cheaper, above it per-use@1',
    );
  });

  it('answers JSON with --json', async () => {
    const p = files();
    const r = await runCli([
      'compare',
      '--json',
      '--plans',
      p['use.json']!,
      p['res.json']!,
      '--activities',
      p['a.json']!,
      '--as-of',
      '2026-11-20T00:00:00Z',
    ]);
    const c = JSON.parse(r.stdout);
    expect(c.plans.map((x: { totalCost: string }) => x.totalCost)).toEqual(['2.00', '2.00']);
    expect(c.breakEven).toEqual([
      {
        planA: 'per-use@1',
        planB: 'per-resolution@3',
        resolutionRate: '0.5000',
        cheaperAbove: 'per-use@1',
        cheaperBelow: 'per-resolution@3',
      },
    ]);
  });
});
