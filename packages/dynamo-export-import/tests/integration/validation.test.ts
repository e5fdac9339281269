import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTable, DEV, QA, scanAll, startTestBed, type TestBed } from './support.js';

const good = (pk: string, extra = '') => `{"pk":{"S":"${pk}"},"sk":{"N":"1"}${extra}}`;

let bed: TestBed;
let qa: DynamoDBClient;

beforeAll(async () => {
  bed = await startTestBed();
  qa = await bed.client(QA);
  await createTable(qa, 'edd-queues-qa', { partition: ['pk', 'S'], sort: ['sk', 'N'] });
});
afterAll(() => bed.close());
beforeEach(() => bed.markCalls());

async function importFile(name: string, lines: string[]) {
  await writeFile(join(bed.dir, name), `${lines.join('\n')}\n`);
  return bed.run(['import', '--table', 'edd-queues-${Environment}', '--in', name]);
}

describe('a bad file is refused before any write (exit 3)', () => {
  it('names both lines of a duplicate key', async () => {
    const r = await importFile('dup.jsonl', [good('a'), good('b'), good('a', ',"x":{"S":"other"}')]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(
      'error: dup.jsonl: not imported into edd-queues-qa, nothing was written: dup.jsonl:3 pk="a" sk=1: duplicate key: line 1 has the same key',
    );
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('names a key attribute of the wrong type', async () => {
    const r = await importFile('type.jsonl', [good('a'), '{"pk":{"S":"b"},"sk":{"S":"1"}}']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain("type.jsonl:2 sk: sort key 'sk' is S; the table's key schema says N");
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('names an item over 400 KB with its size and key', async () => {
    const r = await importFile('big.jsonl', [good('a'), good('big', `,"blob":{"S":"${'x'.repeat(410_000)}"}`)]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      /big\.jsonl:2 pk="big" sk=1: the item is 410013 bytes \(attribute names count\); DynamoDB's limit is 400 KB \(409600 bytes\) and it would refuse it: ValidationException: Item size has exceeded the maximum allowed size/,
    );
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('names the line that is not JSON, and lists every problem of the file at once', async () => {
    const r = await importFile('broken.jsonl', [
      good('a'),
      good('b'),
      good('c'),
      good('d'),
      good('e'),
      good('f'),
      '{"pk":{"S":"g"},',
      '{"pk":{"S":"h"}}',
      '{"pk":{"S":"i"},"sk":{"N":12}}',
    ]);
    expect(r.code, r.stderr).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('error: broken.jsonl: not imported into edd-queues-qa, nothing was written (3 problems):');
    expect(lines.some((l) => /^error: {3}broken\.jsonl:7: invalid JSON: /.test(l))).toBe(true);
    expect(lines).toContain("error:   broken.jsonl:8 sk: missing sort key 'sk' (N)");
    expect(lines).toContain(
      'error:   broken.jsonl:9 sk: N must be a string of digits, e.g. {"N":"12.5"} (never a JSON number)',
    );
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('writes nothing to any table of a manifest when one file is bad', async () => {
    await createTable(qa, 'edd-hours-qa', { partition: ['pk', 'S'], sort: ['sk', 'N'] });
    await writeFile(join(bed.dir, 'hours.jsonl'), `${good('mon')}\n`);
    await writeFile(join(bed.dir, 'queues.jsonl'), `${good('q1')}\n${good('q1')}\n`);
    await writeFile(
      join(bed.dir, 'tables.json'),
      JSON.stringify({
        tables: [
          { file: 'hours.jsonl', table: 'edd-hours-${Environment}' },
          { file: 'queues.jsonl', table: 'edd-queues-${Environment}' },
        ],
      }),
    );
    bed.markCalls();
    const r = await bed.run(['import', '--manifest', 'tables.json']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/queues\.jsonl:2 pk="q1" sk=1: duplicate key: line 1 has the same key/);
    expect(bed.writesSinceMark()).toEqual([]);
    expect(await scanAll(qa, 'edd-hours-qa')).toEqual([]);
  });
});

describe('what the target must provide', () => {
  it('refuses a table that does not exist, saying the stack creates it (exit 2)', async () => {
    await writeFile(join(bed.dir, 'one.jsonl'), `${good('a')}\n`);
    const r = await bed.run(['import', '--table', 'edd-missing-${Environment}', '--in', 'one.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /table edd-missing-qa does not exist in this account and region; tables are created by the backend stack/,
    );
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('stops at the account guard, before any DynamoDB call, when the credentials act in another account (exit 2)', async () => {
    await writeFile(join(bed.dir, 'guarded.jsonl'), `${good('a')}\n`);
    const r = await bed.run(['import', '--table', 'edd-queues-qa', '--in', 'guarded.jsonl'], DEV, QA);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/658456346551/);
    expect(r.stderr).toMatch(/640079793484/);
    expect(bed.callsSinceMark({ service: 'dynamodb' })).toEqual([]);
  });

  it('needs a table and a file, or a manifest (exit 2)', async () => {
    const r = await bed.run(['import', '--table', 'edd-queues-qa']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: give --table and --in for one table, or --manifest for several');
  });
});
