/**
 * Zendesk's Export Search Results endpoint (`GET /api/v2/search/export.json`), answered from the
 * workspace's fixtures in its documented shape: `results`, `meta.has_more` and
 * `meta.after_cursor`, `links.next`, cursor pages of `page[size]`, and `filter[type]` required.
 * Zendesk's query language is large; this answers the part the app sends (`type:ticket`,
 * `solved>DAY`, `solved<DAY`, `tags:` and `-tags:`) and refuses any other term with Zendesk's
 * 400, so a query the emulation does not understand fails loudly instead of matching wrongly.
 * Days compare in UTC (Zendesk uses the account's time zone; the fixtures' account is in UTC).
 * @module
 */
import type { Context } from 'hono';
import type { FixtureTicket, WorkspaceStore } from './fixtures.js';

type Term =
  | { kind: 'type'; value: string }
  | { kind: 'solvedAfter' | 'solvedBefore'; day: string }
  | { kind: 'tag'; tag: string; negated: boolean };

/** One word of a query as a term, or null for a word this emulation does not answer. */
function termOf(word: string): Term | null {
  const type = /^type:(\w+)$/.exec(word);
  if (type) return { kind: 'type', value: type[1]! };
  const solved = /^solved([<>])(\d{4}-\d{2}-\d{2})$/.exec(word);
  if (solved) return { kind: solved[1] === '>' ? 'solvedAfter' : 'solvedBefore', day: solved[2]! };
  const tag = /^(-?)tags:(\S+)$/.exec(word);
  if (tag) return { kind: 'tag', tag: tag[2]!, negated: tag[1] === '-' };
  return null;
}

function parseQuery(query: string): Term[] | null {
  const terms = query.trim().split(/\s+/).map(termOf);
  return terms.every((t) => t !== null) ? (terms as Term[]) : null;
}

/** The day (UTC) the ticket last became solved, as Zendesk's `solved` keyword reads it. */
function solvedDay(t: FixtureTicket): string | null {
  if (t.ticket.status !== 'solved' && t.ticket.status !== 'closed') return null;
  for (const audit of [...t.audits].reverse()) {
    const solve = audit.events.some(
      (e) => e.type === 'Change' && e.field_name === 'status' && e.value === 'solved',
    );
    if (solve) return audit.created_at.slice(0, 10);
  }
  return null;
}

function matches(t: FixtureTicket, terms: readonly Term[]): boolean {
  const day = solvedDay(t);
  return terms.every((term) => {
    switch (term.kind) {
      case 'type':
        return term.value === 'ticket';
      case 'solvedAfter':
        return day !== null && day > term.day;
      case 'solvedBefore':
        return day !== null && day < term.day;
      default:
        return t.ticket.tags.includes(term.tag) !== term.negated;
    }
  });
}

/** The ticket's custom fields as Zendesk lists them: each numeric field's latest audit value. */
function customFields(t: FixtureTicket): { id: number; value: unknown }[] {
  const values = new Map<string, unknown>();
  for (const audit of t.audits)
    for (const e of audit.events)
      if ((e.type === 'Create' || e.type === 'Change') && /^\d+$/.test(String(e.field_name)))
        values.set(String(e.field_name), e.value);
  return [...values].map(([id, value]) => ({ id: Number(id), value }));
}

const invalid = (c: Context, description: string) =>
  c.json({ error: 'InvalidSearchParameters', description }, 400);

export function searchExport(store: WorkspaceStore) {
  return (c: Context) => {
    if (c.req.query('filter[type]') !== 'ticket')
      return invalid(c, 'filter[type] is required (ticket, organization, user or group)');
    const terms = parseQuery(c.req.query('query') ?? '');
    if (!terms) return invalid(c, 'this workspace answers only the query terms the app sends');
    const size = Math.min(1000, Math.max(1, Number(c.req.query('page[size]') ?? 100) || 100));
    const after = Number(c.req.query('page[after]') ?? 0) || 0;
    const found = store.fixtures.tickets
      .filter((t) => matches(t, terms))
      .sort((a, b) => a.ticket.id - b.ticket.id);
    const page = found.filter((t) => t.ticket.id > after).slice(0, size);
    const last = page.at(-1)?.ticket.id;
    const hasMore = last !== undefined && found.some((t) => t.ticket.id > last);
    const next = new URL(c.req.url);
    if (last !== undefined) next.searchParams.set('page[after]', String(last));
    return c.json({
      results: page.map((t) => ({
        ...t.ticket,
        custom_fields: customFields(t),
        result_type: 'ticket',
      })),
      facets: null,
      meta: { has_more: hasMore, after_cursor: hasMore ? String(last) : null, before_cursor: null },
      links: { next: hasMore ? next.toString() : null, prev: null },
    });
  };
}
