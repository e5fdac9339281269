import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BatchWriter } from '../../src/aws/batch-writer.js';
import type { KeySchema } from '../../src/items/types.js';
import { createTable, QA, scanAll, startTestBed, type TestBed } from './support.js';

const schema: KeySchema = { partitionKey: { name: 'id', type: 'S' } };
const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

let bed: TestBed;
let qa: DynamoDBClient;

beforeAll(async () => {
  bed = await startTestBed();
  qa = await bed.client(QA);
});
afterAll(() => bed.close());
beforeEach(() => {
  bed.localAws.setFaults([]);
  bed.markCalls();
});

async function writeAll(writer: BatchWriter, count: number, item = (i: number) => ({ id: { S: `k${i}` } })) {
  for (let i = 0; i < count; i++) await writer.put(item(i), 100);
  return writer.close();
}

describe('BatchWriter', () => {
  it('sends at most 25 requests per call and counts what DynamoDB confirmed', async () => {
    await createTable(qa, 'writer-batches', { partition: ['id', 'S'] });
    let written = 0;
    const writer = new BatchWriter(qa, {
      table: 'writer-batches',
      schema,
      concurrency: 3,
      retry: fast,
      onWritten: (n) => (written += n),
    });
    expect(await writeAll(writer, 101)).toEqual([]);
    expect(written).toBe(101);
    expect(bed.callsSinceMark({ operation: 'BatchWriteItem' }).length).toBe(5);
    expect((await scanAll(qa, 'writer-batches')).length).toBe(101);
  });

  it('stops sending after a refusal every batch would get, and reports every request unwritten', async () => {
    const writer = new BatchWriter(qa, { table: 'writer-no-such-table', schema, concurrency: 1, retry: fast });
    const unwritten = await writeAll(writer, 100);
    expect(unwritten.length).toBe(100);
    expect(unwritten[0]!.reason).toMatch(/^BatchWriteItem failed: ResourceNotFoundException: .*\(request id [\w-]+\)$/);
    expect(unwritten.map((u) => u.key)).toContain('id="k99"');
    expect(bed.callsSinceMark({ operation: 'BatchWriteItem' }).length).toBe(1);
  });

  it('gives up only the batch DynamoDB refuses as invalid, and goes on with the next', async () => {
    await qa.send(
      new CreateTableCommand({
        TableName: 'writer-indexed',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'gsi', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'by-gsi',
            KeySchema: [{ AttributeName: 'gsi', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const writer = new BatchWriter(qa, { table: 'writer-indexed', schema, concurrency: 1, retry: fast });
    const unwritten = await writeAll(writer, 50, (i) =>
      i === 3 ? { id: { S: `k${i}` }, gsi: { N: '1' } } : { id: { S: `k${i}` } },
    );
    expect(unwritten.length).toBe(25);
    expect(unwritten[0]!.reason).toMatch(/ValidationException/);
    expect((await scanAll(qa, 'writer-indexed')).length).toBe(25);
  });

  it('retries UnprocessedItems until every item is written', async () => {
    await createTable(qa, 'writer-unprocessed', { partition: ['id', 'S'] });
    bed.localAws.setFaults([{ service: 'dynamodb', operation: 'BatchWriteItem', unprocessedRate: 0.5 }]);
    const writer = new BatchWriter(qa, {
      table: 'writer-unprocessed',
      schema,
      concurrency: 4,
      // Half of every batch comes back each time: 20 attempts leave an item unwritten with odds of one in a million.
      retry: { ...fast, attempts: 20 },
    });
    expect(await writeAll(writer, 200)).toEqual([]);
    bed.localAws.setFaults([]);
    expect((await scanAll(qa, 'writer-unprocessed')).length).toBe(200);
    expect(bed.callsSinceMark({ operation: 'BatchWriteItem' }).length).toBeGreaterThan(16);
  });
});
