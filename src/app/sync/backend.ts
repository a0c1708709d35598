/**
 * The backend, reached through Zendesk's proxy (`client.request`): the proxy signs a short JWT
 * with the installation's secure shared secret, which never reaches the browser.
 * @module
 */
import type { Dispute, DisputeReason } from '../../api/disputes.js';
import type { Breakdown, TicketActivity, Timeline, UsageEvent } from '../../pricing/index.js';
import { parseTimeline } from '../../pricing/index.js';
import type { ZafClient, ZafRequestOptions } from '../../zendesk/client.js';

export interface BackendTicket {
  readonly ticketId: string;
  readonly revision: number;
  readonly applied?: boolean;
  readonly activity: TicketActivity;
  readonly breakdown: Breakdown | null;
  readonly plan: { id: string; version: number; name: string } | null;
}

export class Backend {
  constructor(
    private readonly client: ZafClient,
    private readonly baseUrl: string,
    private readonly account: string,
    /** The Zendesk user the app runs for: named in the token as who acted (e.g. a dispute). */
    private readonly userId: string | null = null,
  ) {}

  /** Any backend route, through the proxy with a freshly signed token. */
  request<T>(path: string, type: 'GET' | 'PUT' | 'POST' = 'GET', body?: unknown): Promise<T> {
    return this.client.request<T>(this.#options(path, type, body));
  }

  #options(path: string, type: 'GET' | 'PUT' | 'POST', body?: unknown): ZafRequestOptions {
    return {
      url: `${this.baseUrl}${path}`,
      type,
      cors: false,
      secure: true,
      contentType: 'application/json',
      headers: { Authorization: 'Bearer {{jwt.token}}' },
      jwt: {
        algorithm: 'HS256',
        secret_key: '{{setting.shared_secret}}',
        expiry: 300,
        claims: { iss: this.account, ...(this.userId ? { sub: this.userId } : {}) },
      },
      ...(body !== undefined ? { data: JSON.stringify(body) } : {}),
    };
  }

  /**
   * The account's plans in force over time, as the backend prices them (validated here: a plan
   * from the network reaches pricing only through the core's schemas). Null before any.
   */
  async timeline(): Promise<Timeline | null> {
    try {
      const answer = await this.client.request<{ timeline: unknown }>(
        this.#options('/v1/plans/timeline', 'GET'),
      );
      return parseTimeline(answer.timeline);
    } catch (error) {
      if ((error as { status?: number })?.status === 404) return null;
      throw error;
    }
  }

  /** The usage the AI platform posted for this ticket (empty when the backend has none). */
  async postedUsage(ticketId: string): Promise<UsageEvent[]> {
    try {
      const answer = await this.client.request<BackendTicket>(
        this.#options(`/v1/tickets/${encodeURIComponent(ticketId)}`, 'GET'),
      );
      return answer.activity.usage;
    } catch (error) {
      if ((error as { status?: number })?.status === 404) return [];
      throw error;
    }
  }

  /** The ticket's disputes; none from a backend that has no disputes yet. */
  async disputes(ticketId: string): Promise<Dispute[]> {
    try {
      const answer = await this.request<{ disputes: Dispute[] }>(
        `/v1/tickets/${encodeURIComponent(ticketId)}/disputes`,
      );
      return answer.disputes;
    } catch (error) {
      if ((error as { status?: number })?.status === 404) return [];
      throw error;
    }
  }

  /** Disputes the ticket's charged outcome; the backend takes the amount from its ledger. */
  async dispute(ticketId: string, reason: DisputeReason, note: string | null): Promise<Dispute> {
    const answer = await this.request<{ dispute: Dispute }>(
      `/v1/tickets/${encodeURIComponent(ticketId)}/disputes`,
      'POST',
      { reason, note },
    );
    return answer.dispute;
  }

  sync(ticketId: string, revision: number, activity: TicketActivity): Promise<BackendTicket> {
    return this.client.request<BackendTicket>(
      this.#options(`/v1/tickets/${encodeURIComponent(ticketId)}`, 'PUT', { revision, activity }),
    );
  }
}
