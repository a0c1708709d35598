/**
 * Section 3 of the contract, rule by rule: the outcome, its confirmation instant, and how the
 * resolution charge follows it. Times are minutes after START; the window is 24 h unless a
 * test says otherwise, so C = S + 1440.
 */
import { describe, expect, it } from 'vitest';
import { priceTicket, type TicketActivity } from '../../src/pricing/index.js';
import {
  at,
  conversation,
  csat,
  handoff,
  humanReply,
  outcomePlan,
  status,
  ticket,
} from './build.js';

const DAY = 24 * 60;
const S = 10; // the solve, in minutes after START
const C = S + DAY; // its confirmation instant under a 24 h window

const plan = (rules: Record<string, unknown> = {}) =>
  outcomePlan({ confirmationWindowHours: 24, assistedPrice: '0.10', ...rules });

function evaluate(activity: TicketActivity, asOfMinutes: number, rules = {}) {
  return priceTicket(plan(rules), activity, { asOf: at(asOfMinutes) });
}

const ai = [conversation('c1', 0)];
const solvedAt = (s: number, ...more: TicketActivity['lifecycle']) =>
  ticket(ai, [status('open', 0), status('solved', s), ...more]);

describe('rule 1: no usage', () => {
  it('is no_ai even when solved and confirmed, and charges nothing', () => {
    const b = evaluate(ticket([], [status('open', 0), status('solved', S)]), C + 60);
    expect(b.outcome).toBe('no_ai');
    expect(b.lines).toEqual([]);
    expect(b.total).toBe('0.00');
  });

  it('ignores usage after asOf', () => {
    const b = evaluate(ticket([conversation('late', 100)], [status('open', 0)]), 50);
    expect(b.outcome).toBe('no_ai');
  });
});

