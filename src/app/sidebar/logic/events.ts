/**
 * The ZAF events after which the ticket may have changed, listened to until stop: then each
 * handler is removed from the client (`client.off`), and one that still fires does nothing.
 * @module
 */
import type { ZafClient } from '../../../zendesk/client.js';

export const CHANGE_EVENTS = [
  'ticket.status.changed',
  'ticket.comments.changed',
  'ticket.tags.changed',
  'ticket.updated',
  'ticket.saved',
  'app.activated',
] as const;

/** Calls `onChange` on each change event until the returned function is called. */
export function onTicketChanges(client: ZafClient, onChange: () => void): () => void {
  let live = true;
  const handler = () => {
    if (live) onChange();
  };
  for (const event of CHANGE_EVENTS) client.on(event, handler);
  return () => {
    live = false;
    for (const event of CHANGE_EVENTS) client.off?.(event, handler);
  };
}
