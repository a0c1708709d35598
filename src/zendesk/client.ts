/**
 * The subset of the ZAF client this app uses, typed, and the Zendesk API calls it makes through
 * `client.request` (the agent's own session). Zendesk's rate limit (429) is waited out; a page
 * that fails fails the whole read, so no view is ever built from part of a ticket.
 * @module
 */
import { safeParse } from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import {
  type Audit,
  auditsPageSchema,
  ticketSchema,
  type ZendeskTicket,
  type ZendeskUser,
} from './shapes.js';
import type { TagChange } from './tags.js';

export interface ZafRequestOptions {
  url: string;
  type?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  contentType?: string;
  data?: string;
  headers?: Record<string, string>;
  secure?: boolean;
  cors?: boolean;
  jwt?: { algorithm: 'HS256'; secret_key: string; expiry: number; claims: Record<string, unknown> };
  httpCompleteResponse?: boolean;
}

export interface ZafClient {
  get(paths: string | string[]): Promise<Record<string, unknown>>;
  set?(path: string, value: unknown): Promise<unknown>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request<T = unknown>(options: ZafRequestOptions): Promise<T>;
  on(event: string, handler: (...args: unknown[]) => void): void;
  /** Removes a handler `on` added (the SDK has it; test clients may not). */
  off?(event: string, handler: (...args: unknown[]) => void): void;
  metadata(): Promise<{
    appId?: number;
    installationId?: number;
    settings: Record<string, unknown>;
  }>;
  context(): Promise<{
    account?: { subdomain?: string };
    location?: string;
    ticketId?: number | string;
  }>;
}

/** How a failed `client.request` rejects: the proxied response, as the SDK hands it over. */
interface RequestFailure {
  status?: number;
  responseJSON?: unknown;
  getResponseHeader?: (name: string) => string | null;
  headers?: Record<string, string>;
}

export class ZendeskRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'rate_limited' | 'conflict' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'ZendeskRequestError';
  }
}

export interface RetryPolicy {
  readonly attempts: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

function retryAfterMs(failure: RequestFailure, attempt: number): number {
  const header =
    failure.getResponseHeader?.('Retry-After') ??
    failure.headers?.['retry-after'] ??
    failure.headers?.['Retry-After'];
  const seconds = header !== undefined && header !== null ? Number(header) : Number.NaN;
  // Without a Retry-After, back off 1 s, 2 s, 4 s: Zendesk's limits are per minute.
  return Number.isFinite(seconds) && seconds >= 0
    ? Math.min(seconds, 60) * 1000
    : 1000 * 2 ** attempt;
}

/** One Zendesk API call, retried after a 429 as long as the policy allows. */
export async function zendeskRequest<T>(
  client: ZafClient,
  options: ZafRequestOptions,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.request<T>(options);
    } catch (error) {
      const failure = (error ?? {}) as RequestFailure;
      const status = typeof failure.status === 'number' ? failure.status : 0;
      if (status === 429 && attempt + 1 < retry.attempts) {
        await retry.sleep(retryAfterMs(failure, attempt));
        continue;
      }
      if (status === 429)
        throw new ZendeskRequestError(429, 'rate_limited', 'Zendesk is rate limiting this account');
      if (status === 409)
        throw new ZendeskRequestError(409, 'conflict', 'the ticket changed meanwhile');
      throw new ZendeskRequestError(
        status,
        'failed',
        `${options.type ?? 'GET'} ${options.url} failed (${status || 'no answer'})`,
      );
    }
  }
}

function parse<T>(schema: $ZodType<T>, value: unknown, what: string): T {
  const parsed = safeParse(schema, value);
  if (!parsed.success)
    throw new ZendeskRequestError(0, 'failed', `unexpected ${what} from Zendesk`);
  return parsed.data;
}

/** The ticket's audits, every page, with the users they mention (sideloaded). */
export async function readAudits(
  client: ZafClient,
  ticketId: string,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<{ audits: Audit[]; users: ZendeskUser[] }> {
  const audits: Audit[] = [];
  const users = new Map<string, ZendeskUser>();
  let url: string | null =
    `/api/v2/tickets/${encodeURIComponent(ticketId)}/audits.json?include=users`;
  for (let pages = 0; url !== null; pages++) {
    if (pages >= 200) throw new ZendeskRequestError(0, 'failed', 'too many audit pages');
    const raw: unknown = await zendeskRequest(client, { url, type: 'GET' }, retry);
    const page = parse(auditsPageSchema, raw, 'audits page');
    audits.push(...page.audits);
    for (const u of page.users ?? []) users.set(u.id, u);
    // next_page is absolute on real Zendesk; the proxy takes the path.
    url = page.next_page ? page.next_page.replace(/^https?:\/\/[^/]+/, '') : null;
  }
  return { audits, users: [...users.values()] };
}

export async function readTicket(
  client: ZafClient,
  ticketId: string,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<ZendeskTicket> {
  const body = await zendeskRequest<{ ticket?: unknown }>(
    client,
    { url: `/api/v2/tickets/${encodeURIComponent(ticketId)}.json`, type: 'GET' },
    retry,
  );
  return parse(ticketSchema, body?.ticket, 'ticket');
}

/**
 * Adds and removes the app's tags with a safe update: if someone changed the ticket since
 * `updatedStamp`, Zendesk answers 409 and nothing is overwritten; the caller re-reads and
 * tries again with the fresh stamp.
 */
export async function writeTags(
  client: ZafClient,
  ticketId: string,
  change: TagChange,
  updatedStamp: string,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<void> {
  await zendeskRequest(
    client,
    {
      url: `/api/v2/tickets/${encodeURIComponent(ticketId)}.json`,
      type: 'PUT',
      contentType: 'application/json',
      data: JSON.stringify({
        ticket: {
          additional_tags: change.add,
          remove_tags: change.remove,
          safe_update: true,
          updated_stamp: updatedStamp,
        },
      }),
    },
    retry,
  );
}