describe('rule 2: a confirmed solve', () => {
  it('is pending one instant before C, with the charge provisional', () => {
    const b = evaluate(solvedAt(S), C - 1);
    expect(b.outcome).toBe('pending_confirmation');
    expect(b.provisional).toBe(true);
    expect(b.lines).toEqual([
      { code: 'resolution', quantity: '1', unitPrice: '0.99', amount: '0.99', provisional: true },
    ]);
    expect(b.total).toBe('0.99');
    expect(b.confirmedTotal).toBe('0.00');
    expect(b.confirmsAt).toBe(at(C));
    expect(b.confirmedAt).toBeNull();
  });

  it('is ai_resolved exactly at C (C ≤ asOf), and confirmed', () => {
    const b = evaluate(solvedAt(S), C);
    expect(b.outcome).toBe('ai_resolved');
    expect(b.provisional).toBe(false);
    expect(b.confirmedAt).toBe(at(C));
    expect(b.decidedAt).toBe(at(C));
    expect(b.confirmedTotal).toBe('0.99');
  });

  it('uses the default 72 h window when the plan sets none', () => {
    const p = outcomePlan();
    const t = solvedAt(S);
    expect(priceTicket(p, t, { asOf: at(S + 72 * 60 - 1) }).outcome).toBe('pending_confirmation');
    expect(priceTicket(p, t, { asOf: at(S + 72 * 60) }).outcome).toBe('ai_resolved');
  });

  it('confirms at the close when the ticket closes before the window ends', () => {
    const b = evaluate(solvedAt(S, status('closed', S + 60)), S + 60);
    expect(b.outcome).toBe('ai_resolved');
    expect(b.confirmedAt).toBe(at(S + 60));
  });

  it('counts a first status of closed as a solve confirmed at once', () => {
    const b = evaluate(ticket(ai, [status('closed', S)]), S);
    expect(b.outcome).toBe('ai_resolved');
    expect(b.confirmedAt).toBe(at(S));
  });

  it('counts a first status of solved as a solve', () => {
    expect(evaluate(ticket(ai, [status('solved', S)]), C).outcome).toBe('ai_resolved');
  });

  it('does not take solved → closed as a second solve', () => {
    // Solved at S, closed at S+30: one solve, confirmed at the close, not a later C.
    const b = evaluate(solvedAt(S, status('closed', S + 30)), C + DAY);
    expect(b.confirmedAt).toBe(at(S + 30));
  });

  it('takes the earliest qualifying C when several solves confirm', () => {
    const t = solvedAt(S, status('open', C + 5), status('solved', C + 10));
    const b = evaluate(t, C + 10 + DAY + 1);
    expect(b.outcome).toBe('ai_resolved');
    expect(b.confirmedAt).toBe(at(C));
    expect(b.lines).toHaveLength(1); // one ticket is at most one resolution
  });

  it('confirms a later solve when the first one reopened', () => {
    const t = solvedAt(S, status('open', S + 60), status('solved', S + 120));
    expect(evaluate(t, S + 120 + DAY - 1).outcome).toBe('pending_confirmation');
    const b = evaluate(t, S + 120 + DAY);
    expect(b.outcome).toBe('ai_resolved');
    expect(b.confirmedAt).toBe(at(S + 120 + DAY));
  });

  describe('reopen before, at and after the window', () => {
    it('a reopen inside [S, C) stops the confirmation', () => {
      const b = evaluate(solvedAt(S, status('open', C - 1)), C + 60);
      expect(b.outcome).toBe('in_progress');
      expect(b.lines).toEqual([]);
    });

    it('a reopen one millisecond after S is inside the window', () => {
      const t = solvedAt(S, { at: '2026-11-02T09:10:00.001Z', type: 'status', status: 'open' });
      expect(evaluate(t, C + 60).outcome).toBe('in_progress');
    });

    it('a reopen exactly at C does not stop it', () => {
      const b = evaluate(solvedAt(S, status('open', C)), C + 60);
      expect(b.outcome).toBe('ai_resolved');
      expect(b.confirmedAt).toBe(at(C));
    });

    it('a reopen after C changes nothing by default', () => {
      const b = evaluate(solvedAt(S, status('open', C + 5), humanReply(C + 6)), C + 60);
      expect(b.outcome).toBe('ai_resolved');
      expect(b.total).toBe('0.99');
    });

    it('with revokeOnLateReopen, a reopen after C revokes the resolution', () => {
      const t = solvedAt(S, status('open', C + 5));
      const b = evaluate(t, C + 60, { revokeOnLateReopen: true });
      expect(b.outcome).toBe('in_progress');
      expect(b.lines).toEqual([]);
      // Before the late reopen happens (asOf earlier), the resolution stands.
      expect(evaluate(t, C + 4, { revokeOnLateReopen: true }).outcome).toBe('ai_resolved');
    });

    it('with revokeOnLateReopen, a reopen exactly at C revokes it too', () => {
      const b = evaluate(solvedAt(S, status('open', C)), C + 60, { revokeOnLateReopen: true });
      expect(b.outcome).toBe('in_progress');
    });

    it('with revokeOnLateReopen, a later solve can still confirm', () => {
      const t = solvedAt(S, status('open', C + 5), status('solved', C + 10));
      const b = evaluate(t, C + 10 + DAY, { revokeOnLateReopen: true });
      expect(b.outcome).toBe('ai_resolved');
      expect(b.confirmedAt).toBe(at(C + 10 + DAY));
    });
  });

  describe('human involvement before, at and after C', () => {
    it('a human reply before C makes the solved ticket assisted', () => {
      const b = evaluate(solvedAt(S, humanReply(C - 1)), C + 60);
      expect(b.outcome).toBe('assisted');
      expect(b.lines).toEqual([
        { code: 'assisted', quantity: '1', unitPrice: '0.1', amount: '0.10', provisional: false },
      ]);
      expect(b.decidedAt).toBe(at(S));
    });

    it('a handoff before the solve makes it assisted', () => {
      expect(evaluate(solvedAt(S, handoff(1)), C + 60).outcome).toBe('assisted');
    });

    it('a human reply exactly at C does not stop the confirmation', () => {
      expect(evaluate(solvedAt(S, humanReply(C)), C + 60).outcome).toBe('ai_resolved');
    });

    it('a human reply after C changes nothing', () => {
      expect(evaluate(solvedAt(S, humanReply(C + 1)), C + 60).outcome).toBe('ai_resolved');
    });

    it('a human reply at the instant of the close does not stop a close-confirmed solve', () => {
      // C is the close; involvement that begins at C is not before C, in either input order.
      const replyFirst = solvedAt(S, humanReply(S + 30), status('closed', S + 30));
      const closeFirst = solvedAt(S, status('closed', S + 30), humanReply(S + 30));
      for (const t of [replyFirst, closeFirst]) {
        const b = evaluate(t, S + 60);
        expect(b.outcome).toBe('ai_resolved');
        expect(b.confirmedAt).toBe(at(S + 30));
      }
    });
  });
});

