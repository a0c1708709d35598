/**
 * The app's tags on the ticket, written only when they change, against the ticket's stamp; when
 * someone saved the ticket meanwhile, read again and written against the new stamp.
 * @module
 */
import type { Breakdown } from '../../../pricing/index.js';
import {
  type RetryPolicy,
  readTicket,
  writeTags,
  type ZafClient,
  ZendeskRequestError,
} from '../../../zendesk/client.js';
import { isEmptyChange, tagChange, wantedTags } from '../../../zendesk/tags.js';

export interface TagFacts {
  readonly breakdown: Breakdown;
  readonly hasAi: boolean;
  readonly disputed: boolean;
  readonly over: boolean;
}

export async function keepTags(
  client: ZafClient,
  ticketId: string,
  prefix: string,
  current: { readonly tags: readonly string[]; readonly stamp: string },
  facts: TagFacts,
  retry: RetryPolicy,
): Promise<void> {
  const wanted = wantedTags(prefix, facts.breakdown, facts.hasAi, facts.disputed, facts.over);
  let change = tagChange(prefix, wanted, current.tags);
  if (isEmptyChange(change)) return;
  try {
    await writeTags(client, ticketId, change, current.stamp, retry);
  } catch (error) {
    if (!(error instanceof ZendeskRequestError) || error.code !== 'conflict') throw error;
    const fresh = await readTicket(client, ticketId, retry);
    change = tagChange(prefix, wanted, fresh.tags);
    if (!isEmptyChange(change))
      await writeTags(client, ticketId, change, fresh.updated_at ?? '', retry);
  }
}
