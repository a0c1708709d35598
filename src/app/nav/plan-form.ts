/**
 * The admin's plan form as data: the fields of each model (from the core's registry, so a new
 * field or model appears here by itself), and the plan they make, checked by the core's own
 * schema as the admin types (so the form refuses exactly what pricing refuses).
 * @module
 */
import {
  type FieldIssue,
  type FormField,
  MODELS,
  type Model,
  type Plan,
  PricingInputError,
  parsePlan,
} from '../../pricing/index.js';
// Not through the index: only this page carries the form (see models/fields.ts).
import { modelFields } from '../../pricing/models/fields.js';

/** Each model's form, from the core's registry. */
export const MODEL_FIELDS: Readonly<Record<Model, readonly FormField[]>> = Object.fromEntries(
  MODELS.map((m) => [m, modelFields(m)]),
) as Record<Model, readonly FormField[]>;

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
    } else if ((field.kind === 'count' || field.kind === 'hours') && /^\d+(\.\d+)?$/.test(raw)) {
      // Counts and hours are JSON numbers in a plan (a count may also be a decimal string).
      setPath(body, field.path, field.kind === 'count' && raw.includes('.') ? raw : Number(raw));
    } else if (field.kind === 'boolean') {
      setPath(body, field.path, raw === 'true');
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

/**
 * The form's values for a saved plan: each field the plan sets, written as the admin would type
 * it (objects the form edits as JSON, indented). `planFromForm` reads them back into the plan.
 */
export function valuesOfPlan(plan: Plan): FormValues {
  const values: FormValues = {};
  for (const field of MODEL_FIELDS[plan.model]) {
    let node: unknown = plan;
    for (const part of field.path.split('.'))
      node = (node as Record<string, unknown> | undefined)?.[part];
    if (node === undefined) continue;
    values[field.path] = typeof node === 'object' ? JSON.stringify(node, null, 2) : String(node);
  }
  return values;
}