describe('rules 3 to 6 when nothing is confirmed', () => {
  it('3: open and no human → in_progress', () => {
    expect(evaluate(ticket(ai, [status('open', 0)]), 60).outcome).toBe('in_progress');
  });

  it('3: a ticket with no lifecycle at all is in progress', () => {
    expect(evaluate(ticket(ai, []), 60).outcome).toBe('in_progress');
  });

  it('3: open with a human reply → escalated, with a handoff → escalated', () => {
    expect(evaluate(ticket(ai, [status('open', 0), humanReply(5)]), 60).outcome).toBe('escalated');
    expect(evaluate(ticket(ai, [status('open', 0), handoff(5)]), 60).outcome).toBe('escalated');
  });

  it('3: pending and hold are not solved', () => {
    for (const s of ['pending', 'hold'] as const) {
      expect(evaluate(ticket(ai, [status(s, 0)]), 60).outcome).toBe('in_progress');
    }
  });

  it('4: solved with a human involved and not confirmed → assisted, even while pending', () => {
    const b = evaluate(solvedAt(S, humanReply(S + 1)), S + 2);
    expect(b.outcome).toBe('assisted');
    expect(b.provisional).toBe(false);
  });

  it('5: a bad rating with minCsat good while pending → unsuccessful, nothing charged', () => {
    const b = evaluate(solvedAt(S, csat('bad', S + 5)), S + 10, { minCsat: 'good' });
    expect(b.outcome).toBe('unsuccessful');
    expect(b.lines).toEqual([]);
  });

  it('6: solved, no human, no bad rating → pending_confirmation', () => {
    expect(evaluate(solvedAt(S), S + 1).outcome).toBe('pending_confirmation');
  });
});

describe('CSAT', () => {
  it('minCsat good and a bad latest rating make a confirmed solve unsuccessful', () => {
    const b = evaluate(solvedAt(S, csat('bad', S + 5)), C, { minCsat: 'good' });
    expect(b.outcome).toBe('unsuccessful');
    expect(b.confirmedAt).toBe(at(C));
    expect(b.total).toBe('0.00');
  });

  it('only the latest rating counts', () => {
    const badThenGood = solvedAt(S, csat('bad', S + 5), csat('good', S + 6));
    const goodThenBad = solvedAt(S, csat('good', S + 5), csat('bad', S + 6));
    expect(evaluate(badThenGood, C, { minCsat: 'good' }).outcome).toBe('ai_resolved');
    expect(evaluate(goodThenBad, C, { minCsat: 'good' }).outcome).toBe('unsuccessful');
  });

  it('a rating after asOf does not count', () => {
    const t = solvedAt(S, csat('bad', C + 5));
    expect(evaluate(t, C, { minCsat: 'good' }).outcome).toBe('ai_resolved');
    expect(evaluate(t, C + 5, { minCsat: 'good' }).outcome).toBe('unsuccessful');
  });

  it('without minCsat a bad rating changes nothing', () => {
    expect(evaluate(solvedAt(S, csat('bad', S + 5)), C).outcome).toBe('ai_resolved');
  });

  it('two ratings at one instant: the bad one counts as the latest, whatever the input order', () => {
    const a = solvedAt(S, csat('good', S + 5), csat('bad', S + 5));
    const b = solvedAt(S, csat('bad', S + 5), csat('good', S + 5));
    expect(evaluate(a, C, { minCsat: 'good' }).outcome).toBe('unsuccessful');
    expect(evaluate(b, C, { minCsat: 'good' }).outcome).toBe('unsuccessful');
  });
});

describe('asOf and time zone offsets', () => {
  it('ignores lifecycle facts after asOf', () => {
    const t = solvedAt(S, status('open', C - 5));
    expect(evaluate(t, C - 6).outcome).toBe('pending_confirmation');
    expect(evaluate(t, C - 5).outcome).toBe('in_progress');
  });

  it('compares instants, not spellings', () => {
    const zulu = ticket(ai, [status('open', 0), { at: at(S), type: 'status', status: 'solved' }]);
    const plus = ticket(ai, [
      status('open', 0),
      { at: '2026-11-02T14:40:00+05:30', type: 'status', status: 'solved' }, // 09:10Z
    ]);
    const minus = ticket(ai, [
      status('open', 0),
      { at: '2026-11-02T04:10:00-05:00', type: 'status', status: 'solved' },
    ]);
    for (const t of [zulu, plus, minus]) {
      expect(evaluate(t, C - 1).outcome).toBe('pending_confirmation');
      const b = evaluate(t, C);
      expect(b.outcome).toBe('ai_resolved');
      expect(b.confirmedAt).toBe(at(C));
    }
  });

  it('accepts asOf with an offset', () => {
    const b = priceTicket(plan(), solvedAt(S), { asOf: '2026-11-03T10:10:00+01:00' }); // = C
    expect(b.outcome).toBe('ai_resolved');
  });
});
