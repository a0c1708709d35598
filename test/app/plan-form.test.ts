/**
 * The admin's plan form comes from the core's registry and edits every field of every model:
 * any plan, written into the form field by field, comes back out of it exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_FIELDS, planFromForm } from '../../src/app/nav/plan-form.js';
import { type Plan, parsePlan } from '../../src/pricing/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const examples = readdirSync(join(ROOT, 'examples/plans'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => parsePlan(JSON.parse(readFileSync(join(ROOT, 'examples/plans', f), 'utf8'))));

/** Every field a plan sets, as the dotted paths of the form (objects the form edits as JSON kept whole). */
function formValues(plan: Plan): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of MODEL_FIELDS[plan.model]) {
    let node: unknown = plan;
    for (const part of field.path.split('.'))
      node = (node as Record<string, unknown> | undefined)?.[part];
    if (node === undefined) continue;
    values[field.path] = typeof node === 'object' ? JSON.stringify(node) : String(node);
  }
  return values;
}

/** The paths a plan sets that no form field reaches. */
function unreachable(plan: Plan): string[] {
  const header = new Set(['id', 'name', 'version', 'currency', 'model', 'period']);
  const paths = MODEL_FIELDS[plan.model].map((f) => f.path);
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (paths.includes(path)) return;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (!header.has(path)) out.push(path);
  };
  walk(plan, '');
  return out;
}

const everything: Plan[] = [
  ...examples,
  parsePlan({
    id: 'all',
    name: 'Every performance field',
    version: 1,
    currency: 'EUR',
    model: 'base_plus_performance',
    baseFee: '10.00',
    perResolution: '0.50',
    perAssisted: '0.10',
    csatBonus: { amount: '0.25' },
    timeSaved: { baselineMinutes: '12.5', pricePerHour: '6.00' },
    escalationReduction: { baselineRate: '0.4', pricePerPoint: '25.00', cap: '500.00' },
    confirmationWindowHours: 24,
    minCsat: 'good',
    revokeOnLateReopen: true,
  }),
  parsePlan({
    id: 'use',
    name: 'Every usage field',
    version: 1,
    currency: 'USD',
    model: 'usage',
    rates: { conversation: '0.5', processing_minute: '0.02', tool_call: '0.1', api_call: '0.001' },
    toolRates: { crm: '0.2' },
    processingRounding: 'ceil_minute',
    revokeOnLateReopen: false,
  }),
  parsePlan({
    id: 'cr',
    name: 'Every credits field',
    version: 1,
    currency: 'USD',
    model: 'credits',
    creditPrice: '0.01',
    prepaidCredits: 100,
    overagePrice: '0.02',
    burn: { conversation: 1, tool_call: '2.5', api_call: 3, processing_minute: 1, resolution: 5 },
    toolBurn: { crm: 4 },
    confirmationWindowHours: 1.5,
  }),
];

describe('the admin plan form', () => {
  it.each(everything.map((p) => [p.id, p] as const))('edits every field of %s', (_id, plan) => {
    expect(unreachable(plan)).toEqual([]);
    const header = { id: plan.id, name: plan.name, currency: plan.currency, model: plan.model };
    const result = planFromForm(header, formValues(plan));
    expect(result.issues).toEqual([]);
    expect(result.plan).toEqual({ ...plan, version: 1 });
  });

  it('names the field of a bad value, as the core does', () => {
    const result = planFromForm(
      { id: 'p', name: 'P', currency: 'USD', model: 'base_plus_performance' },
      {
        baseFee: '1',
        perResolution: '1',
        'escalationReduction.baselineRate': '1.5',
        'escalationReduction.pricePerPoint': '1',
      },
    );
    expect(result.issues.map((i) => i.field)).toEqual(['escalationReduction.baselineRate']);
  });
});
