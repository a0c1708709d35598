/**
 * What the sidebar's controller publishes and the view renders.
 * @module
 */
import type { Dispute } from '../../../api/disputes.js';
import type {
  Breakdown,
  Explanation,
  Plan,
  TicketActivity,
  Timeline,
} from '../../../pricing/index.js';
import type { Diagnostic } from '../../../zendesk/mapping.js';
import type { PlanGroup } from './ready.js';

export type ErrorCode =
  | 'settings'
  | 'zendesk'
  | 'rate_limited'
  | 'plan'
  | 'no_ticket'
  | 'backend_answer';

/** `refused`: the backend took the sync but its answer did not match its schema (not used). */
export type SyncState = 'disabled' | 'queued' | 'synced' | 'refused';

export type SidebarState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly code: ErrorCode; readonly detail?: string }
  | {
      readonly kind: 'ready';
      readonly ticketId: string;
      readonly plan: {
        readonly id: string;
        readonly version: number;
        readonly name: string;
        readonly currency: string;
        readonly model: Plan['model'];
      };
      /** When the lines come from more than one plan: each plan and when it was in force. */
      readonly planGroups: readonly PlanGroup[];
      readonly activity: TicketActivity;
      readonly breakdown: Breakdown;
      /**
       * Why it costs what it does, from the same inputs as the breakdown (spec section 10); null
       * until its code has loaded, just after the cost is on screen.
       */
      readonly explanation: Explanation | null;
      /** The plans it was priced over (the Why? reads a tier's conditions from them). */
      readonly timeline: Timeline;
      /** The installation's tool labels (`tool_names`). */
      readonly toolNames: ReadonlyMap<string, string>;
      readonly hasAi: boolean;
      /** While pending: what the confirmed resolution adds (total − confirmed), else null. */
      readonly pendingAdds: string | null;
      readonly diagnostics: readonly Diagnostic[];
      readonly sync: SyncState;
      /** With `sync: 'refused'`: the route and field of the answer that did not match. */
      readonly syncDetail?: string;
      readonly computedAt: string;
      /** The ticket's disputes on record at the backend (none without one). */
      readonly disputes: readonly Dispute[];
      /** Whether an agent can dispute now: a backend, a charged outcome, no open dispute. */
      readonly canDispute: boolean;
      /** The `cost_threshold` the running cost has reached (provisional included), else null. */
      readonly overThreshold: string | null;
    };

export type Ready = Extract<SidebarState, { kind: 'ready' }>;
