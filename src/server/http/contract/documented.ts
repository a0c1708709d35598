/**
 * A schema for a route's contract from any zod schema, classic or `zod/mini`. The document's
 * generator (zod-to-openapi) reads only classic schemas, and the core's and the shared
 * response schemas are `zod/mini` (the app's bundles are budgeted), so each is wrapped: it
 * validates with the schema itself, issues and paths unchanged, and is documented by zod's own
 * JSON Schema of it. The contract and the validation are one schema, so they cannot drift.
 * @module
 */
import { z } from '@hono/zod-openapi';
import * as core from 'zod/v4/core';

type Direction = 'input' | 'output';

/** zod's JSON Schema of a schema, as the document embeds it (without its own `$schema`). */
export function jsonSchemaOf(schema: core.$ZodType, io: Direction = 'input') {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return jsonSchema as { type?: 'object' };
}

export function documented<T extends core.$ZodType>(schema: T, io: Direction = 'input') {
  const jsonSchema = jsonSchemaOf(schema, io);
  return z
    .unknown()
    .transform((value, ctx): core.output<T> => {
      const parsed = core.safeParse(schema, value);
      if (parsed.success) return parsed.data;
      // The issues as they are: a failure reads exactly as the schema's own parse would.
      for (const issue of parsed.error.issues) ctx.addIssue(issue as core.$ZodRawIssue);
      return z.NEVER;
    })
    .openapi(jsonSchema);
}

/** Deeply read-only: what the handlers answer is built from the core's read-only types. */
type Frozen<T> = T extends readonly (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/**
 * A response schema: what the route answers, documented as it is written. Typed read-only, so
 * a handler may answer the core's read-only values as they are.
 */
export const answer = <T extends core.$ZodType>(schema: T) =>
  documented(schema, 'output') as unknown as z.ZodType<Frozen<core.output<T>>>;
