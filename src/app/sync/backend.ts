/**
 * The backend, reached through Zendesk's proxy (`client.request`): the proxy signs a short JWT
 * with the installation's secure shared secret, which never reaches the browser.
 * @module
 */
import type { $ZodType, output } from 'zod/v4/core';
import type { Dispute, DisputeReason } from '../../api/disputes.js';
import { SIDEBAR_ANSWERS } from '../../api/schemas/sidebar.js';
import type { TicketActivity, Timeline, UsageEvent } from '../../pricing/index.js';
import { PricingInputError, parseTimeline } from '../../pricing/index.js';
import type { ZafClient, ZafRequestOptions } from '../../zendesk/client.js';
import { BackendAnswerError, checkAnswer, routeOf } from './answer.js';

export type BackendTicket = output<(typeof SIDEBAR_ANSWERS)['PUT /v1/tickets/{ticketId}']>;

type Method = 'GET' | 'PUT' | 'POST';

const notFound = (error: unknown) => (error as { status?: number })?.status === 404;

export class Backend {
  constructor(
    private readonly client: ZafClient,
    private readonly baseUrl: string,
    private readonly account: string,
    /** The Zendesk user the app runs for: named in the token as who acted (e.g. a dispute). */
    private readonly userId: string | null = null,
  ) {}

  /**
   * Any backend route, through the proxy with a freshly signed token; its answer checked
   * against the route's schema (a BackendAnswerError when it does not match).
   */
  async call<S extends $ZodType>(
    schema: S,
    path: string,
    type: Method = 'GET',
    body?: unknown,
  ): Promise<output<S>> {
    const answer = await this.client.request<unknown>(this.#options(path, type, body));
    return checkAnswer(routeOf(type, path), schema, answer);
  }

  #options(path: string, type: Method, body?: unknown): ZafRequestOptions {
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
   * The account's plans in force over time, as the backend prices them: the answer checked
   * against its route's schema, then built by the core (one currency, one body per version).
   * Null before any.
   */
  async timeline(): Promise<Timeline | null> {
    const path = '/v1/plans/timeline';
    let answer: output<(typeof SIDEBAR_ANSWERS)['GET /v1/plans/timeline']>;
    try {
      answer = await this.call(SIDEBAR_ANSWERS['GET /v1/plans/timeline'], path);
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
    try {
      return parseTimeline(answer.timeline);
    } catch (error) {
      if (!(error instanceof PricingInputError)) throw error;
      const first = error.issues[0];
      throw new BackendAnswerError(
        routeOf('GET', path),
        `timeline${first?.field ?? ''}`,
        first?.message ?? error.message,
      );
    }
  }

  /** The usage the AI platform posted for this ticket (empty when the backend has none). */
  async postedUsage(ticketId: string): Promise<UsageEvent[]> {
    try {
      const answer = await this.call(
        SIDEBAR_ANSWERS['GET /v1/tickets/{ticketId}'],
        `/v1/tickets/${encodeURIComponent(ticketId)}`,
      );
      return answer.activity.usage;
    } catch (error) {
      if (notFound(error)) return [];
      throw error;
    }
  }

  /** The ticket's disputes; none from a backend that has no disputes yet. */
  async disputes(ticketId: string): Promise<Dispute[]> {
    try {
      const answer = await this.call(
        SIDEBAR_ANSWERS['GET /v1/tickets/{ticketId}/disputes'],
        `/v1/tickets/${encodeURIComponent(ticketId)}/disputes`,
      );
      return answer.disputes;
    } catch (error) {
      if (notFound(error)) return [];
      throw error;
    }
  }

  /** Disputes the ticket's charged outcome; the backend takes the amount from its ledger. */
  async dispute(ticketId: string, reason: DisputeReason, note: string | null): Promise<Dispute> {
    const answer = await this.call(
      SIDEBAR_ANSWERS['POST /v1/tickets/{ticketId}/disputes'],
      `/v1/tickets/${encodeURIComponent(ticketId)}/disputes`,
      'POST',
      { reason, note },
    );
    return answer.dispute;
  }

  sync(ticketId: string, revision: number, activity: TicketActivity): Promise<BackendTicket> {
    return this.call(
      SIDEBAR_ANSWERS['PUT /v1/tickets/{ticketId}'],
      `/v1/tickets/${encodeURIComponent(ticketId)}`,
      'PUT',
      { revision, activity },
    );
  }
}
