/**
 * The request deadline: a 503 at the deadline, except while a commit is under way, whose
 * answer then follows it; a commit after the deadline is refused, so nothing is stored.
 */
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/server/http/deadline.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the request deadline', () => {
  it('answers 503 at the deadline and aborts its signal', async () => {
    const deadline = new Deadline(30);
    const answer = deadline.race(sleep(200).then(() => 'late'));
    await expect(answer).rejects.toBeInstanceOf(HTTPException);
    expect(deadline.signal.aborted).toBe(true);
  });

  it('waits for a commit under way at the deadline, and answers what it answers', async () => {
    const deadline = new Deadline(30);
    const stored: string[] = [];
    const answer = deadline.race(
      deadline.commit(async () => {
        await sleep(100);
        stored.push('activation');
        return 'committed';
      }),
    );
    await expect(answer).resolves.toBe('committed');
    expect(stored).toEqual(['activation']);
    expect(deadline.signal.aborted).toBe(false);
  });

  it('refuses a commit once the deadline has passed, storing nothing', async () => {
    const deadline = new Deadline(20);
    const stored: string[] = [];
    const handler = (async () => {
      await sleep(60);
      return deadline.commit(async () => {
        stored.push('activation');
      });
    })();
    await expect(deadline.race(handler)).rejects.toBeInstanceOf(HTTPException);
    await expect(handler).rejects.toBeInstanceOf(HTTPException);
    expect(stored).toEqual([]);
  });
});
