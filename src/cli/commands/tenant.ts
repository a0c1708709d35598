/**
 * `ai-cost tenant`: creates a tenant (printing its secrets once) and gives the backend access to
 * the account's Zendesk API. Uses the same database settings as `serve`.
 * @module
 */

import { openServices } from '../../server/services.js';
import {
  accountSchema,
  TenantExistsError,
  type TenantSecrets,
} from '../../server/tenants/store.js';
import { parse, required } from '../args.js';
import { UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { TENANT_USAGE } from '../usage.js';
import { configFrom } from './serve.js';

export async function runTenant(argv: string[], out: Output): Promise<number> {
  const [action, ...rest] = argv;
  const { values } = parse(
    rest,
    {
      account: { type: 'string' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      email: { type: 'string' },
      'installation-id': { type: 'string' },
    },
    TENANT_USAGE,
  );
  const account = accountSchema.safeParse(required(values.account, '--account', TENANT_USAGE));
  if (!account.success) throw new UsageError(`--account: ${account.error.issues[0]?.message}`);
  if (action !== 'create' && action !== 'zendesk') throw new UsageError(TENANT_USAGE);
  const services = await openServices({ ...configFrom(values), LOG_LEVEL: 'silent' });
  try {
    if (action === 'create') {
      let secrets: TenantSecrets;
      try {
        secrets = await services.tenants.create(account.data);
      } catch (error) {
        if (error instanceof TenantExistsError) throw new UsageError(error.message);
        throw error;
      }
      if (values.json) out.line(JSON.stringify(secrets));
      else {
        out.line(
          `Tenant ${secrets.account} created. These secrets are shown once; store them now.`,
        );
        out.line(
          `  shared secret (the app's secure "shared_secret" setting): ${secrets.sharedSecret}`,
        );
        out.line(`  ingest key (the AI platform's Bearer token):            ${secrets.ingestKey}`);
        out.line(
          `  webhook signing secret (the Zendesk webhook):           ${secrets.webhookSecret}`,
        );
      }
      return 0;
    }
    const email = required(values.email, '--email', TENANT_USAGE);
    const installationId = Number(
      required(values['installation-id'], '--installation-id', TENANT_USAGE),
    );
    if (!Number.isSafeInteger(installationId) || installationId < 1)
      throw new UsageError('--installation-id: expected a positive integer');
    const token = process.env.ZENDESK_API_TOKEN;
    if (!token) throw new UsageError("set ZENDESK_API_TOKEN to the account's Zendesk API token");
    if (!(await services.tenants.setZendeskAccess(account.data, email, token, installationId))) {
      throw new UsageError(`no tenant for account ${account.data}`);
    }
    out.line(`Zendesk API access stored for ${account.data} (installation ${installationId}).`);
    return 0;
  } finally {
    await services.database.close();
  }
}
