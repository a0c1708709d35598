/**
 * What the admin's "measure" buttons do (spec section 9: the product helps measure the agreed
 * baselines): `baselineRate` from a past month's cohort, counted by the backend over its ledger;
 * `baselineMinutes` from the mean handling time of a past month's tickets without AI, read from
 * Zendesk in the browser (the ledger keeps only tickets with AI usage). No DOM here.
 * @module
 */
import { NAV_ANSWERS } from '../../../api/schemas/answers.js';
import { measureHandlingMinutes } from '../../../pricing/index.js';
import type { ZafClient } from '../../../zendesk/client.js';
import { handlingTimesWithoutAi } from '../../../zendesk/search.js';
import { parseSettings } from '../../../zendesk/settings.js';
import type { Backend } from '../../sync/backend.js';

export const MEASURED_PATHS = [
  'escalationReduction.baselineRate',
  'timeSaved.baselineMinutes',
] as const;
export type MeasuredPath = (typeof MEASURED_PATHS)[number];

export const isMeasured = (path: string): path is MeasuredPath =>
  (MEASURED_PATHS as readonly string[]).includes(path);

export type Measurement =
  | {
      readonly kind: 'rate';
      readonly month: string;
      readonly value: string;
      readonly tickets: number;
      readonly escalated: number;
    }
  | {
      readonly kind: 'minutes';
      readonly month: string;
      readonly value: string;
      readonly tickets: number;
      readonly withoutTime: number;
      readonly truncated: boolean;
    }
  /** Nothing to measure in that month: no cohort, or no ticket with a recorded time. */
  | { readonly kind: 'empty'; readonly month: string }
  /** The app has no time tracking field set, so there are no handling times to read. */
  | { readonly kind: 'no_field' };

export interface MeasureDeps {
  readonly backend: Backend;
  readonly client: ZafClient;
}

/** The month before `now`'s, `YYYY-MM` (UTC): the default month to measure. */
export function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** A measured decimal as the form shows it: exact, without trailing zeros ("0.400000" → "0.4"). */
export function asFieldValue(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}

export async function measure(
  path: MeasuredPath,
  month: string,
  deps: MeasureDeps,
  windowHours?: string,
): Promise<Measurement> {
  if (path === 'escalationReduction.baselineRate') {
    const params = new URLSearchParams({ month });
    if (windowHours && /^\d+$/.test(windowHours.trim()))
      params.set('windowHours', windowHours.trim());
    const m = await deps.backend.call(
      NAV_ANSWERS['GET /v1/baselines/escalation-rate'],
      `/v1/baselines/escalation-rate?${params}`,
    );
    return m.rate === null
      ? { kind: 'empty', month }
      : { kind: 'rate', month, value: m.rate, tickets: m.tickets, escalated: m.escalated };
  }
  const settings = parseSettings((await deps.client.metadata()).settings ?? {});
  if (settings.timeTrackingFieldId === null) return { kind: 'no_field' };
  const times = await handlingTimesWithoutAi(deps.client, {
    month,
    tagPrefix: settings.tagPrefix,
    fieldId: settings.timeTrackingFieldId,
  });
  const mean = measureHandlingMinutes(times.totals);
  return mean.minutes === null
    ? { kind: 'empty', month }
    : {
        kind: 'minutes',
        month,
        value: mean.minutes,
        tickets: mean.tickets,
        withoutTime: mean.withoutTime,
        truncated: times.truncated,
      };
}
