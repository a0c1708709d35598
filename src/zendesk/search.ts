/**
 * The handling times of a past month's tickets without AI, read from Zendesk itself (the
 * backend's ledger keeps only tickets with AI usage): the tickets solved in the month that do
 * not carry the app's `<prefix>ai_used` tag, through the Export Search Results endpoint (cursor
 * paged, so not held to the 1,000 results of the plain search), each with the value of the
 * time tracking field. Source: Support API "Search", "Export Search Results".
 * @module
 */

import * as z from 'zod/mini';
import {
  DEFAULT_RETRY,
  type RetryPolicy,
  type ZafClient,
  ZendeskRequestError,
  zendeskRequest,
} from './client.js';
import { wholeSeconds } from './mapping.js';

/** Enough for a month of a large help desk; past it the measure says it rests on a sample. */
export const MAX_SEARCH_PAGES = 50;
const PAGE_SIZE = 100;

const exportPageSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      id: z.union([z.number(), z.string()]),
      custom_fields: z.optional(
        z.nullable(
          z.array(z.looseObject({ id: z.union([z.number(), z.string()]), value: z.unknown() })),
        ),
      ),
    }),
  ),
  meta: z.optional(z.looseObject({ has_more: z.optional(z.boolean()) })),
  links: z.optional(z.looseObject({ next: z.optional(z.nullable(z.string())) })),
});

/** `YYYY-MM-DD` of the days around a month: Zendesk's date search compares whole days. */
function daysAround(month: string): { before: string; after: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const lastBefore = new Date(Date.UTC(year, m - 1, 0));
  const firstAfter = new Date(Date.UTC(year, m, 1));
  return {
    before: lastBefore.toISOString().slice(0, 10),
    after: firstAfter.toISOString().slice(0, 10),
  };
}

/** The search query: tickets solved in the month (in the account's time zone), without AI. */
export function withoutAiQuery(month: string, tagPrefix: string): string {
  const { before, after } = daysAround(month);
  return `type:ticket solved>${before} solved<${after} -tags:${tagPrefix}ai_used`;
}

export interface HandlingTimes {
  /** Each ticket's total human seconds, or null where its field holds none. */
  readonly totals: (number | null)[];
  /** True when more tickets matched than MAX_SEARCH_PAGES pages hold. */
  readonly truncated: boolean;
}

export async function handlingTimesWithoutAi(
  client: ZafClient,
  options: { month: string; tagPrefix: string; fieldId: string },
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<HandlingTimes> {
  const params = new URLSearchParams({
    query: withoutAiQuery(options.month, options.tagPrefix),
    'filter[type]': 'ticket',
    'page[size]': String(PAGE_SIZE),
  });
  let url: string | null = `/api/v2/search/export.json?${params}`;
  const totals: (number | null)[] = [];
  for (let pages = 0; url !== null; pages++) {
    if (pages >= MAX_SEARCH_PAGES) return { totals, truncated: true };
    const raw: unknown = await zendeskRequest(client, { url, type: 'GET' }, retry);
    const parsed = z.safeParse(exportPageSchema, raw);
    if (!parsed.success)
      throw new ZendeskRequestError(0, 'failed', 'unexpected search results from Zendesk');
    for (const ticket of parsed.data.results) {
      const field = ticket.custom_fields?.find((f) => String(f.id) === options.fieldId);
      totals.push(field ? wholeSeconds(field.value) : null);
    }
    const next = parsed.data.meta?.has_more ? parsed.data.links?.next : null;
    url = next ? next.replace(/^https?:\/\/[^/]+/, '') : null;
  }
  return { totals, truncated: false };
}
