/**
 * The app's installation settings (the manifest's parameters), validated once. A mistake an
 * admin can fix is reported with the setting's name, never as a wrong number.
 * @module
 */
import * as z from 'zod/mini';
import { isThreshold } from '../pricing/budget/threshold.js';
import { type Plan, PricingInputError, parsePlan, toFieldIssues } from '../pricing/index.js';

export interface AppSettings {
  readonly backendUrl: string | null;
  readonly aiAgentUserIds: ReadonlySet<string>;
  readonly handoffTag: string;
  readonly tagPrefix: string;
  readonly csatGoodThreshold: number;
  /** The ticket field that holds the total human handling time in seconds, or null. */
  readonly timeTrackingFieldId: string | null;
  readonly defaultPlan: Plan | null;
  /** What agents call each AI tool (tool id → label); tools not named here are humanised. */
  readonly toolNames: ReadonlyMap<string, string>;
  /** The per-ticket cost threshold in the plan's currency (a decimal string), or null: off. */
  readonly costThreshold: string | null;
}

const text = (fallback: string) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((s: string | undefined) => (s?.trim() ? s.trim() : fallback)),
  );

const settingsSchema = z.object({
  backend_url: z
    .pipe(
      z.optional(z.string()),
      z.transform((s: string | undefined) => (s?.trim() ? s.trim().replace(/\/+$/, '') : null)),
    )
    .check(
      z.refine((s: string | null) => s === null || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(s), {
        error: 'expected an http(s) URL',
      }),
    ),
  ai_agent_user_ids: z
    .pipe(
      z.optional(z.union([z.string(), z.number()])),
      z.transform((s: string | number | undefined) =>
        String(s ?? '')
          .split(/[\s,]+/)
          .filter(Boolean),
      ),
    )
    .check(
      z.refine((ids: string[]) => ids.every((id) => /^\d+$/.test(id)), {
        error: 'expected Zendesk user ids separated by commas',
      }),
    ),
  handoff_tag: text('ai_handoff').check(
    z.refine((t: string) => /^[^\s,]+$/.test(t), { error: 'expected one tag without spaces' }),
  ),
  tag_prefix: text('aicm_').check(
    z.refine((t: string) => /^[a-z0-9_:-]{1,20}$/.test(t), {
      error: 'expected up to 20 of a-z, 0-9, _, : and -',
    }),
  ),
  csat_good_threshold: z._default(
    z.coerce.number({ error: 'expected a number from 1 to 5' }).check(
      z.refine((n: number) => Number.isInteger(n), {
        error: 'expected a whole number from 1 to 5',
      }),
      z.gte(1, { error: 'expected a number from 1 to 5' }),
      z.lte(5, { error: 'expected a number from 1 to 5' }),
    ),
    4,
  ),
  time_tracking_field_id: z
    .pipe(
      z.optional(z.union([z.string(), z.number()])),
      z.transform((s: string | number | undefined) => String(s ?? '').trim() || null),
    )
    .check(
      z.refine((s: string | null) => s === null || /^\d{1,20}$/.test(s), {
        error: 'expected the id of a ticket field (digits), or leave it empty',
      }),
    ),
  cost_threshold: z
    .pipe(
      z.optional(z.union([z.string(), z.number()])),
      z.transform((s: string | number | undefined) => String(s ?? '').trim() || null),
    )
    .check(
      z.refine((s: string | null) => s === null || isThreshold(s), {
        error: 'expected an amount above 0 such as 25.00, or leave it empty',
      }),
    ),
  default_plan: z.optional(z.string()),
  tool_names: z.optional(z.string()),
});

// A label is what an agent reads beside a charge: short, printable, one line.
const toolNamesSchema = z.record(
  z.string().check(z.regex(/^[^\s]{1,256}$/, { error: 'expected a tool id without spaces' })),
  z.string().check(
    z.trim(),
    z.minLength(1, { error: 'expected a label' }),
    z.maxLength(80, { error: 'expected a label of at most 80 characters' }),
    z.refine((s: string) => !/[\p{Cc}]/u.test(s), { error: 'expected a label on one line' }),
  ),
);

function parseToolNames(raw: string | undefined): Map<string, string> {
  if (!raw?.trim()) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new SettingsError('tool_names', 'expected JSON such as {"order_lookup": "Order lookup"}');
  }
  const parsed = z.safeParse(toolNamesSchema, json);
  if (!parsed.success) {
    const first = toFieldIssues(parsed.error)[0]!;
    throw new SettingsError(
      'tool_names',
      first.field
        ? `${first.field}: ${first.message}`
        : 'expected a JSON object of tool id → label',
    );
  }
  return new Map(Object.entries(parsed.data));
}

export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'SettingsError';
  }
}

export function parseSettings(raw: Record<string, unknown>): AppSettings {
  // Zendesk hands settings over as strings or null; null means "not set".
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== ''));
  const parsed = z.safeParse(settingsSchema, present);
  if (!parsed.success) {
    const first = toFieldIssues(parsed.error)[0]!;
    throw new SettingsError(first.field, first.message);
  }
  let defaultPlan: Plan | null = null;
  if (parsed.data.default_plan?.trim()) {
    try {
      defaultPlan = parsePlan(JSON.parse(parsed.data.default_plan));
    } catch (error) {
      const detail = error instanceof PricingInputError ? error.message : 'not valid JSON';
      throw new SettingsError('default_plan', detail);
    }
  }
  return {
    backendUrl: parsed.data.backend_url,
    aiAgentUserIds: new Set(parsed.data.ai_agent_user_ids),
    handoffTag: parsed.data.handoff_tag,
    tagPrefix: parsed.data.tag_prefix,
    csatGoodThreshold: parsed.data.csat_good_threshold,
    timeTrackingFieldId: parsed.data.time_tracking_field_id,
    defaultPlan,
    toolNames: parseToolNames(parsed.data.tool_names),
    costThreshold: parsed.data.cost_threshold,
  };
}
