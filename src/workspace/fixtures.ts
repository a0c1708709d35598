/**
 * The local workspace's data: Zendesk's own JSON (users, tickets, audits) from a fixtures file,
 * moved in time so that the file's `now` is the real now (a ticket solved "two hours ago" stays
 * pending whenever the demo runs), and changed by the page's buttons the way Zendesk would.
 * @module
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { formatInstant, parseInstant } from '../pricing/index.js';

const fixturesSchema = z.object({
  now: z.string().optional(),
  account: z.object({ subdomain: z.string() }),
  currentUser: z.looseObject({
    id: z.number(),
    name: z.string(),
    locale: z.string(),
    role: z.string(),
  }),
  settings: z.record(z.string(), z.unknown()),
  users: z.array(z.looseObject({ id: z.number(), name: z.string(), role: z.string() })),
  tickets: z.array(
    z.object({
      ticket: z.looseObject({
        id: z.number(),
        status: z.string(),
        tags: z.array(z.string()),
        updated_at: z.string(),
      }),
      audits: z.array(
        z.looseObject({
          id: z.number(),
          created_at: z.string(),
          events: z.array(z.looseObject({ type: z.string() })),
        }),
      ),
      usage: z.array(z.looseObject({ id: z.string(), at: z.string() })).optional(),
    }),
  ),
});
export type Fixtures = z.infer<typeof fixturesSchema>;
export type FixtureTicket = Fixtures['tickets'][number];

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every instant in the data, shifted by `by` ms. */
function shift<T>(value: T, by: number): T {
  if (typeof value === 'string' && INSTANT.test(value))
    return formatInstant(parseInstant(value)! + by) as T;
  if (Array.isArray(value)) return value.map((v) => shift(v, by)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shift(v, by)])) as T;
  }
  return value;
}

export function loadFixtures(file: string, now: Date = new Date()): Fixtures {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const parsed = fixturesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const reference = parsed.data.now ? parseInstant(parsed.data.now) : null;
  return reference === null ? parsed.data : shift(parsed.data, now.getTime() - reference);
}

export type TicketAction =
  | 'ai_reply'
  | 'human_reply'
  | 'solve'
  | 'reopen'
  | 'close'
  | 'rate_good'
  | 'rate_bad'
  | 'handoff';
export const TICKET_ACTIONS: readonly TicketAction[] = [
  'ai_reply',
  'human_reply',
  'handoff',
  'solve',
  'reopen',
  'close',
  'rate_good',
  'rate_bad',
];

/** The fixtures as a little Zendesk: tickets change through audits, as they do in Zendesk. */
export class WorkspaceStore {
  #nextAuditId = 900_000;

  /**
   * @param now the workspace's clock: the real one, or an instant pinned by `--now` (then every
   * change is made at that instant, and tokens are signed at it).
   */
  constructor(
    readonly fixtures: Fixtures,
    readonly now: () => Date = () => new Date(),
  ) {}

  ticket(id: number): FixtureTicket | undefined {
    return this.fixtures.tickets.find((t) => t.ticket.id === id);
  }

  aiUserId(): number {
    const first = String(this.fixtures.settings.ai_agent_user_ids ?? '').split(/[\s,]+/)[0];
    return Number(first) || 0;
  }

  humanAgentId(): number {
    return (
      this.fixtures.users.find((u) => u.role === 'agent' && u.id !== this.aiUserId())?.id ??
      this.fixtures.currentUser.id
    );
  }

  /** Appends an audit, as an update through Zendesk's API or UI would. */
  addAudit(
    t: FixtureTicket,
    authorId: number,
    events: Record<string, unknown>[],
    custom: Record<string, unknown> = {},
    at = this.now(),
  ): void {
    const id = ++this.#nextAuditId;
    const created = formatInstant(at.getTime());
    t.audits.push({
      id,
      ticket_id: t.ticket.id,
      created_at: created,
      author_id: authorId,
      metadata: { system: { client: 'workspace' }, custom },
      via: { channel: 'web' },
      events: events.map((e, i) => ({ id: id * 10 + i, type: String(e.type), ...e })),
    });
    t.ticket.updated_at = created;
  }

  setStatus(
    t: FixtureTicket,
    authorId: number,
    status: string,
    extra: Record<string, unknown>[] = [],
    custom = {},
  ): void {
    const events = [...extra];
    if (t.ticket.status !== status)
      events.push({
        type: 'Change',
        field_name: 'status',
        value: status,
        previous_value: t.ticket.status,
      });
    t.ticket.status = status;
    this.addAudit(t, authorId, events, custom);
  }

  setTags(t: FixtureTicket, authorId: number, tags: string[]): void {
    const previous = t.ticket.tags;
    t.ticket.tags = tags;
    this.addAudit(t, authorId, [
      { type: 'Change', field_name: 'tags', value: tags, previous_value: previous },
    ]);
  }

  act(id: number, action: TicketAction): FixtureTicket {
    const t = this.ticket(id);
    if (!t) throw new Error(`no ticket ${id}`);
    const ai = this.aiUserId();
    const human = this.humanAgentId();
    const customer = this.fixtures.users.find((u) => u.role === 'end-user')?.id ?? 0;
    switch (action) {
      case 'ai_reply': {
        const n = t.audits.length;
        this.setStatus(
          t,
          ai,
          t.ticket.status === 'new' ? 'open' : t.ticket.status,
          [{ type: 'Comment', public: true, author_id: ai, body: 'Here is what I found.' }],
          {
            ai_usage: [
              { metric: 'tool_call', tool: 'kb_search', quantity: 1, id: `ws-${id}-${n}-tool` },
              { metric: 'processing_ms', quantity: 30000, id: `ws-${id}-${n}-ms` },
            ],
          },
        );
        break;
      }
      case 'human_reply':
        this.setStatus(t, human, t.ticket.status, [
          { type: 'Comment', public: true, author_id: human, body: 'A human here.' },
        ]);
        break;
      case 'handoff':
        if (!t.ticket.tags.includes('ai_handoff'))
          this.setTags(t, ai, [...t.ticket.tags, 'ai_handoff']);
        break;
      case 'solve':
        this.setStatus(t, human, 'solved');
        break;
      case 'reopen':
        this.setStatus(t, human, 'open');
        break;
      case 'close':
        this.setStatus(t, human, 'closed');
        break;
      case 'rate_good':
      case 'rate_bad':
        this.addAudit(t, customer, [
          { type: 'SatisfactionRating', score: action === 'rate_good' ? 'good' : 'bad' },
        ]);
        break;
    }
    return t;
  }
}
