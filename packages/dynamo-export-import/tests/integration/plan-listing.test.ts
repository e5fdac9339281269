import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTable, planImport } from '../../src/index.js';
import { importPlanDocument, renderImportPlan, unlistedCounts } from '../../src/plan-document.js';
import { createTable, QA, startTestBed, type TestBed } from './support.js';

const ITEMS = 60;
const row = (i: number, value: string) =>
  `{"pk":{"N":"${i}"},"value":{"S":"${value}"},"pad":{"S":"${'x'.repeat(40)}"}}`;

let bed: TestBed;
let qa: DynamoDBClient;
const file = (name: string) => join(bed.dir, name);

beforeAll(async () => {
  bed = await startTestBed();
  qa = await bed.client(QA);
  await createTable(qa, 'edd-listing-qa', { partition: ['pk', 'N'] });
  await writeFile(file('before.jsonl'), `${Array.from({ length: ITEMS }, (_, i) => row(i, 'old')).join('\n')}\n`);
  // Every tenth item changes, and ten new ones come.
  await writeFile(
    file('after.jsonl'),
    `${Array.from({ length: ITEMS + 10 }, (_, i) => row(i, i % 10 === 0 || i >= ITEMS ? 'new' : 'old')).join('\n')}\n`,
  );
  await importTable({ client: qa, table: 'edd-listing-qa', file: file('before.jsonl') });
});
afterAll(() => bed.close());

const plan = (options: Partial<Parameters<typeof planImport>[0]> = {}) =>
  planImport({ client: qa, table: 'edd-listing-qa', file: file('after.jsonl'), ...options });

describe('planImport', () => {
  it('shows the old values of changed items from what it kept of its first read', async () => {
    bed.markCalls();
    const p = await plan();
    expect(bed.callsSinceMark({ service: 'dynamodb', operation: 'Scan' }).length).toBe(4);
    const changes = p.listing.changes.filter((c) => c.action === 'update');
    expect(changes.map((c) => c.key)).toEqual(['pk=0', 'pk=10', 'pk=20', 'pk=30', 'pk=40', 'pk=50']);
    expect(changes[0]!.fields).toEqual([
      { path: 'value', before: { S: 'old' }, after: { S: 'new' }, display: { before: '"old"', after: '"new"' } },
    ]);
  });

  it('reads the table a second time for the old values when the table is larger than what it keeps', async () => {
    const kept = await plan();
    bed.markCalls();
    const reread = await plan({ compareCacheBytes: 500 });
    expect(bed.callsSinceMark({ service: 'dynamodb', operation: 'Scan' }).length).toBe(8);
    expect(bed.writesSinceMark()).toEqual([]);
    expect(reread.listing).toEqual(kept.listing);
  });

  it('lists at most the list limit per action and counts the rest exactly', async () => {
    const p = await plan({ listLimit: 4, listUnchanged: true });
    const document = importPlanDocument([p], { version: '0.0.0', createdAt: '2026-12-01T00:00:00.000Z' });
    expect(document.counts).toEqual({ create: 10, update: 6, delete: 0, unchanged: 54 });
    expect(unlistedCounts(document)).toEqual({ create: 6, update: 2, unchanged: 50 });
    expect(document.resources.filter((r) => r.action === 'create').map((r) => r.name)).toEqual([
      'pk=60',
      'pk=61',
      'pk=62',
      'pk=63',
    ]);
    expect(document.resources.filter((r) => r.action === 'unchanged')).toHaveLength(4);
    const summary = ['= 54 resources unchanged', 'Plan: 10 to create, 6 to update, 0 to delete, 54 unchanged.'];
    expect(renderImportPlan(document).slice(-4)).toEqual([
      '+ ... and 6 more to create',
      '~ ... and 2 more to update',
      ...summary,
    ]);
    expect(renderImportPlan(document, { verbose: true }).slice(-4)).toEqual([
      '+ ... and 6 more to create',
      '~ ... and 2 more to update',
      '= ... and 50 more unchanged',
      summary[1],
    ]);
  });
});

describe('validate', () => {
  it('checks files offline, with no credentials and no AWS call', async () => {
    await writeFile(
      file('bad.jsonl'),
      `${row(1, 'a')}\n{"pk":{"N":"2"},"value":{"S":"b","S":"c"}}\n{"pk":{"X":"3"}}\n`,
    );
    await bed.run(['--version']); // the test bed's own credentials for the environment, made once
    bed.markCalls();
    const env = {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      Environment: '',
      AccountNumber: '',
    };
    const good = await bed.run(['validate', '--in', 'before.jsonl'], QA, env);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stderr).toMatch(
      /^before\.jsonl: 60 items valid; keys are checked against each table's key schema by plan$/m,
    );
    const bad = await bed.run(['validate', '--in', 'bad.jsonl'], QA, env);
    expect(bad.code, bad.stderr).toBe(3);
    expect(bad.stderr).toMatch(/bad\.jsonl:2: key "S" appears twice/);
    expect(bad.stderr).toMatch(/bad\.jsonl:3 pk: /);
    expect(bed.callsSinceMark()).toEqual([]);
  });

  it('expands the placeholders for an environment before it measures items', async () => {
    await writeFile(
      file('placeholders.jsonl'),
      '{"pk":{"N":"1"},"arn":{"S":"arn:aws:sns:us-east-1:${AccountNumber}:t"},"x":{"S":"${Typo}"}}\n',
    );
    const r = await bed.run(['validate', '--in', 'placeholders.jsonl', '--json'], QA);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/placeholders\.jsonl:1: \$\{Typo\} is not a placeholder this tool knows/);
    expect(r.stderr).toMatch(/1 item valid for qa\/640079793484/);
    expect(JSON.parse(r.stdout)).toMatchObject({ verb: 'validate', files: [{ file: 'placeholders.jsonl', items: 1 }] });
  });
});

describe('import, the older name of deploy', () => {
  it('still works, and stops after the plan with --dry-run', async () => {
    bed.markCalls();
    const r = await bed.run(['import', '--table', 'edd-listing-qa', '--in', 'after.jsonl', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Plan: 10 to create, 6 to update, 0 to delete, 54 unchanged\.$/m);
    expect(bed.writesSinceMark()).toEqual([]);
  });
});
