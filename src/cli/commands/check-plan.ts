/**
 * `ai-cost check-plan`: validates a plan file and says what it is.
 * @module
 */
import { UsageError } from '../errors.js';
import { readPlan } from '../io.js';
import type { Output } from '../output.js';
import { CHECK_PLAN_USAGE } from '../usage.js';

export function runCheckPlan(argv: string[], out: Output): number {
  const [file, ...extra] = argv;
  if (!file || extra.length > 0 || file.startsWith('--')) throw new UsageError(CHECK_PLAN_USAGE);
  const plan = readPlan(file);
  const tiers = plan.model === 'tiered' ? `, ${plan.tiers.length} tiers` : '';
  out.line(
    `${file}: valid ${plan.model} plan "${plan.id}" version ${plan.version} in ${plan.currency}${tiers}`,
  );
  return 0;
}
