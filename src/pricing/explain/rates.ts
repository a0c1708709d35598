/**
 * Where a line's rate comes from in its plan: the field an admin would change to change it.
 * @module
 */
import type { FlatPlanBody } from '../schema/plan.js';

/** The plan field behind a line's unit price, e.g. `toolRates.order_lookup` or `rates.tool_call`. */
export function rateSource(body: FlatPlanBody, code: string): string {
  const [kind, tool] = code.split(':') as [string, string | undefined];
  switch (body.model) {
    case 'usage': {
      if (tool !== undefined) {
        if (body.toolRates?.[tool] !== undefined) return `toolRates.${tool}`;
        return orDefault(`rates.${kind}`, body.rates[kind as 'tool_call' | 'api_call']);
      }
      const field = kind === 'processing' ? 'processing_minute' : 'conversation';
      return orDefault(`rates.${field}`, body.rates[field]);
    }
    case 'outcome':
      return kind === 'assisted'
        ? orDefault('assistedPrice', body.assistedPrice)
        : 'pricePerResolution';
    case 'credits':
      return kind === 'credits_prepaid' ? 'creditPrice' : 'overagePrice';
    case 'base_plus_performance':
      switch (kind) {
        case 'resolution':
          return 'perResolution';
        case 'assisted':
          return orDefault('perAssisted', body.perAssisted);
        case 'csat_bonus':
          return 'csatBonus.amount';
        case 'time_saved':
          return 'timeSaved.pricePerHour';
        case 'base_fee_share':
          return 'baseFee';
        default:
          return 'escalationReduction.pricePerPoint';
      }
  }
}

function orDefault(field: string, value: string | undefined): string {
  return value === undefined ? `${field} (not set: 0)` : field;
}
