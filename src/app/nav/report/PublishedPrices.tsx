/**
 * The replay's choice of vendors' published prices (the presets) to price the same tickets
 * under beside the saved plans, each with the day its figures were read and that a contract
 * may say otherwise. Only presets in the replay's currency are offered, and none that is
 * already a saved plan of the account.
 * @module
 */
import type { Plan } from '../../../pricing/index.js';
import type { Translator } from '../../i18n/i18n.js';
import type { Preset } from '../admin/presets.js';

interface Props {
  readonly presets: readonly Preset[];
  /** The replay's currency, once there is a replay. */
  readonly currency: string | null;
  /** `id@version` of the saved plans the replay already shows. */
  readonly saved: ReadonlySet<string>;
  readonly unsaved: readonly Plan[];
  readonly setUnsaved: (plans: readonly Plan[]) => void;
  readonly i18n: Translator;
}

const refOf = (p: Plan) => `${p.id}@${p.version}`;

export function PublishedPrices({ presets, currency, saved, unsaved, setUnsaved, i18n }: Props) {
  const offered = presets.filter(
    (p) => (currency === null || p.plan.currency === currency) && !saved.has(refOf(p.plan)),
  );
  if (offered.length === 0) return null;
  const chosen = new Set(unsaved.map(refOf));
  const day = (read: string) =>
    new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${read}T00:00:00Z`),
    );
  const toggle = (plan: Plan, on: boolean) =>
    setUnsaved(on ? [...unsaved, plan] : unsaved.filter((p) => refOf(p) !== refOf(plan)));
  return (
    <fieldset class="aicm-published" data-testid="published-prices">
      <legend class="aicm-heading">{i18n.t('nav.replay.published')}</legend>
      {offered.map(({ plan, source }) => (
        <div key={refOf(plan)} class="aicm-published-option">
          <label>
            <input
              type="checkbox"
              value={refOf(plan)}
              checked={chosen.has(refOf(plan))}
              onChange={(e) => toggle(plan, (e.target as HTMLInputElement).checked)}
            />{' '}
            {i18n.t('nav.planVersion', { name: plan.name, version: plan.version })}
          </label>
          <p class="aicm-muted">
            {i18n.t('nav.admin.origin.preset', { vendor: source.vendor, date: day(source.read) })}{' '}
            <a href={source.url} target="_blank" rel="noreferrer noopener">
              {i18n.t('nav.admin.presetSource')}
            </a>
          </p>
        </div>
      ))}
    </fieldset>
  );
}
