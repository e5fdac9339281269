import { describe, expect, it } from 'vitest';
import { WaitTimeoutError, backoffDelay, mapConcurrent, poll, retry, Semaphore } from '../src/index.js';
import { TokenBucket } from '../src/limiter.js';

describe('poll', () => {
  it('returns the value once the evaluation is done', async () => {
    let reads = 0;
    const value = await poll({
      what: 'build',
      read: async () => ++reads,
      evaluate: (n) =>
        n >= 3 ? { state: 'done', value: `built after ${n}` } : { state: 'pending', detail: 'Building' },
      timeoutMs: 10_000,
      sleep: async () => {},
    });
    expect(value).toBe('built after 3');
  });

  it('throws WaitTimeoutError naming what it waited for and the last state', async () => {
    let clock = 0;
    const error = await poll({
      what: 'bot locale en_US build',
      read: async () => 'Building',
      evaluate: (s) => ({ state: 'pending', detail: s }),
      timeoutMs: 5000,
      intervalMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toContain('bot locale en_US build (last state: Building)');
  });

  it('fails at once with the evaluation error', async () => {
    await expect(
      poll({
        what: 'import',
        read: async () => 'Failed',
        evaluate: () => ({ state: 'failed', error: new Error('bad zip') }),
        timeoutMs: 1000,
      }),
    ).rejects.toThrow('bad zip');
  });
});

describe('retry and backoff', () => {
  it('keeps full-jitter delays under the exponential cap', () => {
    expect(backoffDelay(0, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 0.5 })).toBe(400);
    expect(backoffDelay(20, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 0.999 })).toBe(4995);
  });

  it('retries retryable errors and gives up after the attempts', async () => {
    let calls = 0;
    const sleeps: number[] = [];
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error('transient');
        },
        {
          attempts: 4,
          baseDelayMs: 10,
          maxDelayMs: 100,
          isRetryable: () => true,
          sleep: async (ms) => void sleeps.push(ms),
        },
      ),
    ).rejects.toThrow('transient');
    expect(calls).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('does not retry what is not retryable', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error('fatal');
        },
        { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, isRetryable: () => false },
      ),
    ).rejects.toThrow('fatal');
    expect(calls).toBe(1);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through and then paces to the rate', async () => {
    const bucket = new TokenBucket(50, 5);
    const start = performance.now();
    for (let i = 0; i < 10; i++) await bucket.take();
    const elapsed = performance.now() - start;
    // 5 immediate, 5 more at 50/s = 100 ms.
    expect(elapsed).toBeGreaterThanOrEqual(85);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe('concurrency', () => {
  it('mapConcurrent keeps order and never exceeds the limit', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5 * (8 - n)));
      active--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });

  it('mapConcurrent rethrows the first failure and starts no new work after it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrent([1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('Semaphore runs at most its limit at once', async () => {
    const sem = new Semaphore(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        sem.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
