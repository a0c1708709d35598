/**
 * What the backend knows of the ticket, or what the installation knows without it.
 * @module
 */
import type { Dispute } from '../../../api/disputes.js';
import { singlePlanTimeline, type UsageEvent } from '../../../pricing/index.js';
import type { AppSettings } from '../../../zendesk/settings.js';
import { BackendAnswerError } from '../../sync/answer.js';
import type { Backend } from '../../sync/backend.js';

/**
 * The backend's timeline of plans, posted usage and disputes; while the backend is
 * unreachable (or has no plan yet) the sidebar goes on with the default plan and the ticket's
 * own usage, and the sync waits in the queue. An answer that does not match is not used, and
 * not hidden behind the default plan.
 */
export async function fromBackend(
  settings: AppSettings,
  ticketId: string,
  backend: Backend | null,
) {
  const fallback = settings.defaultPlan ? singlePlanTimeline(settings.defaultPlan) : null;
  const none = { timeline: fallback, posted: [] as UsageEvent[], disputes: [] as Dispute[] };
  if (!backend) return none;
  const unlessRefused =
    <T>(value: T) =>
    (error: unknown): T => {
      if (error instanceof BackendAnswerError) throw error;
      return value;
    };
  try {
    const [timeline, posted, disputes] = await Promise.all([
      backend.timeline(),
      backend.postedUsage(ticketId),
      // A backend from before disputes: none, and the rest goes on.
      backend.disputes(ticketId).catch(unlessRefused<Dispute[]>([])),
    ]);
    return { timeline: timeline ?? fallback, posted, disputes };
  } catch (error) {
    return unlessRefused(none)(error);
  }
}
