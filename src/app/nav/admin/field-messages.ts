/**
 * The plan form's issues in the admin's words: each issue the core's schema reports is matched
 * to the form field it belongs to and said by that field's kind, in the admin's language,
 * naming the field by its label. The schema's own (developer) message never reaches the page.
 * @module
 */
import type { FieldIssue, FormField } from '../../../pricing/index.js';
import type { Translator } from '../../i18n/i18n.js';

export type FieldKind = FormField['kind'] | 'slug' | 'name' | 'currency';

export interface Field {
  readonly path: string;
  readonly kind: FieldKind;
  readonly choices?: readonly string[];
}

/** The fields every plan has, before its model's. */
export const HEADER_FIELDS: readonly Field[] = [
  { path: 'id', kind: 'slug' },
  { path: 'name', kind: 'name' },
  { path: 'currency', kind: 'currency' },
];

export const fieldLabel = (path: string, i18n: Translator) =>
  i18n.t(`nav.admin.field.${path.replace(/\./g, '_')}`);

/** The field an issue is about: its own path, or the field whose JSON holds the issue's path. */
export function fieldOf(issue: FieldIssue, fields: readonly Field[]): Field | null {
  return (
    fields.find(
      (f) =>
        issue.field === f.path ||
        issue.field.startsWith(`${f.path}.`) ||
        issue.field.startsWith(`${f.path}[`),
    ) ?? null
  );
}

function entryOf(path: string, inner: string, i18n: Translator): string {
  const tier = /^\[(\d+)\]/.exec(inner);
  if (path === 'tiers' && tier) return i18n.t('nav.admin.issue.tier', { n: Number(tier[1]) + 1 });
  return i18n.t('nav.admin.issue.key', { key: inner.replace(/^[.[]/, '').replace(/\]$/, '') });
}

/** What to tell the admin about an issue of this field, given what they typed in it. */
export function messageFor(
  issue: FieldIssue,
  field: Field | null,
  raw: string,
  i18n: Translator,
): string {
  if (!field) return i18n.t('nav.admin.issue.plan');
  const label = fieldLabel(field.path, i18n);
  if (raw.trim() === '') return i18n.t('nav.admin.issue.required', { field: label });
  if (field.kind === 'json') {
    try {
      JSON.parse(raw);
    } catch {
      return i18n.t('nav.admin.issue.json', { field: label });
    }
    const inner = issue.field.slice(field.path.length);
    return inner
      ? i18n.t('nav.admin.issue.jsonEntry', {
          field: label,
          entry: entryOf(field.path, inner, i18n),
        })
      : i18n.t('nav.admin.issue.jsonShape', { field: label });
  }
  // A rate (0 to 1) is a decimal with a bound of its own.
  const kind = field.kind === 'decimal' && field.path.endsWith('Rate') ? 'rate' : field.kind;
  return i18n.t(`nav.admin.issue.${kind}`, { field: label });
}
