import { sleep } from './poller.js';

/**
 * Token bucket: `ratePerSecond` steady, `burst` at once. Connect's API quotas are buckets like this (about 2/s,
 * burst 5, per API): pacing ourselves to them avoids a storm of 429s and the SDK's retry back-off.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }

  /** Resolves when a token is available; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      if (this.tokens < 1) {
        await sleep(((1 - this.tokens) / this.ratePerSecond) * 1000);
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn.catch(() => {});
    return turn;
  }
}

/** One token bucket per key (an API name), created on first use with the same rate. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly overrides: Record<string, { ratePerSecond: number; burst: number }> = {},
  ) {}

  take(key: string): Promise<void> {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const o = this.overrides[key];
      bucket = new TokenBucket(o?.ratePerSecond ?? this.ratePerSecond, o?.burst ?? this.burst);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }
}

/** Runs at most `limit` tasks at a time. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('Semaphore limit must be at least 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Maps with at most `limit` calls in flight, keeping input order in the result. The first failure stops new
 * work from starting and is rethrown once the calls already in flight settle.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
