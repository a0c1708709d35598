/**
 * The OpenAPI document, generated whole from the routes' declarations: each route's path,
 * query and body schemas (the ones that validate its requests), its answers and refusals, and
 * who may call it. Nothing here lists a route by hand.
 * @module
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from './context.js';

export function registerSecuritySchemes(app: OpenAPIHono<Env>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'zendeskJwt', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat:
      'JWT (HS256, signed by the Zendesk proxy with the shared secret; iss = account subdomain)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'ingestKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'the ingest key from ai-cost tenant create',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'metricsToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'METRICS_TOKEN; needed when the server listens beyond loopback',
  });
}

/** The document of every route declared on the app so far. */
export function openApiDocument(app: OpenAPIHono<Env>) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'AI Cost Meter backend', version: '1' },
  });
}
