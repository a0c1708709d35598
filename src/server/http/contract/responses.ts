/**
 * The pieces every route's declaration repeats: JSON content, the refusals, who may call.
 * @module
 */
import { z } from '@hono/zod-openapi';
import type * as core from 'zod/v4/core';
import { errorSchema } from '../../../api/schemas/operations.js';
import { answer, documented } from './documented.js';

/** A JSON request body, required, validated with the schema. */
export const jsonBody = <T extends core.$ZodType>(schema: T, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema: documented(schema) } },
});

/** A JSON answer. */
export const json = <T extends core.$ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema: answer(schema) } },
});

/** A JSON answer, or the same rows as CSV with `Accept: text/csv`. */
export const jsonOrCsv = <T extends core.$ZodType>(schema: T, description: string) => ({
  description: `${description}; CSV with Accept: text/csv`,
  content: {
    'application/json': { schema: answer(schema) },
    'text/csv': { schema: z.string() },
  },
});

const refusal = (description: string) => ({
  description,
  content: { 'application/json': { schema: answer(errorSchema) } },
});

/** The refusals a route can answer, by status, each in the one error shape. */
export const REFUSALS = {
  400: refusal('Invalid request; the message and `field` name the field'),
  401: refusal('Missing or refused credentials'),
  403: refusal('Zendesk does not show the admin’s choice this needs'),
  404: refusal('Not found'),
  406: refusal('Not acceptable'),
  409: refusal('Conflicts with what is stored'),
  413: refusal('The body is too large'),
  415: refusal('The body is not application/json'),
  422: refusal('Understood, but cannot be done'),
  429: refusal('Rate limited; see Retry-After'),
  503: refusal('Out of time, or Zendesk could not be read; retry later'),
} as const;

type Refusal = keyof typeof REFUSALS;

/** The refusals named, plus those every authenticated route can answer. */
export function refusals<S extends Refusal>(...statuses: S[]) {
  const all = [400, 401, 413, 429, 503, ...statuses] as const;
  return Object.fromEntries(all.map((s) => [s, REFUSALS[s]])) as Pick<
    typeof REFUSALS,
    400 | 401 | 413 | 429 | 503 | S
  >;
}

/** Security requirements, by who calls. */
export const APP_JWT = [{ zendeskJwt: [] }];
export const INGEST_KEY = [{ ingestKey: [] }];
