/**
 * Disputes (issue 12): an agent disputes a charged outcome from the sidebar; the team lead's
 * report lists a period's disputes; an admin records the vendor's answer, which Zendesk
 * authorises the way it authorises an activation (the installation's `dispute_decision`
 * setting, which only an admin can change, must name the dispute and the answer).
 * @module
 */
import type { Hono } from 'hono';
import { DISPUTABLE_CODES, DISPUTE_COLUMNS, type Dispute } from '../../../api/disputes.js';
import { addMoney, parseAmount, zeroMoney } from '../../../pricing/index.js';
import { ticketIdSchema } from '../../../pricing/schema/activity.js';
import { verifyAppToken, verifyAppTokenClaims } from '../../auth/app-token.js';
import {
  createDispute,
  decideDispute,
  disputeById,
  disputesBetween,
  disputesOfTicket,
  MAX_LISTED_DISPUTES,
} from '../../disputes/store.js';
import { readTicket } from '../../ledger/tickets.js';
import { zendeskSettingIs } from '../../plans/zendesk-authority.js';
import { MAX_VERSION, strictVersion } from '../bounds.js';
import { type Env, jsonBody, limit, query, type Services } from '../context.js';
import { csvResponse, wantsCsv } from '../csv.js';
import { ApiError, invalid, notFound, unauthorized } from '../errors.js';
import { disputeBodySchema, disputeDecisionSchema, disputeQuerySchema } from '../schemas.js';

function ticketParam(raw: string): string {
  const parsed = ticketIdSchema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error, 'ticketId');
  return parsed.data;
}

function disputeParam(raw: string): number {
  const id = strictVersion(raw);
  if (id === null)
    throw new ApiError(
      400,
      'invalid_request',
      `disputeId: expected a whole number from 1 to ${MAX_VERSION}, digits only`,
      'disputeId',
    );
  return id;
}

/** A CSV row: the plans as one cell. */
const csvRow = (d: Dispute) => ({ ...d, plans: d.plans.join(' ') });

export function disputeRoutes(app: Hono<Env>, s: Services): void {
  app.post('/v1/tickets/:ticketId/disputes', async (c) => {
    const { tenant, subject } = await verifyAppTokenClaims(
      c.req.header('authorization'),
      s.tenants,
      s.now(),
    );
    limit(s, c, tenant);
    const ticketId = ticketParam(c.req.param('ticketId'));
    const { reason, note } = await jsonBody(c, disputeBodySchema);
    // Who disputed is the user the signed token names, never a name in the body.
    if (subject === null)
      throw unauthorized('the token must name the Zendesk user who disputes (sub)');
    const now = s.now();
    const timeline = await s.plans.timeline(tenant.id);
    const view = await s.database.db.transaction((tx) =>
      readTicket(tx, tenant.id, ticketId, timeline, now),
    );
    if (!view) throw notFound(`ticket ${ticketId} has no AI usage on record`);
    const b = view.breakdown;
    // The amount is the ledger's own, priced now: never the browser's figure.
    const lines = (b?.lines ?? []).filter((l) => DISPUTABLE_CODES.includes(l.code));
    const amount = lines.reduce(
      (sum, l) => addMoney(sum, parseAmount(l.amount, b!.currency)),
      zeroMoney(b?.currency ?? 'USD'),
    );
    if (!b || amount.minor <= 0n)
      throw new ApiError(
        422,
        'not_disputable',
        `ticket ${ticketId} has no charged outcome to dispute (outcome ${b?.outcome ?? 'unpriced'})`,
      );
    const plans = [...new Set(lines.map((l) => l.plan ?? `${b.planId}@${b.planVersion}`))];
    const dispute = await c.get('deadline').commit(() =>
      createDispute(s.database.db, tenant.id, {
        ticketId,
        plans,
        outcome: b.outcome,
        currency: b.currency,
        amountMinor: amount.minor,
        reason,
        note,
        reportedBy: `Zendesk user ${subject}`,
        reportedAt: now,
      }),
    );
    if (!dispute)
      throw new ApiError(409, 'dispute_open', `ticket ${ticketId} already has an open dispute`);
    return c.json({ dispute }, 201);
  });

  app.get('/v1/tickets/:ticketId/disputes', async (c) => {
    const tenant = await verifyAppToken(c.req.header('authorization'), s.tenants, s.now());
    limit(s, c, tenant);
    const ticketId = ticketParam(c.req.param('ticketId'));
    return c.json({ disputes: await disputesOfTicket(s.database.db, tenant.id, ticketId) });
  });

  app.get('/v1/disputes', async (c) => {
    const tenant = await verifyAppToken(c.req.header('authorization'), s.tenants, s.now());
    limit(s, c, tenant);
    const q = query(c, disputeQuerySchema);
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (!(from < to))
      throw new ApiError(400, 'invalid_request', 'to: expected an instant after from', 'to');
    const rows = await disputesBetween(s.database.db, tenant.id, from, to);
    if (rows.length > MAX_LISTED_DISPUTES)
      throw new ApiError(
        422,
        'too_many_disputes',
        `more than ${MAX_LISTED_DISPUTES} disputes in this period; ask for a shorter one`,
      );
    if (wantsCsv(c)) {
      const label = `${q.from.slice(0, 10)}_${q.to.slice(0, 10)}`;
      return csvResponse(c, `disputes_${label}.csv`, DISPUTE_COLUMNS, rows.map(csvRow));
    }
    return c.json({ from: q.from, to: q.to, disputes: rows });
  });

  app.post('/v1/disputes/:disputeId/decision', async (c) => {
    const { tenant, subject } = await verifyAppTokenClaims(
      c.req.header('authorization'),
      s.tenants,
      s.now(),
    );
    limit(s, c, tenant);
    const id = disputeParam(c.req.param('disputeId'));
    const { decision, answer } = await jsonBody(c, disputeDecisionSchema);
    const existing = await disputeById(s.database.db, tenant.id, id);
    if (!existing) throw notFound(`no dispute ${id}`);
    if (existing.status !== 'open')
      throw new ApiError(409, 'dispute_decided', `dispute ${id} is already ${existing.status}`);
    // The browser's word is not enough: Zendesk must show that an admin recorded this answer.
    const check = await zendeskSettingIs(
      tenant,
      s.config.ZENDESK_API_BASE,
      'dispute_decision',
      `${id}:${decision}`,
    );
    if (!check.ok)
      throw new ApiError(403, `decision_${check.reason}`, `decision refused: ${check.detail}`);
    const by = `a Zendesk admin (installation ${tenant.zendesk!.installationId}'s dispute_decision setting${subject ? `, user ${subject}` : ''})`;
    const decided = await c
      .get('deadline')
      .commit(() =>
        decideDispute(s.database.db, tenant.id, id, { status: decision, answer, by, at: s.now() }),
      );
    if (!decided)
      throw new ApiError(409, 'dispute_decided', `dispute ${id} was answered meanwhile`);
    return c.json({ dispute: decided });
  });
}
