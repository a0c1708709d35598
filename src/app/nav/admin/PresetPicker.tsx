/**
 * Where a plan starts: a blank one, or a vendor's published price (a preset), with where and
 * when that price was read, and that a contract may say otherwise.
 * @module
 */
import type { Translator } from '../../i18n/i18n.js';
import type { Preset } from './presets.js';
import type { Admin } from './use-admin.js';

export function PresetPicker({
  admin,
  presets,
  i18n,
}: {
  admin: Admin;
  presets: readonly Preset[];
  i18n: Translator;
}) {
  const origin = admin.draft.origin;
  const chosen =
    origin.kind === 'preset' ? presets.find((p) => p.source.url === origin.url) : undefined;
  return (
    <div class="aicm-field">
      <label for="aicm-start">{i18n.t('nav.admin.startFrom')}</label>
      <select
        id="aicm-start"
        value={chosen?.plan.id ?? ''}
        onChange={(e) => {
          const id = (e.target as HTMLSelectElement).value;
          admin.startFrom(presets.find((p) => p.plan.id === id) ?? null);
        }}
      >
        <option value="">{i18n.t('nav.admin.blankPlan')}</option>
        {presets.map((p) => (
          <option key={p.plan.id} value={p.plan.id}>
            {i18n.t('nav.admin.presetOption', { vendor: p.source.vendor, name: p.plan.name })}
          </option>
        ))}
      </select>
      {origin.kind === 'preset' && (
        <p class="aicm-muted" data-testid="preset-source">
          {i18n.t('nav.admin.origin.preset', {
            vendor: origin.vendor,
            date: new Intl.DateTimeFormat(i18n.locale, {
              dateStyle: 'long',
              timeZone: 'UTC',
            }).format(new Date(`${origin.read}T00:00:00Z`)),
          })}{' '}
          <a href={origin.url} target="_blank" rel="noreferrer noopener">
            {i18n.t('nav.admin.presetSource')}
          </a>
        </p>
      )}
    </div>
  );
}
