/**
 * The plan the admin is writing, as data: its fields, which of them the admin has touched, and
 * the saved version it started from. Pure: every change returns a new draft. An issue shows
 * only on a field the admin has touched, or on every field once they tried to use the plan, so
 * the form never opens with an error.
 * @module
 */
import type { Model, Plan } from '../../../pricing/index.js';
import type { Translator } from '../../i18n/i18n.js';
import { type FormValues, MODEL_FIELDS, planFromForm, valuesOfPlan } from '../plan-form.js';
import { type Field, fieldLabel, fieldOf, HEADER_FIELDS, messageFor } from './field-messages.js';

export interface Header {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly model: Model;
}

export interface Draft {
  readonly header: Header;
  readonly values: FormValues;
  readonly touched: ReadonlySet<string>;
  /** Whether the admin tried to preview or activate it: then every issue shows. */
  readonly attempted: boolean;
  /** Where it came from: a new plan, a new version of a saved plan, a copy, or a preset. */
  readonly origin:
    | { readonly kind: 'new' }
    | { readonly kind: 'edit' | 'duplicate'; readonly id: string; readonly version: number }
    | {
        readonly kind: 'preset';
        readonly vendor: string;
        readonly url: string;
        /** The day its figures were read on the vendor's page. */
        readonly read: string;
      };
}

export function newDraft(i18n: Translator): Draft {
  return {
    header: {
      id: i18n.t('nav.admin.default.id'),
      name: i18n.t('nav.admin.default.name'),
      currency: 'USD',
      model: 'outcome',
    },
    values: {},
    touched: new Set(),
    attempted: false,
    origin: { kind: 'new' },
  };
}

/** An id not taken yet: `fin`, then `fin-2`, `fin-3`… */
export function freeId(id: string, taken: readonly string[]): string {
  const base = id.replace(/-\d+$/, '');
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`.slice(0, 64);
    if (!taken.includes(candidate)) return candidate;
  }
}

/**
 * A saved plan opened into the form. Edit keeps its id (saving makes its next version);
 * duplicate gives it a free id and a name of its own (saving makes a new plan).
 */
export function draftFromPlan(
  plan: Plan,
  mode: 'edit' | 'duplicate',
  i18n: Translator,
  takenIds: readonly string[] = [],
): Draft {
  const copy = mode === 'duplicate';
  return {
    header: {
      id: copy ? freeId(plan.id, takenIds) : plan.id,
      name: copy ? i18n.t('nav.admin.copyOf', { name: plan.name }) : plan.name,
      currency: plan.currency,
      model: plan.model,
    },
    values: valuesOfPlan(plan),
    touched: new Set(),
    attempted: false,
    origin: { kind: mode, id: plan.id, version: plan.version },
  };
}

/** A vendor's published plan opened into the form, under its own id unless that is taken. */
export function draftFromPreset(
  preset: { plan: Plan; source: { vendor: string; url: string; read: string } },
  i18n: Translator,
  takenIds: readonly string[] = [],
): Draft {
  const { plan, source } = preset;
  const draft = draftFromPlan(plan, 'edit', i18n);
  return {
    ...draft,
    header: {
      ...draft.header,
      id: takenIds.includes(plan.id) ? freeId(plan.id, takenIds) : plan.id,
    },
    origin: { kind: 'preset', vendor: source.vendor, url: source.url, read: source.read },
  };
}

export const withHeader = (draft: Draft, key: keyof Header, value: string): Draft => ({
  ...draft,
  header: { ...draft.header, [key]: key === 'currency' ? value.toUpperCase() : value },
  touched: new Set([...draft.touched, key]),
});

export const withValue = (draft: Draft, path: string, value: string): Draft => ({
  ...draft,
  values: { ...draft.values, [path]: value },
  touched: new Set([...draft.touched, path]),
});

export const attempted = (draft: Draft): Draft => ({ ...draft, attempted: true });

export const fieldsOf = (draft: Draft): readonly Field[] => [
  ...HEADER_FIELDS,
  ...MODEL_FIELDS[draft.header.model],
];

export interface Checked {
  readonly plan: Plan | null;
  /** What to say under each field, by its path: only where the admin should see it now. */
  readonly messages: ReadonlyMap<string, string>;
  /** Issues of the plan as a whole (no one field), shown once the admin tried to use it. */
  readonly general: readonly string[];
  /** The labels of the empty fields the plan still needs: a hint, never an error. */
  readonly missing: readonly string[];
}

export function checkDraft(draft: Draft, i18n: Translator): Checked {
  const result = planFromForm(draft.header, draft.values);
  const fields = fieldsOf(draft);
  const messages = new Map<string, string>();
  const general: string[] = [];
  const missing: string[] = [];
  for (const issue of result.issues) {
    const field = fieldOf(issue, fields);
    const raw = field
      ? ((draft.header as unknown as Record<string, string>)[field.path] ??
        draft.values[field.path] ??
        '')
      : '';
    const message = messageFor(issue, field, raw, i18n);
    const label = field && fieldLabel(field.path, i18n);
    if (label && raw.trim() === '' && !missing.includes(label)) missing.push(label);
    if (!field) {
      if (draft.attempted && !general.includes(message)) general.push(message);
    } else if ((draft.attempted || draft.touched.has(field.path)) && !messages.has(field.path)) {
      messages.set(field.path, message);
    }
  }
  return { plan: result.plan, messages, general, missing };
}
