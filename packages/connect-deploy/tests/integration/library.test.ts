import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanBlockedError, UsageError, ValidationError } from '@edd/core';
import { startLocalAws, stepEnvironment, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changes, deploy, exportInstance, plan, validateExport } from '../../src/index.js';
import { QA, prepareEnvironment } from './support.js';

const FAST = { rate: 200, burst: 200, concurrency: 16 };
const TARGET = { environment: QA.Environment, account: QA.AccountNumber };
const work = mkdtempSync(join(tmpdir(), 'edd-library-'));
let localAws: LocalAws;
let saved: NodeJS.ProcessEnv;

function write(dir: string, file: string, content: unknown): void {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), `${JSON.stringify(content, null, 2)}\n`);
}

/** An application's export: hours and a queue that uses them, by reference. */
function exportDir(name: string, maxContacts: number): string {
  const dir = join(work, name);
  write(dir, 'connect-deploy.json', { instanceAlias: 'edd-${Environment}', phoneNumbers: {} });
  write(dir, 'hours-of-operation/EDD+Business+Hours.json', {
    Name: 'EDD Business Hours',
    TimeZone: 'America/Los_Angeles',
    Config: [{ Day: 'MONDAY', StartTime: { Hours: 8, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }],
  });
  write(dir, 'queues/EDD+Billing.json', {
    Name: 'EDD Billing',
    HoursOfOperationId: { $ref: 'hours-of-operation', name: 'EDD Business Hours', form: 'id' },
    Status: 'ENABLED',
    MaxContacts: maxContacts,
  });
  return dir;
}

beforeAll(async () => {
  localAws = await startLocalAws();
  await prepareEnvironment(localAws, QA, ['+18005550300', '+18005550301']);
  saved = { ...process.env };
  // A library call finds credentials and endpoint the SDK's usual way: here, the environment of the process.
  Object.assign(process.env, await stepEnvironment(localAws.url, { account: QA.AccountNumber }));
});

afterAll(async () => {
  process.env = saved;
  await localAws?.close();
});

describe('the library verbs', () => {
  it('validate an export offline and count its resources by folder', async () => {
    const result = await validateExport({ source: exportDir('valid', 10) });
    expect(result.exitCode).toBe(0);
    expect(result.counts).toEqual({ 'hours of operation': 1, queue: 1 });
  });

  it('throw a ValidationError naming the file when a reference does not resolve', async () => {
    const dir = exportDir('broken', 10);
    write(dir, 'queues/EDD+Billing.json', {
      Name: 'EDD Billing',
      HoursOfOperationId: { $ref: 'hours-of-operation', name: 'EDD Night Hours', form: 'id' },
      Status: 'ENABLED',
    });
    const error = await validateExport({ source: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((error as ValidationError).problems)).toContain('EDD Night Hours');
  });

  it('name what changed between two versions of an export, resource by resource', async () => {
    const result = await changes({ before: exportDir('before', 10), after: exportDir('after', 30) });
    expect(result.changes.map((c) => `${c.change} ${c.kind} ${c.name}`)).toEqual(['changed queue EDD Billing']);
    expect(result.changeCounts).toEqual({ added: 0, changed: 1, removed: 0 });
  });

  it('refuse an option the verb does not take, with a usage error that suggests the right one', async () => {
    const options = { source: exportDir('typo', 10), prunePrefx: 'EDD' } as never;
    await expect(plan(options)).rejects.toThrow(UsageError);
    await expect(plan(options)).rejects.toThrow(/prunePrefix/);
  });

  it('plan, deploy, then find the target in sync, and export it back', async () => {
    const source = exportDir('app', 25);
    const pending = await plan({ source, ...TARGET, ...FAST, detailedExitcode: true });
    expect(pending.exitCode).toBe(6);
    expect(pending.plan.resources.map((r) => `${r.action} ${r.name}`)).toEqual(
      expect.arrayContaining(['create EDD Business Hours', 'create EDD Billing']),
    );

    const applied = await deploy({ source, ...TARGET, ...FAST });
    expect(applied.exitCode).toBe(0);
    expect(applied.summary.create).toBeGreaterThanOrEqual(2);
    expect(applied.calls).toBeDefined();

    const again = await plan({ source, ...TARGET, ...FAST, detailedExitcode: true });
    expect(again.exitCode).toBe(0);

    const out = join(work, 'exported');
    mkdirSync(out);
    const exported = await exportInstance({ out, instanceAlias: 'edd-${Environment}', ...TARGET, ...FAST });
    expect(exported.resources.map((r) => `${r.type} ${r.name}`)).toEqual(
      expect.arrayContaining(['queue EDD Billing', 'hours-of-operation EDD Business Hours']),
    );
    expect(JSON.parse(readFileSync(join(out, 'queues/EDD+Billing.json'), 'utf8')).MaxContacts).toBe(25);
  });

  it('throw a PlanBlockedError carrying the plan when the target cannot take the export', async () => {
    const source = exportDir('blocked', 10);
    write(source, 'queues/EDD+Claims.json', {
      Name: 'EDD Claims',
      HoursOfOperationId: { $ref: 'hours-of-operation', name: 'EDD Night Hours', form: 'id' },
      Status: 'ENABLED',
    });
    const error = await deploy({ source, ...TARGET, ...FAST }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanBlockedError);
    expect(JSON.stringify((error as PlanBlockedError).blockers)).toContain('EDD Night Hours');
  });
});
