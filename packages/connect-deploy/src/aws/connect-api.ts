import { ConnectClient } from '@aws-sdk/client-connect';
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import {
  KeyedRateLimiter,
  Semaphore,
  awsErrorCode,
  pacingPlugin,
  retry,
  toAwsOperationError,
  type AwsClients,
  type CallCounter,
} from '@edd/core';

export interface Pacing {
  ratePerSecond: number;
  burst: number;
  /** Calls in flight at once across all APIs. */
  concurrency: number;
}

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
  private readonly inFlight: Semaphore;

  constructor(
    clients: AwsClients,
    readonly pacing: Pacing = CONNECT_DEFAULT_PACING,
  ) {
    this.client = clients.get(ConnectClient);
    this.lex = clients.get(LexModelsV2Client);
    this.inFlight = new Semaphore(pacing.concurrency);
    for (const client of [this.client, this.lex]) {
      // One pacing per client even when several engines share the step's clients.
      client.middlewareStack.remove('eddPacing');
      client.middlewareStack.use(pacingPlugin(new KeyedRateLimiter(pacing.ratePerSecond, pacing.burst), this.counter));
    }
  }

  /** Sends a command; `resource` names what it acts on for the error message. */
  async send<O>(
    command: { input: unknown },
    resource: string,
    client: Sendable = this.client as unknown as Sendable,
  ): Promise<O> {
    try {
      return (await this.inFlight.run(() => client.send(command))) as O;
    } catch (error) {
      throw toAwsOperationError(error, operationOf(command), resource);
    }
  }

  /**
   * For calls on something this run just created: Connect is eventually consistent, and for a few seconds a new
   * resource can be `ResourceNotFoundException` (or unknown to a flow being published).
   */
  async sendAfterCreate<O>(command: { input: unknown }, resource: string): Promise<O> {
    return retry(() => this.inFlight.run(() => this.client.send(command as never) as Promise<O>), {
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

function operationOf(command: unknown): string {
  return (command as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
}
