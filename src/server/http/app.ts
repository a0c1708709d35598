/**
 * The HTTP application: middleware (request ids, logs, limits, timeouts) around the routes.
 * Pure composition; `serve.ts` binds it to a port.
 * @module
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { ReplayAbortedError } from '../replay/pool.js';
import type { Env, Services } from './context.js';
import { validationHook } from './contract/validation.js';
import { Deadline } from './deadline.js';
import { ApiError } from './errors.js';
import { withRequestId } from './logs.js';
import { registerSecuritySchemes } from './openapi.js';
import { baselineRoutes } from './routes/baselines.js';
import { budgetRoutes } from './routes/budgets.js';
import { disputeRoutes } from './routes/disputes.js';
import { operationRoutes } from './routes/operations.js';
import { planRoutes } from './routes/plans.js';
import { reportRoutes } from './routes/reports.js';
import { ticketRoutes } from './routes/tickets.js';
import { usageRoutes } from './routes/usage.js';
import { webhookRoutes } from './routes/webhooks.js';

/** The peer's address, or "unknown" when the request did not come over a socket (tests). */
function clientAddress(c: Context<Env>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The routes, by feature. Each feature's module declares its routes with `createRoute` (path,
 * caller, request schemas, answers and refusals) and registers each handler with
 * `app.openapi(route, handler)`, so /openapi.json describes it and its answers are typed:
 *
 * - who calls is `middleware: [appToken(s)]` (or `ingestKey(s)`), which verifies the
 *   credential, counts the tenant's rate limit and puts `tenant` and `subject` on the context;
 *   with `security: APP_JWT` (or `INGEST_KEY`) for the document;
 * - a JSON body is `jsonInput` in the middleware and `request: { body: jsonBody(schema) }`; a
 *   query is `queryInput` and `request: { query: schema }`; path parameters come from
 *   `contract/params.ts`; the handler reads them with `c.req.valid(…)`, already checked;
 * - answers are `json(schema, description)` from `src/api/schemas` (what the app checks too),
 *   refusals `...refusals(404, 409)` (400, 401, 413, 429 and 503 are always there).
 */
const FEATURES = [
  operationRoutes,
  usageRoutes,
  ticketRoutes,
  planRoutes,
  reportRoutes,
  webhookRoutes,
  disputeRoutes,
  baselineRoutes,
  budgetRoutes,
] as const;

export function createApp(s: Services): OpenAPIHono<Env> {
  // A request that fails its route's schemas is the API's own 400, naming the field.
  const app = new OpenAPIHono<Env>({ defaultHook: validationHook });
  registerSecuritySchemes(app);

  app.use(requestId({ limitLength: 64 }));
  app.use(async (c, next) => {
    const start = performance.now();
    await withRequestId(c.get('requestId'), next);
    const route = c.req.routePath || 'unmatched';
    const status = String(c.res.status);
    s.metrics.request({ method: c.req.method, route, status }, (performance.now() - start) / 1000);
    s.log.log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route,
      status: c.res.status,
      ms: Math.round(performance.now() - start),
    });
  });
  app.use(
    bodyLimit({
      maxSize: s.config.BODY_LIMIT_BYTES,
      onError: (c) =>
        c.json(
          new ApiError(
            413,
            'payload_too_large',
            `the body is larger than ${s.config.BODY_LIMIT_BYTES} bytes`,
          ).body(),
          413,
        ),
    }),
  );
  app.use(async (c, next) => {
    const deadline = new Deadline(s.config.REQUEST_TIMEOUT_MS);
    c.set('deadline', deadline);
    await deadline.race(next());
  });

  // Limits per client address where no tenant is known yet: a bad token or key counts
  // against its address (429 past the limit, before any check), and so does every webhook.
  app.use('/v1/*', async (c, next) => {
    const address = clientAddress(c);
    const webhook = c.req.path.startsWith('/v1/webhooks/');
    const wait = webhook ? s.webhookLimiter.take(address) : s.authFailures.take(address, false);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return c.json(
        new ApiError(
          429,
          'rate_limited',
          `too many requests from this address; retry in ${wait} s`,
        ).body(),
        429,
      );
    }
    await next();
    if (!webhook && c.res.status === 401) s.authFailures.take(address);
  });

  for (const feature of FEATURES) feature(app, s);

  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`).body(), 404),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    if (error instanceof ReplayAbortedError)
      return c.json(new ApiError(503, 'timeout', 'the request ran out of time').body(), 503);
    if (error instanceof HTTPException && error.status === 415)
      return c.json(
        new ApiError(415, 'unsupported_media_type', 'send the body as application/json').body(),
        415,
      );
    if (error instanceof HTTPException) {
      const status = error.status === 503 ? 503 : 400;
      return c.json(
        new ApiError(
          status,
          status === 503 ? 'timeout' : 'bad_request',
          error.message || 'bad request',
        ).body(),
        status,
      );
    }
    // The error's class, its SQLSTATE if it has one, and where it was thrown: never its
    // message, which can quote the request's data (event ids, tags, query parameters).
    const e = error as Error & { code?: unknown };
    s.log.log('error', 'unhandled', {
      requestId: c.get('requestId'),
      error: e?.name ?? 'unknown',
      ...(typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? { sqlstate: e.code } : {}),
      frames: (e?.stack ?? '')
        .split('\n')
        .filter((line) => /^\s+at /.test(line))
        .slice(0, 8)
        .map((line) => line.trim()),
    });
    return c.json(
      { error: { code: 'internal', message: 'internal error; the request id is in the logs' } },
      500,
    );
  });
  return app;
}
