/**
 * The credit pool of a credits plan on the report page: the credits left, the share drained as
 * a bar with marks at the 80 and 100 % alerts, and the day it ran out or, at the completed
 * days' mean burn, will run out.
 * @module
 */
import type { CreditPoolView } from '../../api/budgets.js';
import { formatDecimal } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';

/** A day (YYYY-MM-DD) in the locale's words; the day itself, not an instant in a zone. */
function dayText(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export function CreditPool({ pool, i18n }: { pool: CreditPoolView; i18n: Translator }) {
  const n = (v: string) => formatDecimal(v, i18n.locale);
  const summary = i18n.t('nav.budgets.creditPool.summary', {
    remaining: n(pool.remaining),
    credits: n(pool.credits),
    percent: pool.percentDrained,
  });
  const end = pool.exhaustsOn
    ? i18n.t(
        pool.exhausted ? 'nav.budgets.creditPool.exhausted' : 'nav.budgets.creditPool.exhausts',
        {
          date: dayText(pool.exhaustsOn, i18n.locale),
        },
      )
    : i18n.t('nav.budgets.creditPool.lasts');
  // The bar stops at its end: past the pool, credits are overage and the share says so.
  const width = `${Math.min(100, Number(pool.percentDrained))}%`;
  return (
    <figure
      class="aicm-budget"
      data-testid="credit-pool"
      data-percent={pool.percentDrained}
      data-exhausts={pool.exhaustsOn ?? ''}
    >
      <h3 class="aicm-subheading">{i18n.t('nav.budgets.creditPool.title', { plan: pool.plan })}</h3>
      <div class="aicm-budget-bar" role="img" aria-label={`${summary} ${end}`}>
        <span class="aicm-budget-confirmed" style={{ width }} />
        {[80, 100].map((m) => (
          <span key={m} class="aicm-budget-mark" style={{ left: `${m}%` }}>
            {m} %
          </span>
        ))}
      </div>
      <figcaption>
        {summary} {end}
      </figcaption>
    </figure>
  );
}
