/**
 * `ai-cost`: price tickets, compare plans, check plans; and run the backend.
 * @module
 */
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './errors.js';
import { consoleOutput, type Output } from './output.js';
import {
  CHECK_PLAN_USAGE,
  COMPARE_USAGE,
  EXPLAIN_USAGE,
  PRICE_USAGE,
  SERVE_USAGE,
  TENANT_USAGE,
  WORKSPACE_USAGE,
} from './usage.js';

type Command = (argv: string[], out: Output) => number | Promise<number>;

// Each command's modules (the pricing core, the backend and its database drivers) are loaded
// only when that command runs, so a start pays for one command and no other.
const COMMANDS: Record<string, { run: Command; usage: string; summary: string }> = {
  price: {
    run: async (argv, out) => (await import('./commands/price.js')).runPrice(argv, out),
    usage: PRICE_USAGE,
    summary: 'price one ticket, or a period of tickets',
  },
  compare: {
    run: async (argv, out) => (await import('./commands/compare.js')).runCompare(argv, out),
    usage: COMPARE_USAGE,
    summary: 'the same tickets under several plans',
  },
  explain: {
    run: async (argv, out) => (await import('./commands/explain.js')).runExplain(argv, out),
    usage: EXPLAIN_USAGE,
    summary: 'why a ticket was charged what it was: the rule, the facts, each line',
  },
  'check-plan': {
    run: async (argv, out) => (await import('./commands/check-plan.js')).runCheckPlan(argv, out),
    usage: CHECK_PLAN_USAGE,
    summary: 'validate a plan file',
  },
  serve: {
    run: async (argv, out) => (await import('./commands/serve.js')).runServe(argv, out),
    usage: SERVE_USAGE,
    summary: 'run the companion backend',
  },
  tenant: {
    run: async (argv, out) => (await import('./commands/tenant.js')).runTenant(argv, out),
    usage: TENANT_USAGE,
    summary: 'create a tenant, or give it Zendesk API access',
  },
  workspace: {
    run: async (argv, out) => (await import('./commands/workspace.js')).runWorkspace(argv, out),
    usage: WORKSPACE_USAGE,
    summary: 'the local Zendesk workspace with the app and the backend',
  },
};

const HELP = [
  'ai-cost: what AI agents cost per ticket, under any plan',
  '',
  ...Object.entries(COMMANDS).map(
    ([name, c]) => `  ${name.padEnd(11)} ${c.summary}\n      ${c.usage}`,
  ),
  '',
  'Invalid input exits with status 2 and names the file and the field.',
].join('\n');

export async function main(argv: string[], out: Output = consoleOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.line(HELP);
    return name ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    out.error(`ai-cost: unknown command "${name}"\n\n${HELP}`);
    return EXIT_USAGE;
  }
  // Asked for, help is an answer, not a mistake: the command's usage, exit 0.
  if (rest.includes('--help') || rest.includes('-h')) {
    out.line(`${command.summary}\n${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, out);
  } catch (error) {
    // A command that threw the core's input error has loaded the core already.
    const { PricingInputError } = await import('../pricing/index.js');
    if (error instanceof UsageError || error instanceof PricingInputError) {
      out.error(`ai-cost ${name}: ${error.message}`);
      return EXIT_USAGE;
    }
    out.error(`ai-cost ${name}: unexpected failure: ${(error as Error).message}`);
    if (process.env.DEBUG) out.error(String((error as Error).stack));
    return EXIT_FAILURE;
  }
}
