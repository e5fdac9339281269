import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '@edd/core';
import { describe, expect, it } from 'vitest';
import { configSchema, readSource, validateSource } from '../src/index.js';
import { authenticationProfile } from '../src/resources/authentication-profile.js';
import { childName } from '../src/resources/children.js';
import { hoursOfOperationOverride } from '../src/resources/hours-of-operation-override.js';
import { integrationNames } from '../src/resources/integration-association.js';
import { idOf, phoneNumberFlow } from '../src/resources/phone-number-flow.js';

function exportDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'edd-export-'));
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof body === 'string' ? body : JSON.stringify(body));
  }
  return dir;
}

async function read(files: Record<string, unknown>) {
  const problems: Problem[] = [];
  const model = await readSource(exportDir(files), problems);
  validateSource(model, problems);
  return { model, problems };
}

const hours = (name: string) => ({ $ref: 'hours-of-operation', name, form: 'id' });
const override = (parent: string, name: string, extra: Record<string, unknown> = {}) => ({
  HoursOfOperationId: hours(parent),
  Name: name,
  EffectiveFrom: '2025-12-25',
  EffectiveTill: '2025-12-25',
  Config: [],
  ...extra,
});
const slot = (Day: string, h: number) => ({
  Day,
  StartTime: { Hours: h, Minutes: 0 },
  EndTime: { Hours: h + 1, Minutes: 0 },
});

describe('hours of operation overrides', () => {
  it('are known as <hours>/<name>: two hours can each hold an override of the same name', async () => {
    const { model, problems } = await read({
      'hours-of-operation/A.json': { Name: 'EDD Main Hours', TimeZone: 'UTC', Config: [] },
      'hours-of-operation/B.json': { Name: 'EDD Branch Hours', TimeZone: 'UTC', Config: [] },
      'hours-of-operation-overrides/1.json': override('EDD Main Hours', 'Christmas'),
      'hours-of-operation-overrides/2.json': override('EDD Branch Hours', 'Christmas'),
    });
    expect(problems).toEqual([]);
    expect(model.resources.filter((r) => r.type === 'hours-of-operation-override').map((r) => r.name)).toEqual([
      'EDD Main Hours/Christmas',
      'EDD Branch Hours/Christmas',
    ]);
  });

  it('refuses one named twice within the same hours, and one whose hours are not in the export', async () => {
    const { problems } = await read({
      'hours-of-operation/A.json': { Name: 'EDD Main Hours', TimeZone: 'UTC', Config: [] },
      'hours-of-operation-overrides/1.json': override('EDD Main Hours', 'Christmas'),
      'hours-of-operation-overrides/2.json': override('EDD Main Hours', 'CHRISTMAS'),
      'hours-of-operation-overrides/3.json': override('EDD Gone Hours', 'Christmas'),
    });
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^hours-of-operation-overrides\/2\.json: same name as hours-of-operation-overrides\/1\.json/,
      ),
      expect.stringMatching(
        /^hours-of-operation-overrides\/3\.json: hours-of-operation "EDD Gone Hours" is not in the export/,
      ),
    ]);
  });

  it('refuses dates Connect would refuse, before any AWS call', async () => {
    const { problems } = await read({
      'hours-of-operation-overrides/1.json': override('EDD Main Hours', 'Christmas', { EffectiveFrom: '25/12/2025' }),
    });
    expect(problems[0]).toMatchObject({ path: 'EffectiveFrom', message: 'must be a date like 2025-12-25' });
  });

  it('compare in a stable order: days by the week, recurrence months and days by number', () => {
    const canonical = hoursOfOperationOverride.canonical!(
      override('H', 'X', {
        Config: [slot('FRIDAY', 9), slot('MONDAY', 14), slot('MONDAY', 8)],
        RecurrenceConfig: {
          RecurrencePattern: { Frequency: 'YEARLY', Interval: 1, ByMonth: [12, 1], ByMonthDay: [31, -1, 2] },
        },
      }) as never,
    );
    expect(canonical.Config).toEqual([slot('MONDAY', 8), slot('MONDAY', 14), slot('FRIDAY', 9)]);
    expect(canonical.RecurrenceConfig?.RecurrencePattern).toMatchObject({ ByMonth: [1, 12], ByMonthDay: [-1, 2, 31] });
  });

  it('name their parent first', () => {
    expect(childName('EDD Main Hours', 'Christmas')).toBe('EDD Main Hours/Christmas');
    expect(hoursOfOperationOverride.identity!(override('EDD Main Hours', 'Christmas') as never)).toBe(
      'EDD Main Hours/Christmas',
    );
  });
});

describe('phone number flows', () => {
  const file = (number: string) => ({
    PhoneNumberId: { $ref: 'phone-number', number },
    ContactFlowId: { $ref: 'flow', name: 'EDD Main' },
  });

  it('are known by the logical name of their number', () => {
    expect(phoneNumberFlow.identity!(file('main-line') as never)).toBe('main-line');
  });

  it('take the ids at the end of ARNs, and ids as they are', () => {
    expect(idOf('arn:aws:connect:us-east-1:640079793484:phone-number/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d')).toBe(
      '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    );
    expect(idOf('5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d')).toBe('5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d');
  });

  it('refuses offline a number that is neither in phoneNumbers nor an E.164 number', async () => {
    const { problems } = await read({
      'phone-numbers/night-line.json': file('night-line'),
    });
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'phone-numbers/night-line.json',
        message: expect.stringContaining('phone number night-line is neither an E.164 number nor a name in'),
      }),
    );
  });
});

describe('instance settings', () => {
  it('name integrations by type and application, numbering the ones that would share a name by ARN', () => {
    expect(
      integrationNames([
        { IntegrationType: 'CASES_DOMAIN', IntegrationArn: 'arn:aws:cases:us-east-1:1:domain/c' },
        { IntegrationType: 'WISDOM_KNOWLEDGE_BASE', IntegrationArn: 'arn:aws:wisdom:us-east-1:1:knowledge-base/b' },
        { IntegrationType: 'APPLICATION', SourceApplicationName: 'Assist', IntegrationArn: 'arn:x:1' },
        { IntegrationType: 'WISDOM_KNOWLEDGE_BASE', IntegrationArn: 'arn:aws:wisdom:us-east-1:1:knowledge-base/a' },
      ]),
    ).toEqual(['CASES_DOMAIN', 'WISDOM_KNOWLEDGE_BASE 2', 'APPLICATION Assist', 'WISDOM_KNOWLEDGE_BASE 1']);
  });

  it('compare authentication profiles address lists as sets', () => {
    expect(
      authenticationProfile.canonical!({
        Name: 'P',
        AllowedIps: ['2001:db8:2::/48', '2001:db8:1::/48'],
        BlockedIps: [],
      }),
    ).toEqual({ Name: 'P', AllowedIps: ['2001:db8:1::/48', '2001:db8:2::/48'] });
  });

  it('are deployed only where deploySettings names a setting deploy can write', () => {
    expect(configSchema.safeParse({ deploySettings: ['authentication-profiles'] }).success).toBe(true);
    const refused = configSchema.safeParse({ deploySettings: ['integrations'] });
    expect(refused.error?.issues[0]).toMatchObject({
      path: ['deploySettings', 0],
      message: 'must be the folder of an instance setting deploy can write: authentication-profiles',
    });
  });
});
