import type { Pluggable } from '@smithy/types';
import type { KeyedRateLimiter } from '../limiter.js';

export interface CallCounter {
  /** Calls sent per operation name (including retries the SDK makes are not counted: one per send). */
  readonly counts: Map<string, number>;
}

/**
 * Paces every call of a client through a per-operation token bucket (Connect and Lex quotas are per API) and
 * counts the calls. Applied as middleware, it covers paginators and waiters too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plugin for any client's input/output types
export function pacingPlugin(limiter: KeyedRateLimiter, counter?: CallCounter): Pluggable<any, any> {
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const operation = ((context as { commandName?: string }).commandName ?? 'unknown').replace(/Command$/, '');
          if (counter) counter.counts.set(operation, (counter.counts.get(operation) ?? 0) + 1);
          await limiter.take(operation);
          return next(args);
        },
        { step: 'initialize', name: 'eddPacing', priority: 'low' },
      );
    },
  };
}
