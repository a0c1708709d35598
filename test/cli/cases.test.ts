/**
 * Every worked case of the spec, run through the real CLI and compared as section 7 says:
 * outcome, tier, provisional, total and line amounts equal as strings; quantities and unit
 * prices equal as decimal numbers; lines matched by code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, writeJsonFiles } from './run-cli.js';

const CASES = new URL('../fixtures/cases/', import.meta.url);

interface ExpectedLine {
  plan?: string;
  code: string;
  quantity: string;
  unitPrice: string;
  amount: string;
}
interface Expected {
  ticketId: string;
  outcome: string;
  tier: string | null;
  provisional: boolean;
  plans?: string[];
  lines: ExpectedLine[];
  total: string;
}

/** A decimal string with trailing fractional zeros removed, so "0.50" and "0.5" compare equal. */
function canonicalDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function comparable(b: Expected) {
  return {
    ticketId: b.ticketId,
    outcome: b.outcome,
    tier: b.tier,
    provisional: b.provisional,
    total: b.total,
    ...(b.plans ? { plans: b.plans } : {}),
    // Under a timeline a line is matched by its plan and its code.
    lines: Object.fromEntries(
      b.lines.map((l) => [
        l.plan ? `${l.plan} ${l.code}` : l.code,
        {
          quantity: canonicalDecimal(l.quantity),
          unitPrice: canonicalDecimal(l.unitPrice),
          amount: l.amount,
        },
      ]),
    ),
  };
}

const files = readdirSync(CASES).filter((f) => f.endsWith('.json'));

describe('the shared worked cases, through the ai-cost CLI', () => {
  it('has every case of the spec', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
  });

  it.concurrent.each(files)('%s', async (file) => {
    const c = JSON.parse(readFileSync(new URL(file, CASES), 'utf8'));
    const paths = writeJsonFiles({
      'plan.json': c.timeline ?? c.plan,
      'input.json': c.activity ?? c.activities,
    });
    const input = c.activity
      ? ['--activity', paths['input.json']!]
      : ['--activities', paths['input.json']!];
    const result = await runCli([
      'price',
      c.timeline ? '--timeline' : '--plan',
      paths['plan.json']!,
      ...input,
      '--as-of',
      c.asOf,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const got = JSON.parse(result.stdout);
    const expected: Expected[] = c.activity ? [c.expect] : c.expect;
    const actual: Expected[] = c.activity ? [got] : got;
    expect(actual.map(comparable)).toEqual(expected.map(comparable));
  });
});
