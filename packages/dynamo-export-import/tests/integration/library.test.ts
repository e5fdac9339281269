import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '@edd/core';
import { exportTable, importTable, planImport, UnwrittenItemsError } from '../../src/index.js';
import { createTable, QA, startTestBed, type TestBed } from './support.js';

const ITEMS = 400;
const lines = Array.from(
  { length: ITEMS },
  (_, i) => `{"pk":{"N":"${(i * 37) % ITEMS}"},"payload":{"S":"${'p'.repeat(i % 50)}"}}`,
);

let bed: TestBed;
let qa: DynamoDBClient;

beforeAll(async () => {
  bed = await startTestBed();
  qa = await bed.client(QA);
  await createTable(qa, 'lib-numbers', { partition: ['pk', 'N'] });
  await writeFile(join(bed.dir, 'numbers.jsonl'), `${lines.join('\n')}\n`);
});
afterAll(() => bed.close());

describe('library API', () => {
  it('imports a file and reports what it wrote', async () => {
    const result = await importTable({ client: qa, table: 'lib-numbers', file: join(bed.dir, 'numbers.jsonl') });
    expect(result).toMatchObject({
      items: ITEMS,
      added: ITEMS,
      changed: 0,
      unchanged: 0,
      written: ITEMS,
      unwritten: [],
      dryRun: false,
    });
    expect(result.keys.added.slice(0, 3)).toEqual(['pk=0', 'pk=37', 'pk=74']);
  });

  it('sorts a table bigger than its sort memory through runs on disk, to the same bytes', async () => {
    const inMemory = await exportTable({ client: qa, table: 'lib-numbers', file: join(bed.dir, 'memory.jsonl') });
    const spilled = await exportTable({
      client: qa,
      table: 'lib-numbers',
      file: join(bed.dir, 'spilled.jsonl'),
      sortMemoryBytes: 8_000,
      tempDir: bed.dir,
    });
    expect(inMemory).toMatchObject({ items: ITEMS, sortedRuns: 0 });
    expect(spilled.sortedRuns).toBeGreaterThan(5);
    const [a, b] = await Promise.all([
      readFile(join(bed.dir, 'memory.jsonl'), 'utf8'),
      readFile(join(bed.dir, 'spilled.jsonl'), 'utf8'),
    ]);
    expect(b).toBe(a);
    const keys = a
      .trimEnd()
      .split('\n')
      .map((line) => Number((JSON.parse(line) as { pk: { N: string } }).pk.N));
    expect(keys).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
  });

  it('refuses to export two items whose keys --templatize would make equal', async () => {
    await createTable(qa, 'lib-accounts', { partition: ['pk', 'S'] });
    await writeFile(
      join(bed.dir, 'accounts.jsonl'),
      '{"pk":{"S":"640079793484#a"}}\n{"pk":{"S":"${AccountNumber}#b"}}\n',
    );
    await importTable({ client: qa, table: 'lib-accounts', file: join(bed.dir, 'accounts.jsonl') });
    await writeFile(join(bed.dir, 'clash.jsonl'), '{"pk":{"S":"${AccountNumber}#a"}}\n');
    await importTable({ client: qa, table: 'lib-accounts', file: join(bed.dir, 'clash.jsonl') });
    const file = join(bed.dir, 'accounts-export.jsonl');
    const error = await exportTable({
      client: qa,
      table: 'lib-accounts',
      file,
      templatize: { AccountNumber: QA.AccountNumber },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      'export lib-accounts: two items have the key pk="${AccountNumber}#a" once --templatize has written ${AccountNumber}; export without --templatize',
    );
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  it('plans without writing, and a plan of an unchanged file is up to date', async () => {
    const plan = await planImport({ client: qa, table: 'lib-numbers', file: join(bed.dir, 'numbers.jsonl') });
    expect(plan.upToDate).toBe(true);
    expect(plan.summary()).toMatchObject({ items: ITEMS, unchanged: ITEMS });
    bed.markCalls();
    expect(await plan.apply()).toMatchObject({ written: 0, unwritten: [] });
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('throws UnwrittenItemsError, with the result, when items stay unwritten', async () => {
    await writeFile(join(bed.dir, 'more.jsonl'), '{"pk":{"N":"1000"}}\n{"pk":{"N":"1001"}}\n');
    bed.localAws.setFaults([{ service: 'dynamodb', operation: 'BatchWriteItem', unprocessedRate: 1 }]);
    try {
      const error = await importTable({
        client: qa,
        table: 'lib-numbers',
        file: join(bed.dir, 'more.jsonl'),
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnwrittenItemsError);
      expect((error as UnwrittenItemsError).result.unwritten.map((u) => u.key).sort()).toEqual(['pk=1000', 'pk=1001']);
      expect((error as UnwrittenItemsError).exitCode).toBe(4);
    } finally {
      bed.localAws.setFaults([]);
    }
  });
});
