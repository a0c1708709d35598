/**
 * The backend reading a ticket from Zendesk itself, with the tenant's own API credentials: the
 * same calls and the same mapping as the sidebar, over Zendesk's REST API instead of the ZAF
 * proxy. With it, what a browser sends is only a hint: the ledger follows Zendesk.
 * @module
 */
import type { TicketActivity, UsageEvent } from '../../pricing/index.js';
import {
  readAudits,
  readTicket,
  type ZafClient,
  ZendeskRequestError,
  zendeskRequest,
} from '../../zendesk/client.js';
import { mapTicket } from '../../zendesk/mapping.js';
import { parseSettings } from '../../zendesk/settings.js';
import type { Tenant } from '../tenants/store.js';

/** Zendesk's REST API behind the interface the mapping reads through. */
export function restClient(
  apiBase: string,
  basicAuth: string,
  fetchImpl: typeof fetch = fetch,
): ZafClient {
  const authorization = `Basic ${Buffer.from(basicAuth).toString('base64')}`;
  const unsupported = async () => {
    throw new Error('not available outside the ZAF iframe');
  };
  return {
    get: unsupported,
    invoke: unsupported,
    on: () => undefined,
    metadata: unsupported,
    context: unsupported,
    async request<T>(options: {
      url: string;
      type?: string;
      data?: string;
      contentType?: string;
    }): Promise<T> {
      const response = await fetchImpl(`${apiBase}${options.url}`, {
        method: options.type ?? 'GET',
        headers: {
          authorization,
          accept: 'application/json',
          ...(options.contentType ? { 'content-type': options.contentType } : {}),
        },
        ...(options.data !== undefined ? { body: options.data } : {}),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) {
        // The shape the ZAF SDK rejects with, so the same retry logic applies.
        throw {
          status: response.status,
          headers: { 'retry-after': response.headers.get('retry-after') ?? '' },
        };
      }
      return (await response.json()) as T;
    },
  };
}

/** The ticket's activity as Zendesk shows it, or null when the tenant gave no API access. */
export async function activityFromZendesk(
  tenant: Tenant,
  apiBaseTemplate: string,
  ticketId: string,
  postedUsage: readonly UsageEvent[],
): Promise<TicketActivity | null> {
  if (!tenant.zendesk) return null;
  const apiBase = apiBaseTemplate.replace('{account}', tenant.account);
  const client = restClient(apiBase, tenant.zendesk.basicAuth());
  const retry = { attempts: 3, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
  type Installation = {
    settings?: Record<string, unknown>;
    installation?: { settings: Record<string, unknown> };
  };
  const installation = await zendeskRequest<Installation>(
    client,
    { url: `/api/v2/apps/installations/${tenant.zendesk.installationId}.json` },
    retry,
  ).catch((error: unknown) => {
    // Not the ticket's 404: a missing installation says nothing about the ticket.
    throw new ZendeskRequestError(
      0,
      'failed',
      `the app installation could not be read (${(error as ZendeskRequestError)?.status ?? 'no answer'})`,
    );
  });
  const settings = parseSettings(
    installation.installation?.settings ?? installation.settings ?? {},
  );
  const [ticket, { audits, users }] = await Promise.all([
    readTicket(client, ticketId, retry),
    readAudits(client, ticketId, retry),
  ]);
  return mapTicket({ ticket, audits, users, settings, backendUsage: postedUsage }).activity;
}
