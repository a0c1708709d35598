/**
 * What a line and a tool are called on screen: tools by the `tool_names` setting or their id in
 * words, quantities with their unit and at most 2 decimals.
 * @module
 */
import { formatQuantity } from '../i18n/format.js';
import type { Translator } from '../i18n/i18n.js';

/** `order_lookup` → "Order lookup": an id an admin did not name, in words. */
export function humaniseTool(id: string): string {
  const words = id
    .replace(/[_\-.]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : id;
}

export function toolLabel(id: string, names: ReadonlyMap<string, string>): string {
  return names.get(id) ?? humaniseTool(id);
}

export function lineLabel(code: string, i18n: Translator, names: ReadonlyMap<string, string>) {
  const [kind, tool] = code.split(':');
  return i18n.t(`sidebar.lineCode.${kind}`, { tool: tool ? toolLabel(tool, names) : '' });
}

/** The unit each line's quantity counts. */
const UNIT: Record<string, string> = {
  conversation: 'conversation',
  processing: 'minute',
  tool_call: 'call',
  api_call: 'call',
  resolution: 'resolution',
  assisted: 'ticket',
  credits_prepaid: 'credit',
  credits_overage: 'credit',
  csat_bonus: 'rating',
  time_saved: 'hour',
  base_fee_share: 'share',
  escalation_reduction_share: 'share',
};

/** "2 calls", "0.71 minutes": the locale's plural of the line's unit. */
export function quantityWithUnit(code: string, quantity: string, i18n: Translator): string {
  const unit = UNIT[code.split(':')[0]!] ?? 'unit';
  const n = formatQuantity(quantity, i18n.locale);
  // Only the plural category is read from a float, as shown (2 decimals); the number shown is
  // formatted from the exact string.
  const category = new Intl.PluralRules(i18n.locale, { maximumFractionDigits: 2 }).select(
    Number(quantity),
  );
  const key = `sidebar.unit.${unit}.${category}`;
  const text = i18n.t(key, { n });
  return text === key ? i18n.t(`sidebar.unit.${unit}.other`, { n }) : text;
}
