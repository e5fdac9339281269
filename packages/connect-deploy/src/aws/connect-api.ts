import { ConnectClient } from '@aws-sdk/client-connect';
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import {
  KeyedRateLimiter,
  Semaphore,
  awsErrorCode,
  awsOperationName,
  pacingPlugin,
  retry,
  toAwsOperationError,
  type AwsClients,
  type CallCounter,
} from '@edd/core';

export interface Pacing {
  ratePerSecond: number;
  burst: number;
  /** Requests on the wire at once across all APIs (a request holds a slot only once it has its API's token). */
  concurrency: number;
}

/**
 * For callers of a paced client: start everything at once. Pacing and the in-flight limit live in the client, where
 * a call waiting for its API's token holds no slot; a worker pool here would queue idle APIs behind busy ones.
 */
export const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/** Connect's default quota for most APIs: 2 requests per second, burst of 5, per account and region. */
export const CONNECT_DEFAULT_PACING: Pacing = { ratePerSecond: 2, burst: 5, concurrency: 10 };

interface Sendable {
  send(command: unknown): Promise<unknown>;
}

/**
 * Connect (and the Lex V2 reads export needs) through one paced client: every call goes through a per-API token
 * bucket, is counted, and fails as an AwsOperationError naming the operation and the resource.
 */
export class ConnectApi {
  readonly client: ConnectClient;
  readonly lex: LexModelsV2Client;
  readonly counter: CallCounter = { counts: new Map() };

  constructor(
    clients: AwsClients,
    readonly pacing: Pacing = CONNECT_DEFAULT_PACING,
    trace?: (line: string) => void,
  ) {
    // These clients pace themselves per API, so they retry throttles quickly (see AwsClientSettings.retry).
    const paced = clients.derive({ retry: 'paced' });
    this.client = paced.get(ConnectClient);
    this.lex = paced.get(LexModelsV2Client);
    const inFlight = new Semaphore(pacing.concurrency);
    for (const client of [this.client, this.lex]) {
      client.middlewareStack.use(
        // One token less than the quota's burst: at the same rate our bucket then always trails AWS's by a token,
        // so requests that network jitter brings closer together are not throttled.
        pacingPlugin(new KeyedRateLimiter(pacing.ratePerSecond, Math.max(1, pacing.burst - 1)), {
          counter: this.counter,
          inFlight,
          ...(trace
            ? {
                onRequest: (op, waited, took, status) =>
                  trace(
                    `${(performance.now() / 1000).toFixed(3)} ${op} ${status} in ${Math.round(took)} ms after ${Math.round(waited)} ms paced`,
                  ),
              }
            : {}),
        }),
      );
    }
  }

  /** Sends a command; `resource` names what it acts on for the error message. */
  async send<O>(
    command: { input: unknown },
    resource: string,
    client: Sendable = this.client as unknown as Sendable,
  ): Promise<O> {
    try {
      return (await client.send(command)) as O;
    } catch (error) {
      throw toAwsOperationError(error, operationOf(command), resource);
    }
  }

  /**
   * For calls on something this run just created: Connect is eventually consistent, and for a few seconds a new
   * resource can be `ResourceNotFoundException` (or unknown to a flow being published).
   */
  async sendAfterCreate<O>(command: { input: unknown }, resource: string): Promise<O> {
    return retry(() => this.client.send(command as never) as Promise<O>, {
      attempts: 8,
      baseDelayMs: 250,
      maxDelayMs: 4000,
      isRetryable: (error) => awsErrorCode(error) === 'ResourceNotFoundException',
    }).catch((error: unknown) => {
      throw toAwsOperationError(error, operationOf(command), resource);
    });
  }

  /** Total calls per operation so far. */
  callCounts(): Record<string, number> {
    return Object.fromEntries([...this.counter.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

// From the command's operation schema: the class name would be a minifier's (`tN`) in the built executable.
function operationOf(command: unknown): string {
  return awsOperationName(command) ?? 'Connect operation';
}
