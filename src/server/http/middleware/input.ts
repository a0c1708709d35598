/**
 * What is refused before a route's schemas see the request: a body that is not JSON (415),
 * JSON that does not parse (400 `invalid_json`), and a string no database can store (a NUL, a
 * lone surrogate) anywhere in the body or the query, named by its field. The schemas then
 * validate the parsed body (Hono keeps it, so it is read once).
 * @module
 */
import { createMiddleware } from 'hono/factory';
import { type Env, refuseUnstorable } from '../context.js';
import { ApiError } from '../errors.js';

export const jsonInput = createMiddleware<Env>(async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
  refuseUnstorable(body);
  await next();
});

export const queryInput = createMiddleware<Env>(async (c, next) => {
  refuseUnstorable(c.req.query());
  await next();
});
