/**
 * `ai-cost serve`: runs the companion backend (embedded PGlite in --data-dir, or PostgreSQL when
 * DATABASE_URL is set).
 * @module
 */
import { ConfigError, loadConfig } from '../../server/config.js';
import { closeOnSignals, startServer } from '../../server/serve.js';
import { parse } from '../args.js';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { SERVE_USAGE } from '../usage.js';

/** The environment with the command line's database and port flags laid over it. */
export function configFrom(values: {
  port?: string | undefined;
  host?: string | undefined;
  'data-dir'?: string | undefined;
}) {
  try {
    return loadConfig({
      ...process.env,
      ...(values.port !== undefined ? { PORT: values.port } : {}),
      ...(values.host !== undefined ? { HOST: values.host } : {}),
      ...(values['data-dir'] !== undefined ? { DATA_DIR: values['data-dir'] } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

export async function runServe(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' } },
    SERVE_USAGE,
  );
  if (positionals.length > 0) throw new UsageError(SERVE_USAGE);
  const server = await startServer(configFrom(values));
  out.line(`AI Cost Meter backend listening on ${server.url}`);
  closeOnSignals(server);
  // Keep running: the signal handlers end the process.
  await new Promise<never>(() => {});
  return 0;
}
