import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PlanDocument } from '@edd/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGolden, planText } from '../golden.js';
import { createTable, QA, startTestBed, type TestBed } from './support.js';

// Secret values planted in the files: none may reach the output, the golden files or the JSON plan.
const SECRETS = ['key-one-c4f1', 'key-two-9b2e', 'hunter2-qa', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];

const line = (item: Record<string, unknown>) => JSON.stringify(item);
const S = (s: string) => ({ S: s });
const N = (n: string) => ({ N: n });

const base = [
  line({
    pk: S('queue#billing'),
    sk: N('1'),
    name: S('EDD Billing'),
    maxContacts: N('10'),
    hours: { M: { open: S('08:00'), close: S('18:00') } },
    skills: { SS: ['billing', 'spanish'] },
    apiKey: S('key-one-c4f1'),
  }),
  line({ pk: S('queue#sales'), sk: N('1'), name: S('EDD Sales'), enabled: { BOOL: true } }),
  line({ pk: S('queue#old'), sk: N('1'), name: S('EDD Old') }),
  line({ pk: S('queue#same'), sk: N('1'), name: S('EDD Same') }),
  line({ pk: S('queue#same'), sk: N('2'), name: S('EDD Same, second') }),
];

const changed = [
  line({
    pk: S('queue#billing'),
    sk: N('1'),
    name: S('EDD Billing'),
    maxContacts: N('12'),
    hours: { M: { open: S('09:00'), close: S('18:00') } },
    skills: { SS: ['billing', 'french'] },
    apiKey: S('key-two-9b2e'),
    notes: S(`Callers in the billing queue hear ${'a long announcement, '.repeat(6)}then music.`),
  }),
  line({
    pk: S('queue#sales'),
    sk: N('1'),
    name: S('EDD Sales'),
    enabled: { BOOL: false },
    greeting: S('Welcome to EDD ${Environment}'),
    db: { M: { host: S('db.internal'), password: S('hunter2-qa') } },
  }),
  line({
    pk: S('queue#appeals'),
    sk: N('1'),
    name: S('EDD Appeals'),
    arn: S('arn:aws:connect:us-east-1:${AccountNumber}:instance/1b2c/queue/7d3e'),
    signing: S('aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
  }),
  line({ pk: S('queue#same'), sk: N('1'), name: S('EDD Same') }),
  line({ pk: S('queue#same'), sk: N('2'), name: S('EDD Same, second') }),
];

let bed: TestBed;
let qa: DynamoDBClient;

async function write(name: string, lines: string[]): Promise<void> {
  await writeFile(join(bed.dir, name), `${lines.join('\n')}\n`);
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  bed = await startTestBed();
  qa = await bed.client(QA);
  await createTable(qa, 'edd-queues-qa', { partition: ['pk', 'S'], sort: ['sk', 'N'] });
  await createTable(qa, 'edd-hours-qa', { partition: ['day', 'N'] });
  await write('base.jsonl', base);
  await write('changed.jsonl', changed);
  await write('hours.jsonl', [
    line({ day: N('1'), open: { BOOL: true } }),
    line({ day: N('2'), open: { BOOL: true } }),
  ]);
  await writeFile(
    join(bed.dir, 'manifest.json'),
    JSON.stringify({
      tables: [
        { table: 'edd-queues-${Environment}', file: 'changed.jsonl', prune: true },
        { table: 'edd-hours-${Environment}', file: 'hours.jsonl' },
      ],
    }),
  );
  const seeded = await bed.run(['deploy', '--table', 'edd-queues-qa', '--in', 'base.jsonl']);
  if (seeded.code !== 0) throw new Error(seeded.stderr);
});
afterAll(() => bed.close());

