/**
 * Vendors' published rate cards as ready plans (examples/plans/presets/), each with where its
 * figures were read and when (presets/sources.jsonc), checked by the core's schema like any
 * plan: the admin starts from one and the page says it is a published price, not a contract.
 * @module
 */
import * as z from 'zod/mini';
import sourcesText from '../../../../examples/plans/presets/sources.jsonc?raw';
import { type Plan, parsePlan } from '../../../pricing/index.js';

export interface PresetSource {
  readonly vendor: string;
  readonly url: string;
  /** The day the figures were read on the vendor's page, YYYY-MM-DD. */
  readonly read: string;
  readonly confirms: readonly string[];
}

export interface Preset {
  readonly plan: Plan;
  readonly source: PresetSource;
}

const Sources = z.record(
  z.string(),
  z.object({
    vendor: z.string(),
    url: z.string().check(z.regex(/^https:\/\//)),
    read: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    confirms: z.array(z.string()),
  }),
);

const files = import.meta.glob<{ default: unknown }>('../../../../examples/plans/presets/*.json', {
  eager: true,
});

/** Every preset with its source; a plan without one is not offered (nothing vouches for it). */
export function loadPresets(): Preset[] {
  const sources = z.parse(Sources, JSON.parse(sourcesText));
  return Object.values(files)
    .map((f) => parsePlan(f.default))
    .flatMap((plan) => {
      const source = sources[plan.id];
      return source ? [{ plan, source }] : [];
    })
    .sort((a, b) => a.plan.name.localeCompare(b.plan.name));
}
