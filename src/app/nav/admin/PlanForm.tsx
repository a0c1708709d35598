/**
 * The plan form: where the draft came from, the fields every plan has, the model's own fields,
 * when it takes effect, and the two actions. The actions wait until the plan is complete, and a
 * plain note says which fields it still needs; an issue shows only on a field the admin touched.
 * @module
 */
import type { ComponentChildren } from 'preact';
import { MODELS, type Model } from '../../../pricing/index.js';
import type { Translator } from '../../i18n/i18n.js';
import { formatList } from '../../i18n/numbers.js';
import { MODEL_FIELDS } from '../plan-form.js';
import { type Header, withHeader, withValue } from './draft.js';
import { HEADER_FIELDS } from './field-messages.js';
import { PlanField } from './PlanField.js';
import type { Admin } from './use-admin.js';

interface Props {
  readonly admin: Admin;
  readonly i18n: Translator;
  /** Per field path, something to show beside that field's input. */
  readonly adornments?: Readonly<Record<string, ComponentChildren>>;
  /** Above the fields: where to start from (a new plan, a preset). */
  readonly start?: ComponentChildren;
}

export function PlanForm({ admin, i18n, adornments = {}, start }: Props) {
  const { draft, setDraft, checked } = admin;
  const origin = draft.origin;
  const plan =
    origin.kind === 'edit' || origin.kind === 'duplicate' ? `${origin.id}@${origin.version}` : '';
  return (
    <form class="aicm-form" onSubmit={(e) => e.preventDefault()} data-origin={origin.kind}>
      {start}
      {origin.kind !== 'new' && origin.kind !== 'preset' && (
        <p class="aicm-muted" data-testid="draft-origin">
          {i18n.t(`nav.admin.origin.${origin.kind}`, { plan })}
        </p>
      )}
      {HEADER_FIELDS.map((f) => (
        <PlanField
          key={f.path}
          field={f}
          value={draft.header[f.path as keyof Header]}
          issue={checked.messages.get(f.path)}
          onInput={(v) => setDraft((d) => withHeader(d, f.path as keyof Header, v))}
          i18n={i18n}
          adornment={adornments[f.path]}
        />
      ))}
      <div class="aicm-field">
        <label for="aicm-model">{i18n.t('nav.admin.field.model')}</label>
        <select
          id="aicm-model"
          value={draft.header.model}
          onChange={(e) =>
            setDraft((d) => withHeader(d, 'model', (e.target as HTMLSelectElement).value as Model))
          }
        >
          {MODELS.map((m) => (
            <option key={m} value={m}>
              {i18n.t(`nav.admin.model.${m}`)}
            </option>
          ))}
        </select>
      </div>
      {MODEL_FIELDS[draft.header.model].map((f) => (
        <PlanField
          key={f.path}
          field={f}
          value={draft.values[f.path] ?? ''}
          issue={checked.messages.get(f.path)}
          onInput={(v) => setDraft((d) => withValue(d, f.path, v))}
          i18n={i18n}
          adornment={adornments[f.path]}
        />
      ))}
      {checked.general.length > 0 && (
        <p class="aicm-field-error" role="alert">
          {checked.general.join(' ')}
        </p>
      )}
      <div class="aicm-field">
        <label for="aicm-from">{i18n.t('nav.admin.effectiveFrom')}</label>
        <input
          id="aicm-from"
          type="datetime-local"
          value={admin.from}
          onInput={(e) => admin.setFrom((e.target as HTMLInputElement).value)}
        />
      </div>
      {!checked.plan && checked.missing.length > 0 && (
        <p class="aicm-muted" data-testid="missing">
          {i18n.t('nav.admin.stillNeeded', { fields: formatList(checked.missing, i18n.locale) })}
        </p>
      )}
      <div class="aicm-actions">
        <button
          type="button"
          class="aicm-button"
          disabled={!checked.plan}
          onClick={() => void admin.runPreview()}
        >
          {i18n.t('nav.admin.preview')}
        </button>
        <button
          type="button"
          class="aicm-button aicm-button-primary"
          disabled={!checked.plan}
          onClick={() => void admin.activate()}
        >
          {i18n.t('nav.admin.activate')}
        </button>
      </div>
    </form>
  );
}
