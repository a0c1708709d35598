/**
 * The path parameters, each validated as the route's first step after authentication and
 * named in the 400 (`ticketId: expected …`).
 * @module
 */
import { z } from '@hono/zod-openapi';
import { ticketIdSchema } from '../../../pricing/schema/activity.js';
import { planSlug } from '../../../pricing/schema/common.js';
import { accountSchema } from '../../tenants/store.js';
import { MAX_VERSION, strictVersion } from '../bounds.js';
import { documented } from './documented.js';

/** Digits only, 1 to MAX_VERSION: `1e0`, `0x1`, ` 1` and `01` are refused. */
const wholeNumber = z
  .string()
  .openapi({ pattern: '^[1-9][0-9]*$' })
  .transform((raw, ctx) => {
    const n = strictVersion(raw);
    if (n !== null) return n;
    ctx.addIssue({
      code: 'custom',
      message: `expected a whole number from 1 to ${MAX_VERSION}, digits only`,
    });
    return z.NEVER;
  });

export const ticketParams = z.object({ ticketId: documented(ticketIdSchema) });
export const planVersionParams = z.object({
  planId: documented(planSlug),
  version: wholeNumber,
});
export const disputeParams = z.object({ disputeId: wholeNumber });
export const accountParams = z.object({ account: documented(accountSchema) });
