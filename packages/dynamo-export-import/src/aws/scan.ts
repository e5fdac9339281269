import { ScanCommand, type DynamoDBClient, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { toAwsOperationError } from '@edd/core';
import type { Item } from '../items/types.js';

export interface ScanTableOptions {
  table: string;
  /** Parallel Scan segments (`TotalSegments`). */
  segments: number;
  /** Receives each page in turn; the segment's next page is already on its way. */
  onPage: (items: Item[]) => Promise<void> | void;
}

/**
 * Reads every item with a parallel Scan, page by page, at most two pages per segment in memory. Strongly
 * consistent, so what was just written is what is read: a re-run right after an import must compare against the
 * new state.
 */
export async function scanTable(client: DynamoDBClient, { table, segments, onPage }: ScanTableOptions): Promise<void> {
  let failed = false;
  const page = (index: number, startKey: Record<string, unknown> | undefined) => {
    const request = client.send(
      new ScanCommand({
        TableName: table,
        Segment: index,
        TotalSegments: segments,
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey as never } : {}),
      }),
    );
    // Awaited later; until then a failure must not count as unhandled.
    request.catch(() => {});
    return request;
  };
  // The next page is requested before the current one is handed over, so DynamoDB works while this process does.
  const segment = async (index: number) => {
    let next: Promise<ScanCommandOutput> | undefined = page(index, undefined);
    while (next && !failed) {
      const current: ScanCommandOutput = await next;
      next = current.LastEvaluatedKey ? page(index, current.LastEvaluatedKey) : undefined;
      await onPage((current.Items ?? []) as Item[]);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: segments }, (_, index) =>
        segment(index).catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
  } catch (error) {
    throw toAwsOperationError(error, 'Scan', table);
  }
}
