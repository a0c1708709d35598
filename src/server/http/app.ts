/**
 * The HTTP application: middleware (request ids, logs, limits, timeouts) around the routes.
 * Pure composition; `serve.ts` binds it to a port.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { countUnpriceable } from '../ledger/tickets.js';
import { ReplayAbortedError } from '../replay/pool.js';
import type { Env, Services } from './context.js';
import { Deadline } from './deadline.js';
import { ApiError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { budgetRoutes } from './routes/budgets.js';
import { disputeRoutes } from './routes/disputes.js';
import { planRoutes } from './routes/plans.js';
import { reportRoutes } from './routes/reports.js';
import { ticketRoutes } from './routes/tickets.js';
import { usageRoutes } from './routes/usage.js';
import { webhookRoutes } from './routes/webhooks.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * On a loopback address /metrics is open (only this host can reach it); on any other it needs
 * `Authorization: Bearer <METRICS_TOKEN>`, and without METRICS_TOKEN it is refused.
 */
function metricsAccess(s: Services, authorization: string | undefined): void {
  if (LOOPBACK.has(s.config.HOST)) return;
  const expected = s.config.METRICS_TOKEN;
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  const ok =
    expected !== undefined &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok)
    throw new ApiError(
      401,
      'unauthorized',
      expected === undefined
        ? 'metrics need METRICS_TOKEN when the server listens beyond loopback'
        : 'expected Authorization: Bearer <METRICS_TOKEN>',
    );
}

/** The peer's address, or "unknown" when the request did not come over a socket (tests). */
function clientAddress(c: Context<Env>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function createApp(s: Services): Hono<Env> {
  const app = new Hono<Env>();
  const document = openApiDocument();

  app.use(requestId({ limitLength: 64 }));
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    const route = c.req.routePath || 'unmatched';
    s.metrics.inc('aicm_http_requests_total', 'HTTP requests by route and status.', {
      method: c.req.method,
      route,
      status: String(c.res.status),
    });
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

  app.get('/healthz', (c) => c.json({ status: 'ok', engine: s.database.engine }));
  app.get('/metrics', async (c) => {
    metricsAccess(s, c.req.header('authorization'));
    const gauges = [
      {
        name: 'aicm_unpriceable_tickets',
        help: 'Tickets that could not be priced and wait for a retry (every instance, every tenant).',
        value: await countUnpriceable(s.database.db),
      },
    ];
    return c.text(s.metrics.render(gauges), 200, { 'content-type': 'text/plain; version=0.0.4' });
  });
  app.get('/openapi.json', (c) => c.json(document));
  usageRoutes(app, s);
  ticketRoutes(app, s);
  planRoutes(app, s);
  reportRoutes(app, s);
  webhookRoutes(app, s);
  disputeRoutes(app, s);
  budgetRoutes(app, s);

  app.notFound((c) =>
    c.json(new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`).body(), 404),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    if (error instanceof ReplayAbortedError)
      return c.json(new ApiError(503, 'timeout', 'the request ran out of time').body(), 503);
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
