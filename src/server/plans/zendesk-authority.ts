/**
 * Who may activate a plan (or answer a dispute) is decided by Zendesk, not by the browser: the admin sets the app
 * installation's `active_plan` setting (only Zendesk admins can change an installation's
 * settings), and the backend reads that setting back from Zendesk's API with the tenant's own
 * credentials before it activates anything.
 * @module
 */
import * as z from 'zod';
import type { Tenant } from '../tenants/store.js';

const installationSchema = z.object({
  settings: z.record(z.string(), z.unknown()).optional(),
  installation: z.object({ settings: z.record(z.string(), z.unknown()) }).optional(),
});

export type AuthorityCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'no_credentials' | 'zendesk_unreachable' | 'not_selected';
      detail: string;
    };

/** Asks Zendesk whether the installation's `active_plan` setting names `planId@version`. */
export function zendeskApprovesPlan(
  tenant: Tenant,
  apiBase: string,
  planId: string,
  version: number,
  fetchImpl: typeof fetch = fetch,
): Promise<AuthorityCheck> {
  return zendeskSettingIs(tenant, apiBase, 'active_plan', `${planId}@${version}`, fetchImpl);
}

/**
 * Asks Zendesk whether the installation's setting `name` holds `expected`: what only an admin
 * of the account can have set (e.g. `dispute_decision` for a dispute's answer).
 */
export async function zendeskSettingIs(
  tenant: Tenant,
  apiBase: string,
  name: string,
  expected: string,
  fetchImpl: typeof fetch = fetch,
): Promise<AuthorityCheck> {
  if (!tenant.zendesk) {
    return {
      ok: false,
      reason: 'no_credentials',
      detail: 'this account has no Zendesk API access configured (ai-cost tenant zendesk)',
    };
  }
  const url = `${apiBase.replace('{account}', tenant.account)}/api/v2/apps/installations/${tenant.zendesk.installationId}.json`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: {
        authorization: `Basic ${Buffer.from(tenant.zendesk.basicAuth()).toString('base64')}`,
        accept: 'application/json',
      },
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    return { ok: false, reason: 'zendesk_unreachable', detail: (error as Error).message };
  }
  if (!response.ok)
    return {
      ok: false,
      reason: 'zendesk_unreachable',
      detail: `Zendesk answered ${response.status}`,
    };
  const parsed = installationSchema.safeParse(await response.json().catch(() => null));
  const settings = parsed.success
    ? (parsed.data.installation?.settings ?? parsed.data.settings ?? {})
    : {};
  const selected = settings[name];
  if (selected !== expected) {
    return {
      ok: false,
      reason: 'not_selected',
      detail: `the app's ${name} setting in Zendesk is ${JSON.stringify(selected ?? null)}, not "${expected}"`,
    };
  }
  return { ok: true };
}
