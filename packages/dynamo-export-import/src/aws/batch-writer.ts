import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { awsErrorCode, backoffDelay, isAwsServiceError, sleep } from '@edd/core';
import { formatKey, keyOf } from '../items/keys.js';
import { toSdkItem } from '../items/transform.js';
import type { Item, KeySchema } from '../items/types.js';

/** BatchWriteItem's limits: 25 requests and 16 MB per call. */
export const MAX_BATCH_REQUESTS = 25;
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'Throttling',
  'TooManyRequestsException',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'TimeoutError',
  'RequestTimeout',
]);

/**
 * Errors worth another attempt: throttling, DynamoDB's 5xx, and a connection that broke. The SDK retries these
 * too, but gives up once its retry quota is spent, which a long import under throttling does reach.
 */
export function isRetryableWriteError(error: unknown): boolean {
  if (isAwsServiceError(error)) {
    const status = error.$metadata?.httpStatusCode ?? 0;
    return THROTTLING.has(error.name) || status >= 500;
  }
  const code =
    (error as { code?: string; name?: string } | undefined)?.code ?? (error as { name?: string } | undefined)?.name;
  return code !== undefined && NETWORK.has(code);
}

// Refusals about the items of one batch; any other refusal (access denied, missing table, expired credentials)
// would refuse every later batch the same way.
const BATCH_ONLY = new Set(['ValidationException', 'ItemCollectionSizeLimitExceededException']);

function failsEveryBatch(error: unknown): boolean {
  return isAwsServiceError(error) && !BATCH_ONLY.has(error.name);
}

export interface BatchRetryPolicy {
  /** Attempts in a row that write nothing before the rest of a batch is given up (reported unwritten). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: BatchRetryPolicy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 5000 };

export interface UnwrittenItem {
  /** `pk="x" sk=1` */
  key: string;
  reason: string;
}

export interface BatchWriterOptions {
  table: string;
  schema: KeySchema;
  /** BatchWriteItem calls in flight. */
  concurrency: number;
  retry?: BatchRetryPolicy;
  /** Called with the number of requests DynamoDB confirmed. */
  onWritten?: (count: number) => void;
  /** Called before each retry, for the debug log. */
  onRetry?: (reason: string, pending: number, delayMs: number) => void;
}

/**
 * Writes puts and deletes through BatchWriteItem with a bounded number of calls in flight. `UnprocessedItems` are
 * sent again with capped exponential back-off and full jitter, as are throttling and 5xx errors. A batch is given
 * up only after `attempts` tries in a row that wrote none of it; what it still held is returned by {@link close}
 * with the reason, never dropped. After a refusal that would repeat for every batch (access denied, a missing
 * table), nothing more is sent: the remaining requests are reported unwritten with that error.
 */
export class BatchWriter {
  private batch: WriteRequest[] = [];
  private batchBytes = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly unwritten: UnwrittenItem[] = [];
  private fatal: string | undefined;
  private readonly retryPolicy: BatchRetryPolicy;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly options: BatchWriterOptions,
  ) {
    this.retryPolicy = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  /** Queues a put of the item; `sizeBytes` is its JSON size, for the 16 MB request limit. */
  put(item: Item, sizeBytes: number): Promise<void> {
    return this.add({ PutRequest: { Item: toSdkItem(item) as never } }, sizeBytes);
  }

  /** Queues a delete of the item's key. */
  delete(item: Item): Promise<void> {
    return this.add({ DeleteRequest: { Key: toSdkItem(keyOf(item, this.options.schema)) as never } }, 1024);
  }

  private async add(request: WriteRequest, sizeBytes: number): Promise<void> {
    if (this.fatal) {
      this.giveUp([request], this.fatal);
      return;
    }
    if (this.batch.length > 0 && this.batchBytes + sizeBytes > MAX_BATCH_BYTES) await this.send();
    this.batch.push(request);
    this.batchBytes += sizeBytes;
    if (this.batch.length >= MAX_BATCH_REQUESTS) await this.send();
  }

  /** Starts the current batch, first waiting for a free slot: memory stays at `concurrency` batches. */
  private async send(): Promise<void> {
    const requests = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    while (this.inFlight.size >= this.options.concurrency) await Promise.race(this.inFlight);
    const call = this.writeBatch(requests).finally(() => this.inFlight.delete(call));
    this.inFlight.add(call);
  }

  /** Sends what is queued and waits for every call; returns the requests that could not be written. */
  async close(): Promise<UnwrittenItem[]> {
    if (this.batch.length > 0) await this.send();
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    return this.unwritten;
  }

  private giveUp(requests: WriteRequest[], reason: string): void {
    for (const request of requests) {
      const key = (request.PutRequest?.Item ?? request.DeleteRequest?.Key) as Item;
      this.unwritten.push({ key: formatKey(key, this.options.schema), reason });
    }
  }

  private async writeBatch(requests: WriteRequest[]): Promise<void> {
    const { table, onWritten, onRetry } = this.options;
    let pending = requests;
    let stalled = 0;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (this.fatal) return this.giveUp(pending, this.fatal);
      let reason: string;
      try {
        const output = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        const left = output.UnprocessedItems?.[table] ?? [];
        const written = pending.length - left.length;
        if (written > 0) onWritten?.(written);
        stalled = written > 0 ? 0 : stalled + 1;
        pending = left;
        reason = 'DynamoDB kept returning them as UnprocessedItems (the table is throttled)';
      } catch (error) {
        const code = awsErrorCode(error) ?? (error as Error).name;
        const requestId = isAwsServiceError(error) ? error.$metadata?.requestId : undefined;
        reason = `BatchWriteItem failed: ${code}: ${(error as Error).message}${requestId ? ` (request id ${requestId})` : ''}`;
        if (!isRetryableWriteError(error)) {
          if (failsEveryBatch(error)) this.fatal = reason;
          return this.giveUp(pending, reason);
        }
        stalled++;
      }
      if (pending.length === 0) return;
      if (stalled >= this.retryPolicy.attempts) {
        return this.giveUp(pending, `${reason}; gave up after ${stalled} attempts in a row without progress`);
      }
      const delay = backoffDelay(attempt, this.retryPolicy);
      onRetry?.(reason, pending.length, delay);
      await sleep(delay);
    }
  }
}
