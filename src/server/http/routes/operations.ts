/**
 * What operators call: health, Prometheus metrics, and this API's own document.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { healthSchema } from '../../../api/schemas/operations.js';
import type { Env, Services } from '../context.js';
import { json, REFUSALS } from '../contract/responses.js';
import { ApiError } from '../errors.js';
import { openApiDocument } from '../openapi.js';

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

export function operationRoutes(app: OpenAPIHono<Env>, s: Services): void {
  const health = createRoute({
    method: 'get',
    path: '/healthz',
    tags: ['operations'],
    summary: 'Up, and on which engine',
    responses: { 200: json(healthSchema, 'Up') },
  });
  app.openapi(health, (c) => c.json({ status: 'ok' as const, engine: s.database.engine }, 200));

  const metrics = createRoute({
    method: 'get',
    path: '/metrics',
    tags: ['operations'],
    summary: 'Prometheus metrics: request latency by route and status, the process, the repricer',
    security: [{ metricsToken: [] }],
    responses: {
      200: {
        description: 'Prometheus text format',
        content: { 'text/plain': { schema: z.string() } },
      },
      401: REFUSALS[401],
    },
  });
  app.openapi(metrics, async (c) => {
    metricsAccess(s, c.req.header('authorization'));
    const { contentType, text } = await s.metrics.render();
    return c.text(text, 200, { 'content-type': contentType });
  });

  // Generated once, when the first caller asks: every route is declared by then.
  let document: ReturnType<typeof openApiDocument> | undefined;
  const openapi = createRoute({
    method: 'get',
    path: '/openapi.json',
    tags: ['operations'],
    summary: 'This document',
    responses: {
      200: {
        description: 'OpenAPI 3.1',
        content: { 'application/json': { schema: z.object({ openapi: z.string() }).loose() } },
      },
    },
  });
  app.openapi(openapi, (c) => {
    document ??= openApiDocument(app);
    return c.json(document as { openapi: string }, 200);
  });
}
