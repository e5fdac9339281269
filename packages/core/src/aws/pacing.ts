import type { Pluggable } from '@smithy/types';
import type { KeyedRateLimiter, Semaphore } from '../limiter.js';

export interface CallCounter {
  /** HTTP requests sent per operation name, retries included. */
  readonly counts: Map<string, number>;
}

export interface PacingOptions {
  counter?: CallCounter;
  /** Bounds the requests on the wire; a request takes its slot only once it holds its API's token. */
  inFlight?: Semaphore;
  /** Called for every request sent (retries included): for `--debug` traces. */
  onRequest?: (operation: string, waitedMs: number, tookMs: number, status: number | string) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plugin for any client's input/output types
type AnyClientPlugin = Pluggable<any, any>;

/**
 * Paces every request of a client through a per-operation token bucket (Connect and Lex quotas are per API).
 * It sits inside the SDK's retry loop, so retried attempts are paced too, and a request waiting for a token
 * never holds an in-flight slot: calls to an idle API are never queued behind calls to a busy one.
 */
export function pacingPlugin(
  limiter: KeyedRateLimiter,
  { counter, inFlight, onRequest }: PacingOptions = {},
): AnyClientPlugin {
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const operation = ((context as { commandName?: string }).commandName ?? 'unknown').replace(/Command$/, '');
          const queued = performance.now();
          await limiter.take(operation);
          if (counter) counter.counts.set(operation, (counter.counts.get(operation) ?? 0) + 1);
          const send = async () => {
            const sent = performance.now();
            try {
              const result = await next(args);
              onRequest?.(
                operation,
                sent - queued,
                performance.now() - sent,
                (result.response as { statusCode?: number }).statusCode ?? 'ok',
              );
              return result;
            } catch (error) {
              const status =
                (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ??
                (error as Error).name;
              onRequest?.(operation, sent - queued, performance.now() - sent, status);
              throw error;
            }
          };
          return inFlight ? inFlight.run(send) : send();
        },
        { step: 'finalizeRequest', name: 'eddPacing', priority: 'low' },
      );
    },
  };
}
