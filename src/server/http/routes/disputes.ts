/**
 * Disputes (issue 12): an agent disputes a charged outcome from the sidebar; the team lead's
 * report lists a period's disputes; an admin records the vendor's answer, which Zendesk
 * authorises the way it authorises an activation (the installation's `dispute_decision`
 * setting, which only an admin can change, must name the dispute and the answer).
 * @module
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { DISPUTABLE_CODES, DISPUTE_COLUMNS, type Dispute } from '../../../api/disputes.js';
import {
  disputeAnswerSchema,
  periodDisputesSchema,
  ticketDisputesSchema,
} from '../../../api/schemas/disputes.js';
import { addMoney, parseAmount, zeroMoney } from '../../../pricing/index.js';
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
import type { Env, Services } from '../context.js';
import { disputeParams, ticketParams } from '../contract/params.js';
import { APP_JWT, json, jsonBody, jsonOrCsv, refusals } from '../contract/responses.js';
import { csvResponse, wantsCsv } from '../csv.js';
import { ApiError, notFound, unauthorized } from '../errors.js';
import { appToken } from '../middleware/auth.js';
import { jsonInput, queryInput } from '../middleware/input.js';
import { disputeBodySchema, disputeDecisionSchema, disputeQuerySchema } from '../schemas.js';

/** A CSV row: the plans as one cell. */
const csvRow = (d: Dispute) => ({ ...d, plans: d.plans.join(' ') });

export function disputeRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const caller = { tags: ['disputes'], security: APP_JWT };

  const open = createRoute({
    ...caller,
    method: 'post',
    path: '/v1/tickets/{ticketId}/disputes',
    summary: 'Dispute the ticket’s charged outcome, with the ledger’s own amount',
    middleware: [appToken(s), jsonInput] as const,
    request: { params: ticketParams, body: jsonBody(disputeBodySchema) },
    responses: {
      201: json(disputeAnswerSchema, 'Recorded; who is the token’s sub'),
      ...refusals(404, 409, 415, 422),
    },
  });
  app.openapi(open, async (c) => {
    const tenant = c.get('tenant');
    const subject = c.get('subject');
    const { ticketId } = c.req.valid('param');
    const { reason, note } = c.req.valid('json');
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

  const ofTicket = createRoute({
    ...caller,
    method: 'get',
    path: '/v1/tickets/{ticketId}/disputes',
    summary: 'The ticket’s disputes',
    middleware: [appToken(s)] as const,
    request: { params: ticketParams },
    responses: { 200: json(ticketDisputesSchema, 'The disputes'), ...refusals() },
  });
  app.openapi(ofTicket, async (c) => {
    const { ticketId } = c.req.valid('param');
    const disputes = await disputesOfTicket(s.database.db, c.get('tenant').id, ticketId);
    return c.json({ disputes }, 200);
  });

  const ofPeriod = createRoute({
    ...caller,
    method: 'get',
    path: '/v1/disputes',
    summary: 'A period’s disputes',
    middleware: [appToken(s), queryInput] as const,
    request: { query: disputeQuerySchema },
    responses: { 200: jsonOrCsv(periodDisputesSchema, 'The disputes'), ...refusals(422) },
  });
  app.openapi(ofPeriod, async (c) => {
    const q = c.req.valid('query');
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (!(from < to))
      throw new ApiError(400, 'invalid_request', 'to: expected an instant after from', 'to');
    const rows = await disputesBetween(s.database.db, c.get('tenant').id, from, to);
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
    return c.json({ from: q.from, to: q.to, disputes: rows }, 200);
  });

  const decide = createRoute({
    ...caller,
    method: 'post',
    path: '/v1/disputes/{disputeId}/decision',
    summary:
      'Record the vendor’s answer, if Zendesk shows it in the dispute_decision setting an admin sets',
    middleware: [appToken(s), jsonInput] as const,
    request: { params: disputeParams, body: jsonBody(disputeDecisionSchema) },
    responses: {
      200: json(disputeAnswerSchema, 'The vendor’s answer, recorded'),
      ...refusals(403, 404, 409, 415),
    },
  });
  app.openapi(decide, async (c) => {
    const tenant = c.get('tenant');
    const subject = c.get('subject');
    const { disputeId: id } = c.req.valid('param');
    const { decision, answer } = c.req.valid('json');
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
    return c.json({ dispute: decided }, 200);
  });
}
