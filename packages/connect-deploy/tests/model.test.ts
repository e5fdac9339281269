import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Problem } from '@edd/core';
import { describe, expect, it } from 'vitest';
import { NameMapping, PhoneMapping } from '../src/model/config.js';
import { fileNameFor, nameOfFile } from '../src/model/layout.js';
import { readSource, validateSource } from '../src/model/source.js';

const values = { Environment: 'qa', AccountNumber: '640079793484', Region: 'us-east-1' };

describe('file names', () => {
  it('keeps readable names and encodes everything else reversibly', () => {
    expect(fileNameFor('EDD Billing')).toBe('EDD+Billing');
    expect(fileNameFor('Music_Pop_Inst.wav')).toBe('Music_Pop_Inst.wav');
    expect(fileNameFor('a/b+c%d')).toBe('a%2Fb%2Bc%25d');
    expect(fileNameFor('.hidden')).toBe('%2Ehidden');
    expect(fileNameFor('Ünïcode ☎')).toBe('%C3%9Cn%C3%AFcode+%E2%98%8E');
    for (const name of ['EDD Billing', 'a/b+c%d', 'Ünïcode ☎', 'x.y-z_w'])
      expect(nameOfFile(fileNameFor(name))).toBe(name);
  });
});

describe('name mapping rules', () => {
  it('maps logical names to an environment and back, leaving names that do not follow the rule', () => {
    const mapping = new NameMapping('${name}-${Environment}', values, 'lambdaFunctionName');
    expect(mapping.toEnvironment('edd-lookup')).toBe('edd-lookup-qa');
    expect(mapping.toLogical('edd-lookup-qa')).toBe('edd-lookup');
    expect(mapping.toLogical('shared-function')).toBe('shared-function');
    expect(new NameMapping(undefined, values, 'x').toEnvironment('same')).toBe('same');
  });

  it('maps phone numbers per environment', () => {
    const phones = new PhoneMapping({ 'main-line': { dev: '+18005550100', QA: '+18005550111' } }, 'qa');
    expect(phones.toEnvironment('main-line')).toBe('+18005550111');
    expect(phones.toLogical('+18005550111')).toBe('main-line');
    expect(phones.toLogical('+18005550199')).toBe('+18005550199');
    expect(phones.toEnvironment('+18005550199')).toBe('+18005550199');
  });
});

function exportDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'edd-export-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const flow = (name: string, actions: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Name: name,
    Type: 'CONTACT_FLOW',
    Status: 'PUBLISHED',
    Content: { Version: '2019-10-30', StartAction: 'a', Actions: actions },
    ...extra,
  });

async function problemsOf(files: Record<string, string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  const model = await readSource(exportDir(files), problems);
  validateSource(model, problems);
  return problems;
}

describe('offline validation', () => {
  it('accepts a consistent export', async () => {
    expect(
      await problemsOf({
        'hours-of-operation/Basic_Hours.json': JSON.stringify({ Name: 'Basic Hours', TimeZone: 'UTC', Config: [] }),
        'queues/Q.json': JSON.stringify({
          Name: 'Q',
          HoursOfOperationId: { $ref: 'hours-of-operation', name: 'Basic Hours', form: 'id' },
        }),
        'flows/Main.json': flow('Main', [
          {
            Identifier: 'a',
            Type: 'TransferContactToQueue',
            Parameters: { QueueId: { $ref: 'queue', name: 'Q' } },
            Transitions: {},
          },
        ]),
      }),
    ).toEqual([]);
  });

  it('names file, action and parameter of an unresolved reference', async () => {
    const problems = await problemsOf({
      'flows/Main.json': flow('Main', [
        {
          Identifier: 'a',
          Type: 'UpdateContactTargetQueue',
          Parameters: { QueueId: { $ref: 'queue', name: 'Missing' } },
          Transitions: {},
        },
      ]),
    });
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'flows/Main.json',
        path: 'action a Parameters.QueueId',
        message: expect.stringContaining('queue "Missing" is not in the export'),
      }),
    ]);
  });

  it('rejects the legacy console export format with a clear message', async () => {
    const problems = await problemsOf({
      'flows/Old.json': JSON.stringify({ modules: [], version: '1', metadata: {} }),
    });
    expect(problems[0]?.message).toContain('legacy console export format');
  });

  it('reports invalid JSON with its line', async () => {
    const problems = await problemsOf({ 'flows/Bad.json': '{\n  "Name": "Bad",\n  oops\n}' });
    expect(problems[0]).toMatchObject({ file: 'flows/Bad.json', line: 3 });
  });

  it('refuses names that differ only by case, transitions to missing actions, and unknown fields', async () => {
    const problems = await problemsOf({
      'flows/Main.json': flow('Main', [
        { Identifier: 'a', Type: 'X', Parameters: {}, Transitions: { NextAction: 'nowhere' } },
      ]),
      'flows/main2.json': flow('MAIN', [{ Identifier: 'a', Type: 'X', Parameters: {}, Transitions: {} }]),
      'queues/Q.json': JSON.stringify({
        Name: 'Q',
        HoursOfOperationId: { $ref: 'hours-of-operation', name: 'H' },
        QueueArn: 'x',
      }),
    });
    const messages = problems.map((p) => p.message).join('\n');
    expect(messages).toContain('ignoring case');
    expect(messages).toContain('transition to "nowhere"');
    expect(messages).toMatch(/Unrecognized key.*QueueArn/);
  });

  it("accepts a flow exported from the console's designer, named by its Metadata", async () => {
    const content = {
      Version: '2019-10-30',
      StartAction: 'a',
      Metadata: {
        entryPointPosition: { x: 0, y: 0 },
        name: 'Main IVR',
        description: 'Entry',
        type: 'customerQueue',
        status: 'saved',
      },
      Actions: [{ Identifier: 'a', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
    };
    const problems: Problem[] = [];
    const model = await readSource(exportDir({ 'flows/main.json': JSON.stringify(content) }), problems);
    expect(problems).toEqual([]);
    expect(model.resources[0]?.body).toEqual({
      Name: 'Main IVR',
      Type: 'CUSTOMER_QUEUE',
      Description: 'Entry',
      Status: 'SAVED',
      Content: content,
    });
  });

  it('accepts a DescribeContactFlow output dropped into flows/', async () => {
    const content = JSON.stringify({
      Version: '2019-10-30',
      StartAction: 'a',
      Actions: [{ Identifier: 'a', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
    });
    const problems: Problem[] = [];
    const model = await readSource(
      exportDir({
        'flows/x.json': JSON.stringify({
          ContactFlow: {
            Arn: 'arn',
            Id: 'id',
            Name: 'X',
            Type: 'CONTACT_FLOW',
            Status: 'published',
            Content: content,
            Tags: {},
          },
        }),
      }),
      problems,
    );
    expect(problems).toEqual([]);
    expect(model.resources[0]?.body).toEqual({
      Name: 'X',
      Type: 'CONTACT_FLOW',
      Status: 'PUBLISHED',
      Content: JSON.parse(content),
    });
  });
});
