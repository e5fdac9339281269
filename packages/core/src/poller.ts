import { WaitTimeoutError } from './errors.js';

export type PollState<T> =
  { state: 'done'; value: T } | { state: 'pending'; detail?: string } | { state: 'failed'; error: Error };

export interface PollOptions<R, T> {
  /** What is awaited, for messages: `bot locale en_US build`. */
  what: string;
  read: () => Promise<R>;
  evaluate: (reading: R) => PollState<T>;
  timeoutMs: number;
  intervalMs?: number;
  maxIntervalMs?: number;
  onPending?: (detail: string | undefined, elapsedMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads until the evaluation is done or failed, backing off gently (x1.5 up to `maxIntervalMs`). Unlike the SDK
 * waiters it does not swallow errors: a read that throws fails the wait at once with that error.
 */
export async function poll<R, T>(options: PollOptions<R, T>): Promise<T> {
  const { what, read, evaluate, timeoutMs, intervalMs = 2000, maxIntervalMs = 15_000 } = options;
  const wait = options.sleep ?? sleep;
  const now = options.now ?? Date.now;
  const started = now();
  let interval = intervalMs;
  let lastDetail: string | undefined;
  for (;;) {
    const result = evaluate(await read());
    if (result.state === 'done') return result.value;
    if (result.state === 'failed') throw result.error;
    lastDetail = result.detail;
    const elapsed = now() - started;
    if (elapsed >= timeoutMs) {
      const state = lastDetail ? ` (last state: ${lastDetail})` : '';
      throw new WaitTimeoutError(
        `timed out after ${Math.round(elapsed / 1000)} s waiting for ${what}${state}; raise the wait timeout or check the resource in the console`,
      );
    }
    options.onPending?.(lastDetail, elapsed);
    await wait(Math.min(interval, Math.max(0, timeoutMs - elapsed)));
    interval = Math.min(maxIntervalMs, Math.round(interval * 1.5));
  }
}