describe('plan', () => {
  it('prints every created, changed and deleted item in the shared grammar, the unchanged counted', async () => {
    bed.markCalls();
    const r = await bed.run(['plan', '--table', 'edd-queues-${Environment}', '--in', 'changed.jsonl', '--prune']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden('plan.txt', planText(r.stderr));
    expectNoSecret(r.stderr);
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('lists the unchanged items too with --verbose', async () => {
    const r = await bed.run(['plan', '--table', 'edd-queues-qa', '--in', 'changed.jsonl', '--verbose']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden('plan-verbose.txt', planText(r.stderr));
  });

  it('names the table of every item when a manifest plans several', async () => {
    const r = await bed.run(['plan', '--manifest', 'manifest.json']);
    expect(r.code, r.stderr).toBe(0);
    expectGolden('plan-tables.txt', planText(r.stderr));
  });

  it('carries the same plan in --json: before and after of every field, typed, secrets only as (secret)', async () => {
    const r = await bed.run(['plan', '--table', 'edd-queues-qa', '--in', 'changed.jsonl', '--prune', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expectNoSecret(r.stdout);
    const plan = (JSON.parse(r.stdout) as { plan: PlanDocument }).plan;
    expect(plan).toMatchObject({
      format: 'edd-plan/1',
      step: 'dynamo-export-import',
      subject: 'table edd-queues-qa',
      target: { environment: 'qa', account: QA.AccountNumber, region: 'us-east-1' },
      counts: { create: 1, update: 2, delete: 1, unchanged: 2 },
      blockers: [],
    });
    const billing = plan.resources.find((r) => r.name === 'pk=queue#billing, sk=1')!;
    expect(billing.action).toBe('update');
    expect(billing.fields).toEqual(
      expect.arrayContaining([
        { path: 'maxContacts', before: { N: '10' }, after: { N: '12' }, display: { before: '10', after: '12' } },
        {
          path: 'hours.open',
          before: { S: '08:00' },
          after: { S: '09:00' },
          display: { before: '"08:00"', after: '"09:00"' },
        },
        {
          path: 'skills',
          before: { SS: ['billing', 'spanish'] },
          after: { SS: ['billing', 'french'] },
          display: { before: '["billing", "spanish"]', after: '["billing", "french"]' },
        },
        {
          path: 'apiKey',
          before: '(secret)',
          after: '(changed)',
          display: { before: '(secret)', after: '(changed)' },
        },
      ]),
    );
    const appeals = plan.resources.find((r) => r.name === 'pk=queue#appeals, sk=1')!;
    const arn = `arn:aws:connect:us-east-1:${QA.AccountNumber}:instance/1b2c/queue/7d3e`;
    expect(appeals.fields).toContainEqual({ path: 'arn', after: { S: arn }, display: { after: JSON.stringify(arn) } });
  });
});

describe('plan --report', () => {
  it('writes a page naming every changed item and field, or Markdown; secrets never reach either', async () => {
    const pages = await mkdtemp(join(tmpdir(), 'edd-dynamo-report-'));
    bed.markCalls();
    const args = ['--table', 'edd-queues-qa', '--in', 'changed.jsonl', '--prune'];
    const html = await bed.run(['plan', ...args, '--report', join(pages, 'plan.html')]);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stderr).toContain(`review page: ${join(pages, 'plan.html')} (HTML)`);
    const page = await readFile(join(pages, 'plan.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<body data-report="plan">');
    expect(page).toContain('Plan: 1 to create, 2 to update, 1 to delete, 2 unchanged.');
    for (const item of [
      'pk=queue#billing, sk=1',
      'pk=queue#sales, sk=1',
      'pk=queue#appeals, sk=1',
      'pk=queue#old, sk=1',
    ])
      expect(page).toContain(item);
    expect(page).toContain('maxContacts');
    expect(page).toContain('apiKey');
    expectNoSecret(page);

    const md = await bed.run(['deploy', '--dry-run', ...args, '--report', join(pages, 'plan.md')]);
    expect(md.code, md.stderr).toBe(0);
    const markdown = await readFile(join(pages, 'plan.md'), 'utf8');
    expect(markdown).toMatch(/^# Plan for table edd-queues-qa in qa\n/);
    expect(markdown).toContain('pk=queue#billing, sk=1');
    expect(markdown).toContain('maxContacts');
    expectNoSecret(markdown);
    expect(bed.writesSinceMark()).toEqual([]);
    expect((await readdir(pages)).sort()).toEqual(['plan.html', 'plan.md']);
  });

  it('refuses a name that is not .html or .md with one line, before any call', async () => {
    bed.markCalls();
    const r = await bed.run(['plan', '--table', 'edd-queues-qa', '--in', 'changed.jsonl', '--report', 'plan.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'error: --report must name an .html file (a page for a browser) or an .md file (Markdown for a pull request)',
    );
    expect(bed.callsSinceMark()).toEqual([]);
  });
});

describe('plan --detailed-exitcode', () => {
  it('exits 6 when changes are pending and 0 once they are applied', async () => {
    await createTable(qa, 'edd-drift-qa', { partition: ['pk', 'S'], sort: ['sk', 'N'] });
    const args = ['--table', 'edd-drift-qa', '--in', 'base.jsonl'];
    const pending = await bed.run(['plan', ...args, '--detailed-exitcode']);
    expect(pending.code, pending.stderr).toBe(6);
    expect(pending.stderr).toContain('Plan: 5 to create, 0 to update, 0 to delete, 0 unchanged.');
    expect((await bed.run(['plan', ...args])).code).toBe(0);

    const deployed = await bed.run(['deploy', ...args]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toMatch(
      /^Applying\n~ table "edd-drift-qa" {2}5 of 5 writes in \d+\.\d s\nApplied: 5 created, 0 updated, 0 deleted in \d+\.\d s\.$/m,
    );

    bed.markCalls();
    const settled = await bed.run(['plan', ...args, '--detailed-exitcode']);
    expect(settled.code, settled.stderr).toBe(0);
    expect(settled.stderr).toContain('Plan: 0 to create, 0 to update, 0 to delete, 5 unchanged.');
    expect(bed.writesSinceMark()).toEqual([]);
  });

  it('exits 3 when the plan is blocked, after printing the plan and then the blocker', async () => {
    await writeFile(join(bed.dir, 'empty.jsonl'), '');
    const r = await bed.run([
      'plan',
      '--table',
      'edd-drift-qa',
      '--in',
      'empty.jsonl',
      '--prune',
      '--detailed-exitcode',
    ]);
    expect(r.code, r.stderr).toBe(3);
    const lines = r.stderr.split('\n');
    const summary = lines.findIndex((l) => l.startsWith('Plan: 0 to create, 0 to update, 5 to delete'));
    const blocked = lines.findIndex((l) => l.startsWith('Blocked: 1 problem'));
    expect(summary, r.stderr).toBeGreaterThan(0);
    expect(blocked, r.stderr).toBeGreaterThan(summary);
    expect(lines[blocked + 1]).toMatch(/empty\.jsonl: the file has no items; with --prune it would empty edd-drift-qa/);
    expect(lines.at(-2)).toBe('error: the plan is blocked by 1 problem (listed above); nothing was written');
  });
});
