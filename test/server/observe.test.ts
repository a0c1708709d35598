/**
 * Logs and metrics, as an operator reads them: pino's JSON lines carry the request id of the
 * request they belong to and never a secret or a ticket's data, even where a caller passes
 * one; /metrics (prom-client) has request latency by route template and status, the process'
 * own metrics, and the repricer's queue.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinoLogger, withRequestId } from '../../src/server/http/logs.js';
import type { TenantSecrets } from '../../src/server/tenants/store.js';
import {
  activatePlan,
  appToken,
  type Backend,
  call,
  ENGINES,
  startBackend,
  USAGE_PLAN,
} from './harness.js';

/** A pino destination that keeps the lines. */
function lines() {
  const kept: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) kept.push(JSON.parse(line));
      done();
    },
  });
  return { kept, stream };
}

describe('logs through pino', () => {
  it('writes JSON lines with the level by name, an ISO time, and the request id in scope', async () => {
    const { kept, stream } = lines();
    const log = pinoLogger('info', stream);
    await withRequestId('req-7', async () => {
      await Promise.resolve();
      log.log('warn', 'zendesk read failed', { status: 503 });
    });
    log.log('info', 'outside any request');
    log.log('debug', 'below the level');
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatchObject({
      level: 'warn',
      msg: 'zendesk read failed',
      status: 503,
      requestId: 'req-7',
    });
    expect(kept[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(kept[1]).not.toHaveProperty('requestId');
  });

  it('redacts secrets, tokens and ticket data wherever a caller passes them', () => {
    const { kept, stream } = lines();
    const log = pinoLogger('info', stream);
    log.log('error', 'careless', {
      authorization: 'Bearer eyJ.secret.token',
      sharedSecret: 's3cr3t',
      request: { authorization: 'Bearer abc', token: 'aicm_ik_leaked', body: '{"note":"vip"}' },
      activity: { ticketId: '4711', usage: [] },
      note: 'the customer is a vip',
      tenant: 'acme',
    });
    const text = JSON.stringify(kept);
    for (const leaked of ['eyJ', 's3cr3t', 'abc', 'aicm_ik_leaked', 'vip', '4711'])
      expect(text, leaked).not.toContain(leaked);
    expect(kept[0]).toMatchObject({
      tenant: 'acme',
      note: '[redacted]',
      request: { token: '[redacted]' },
    });
  });
});

describe.each(ENGINES)('metrics through prom-client, on $name', (engine) => {
  let b: Backend;
  let acme: TenantSecrets;

  beforeAll(async () => {
    b = await startBackend(engine);
    acme = await b.services.tenants.create('acme');
    await activatePlan(b, 'acme', USAGE_PLAN);
  });
  afterAll(() => b.close());

  it('has latency by route template and status, the process, and the repricer’s queue', async () => {
    const token = await appToken(acme, b.clock);
    expect((await call(b, 'GET', '/v1/tickets/4711', { token })).status).toBe(404);
    const posted = await call(b, 'POST', '/v1/usage-events', {
      token: acme.ingestKey,
      body: {
        events: [
          {
            ticketId: '9',
            id: 'e1',
            at: '2026-11-20T10:00:00Z',
            metric: 'conversation',
            quantity: 1,
          },
        ],
      },
    });
    expect(posted.status).toBe(200);
    const metrics = await call(b, 'GET', '/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = metrics.text;
    // By the route's template, never the concrete path (which would name the ticket).
    expect(text).toMatch(
      /^aicm_http_request_duration_seconds_count\{method="GET",route="\/v1\/tickets\/:ticketId",status="404"\} 1$/m,
    );
    expect(text).not.toContain('4711');
    expect(text).toMatch(
      /^aicm_http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/v1\/usage-events",status="200"\} 1$/m,
    );
    // The posted event's ticket waits for the repricer.
    expect(text).toMatch(/^aicm_repricer_queue_tickets 1$/m);
    expect(text).toMatch(/^aicm_replay_pool_pending 0$/m);
    expect(text).toMatch(/^aicm_usage_events_accepted_total 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });
});
