import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsClients } from '@edd/core';

/**
 * The step's DynamoDB client: @edd/core's settings and write policy, with throttles retried after a short jitter
 * (`paced`) instead of the adaptive mode's client-side limiter. The batch writer paces itself (capped exponential
 * back-off with full jitter per batch, on UnprocessedItems and throttling); the adaptive limiter, one per client,
 * fell to about half a request per second after a few early throttles and took seconds to recover: 600 items with
 * 30% UnprocessedItems and 4% throttling took 16-18 s with it, 2.6-4.7 s without.
 */
export function dynamoClient(aws: AwsClients): { client: DynamoDBClient; close(): void } {
  const paced = aws.derive({ retry: 'paced' });
  return { client: paced.get(DynamoDBClient), close: () => paced.destroy() };
}
