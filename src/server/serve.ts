/**
 * Runs the backend on a port until SIGTERM or SIGINT, then stops taking requests, lets those in
 * flight finish, and closes the database.
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { startBudgetTicker } from './budgets/ticker.js';
import type { ServerConfig } from './config.js';
import { createApp } from './http/app.js';
import type { Services } from './http/context.js';
import { repriceLedger } from './http/context.js';
import { jsonClientErrors, serverOptions } from './http/sockets.js';
import { markDueConfirmations } from './ledger/tickets.js';
import { openServices } from './services.js';

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, opened?: Services): Promise<RunningServer> {
  const services = opened ?? (await openServices(config));
  const app = createApp(services);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.PORT,
        hostname: config.HOST,
        serverOptions: serverOptions({
          headersTimeoutMs: config.HEADERS_TIMEOUT_MS,
          requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
        }),
      },
      () => resolve(s),
    );
    jsonClientErrors(s as Server);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;
  services.log.log('info', 'listening', { url, engine: services.database.engine });
  const repricer = startRepricer(services);
  const budgetTicker = startBudgetTicker(services);
  // The first replay need not wait for its worker to load the pricing core.
  void services.replays.warm();
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => server.close(() => resolve()))
      .then(() => repricer.stop())
      .then(() => budgetTicker.stop())
      .then(() => services.replays.close())
      .then(() => services.database.close());
    return closing;
  };
  return { url, close };
}

/** Reprices the tickets usage arrived for, a batch at a time, in the background. */
function startRepricer(services: Services, everyMs = 250) {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    const now = services.now();
    // Prices that came due (a confirmation, a scheduled activation) change with no request.
    running = markDueConfirmations(services.database.db, null, now)
      .then(() => repriceLedger(services, now))
      .then(() => undefined)
      .catch((error: Error) => services.log.log('error', 'repricing failed', { error: error.name }))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Closes the server on the first SIGTERM or SIGINT and exits when it is done. */
export function closeOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'shutting down', signal })}\n`,
    );
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
