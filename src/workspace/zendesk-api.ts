/**
 * The Zendesk Support API calls the app makes, answered from the workspace's fixtures in
 * Zendesk's documented shapes: the ticket, its audits (paged, with users sideloaded) and a safe
 * update of its tags (409 on a stale `updated_stamp`). It can also play Zendesk's rate limit
 * (429 with Retry-After) so that the app's handling of it is tested for real.
 * @module
 */
import { Hono } from 'hono';
import type { WorkspaceStore } from './fixtures.js';
import { searchExport } from './search-api.js';

export interface ZendeskApiOptions {
  readonly pageSize: number;
  readonly installationId?: number;
}

export function zendeskApi(
  store: WorkspaceStore,
  options: ZendeskApiOptions = { pageSize: 2, installationId: 1 },
) {
  const app = new Hono();
  let rateLimited = 0;

  app.post('/limit', async (c) => {
    rateLimited = Number((await c.req.json<{ count?: number }>()).count ?? 1);
    return c.json({ rateLimited });
  });

  app.use('/api/v2/*', async (c, next) => {
    if (rateLimited > 0) {
      rateLimited--;
      c.header('Retry-After', '1');
      return c.json({ error: 'APIRateLimitExceeded', description: 'Rate limit exceeded' }, 429);
    }
    await next();
  });

  const ticketOr404 = (raw: string) => {
    const id = Number(raw.replace(/\.json$/, ''));
    return Number.isInteger(id) ? store.ticket(id) : undefined;
  };
  const notFound = { error: 'RecordNotFound', description: 'Not found' };

  // The app installation, with its settings (only admins can change these in Zendesk).
  app.get('/api/v2/apps/installations/:file', (c) => {
    const id = Number(c.req.param('file').replace(/\.json$/, ''));
    if (id !== (options.installationId ?? 1)) return c.json(notFound, 404);
    // Secure settings are never handed out, not even to the account's own API clients.
    const { shared_secret: _secret, ...settings } = store.fixtures.settings;
    return c.json({ id, app_id: 1, enabled: true, settings });
  });

  // Changing an installation's settings is for admins only, as in Zendesk.
  app.put('/api/v2/apps/installations/:file', async (c) => {
    const id = Number(c.req.param('file').replace(/\.json$/, ''));
    if (id !== (options.installationId ?? 1)) return c.json(notFound, 404);
    if (store.fixtures.currentUser.role !== 'admin') {
      return c.json(
        { error: 'Forbidden', description: 'You do not have access to this page.' },
        403,
      );
    }
    const body = (await c.req.json().catch(() => null)) as {
      settings?: Record<string, unknown>;
    } | null;
    if (!body?.settings || typeof body.settings !== 'object')
      return c.json({ error: 'InvalidValue', description: 'settings is required' }, 400);
    Object.assign(store.fixtures.settings, body.settings);
    return c.json({ id, app_id: 1, enabled: true });
  });

  app.get('/api/v2/search/export.json', searchExport(store));

  // Creating a ticket, as Zendesk documents it: `{ ticket: { subject, comment: { body, public },
  // tags } }`, answered 201 with the ticket; its first comment is its first audit. A request
  // with an `Idempotency-Key` Zendesk has seen (it keeps them two hours) creates nothing and
  // answers the first answer again, with `x-idempotency-lookup: hit`.
  const idempotent = new Map<string, { at: number; ticket: Record<string, unknown> }>();
  app.post('/api/v2/tickets.json', async (c) => {
    const key = c.req.header('idempotency-key');
    const seen = key ? idempotent.get(key) : undefined;
    if (seen && store.now().getTime() - seen.at < 2 * 3_600_000) {
      c.header('x-idempotency-lookup', 'hit');
      return c.json({ ticket: seen.ticket }, 201);
    }
    const body = (await c.req.json().catch(() => null)) as {
      ticket?: {
        subject?: unknown;
        comment?: { body?: unknown; public?: unknown };
        tags?: unknown;
      };
    } | null;
    const draft = body?.ticket;
    if (!draft || typeof draft.comment?.body !== 'string' || draft.comment.body === '')
      return c.json(
        {
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { comment: [] },
        },
        422,
      );
    const id = Math.max(0, ...store.fixtures.tickets.map((t) => t.ticket.id)) + 1;
    const created = store.now().toISOString();
    const tags = Array.isArray(draft.tags) ? draft.tags.map(String) : [];
    const ticket = {
      id,
      subject: typeof draft.subject === 'string' ? draft.subject : '',
      status: 'new',
      tags,
      created_at: created,
      updated_at: created,
    };
    const entry = { ticket, audits: [] };
    store.fixtures.tickets.push(entry);
    store.addAudit(entry, store.fixtures.currentUser.id, [
      { type: 'Comment', body: draft.comment.body, public: draft.comment.public !== false },
    ]);
    if (key) idempotent.set(key, { at: store.now().getTime(), ticket });
    c.header('x-idempotency-lookup', 'miss');
    return c.json({ ticket }, 201);
  });

  // Several tickets at once, as Zendesk answers show_many: at most 100 ids, unknown ones left out.
  app.get('/api/v2/tickets/show_many.json', (c) => {
    const ids = (c.req.query('ids') ?? '').split(',').filter((id) => /^\d+$/.test(id));
    if (ids.length > 100)
      return c.json({ error: 'InvalidValue', description: 'at most 100 ids' }, 400);
    const tickets = ids.flatMap((id) => {
      const t = store.ticket(Number(id));
      return t ? [t.ticket] : [];
    });
    return c.json({ tickets, count: tickets.length });
  });

  app.get('/api/v2/tickets/:file', (c) => {
    const t = ticketOr404(c.req.param('file'));
    return t ? c.json({ ticket: t.ticket }) : c.json(notFound, 404);
  });

  app.get('/api/v2/tickets/:id/audits.json', (c) => {
    const t = ticketOr404(c.req.param('id'));
    if (!t) return c.json(notFound, 404);
    const page = Math.max(1, Number(c.req.query('page') ?? 1));
    const size = options.pageSize;
    const audits = t.audits.slice((page - 1) * size, page * size);
    const more = page * size < t.audits.length;
    const url = new URL(c.req.url);
    const link = (p: number) =>
      `${url.origin}/api/v2/tickets/${t.ticket.id}/audits.json?include=users&page=${p}`;
    const authors = new Set(
      audits
        .flatMap((a) => [a.author_id, ...a.events.map((e) => e.author_id)])
        .filter((id) => id !== undefined),
    );
    const users = c.req.query('include')?.includes('users')
      ? store.fixtures.users.filter((u) => authors.has(u.id))
      : undefined;
    return c.json({
      audits,
      ...(users ? { users } : {}),
      next_page: more ? link(page + 1) : null,
      previous_page: page > 1 ? link(page - 1) : null,
      count: t.audits.length,
    });
  });

  app.put('/api/v2/tickets/:file', async (c) => {
    const t = ticketOr404(c.req.param('file'));
    if (!t) return c.json(notFound, 404);
    const body = (await c.req.json().catch(() => null)) as {
      ticket?: Record<string, unknown>;
    } | null;
    const update = body?.ticket;
    if (!update) return c.json({ error: 'InvalidValue', description: 'ticket is required' }, 400);
    if (update.safe_update === true && update.updated_stamp !== t.ticket.updated_at) {
      return c.json(
        {
          error: 'UpdateConflict',
          description: 'Safe Update prevented the update due to outdated ticket data.',
        },
        409,
      );
    }
    const add = Array.isArray(update.additional_tags) ? (update.additional_tags as string[]) : [];
    const remove = new Set(
      Array.isArray(update.remove_tags) ? (update.remove_tags as string[]) : [],
    );
    const tags = [...new Set([...t.ticket.tags.filter((tag) => !remove.has(tag)), ...add])];
    if (tags.join(' ') !== t.ticket.tags.join(' '))
      store.setTags(t, store.fixtures.currentUser.id, tags);
    return c.json({ ticket: t.ticket, audit: t.audits.at(-1) });
  });

  return app;
}
