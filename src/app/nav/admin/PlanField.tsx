/**
 * One field of the plan form: its label, the input its kind calls for, its issue (only once the
 * admin touched it), and an optional adornment beside the input (a helper such as a button that
 * measures the field's value from the account's own tickets).
 * @module
 */
import type { ComponentChildren } from 'preact';
import type { Translator } from '../../i18n/i18n.js';
import { type Field, fieldLabel } from './field-messages.js';

interface Props {
  readonly field: Field;
  readonly value: string;
  readonly issue: string | undefined;
  readonly onInput: (value: string) => void;
  readonly i18n: Translator;
  readonly adornment?: ComponentChildren;
}

export const fieldId = (path: string) => `aicm-f-${path.replace(/\W/g, '-')}`;

export function PlanField({ field, value, issue, onInput, i18n, adornment }: Props) {
  const id = fieldId(field.path);
  const shared = {
    id,
    value,
    'aria-invalid': issue ? ('true' as const) : ('false' as const),
    'aria-describedby': issue ? `${id}-error` : undefined,
  };
  const read = (e: Event) => onInput((e.target as HTMLInputElement).value);
  return (
    <div class="aicm-field" data-field={field.path}>
      <label for={id}>{fieldLabel(field.path, i18n)}</label>
      <div class="aicm-field-input">
        {field.kind === 'boolean' || field.kind === 'choice' ? (
          <select {...shared} onChange={read}>
            <option value="">{i18n.t('nav.admin.notSet')}</option>
            {(field.kind === 'boolean' ? ['true', 'false'] : (field.choices ?? [])).map((c) => (
              <option key={c} value={c}>
                {i18n.t(`nav.admin.choice.${c}`)}
              </option>
            ))}
          </select>
        ) : field.kind === 'json' ? (
          <textarea {...shared} rows={6} onInput={read} />
        ) : (
          <input
            {...shared}
            inputMode={
              ['price', 'count', 'decimal', 'hours'].includes(field.kind) ? 'decimal' : 'text'
            }
            onInput={read}
          />
        )}
        {adornment}
      </div>
      {issue && (
        <span id={`${id}-error`} class="aicm-field-error">
          {issue}
        </span>
      )}
    </div>
  );
}
