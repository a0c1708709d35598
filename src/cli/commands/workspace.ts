/**
 * `ai-cost workspace`: the local Zendesk workspace on the built app, with the companion backend
 * on its embedded defaults beside it, so anyone can see the product without a Zendesk account.
 * @module
 */
import { closeOnSignals } from '../../server/serve.js';
import { builtAppMissing, type RunningDemo, startDemo } from '../../workspace/demo.js';
import { parse } from '../args.js';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { WORKSPACE_USAGE } from '../usage.js';
import { configFrom } from './serve.js';

export async function runWorkspace(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      fixtures: { type: 'string' },
      port: { type: 'string' },
      'backend-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'no-backend': { type: 'boolean' },
      plans: { type: 'string' },
      now: { type: 'string' },
    },
    WORKSPACE_USAGE,
  );
  if (positionals.length > 0) throw new UsageError(WORKSPACE_USAGE);
  const missing = builtAppMissing();
  if (missing)
    throw new UsageError(
      `${missing} is missing: run npm run build first (npm start does it for you)`,
    );
  let now: Date | undefined;
  if (values.now !== undefined) {
    now = new Date(values.now);
    // An instant with its offset, as everywhere else: a bare date or local time is ambiguous.
    if (!/(?:Z|[+-]\d{2}:\d{2})$/i.test(values.now) || Number.isNaN(now.getTime()))
      throw new UsageError(
        `--now: expected an ISO 8601 instant with an offset, such as 2026-11-20T12:00:00Z (got "${values.now}")`,
      );
  }
  const backend = values['no-backend']
    ? null
    : configFrom({ port: values['backend-port'] ?? '8787', 'data-dir': values['data-dir'] });
  let demo: RunningDemo;
  try {
    demo = await startDemo({
      ...(values.fixtures ? { fixtures: values.fixtures } : {}),
      port: Number(values.port ?? 4567),
      backend,
      ...(values.plans ? { plansDir: values.plans } : {}),
      ...(now ? { now } : {}),
    });
  } catch (error) {
    if ((error as Error).message.includes('.json'))
      throw new UsageError(`--fixtures: ${(error as Error).message}`);
    throw error;
  }
  if (demo.backend) out.line(`Companion backend on ${demo.backend.url}`);
  out.line(`Local Zendesk workspace on ${demo.workspace.url} (open it in a browser)`);
  closeOnSignals({ url: demo.workspace.url, close: () => demo.close() });
  await new Promise<never>(() => {});
  return 0;
}
