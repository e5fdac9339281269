import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable, DEV, QA, startTestBed, type TestBed } from './support.js';

const manifest = {
  tables: [
    { file: 'queues.jsonl', table: 'edd-queues-${Environment}', templatize: true },
    { file: 'hours/hours.jsonl', table: 'edd-hours-${Environment}' },
  ],
};

let bed: TestBed;
let dev: DynamoDBClient;
let qa: DynamoDBClient;

beforeAll(async () => {
  bed = await startTestBed();
  dev = await bed.client(DEV);
  qa = await bed.client(QA);
  for (const [client, suffix] of [
    [dev, 'dev'],
    [qa, 'qa'],
  ] as const) {
    await createTable(client, `edd-queues-${suffix}`, { partition: ['name', 'S'] });
    await createTable(client, `edd-hours-${suffix}`, { partition: ['day', 'N'], sort: ['slot', 'S'] });
  }
  await dev.send(
    new BatchWriteItemCommand({
      RequestItems: {
        'edd-queues-dev': ['Billing', 'Sales', 'Support'].map((name) => ({
          PutRequest: {
            Item: {
              name: { S: name },
              arn: { S: `arn:aws:connect:us-east-1:${DEV.AccountNumber}:instance/i/queue/${name}` },
            },
          },
        })),
        'edd-hours-dev': [1, 2, 10].map((day) => ({
          PutRequest: { Item: { day: { N: String(day) }, slot: { S: 'am' }, open: { BOOL: true } } },
        })),
      },
    }),
  );
  for (const dir of ['dev', 'qa']) {
    await mkdir(join(bed.dir, dir), { recursive: true });
    await writeFile(join(bed.dir, dir, 'tables.json'), JSON.stringify(manifest));
  }
});
afterAll(() => bed.close());

describe('--manifest', () => {
  it('exports every table to its file, relative to the manifest', async () => {
    const r = await bed.run(['export', '--manifest', 'dev/tables.json', '--json'], DEV);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { tables: { table: string; items: number }[] };
    expect(report.tables.map((t) => [t.table, t.items])).toEqual([
      ['edd-queues-dev', 3],
      ['edd-hours-dev', 3],
    ]);
    expect(await readFile(join(bed.dir, 'dev/queues.jsonl'), 'utf8')).toBe(
      ['Billing', 'Sales', 'Support']
        .map(
          (n) =>
            `{"name":{"S":"${n}"},"arn":{"S":"arn:aws:connect:us-east-1:\${AccountNumber}:instance/i/queue/${n}"}}\n`,
        )
        .join(''),
    );
    expect(
      (await readFile(join(bed.dir, 'dev/hours/hours.jsonl'), 'utf8')).split('\n').map((l) => l.slice(0, 18)),
    ).toEqual(['{"day":{"N":"1"},"', '{"day":{"N":"2"},"', '{"day":{"N":"10"},', '']);
  });

  it('imports every table in one run, and exporting the target gives the same files', async () => {
    const imported = await bed.run(['import', '--manifest', 'dev/tables.json', '--json'], QA);
    expect(imported.code, imported.stderr).toBe(0);
    const report = JSON.parse(imported.stdout) as { tables: { table: string; added: number; written: number }[] };
    expect(report.tables.map((t) => [t.table, t.added, t.written])).toEqual([
      ['edd-queues-qa', 3, 3],
      ['edd-hours-qa', 3, 3],
    ]);
    const exported = await bed.run(['export', '--manifest', 'qa/tables.json'], QA);
    expect(exported.code, exported.stderr).toBe(0);
    for (const file of ['queues.jsonl', 'hours/hours.jsonl']) {
      expect(await readFile(join(bed.dir, 'qa', file), 'utf8')).toBe(
        await readFile(join(bed.dir, 'dev', file), 'utf8'),
      );
    }
  });

  it('names every missing table before exporting anything (exit 2)', async () => {
    await writeFile(
      join(bed.dir, 'missing.json'),
      JSON.stringify({
        tables: [
          ...manifest.tables,
          { file: 'a.jsonl', table: 'edd-a-${Environment}' },
          { file: 'b.jsonl', table: 'edd-b' },
        ],
      }),
    );
    const r = await bed.run(['export', '--manifest', 'missing.json'], DEV);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error: tables edd-a-dev, edd-b do not exist in this account and region; tables are created by the backend stack/,
    );
    expect(r.stderr).not.toMatch(/export +dynamodb-table/);
  });

  it('refuses a table listed twice and a table name that is not valid (exit 2)', async () => {
    await writeFile(
      join(bed.dir, 'twice.json'),
      JSON.stringify({
        tables: [
          manifest.tables[0],
          { file: 'other.jsonl', table: 'edd-queues-dev' },
          { file: 'c.jsonl', table: 'no spaces' },
        ],
      }),
    );
    const r = await bed.run(['import', '--manifest', 'twice.json', '--dry-run'], DEV);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('table edd-queues-dev is listed twice');
    expect(r.stderr).toContain("table name 'no spaces' is not valid: 3-255 of letters, digits, '_', '-', '.'");
    // The files it names are checked before anything is read, without opening them.
    expect(r.stderr).toContain('manifest twice.json names other.jsonl, which does not exist');
  });

  it('refuses --manifest together with --table', async () => {
    const r = await bed.run(['export', '--manifest', 'dev/tables.json', '--table', 'edd-queues-dev'], DEV);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: --manifest lists the tables and files: drop --table and --out');
  });
});
