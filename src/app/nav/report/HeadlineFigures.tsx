/**
 * The headline figures, each with the previous period's value and the change, its direction
 * in words and by arrow, and whether that is good news (a higher cost is not).
 * @module
 */
import { formatMoney } from '../../i18n/format.js';
import type { Translator } from '../../i18n/i18n.js';
import { formatCount, formatPercent, formatPoints } from '../../i18n/numbers.js';
import type { Headline } from '../totals.js';
import { type Change, changeOf, FIGURES, RISE_IS_GOOD } from './change.js';

const ARROW = { up: '▲', down: '▼', same: '=', none: '' } as const;

function value(kind: Change['kind'], v: string | null, currency: string, locale: string) {
  if (v === null) return '—';
  if (kind === 'money') return formatMoney(v, currency, locale);
  if (kind === 'rate') return formatPercent(v, locale);
  return formatCount(v, locale);
}

/** The size of the change, without its sign: the words say which way. */
function delta(c: Change, currency: string, i18n: Translator): string {
  const { locale } = i18n;
  if (c.delta === null) return '';
  const size = c.delta.replace(/^-/, '');
  if (c.kind === 'money') return formatMoney(size, currency, locale);
  if (c.kind === 'rate') return i18n.t('nav.change.points', { n: formatPoints(size, locale) });
  return formatCount(size, locale);
}

interface Props {
  readonly current: Headline;
  readonly previous: Headline | null;
  readonly credited: string | null;
  readonly i18n: Translator;
}

export function HeadlineFigures({ current, previous, credited, i18n }: Props) {
  const { locale } = i18n;
  const currency = current.currency;
  return (
    <dl class="aicm-headline" data-testid="headline">
      {FIGURES.map((figure) => {
        const c = changeOf(figure, current, previous);
        const good =
          c.direction === 'same' || c.direction === 'none'
            ? null
            : (c.direction === 'up') === RISE_IS_GOOD[figure];
        return (
          <div key={figure} class="aicm-figure" data-figure={figure} data-direction={c.direction}>
            <dt>{i18n.t(`nav.figure.${figure}`)}</dt>
            <dd>
              <span class="aicm-figure-value">{value(c.kind, c.now, currency, locale)}</span>
              {figure === 'confirmed' && credited !== null && (
                // Credited apart: the confirmed cost is what was billed, the credit what the
                // vendor gave back on accepted disputes.
                <span class="aicm-credited" data-testid="credited" data-amount={credited}>
                  {i18n.t('nav.disputes.credited', {
                    amount: formatMoney(credited, currency, locale),
                  })}
                </span>
              )}
              <span
                class={`aicm-change ${good === null ? '' : good ? 'aicm-change-good' : 'aicm-change-bad'}`}
                data-delta={c.delta ?? ''}
              >
                {c.direction === 'none'
                  ? i18n.t('nav.change.none', { before: value(c.kind, c.before, currency, locale) })
                  : [
                      <span key="arrow" aria-hidden="true">
                        {ARROW[c.direction]}{' '}
                      </span>,
                      i18n.t(`nav.change.${c.direction}`, {
                        delta: delta(c, currency, i18n),
                        before: value(c.kind, c.before, currency, locale),
                      }),
                    ]}
              </span>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
