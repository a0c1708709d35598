/**
 * The warning that a ticket's running cost has reached the installation's cost threshold
 * (provisional charges included: what the ticket will cost if they confirm).
 * @module
 */
import { formatUnitPrice } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';

export function ThresholdWarning({
  threshold,
  currency,
  i18n,
}: {
  threshold: string;
  currency: string;
  i18n: Translator;
}) {
  return (
    <p class="aicm-note aicm-note-warning" role="alert" data-testid="over-threshold">
      {i18n.t('sidebar.overThreshold', {
        threshold: formatUnitPrice(threshold, currency, i18n.locale),
      })}
    </p>
  );
}
