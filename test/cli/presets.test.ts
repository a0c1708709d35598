/**
 * The vendor presets: each a valid plan with its source (the vendor's page and the day it was
 * read), none without one; and `ai-cost compare --plans examples/plans/presets/*.json` runs.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/pricing/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'examples/plans/presets');

describe('vendor presets', () => {
  const plans = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => parsePlan(JSON.parse(readFileSync(join(DIR, f), 'utf8'))));
  const sources = JSON.parse(readFileSync(join(DIR, 'sources.jsonc'), 'utf8')) as Record<
    string,
    { url: string; read: string; confirms: string[] }
  >;

  it('has a source for every preset, and a preset for every source', () => {
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.map((p) => p.id).sort()).toEqual(Object.keys(sources).sort());
    for (const source of Object.values(sources)) {
      expect(source.url).toMatch(/^https:\/\//);
      expect(source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(source.confirms.length).toBeGreaterThan(0);
    }
  });

  it('prices Intercom Fin as published: $0.99 a resolution, 24 hours, reversed on reopen', () => {
    expect(plans.find((p) => p.id === 'intercom-fin')).toMatchObject({
      model: 'outcome',
      currency: 'USD',
      pricePerResolution: '0.99',
      confirmationWindowHours: 24,
      revokeOnLateReopen: true,
    });
  });

  it('compares as `ai-cost compare --plans examples/plans/presets/*.json` (the shell’s glob)', async () => {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'sh',
        [
          '-c',
          'node bin/ai-cost.js compare --plans examples/plans/presets/*.json --activities examples/activities.jsonl --as-of 2026-11-20T12:00:00Z',
        ],
        { cwd: ROOT, encoding: 'utf8' },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const plan of plans) expect(result.stdout).toContain(`${plan.id}@${plan.version}`);
  });
});
