/**
 * The subjects of the report's top tickets, read in the browser from Zendesk through the ZAF
 * client (the agent's own session), so the backend never stores ticket text. Zendesk's answer is
 * checked before use; a ticket Zendesk does not return (deleted, or not visible to this user)
 * simply has no subject.
 * @module
 */
import * as z from 'zod/mini';
import type { ZafClient } from '../../../zendesk/client.js';

const ShowMany = z.object({
  tickets: z.array(z.object({ id: z.number(), subject: z.optional(z.nullable(z.string())) })),
});

/** Zendesk's show_many takes at most 100 ids a call. */
const PAGE = 100;

export async function fetchSubjects(
  client: ZafClient,
  ids: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  const wanted = [...new Set(ids.filter((id) => /^\d+$/.test(id)))];
  const subjects = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += PAGE) {
    const answer = await client.request<unknown>({
      url: `/api/v2/tickets/show_many.json?ids=${wanted.slice(i, i + PAGE).join(',')}`,
      type: 'GET',
    });
    const parsed = z.safeParse(ShowMany, answer);
    if (!parsed.success) continue;
    for (const t of parsed.data.tickets) if (t.subject) subjects.set(String(t.id), t.subject);
  }
  return subjects;
}
