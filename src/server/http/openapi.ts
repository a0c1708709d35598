/**
 * The OpenAPI document, generated from the same zod schemas that validate the requests.
 * @module
 */
import * as z from 'zod';
import { planSchema } from '../../pricing/index.js';
import { budgetsBodySchema, destinationBodySchema } from '../budgets/input.js';
import {
  activationSchema,
  disputeBodySchema,
  disputeDecisionSchema,
  disputeQuerySchema,
  errorSchema,
  planBodySchema,
  previewSchema,
  reportQuerySchema,
  ticketSyncSchema,
  ticketViewSchema,
  usageBatchSchema,
  usageResultSchema,
} from './schemas.js';

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
});
const errors = {
  '400': {
    description: 'Invalid request; the message names the field',
    content: json(errorSchema),
  },
  '401': { description: 'Missing or refused credentials', content: json(errorSchema) },
  '429': { description: 'Rate limited; see Retry-After', content: json(errorSchema) },
};
const jwt = [{ zendeskJwt: [] }];
const ingest = [{ ingestKey: [] }];
const reportParams = Object.keys(reportQuerySchema.shape).map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string' },
}));

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'AI Cost Meter backend', version: '1' },
    components: {
      securitySchemes: {
        zendeskJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat:
            'JWT (HS256, signed by the Zendesk proxy with the shared secret; iss = account subdomain)',
        },
        ingestKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'the ingest key from ai-cost tenant create',
        },
      },
    },
    paths: {
      '/v1/usage-events': {
        post: {
          security: ingest,
          requestBody: { content: json(usageBatchSchema) },
          responses: {
            '200': { description: 'Stored', content: json(usageResultSchema) },
            ...errors,
          },
        },
      },
      '/v1/tickets/{ticketId}': {
        put: {
          security: jwt,
          requestBody: { content: json(ticketSyncSchema) },
          responses: {
            '200': { description: 'The authoritative breakdown', content: json(ticketViewSchema) },
            ...errors,
          },
        },
        get: {
          security: jwt,
          responses: {
            '200': { description: 'The ticket', content: json(ticketViewSchema) },
            ...errors,
          },
        },
      },
      '/v1/tickets/{ticketId}/explanation': {
        get: {
          security: jwt,
          responses: {
            '200': {
              description:
                'Why the ticket costs what it does: the deciding rule and its facts, the tier, and each line with its events, rate source and exact amount',
            },
            ...errors,
          },
        },
      },
      '/v1/plans/timeline': {
        get: {
          security: jwt,
          responses: {
            '200': { description: 'The activations, in order: the plans in force over time' },
            ...errors,
          },
        },
      },
      '/v1/plans/active': {
        get: {
          security: jwt,
          responses: {
            '200': {
              description: 'The active plan',
              content: json(z.object({ plan: planSchema })),
            },
            ...errors,
          },
        },
      },
      '/v1/plans': {
        get: {
          security: jwt,
          responses: { '200': { description: 'Versions and activations' }, ...errors },
        },
        post: {
          security: jwt,
          requestBody: { content: json(planBodySchema) },
          responses: { '201': { description: 'Saved as a new version' }, ...errors },
        },
      },
      '/v1/plans/preview': {
        post: {
          security: jwt,
          requestBody: { content: json(previewSchema) },
          responses: { '200': { description: 'Draft beside active' }, ...errors },
        },
      },
      '/v1/plans/{planId}/versions/{version}/activate': {
        post: {
          security: jwt,
          requestBody: { content: json(activationSchema) },
          responses: {
            '200': { description: 'Activated' },
            '403': { description: 'Zendesk does not show this plan selected by an admin' },
            ...errors,
          },
        },
      },
      '/v1/reports/summary': {
        get: {
          security: jwt,
          parameters: reportParams,
          responses: { '200': { description: 'JSON, or CSV with Accept: text/csv' }, ...errors },
        },
      },
      '/v1/reports/top-tickets': {
        get: {
          security: jwt,
          parameters: reportParams,
          responses: { '200': { description: 'JSON, or CSV' }, ...errors },
        },
      },
      '/v1/reports/compare': {
        get: {
          security: jwt,
          parameters: [...reportParams, { name: 'plans', in: 'query', schema: { type: 'string' } }],
          responses: { '200': { description: 'JSON, or CSV' }, ...errors },
        },
      },
      '/v1/tickets/{ticketId}/disputes': {
        get: {
          security: jwt,
          responses: { '200': { description: 'The ticket’s disputes' }, ...errors },
        },
        post: {
          security: jwt,
          requestBody: { content: json(disputeBodySchema) },
          responses: {
            '201': {
              description:
                'Recorded with the ledger’s amount of the charged outcome; who is the token’s sub',
            },
            '409': { description: 'The ticket already has an open dispute' },
            '422': { description: 'The ticket has no charged outcome' },
            ...errors,
          },
        },
      },
      '/v1/disputes': {
        get: {
          security: jwt,
          parameters: Object.keys(disputeQuerySchema.shape).map((name) => ({
            name,
            in: 'query',
            schema: { type: 'string' },
          })),
          responses: { '200': { description: 'JSON, or CSV with Accept: text/csv' }, ...errors },
        },
      },
      '/v1/disputes/{disputeId}/decision': {
        post: {
          security: jwt,
          requestBody: { content: json(disputeDecisionSchema) },
          responses: {
            '200': { description: 'The vendor’s answer, recorded' },
            '403': {
              description:
                'Zendesk does not show this answer in the dispute_decision setting an admin sets',
            },
            '409': { description: 'Already answered' },
            ...errors,
          },
        },
      },
      '/v1/budgets': {
        get: {
          security: jwt,
          responses: { '200': { description: 'This month’s budgets and forecasts' }, ...errors },
        },
        put: {
          security: jwt,
          requestBody: { content: json(budgetsBodySchema) },
          responses: {
            '200': { description: 'Replaced; answers the standing' },
            '403': { description: 'Zendesk does not show the change’s digest in budget_change' },
            ...errors,
          },
        },
      },
      '/v1/alerts/destination': {
        put: {
          security: jwt,
          requestBody: { content: json(destinationBodySchema) },
          responses: {
            '200': { description: 'Set; answers the signing secret, once' },
            '403': { description: 'Zendesk does not show the change’s digest in budget_change' },
            ...errors,
          },
        },
      },
      '/v1/alerts': {
        get: {
          security: jwt,
          parameters: [{ name: 'period', in: 'query', schema: { type: 'string' } }],
          responses: { '200': { description: 'Alerts and their delivery' }, ...errors },
        },
      },
      '/v1/webhooks/zendesk/{account}': {
        post: {
          responses: {
            '200': { description: 'Applied' },
            '401': { description: 'Signature refused' },
            '409': { description: 'Replayed delivery' },
          },
        },
      },
      '/healthz': { get: { responses: { '200': { description: 'Up' } } } },
      '/metrics': { get: { responses: { '200': { description: 'Prometheus text format' } } } },
    },
  };
}
