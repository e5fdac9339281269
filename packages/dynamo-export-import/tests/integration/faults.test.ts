import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTable, QA, scanAll, startTestBed, type TestBed } from './support.js';

const ITEMS = 1000;
const line = (i: number) =>
  JSON.stringify({
    pk: { S: `queue#${String(i).padStart(4, '0')}` },
    config: { M: { max: { N: String(i) }, skills: { SS: ['billing', `tier${i % 3}`] } } },
  });

let bed: TestBed;
let qa: DynamoDBClient;

beforeAll(async () => {
  bed = await startTestBed();
  qa = await bed.client(QA);
  await writeFile(join(bed.dir, 'queues.jsonl'), `${Array.from({ length: ITEMS }, (_, i) => line(i)).join('\n')}\n`);
});
afterAll(() => bed.close());
beforeEach(() => bed.localAws.setFaults([]));

describe('import under faults', () => {
  it('lands every item through 30% UnprocessedItems on every batch, throttling and 5xx', async () => {
    await createTable(qa, 'edd-throttled-qa', { partition: ['pk', 'S'] });
    bed.localAws.setFaults([
      { service: 'dynamodb', operation: 'BatchWriteItem', unprocessedRate: 0.3 },
      { service: 'dynamodb', operation: 'BatchWriteItem', throttleRate: 0.05, throttleError: 'ThrottlingException' },
      {
        service: 'dynamodb',
        operation: 'BatchWriteItem',
        throttleRate: 0.05,
        throttleError: 'ProvisionedThroughputExceededException',
      },
      { service: 'dynamodb', operation: 'BatchWriteItem', errorRate: 0.08 },
    ]);
    bed.markCalls();
    const r = await bed.run(['import', '--table', 'edd-throttled-qa', '--in', 'queues.jsonl', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { tables: { written: number; unwritten: unknown[] }[] };
    expect(report.tables[0]).toMatchObject({ written: ITEMS, unwritten: [] });

    const calls = bed.callsSinceMark({ service: 'dynamodb', operation: 'BatchWriteItem' });
    expect(calls.filter((c) => c.status === 400).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status === 500).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status === 200).length).toBeGreaterThan(Math.ceil(ITEMS / 25) * 1.3);

    bed.localAws.setFaults([]);
    const stored = await scanAll(qa, 'edd-throttled-qa');
    expect(stored.length).toBe(ITEMS);
    const exported = await bed.run(['export', '--table', 'edd-throttled-qa', '--out', 'throttled-export.jsonl']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(await readFile(join(bed.dir, 'throttled-export.jsonl'), 'utf8')).toBe(
      await readFile(join(bed.dir, 'queues.jsonl'), 'utf8'),
    );
  });

  it('lists every unwritten key and exits 4 when DynamoDB never processes the items', async () => {
    await createTable(qa, 'edd-stuck-qa', { partition: ['pk', 'S'] });
    await writeFile(join(bed.dir, 'few.jsonl'), `${Array.from({ length: 30 }, (_, i) => line(i)).join('\n')}\n`);
    bed.localAws.setFaults([{ service: 'dynamodb', operation: 'BatchWriteItem', unprocessedRate: 1 }]);
    const r = await bed.run([
      'import',
      '--table',
      'edd-stuck-qa',
      '--in',
      'few.jsonl',
      '--batch-attempts',
      '3',
      '--report',
      'stuck.html',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(4);
    // The review page of a deploy that stopped: what was written, and that the rest was not.
    const page = await readFile(join(bed.dir, 'stuck.html'), 'utf8');
    expect(page).toContain('<body data-report="stopped">');
    expect(page).toMatch(
      /<p class="outcome">Applied: 0 created, 0 updated, 0 deleted in \d+\.\d s\. 30 items were not written \(listed in the log\): deploy again to write them\.<\/p>/,
    );
    expect(r.stderr).toMatch(
      /error: import edd-stuck-qa: 30 of 30 writes did not happen \(DynamoDB kept returning them as UnprocessedItems \(the table is throttled\); gave up after 3 attempts in a row without progress\)/,
    );
    const listed = r.stderr.split('\n').filter((l) => /^error: {3}pk="queue#\d{4}"$/.test(l));
    expect(listed.length).toBe(30);
    const report = JSON.parse(r.stdout) as {
      exitCode: number;
      tables: { written: number; unwritten: { key: string }[] }[];
    };
    expect(report.exitCode).toBe(4);
    expect(report.tables[0]!.written).toBe(0);
    expect(report.tables[0]!.unwritten.map((u) => u.key).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `pk="queue#${String(i).padStart(4, '0')}"`),
    );
    expect(await scanAll(qa, 'edd-stuck-qa')).toEqual([]);
  });
});
