/**
 * The admin's plan form as data: the fields of each model, and the plan they make, checked by
 * the core's own schema as the admin types (so the form refuses exactly what pricing refuses).
 * @module
 */
import {
  type FieldIssue,
  type Model,
  type Plan,
  PricingInputError,
  parsePlan,
} from '../../pricing/index.js';

export interface FormField {
  /** The path in the plan, dotted: `rates.conversation`. */
  readonly path: string;
  readonly kind: 'price' | 'count' | 'json';
}

export const MODEL_FIELDS: Readonly<Record<Model, readonly FormField[]>> = {
  usage: [
    { path: 'rates.conversation', kind: 'price' },
    { path: 'rates.processing_minute', kind: 'price' },
    { path: 'rates.tool_call', kind: 'price' },
    { path: 'rates.api_call', kind: 'price' },
  ],
  outcome: [
    { path: 'pricePerResolution', kind: 'price' },
    { path: 'assistedPrice', kind: 'price' },
  ],
  credits: [
    { path: 'creditPrice', kind: 'price' },
    { path: 'prepaidCredits', kind: 'count' },
    { path: 'overagePrice', kind: 'price' },
    { path: 'burn.conversation', kind: 'count' },
    { path: 'burn.tool_call', kind: 'count' },
    { path: 'burn.api_call', kind: 'count' },
    { path: 'burn.processing_minute', kind: 'count' },
    { path: 'burn.resolution', kind: 'count' },
  ],
  base_plus_performance: [
    { path: 'baseFee', kind: 'price' },
    { path: 'perResolution', kind: 'price' },
    { path: 'perAssisted', kind: 'price' },
  ],
  tiered: [{ path: 'tiers', kind: 'json' }],
};

export type FormValues = Record<string, string>;

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

/** The plan the form describes, or the issues that stop it, each naming its field. */
export function planFromForm(
  header: { id: string; name: string; currency: string; model: Model },
  values: FormValues,
): { plan: Plan; issues: [] } | { plan: null; issues: FieldIssue[] } {
  const body: Record<string, unknown> = { ...header, version: 1 };
  if (header.model === 'credits') body.burn = {};
  for (const field of MODEL_FIELDS[header.model]) {
    const raw = values[field.path]?.trim() ?? '';
    if (raw === '') continue;
    if (field.kind === 'json') {
      try {
        setPath(body, field.path, JSON.parse(raw));
      } catch {
        return { plan: null, issues: [{ field: field.path, message: 'not valid JSON' }] };
      }
    } else if (field.kind === 'count' && /^\d+$/.test(raw)) {
      setPath(body, field.path, Number(raw));
    } else {
      setPath(body, field.path, raw);
    }
  }
  try {
    return { plan: parsePlan(body), issues: [] };
  } catch (error) {
    if (error instanceof PricingInputError) return { plan: null, issues: [...error.issues] };
    throw error;
  }
}
