import { describe, expect, it } from 'vitest';
import { instanceResourceArn, parseInstanceResourceArn, parseLambdaArn } from '../src/references/arns.js';
import { concretize, type SourceIndex, symbolize } from '../src/references/rewrite.js';
import { refShapeProblem, type SymbolicRef } from '../src/references/types.js';
import type { ReferenceProblem } from '../src/references/rewrite.js';

const INSTANCE = '4b5d91f9-c7f7-4e83-90c2-e4591769d7c6';
const QUEUE_ID = '11111111-2222-4333-8444-555555555555';
const FLOW_ID = 'c74d9036-38b9-4a1d-b8a7-8ca817c16a35';
const PHONE_ID = '99999999-2222-4333-8444-555555555555';
const scope = { partition: 'aws', region: 'us-east-1', account: '658456346551' };
const arn = (kind: 'queue' | 'flow', id: string) => instanceResourceArn(scope, INSTANCE, kind, id);

const index: SourceIndex = {
  instanceId: INSTANCE,
  resources: new Map([
    [QUEUE_ID, { type: 'queue', name: 'EDD Billing' }],
    [FLOW_ID, { type: 'flow', name: 'Default customer queue' }],
  ]),
  phoneNumbers: new Map([[PHONE_ID, 'main-line']]),
  lexAliases: new Map([['ABCDEFGHIJ/KLMNOPQRST', { bot: 'EDDBot', alias: 'live' }]]),
  lambdaName: (name) => ({ function: name.replace(/-dev$/, '') }),
};

describe('symbolize', () => {
  it('turns ARNs and bare ids of the instance into references by name, keeping the form', () => {
    const problems: ReferenceProblem[] = [];
    const out = symbolize(
      {
        QueueId: arn('queue', QUEUE_ID),
        Bare: QUEUE_ID,
        EventHooks: { CustomerQueue: arn('flow', FLOW_ID) },
        Phone: `arn:aws:connect:us-east-1:658456346551:phone-number/${PHONE_ID}`,
        LambdaFunctionARN: 'arn:aws:lambda:us-east-1:658456346551:function:edd-lookup-dev:live',
        LexV2Bot: { AliasArn: 'arn:aws:lex:us-east-1:658456346551:bot-alias/ABCDEFGHIJ/KLMNOPQRST' },
      },
      index,
      problems,
    );
    expect(problems).toEqual([]);
    expect(out).toEqual({
      QueueId: { $ref: 'queue', name: 'EDD Billing' },
      Bare: { $ref: 'queue', name: 'EDD Billing', form: 'id' },
      EventHooks: { CustomerQueue: { $ref: 'flow', name: 'Default customer queue' } },
      Phone: { $ref: 'phone-number', number: 'main-line' },
      LambdaFunctionARN: { $ref: 'lambda', function: 'edd-lookup', qualifier: 'live' },
      LexV2Bot: { AliasArn: { $ref: 'lex', bot: 'EDDBot', alias: 'live' } },
    });
  });

  it('leaves dynamic values, AWS-managed ARNs and unknown ids untouched', () => {
    const value = {
      a: '$.Attributes.queue',
      b: 'arn:aws:connect:us-east-1:aws:view/cards:1',
      c: '00000000-0000-4000-8000-000000000000',
      d: 'plain text',
    };
    const problems: ReferenceProblem[] = [];
    expect(symbolize(value, index, problems)).toEqual(value);
    expect(problems).toEqual([]);
  });

  it('reports ARNs it cannot carry over instead of guessing', () => {
    const problems: { path: readonly (string | number)[]; message: string }[] = [];
    symbolize(
      {
        embedded: `see ${arn('queue', QUEUE_ID)} here`,
        otherInstance: `arn:aws:connect:us-east-1:658456346551:instance/aaaaaaaa-c7f7-4e83-90c2-e4591769d7c6/queue/${QUEUE_ID}`,
        unknownQueue: arn('queue', '12345678-2222-4333-8444-555555555555'),
        sns: 'arn:aws:sns:us-east-1:658456346551:alerts',
      },
      index,
      problems,
    );
    expect(problems.map((p) => p.path[0])).toEqual(['embedded', 'otherInstance', 'unknownQueue', 'sns']);
    expect(problems[0]!.message).toContain('inside a longer string');
    expect(problems[1]!.message).toContain('another Connect instance');
  });
});

describe('concretize', () => {
  it('resolves references to ARNs or ids and reports those it cannot resolve with their path', () => {
    const resolve = (ref: SymbolicRef) => (ref.$ref === 'queue' ? (ref.form === 'id' ? 'qid' : 'qarn') : undefined);
    const problems: { path: readonly (string | number)[] }[] = [];
    const out = concretize(
      {
        a: { $ref: 'queue', name: 'Q' },
        b: [{ $ref: 'queue', name: 'Q', form: 'id' }],
        c: { $ref: 'flow', name: 'F' },
      },
      resolve,
      problems as never,
    );
    expect(out).toEqual({ a: 'qarn', b: ['qid'], c: { $ref: 'flow', name: 'F' } });
    expect(problems.map((p) => p.path)).toEqual([['c']]);
  });

  it('round-trips symbolize for every form', () => {
    const original = { q: arn('queue', QUEUE_ID), id: QUEUE_ID, f: arn('flow', FLOW_ID) };
    const symbolic = symbolize(original, index, []);
    const back = concretize(
      symbolic,
      (ref) => {
        if (ref.$ref === 'queue') return ref.form === 'id' ? QUEUE_ID : arn('queue', QUEUE_ID);
        if (ref.$ref === 'flow') return arn('flow', FLOW_ID);
        return undefined;
      },
      [],
    );
    expect(back).toEqual(original);
  });
});

describe('ARN parsing', () => {
  it('recognises instance resource ARNs in every partition, with saved qualifiers', () => {
    expect(
      parseInstanceResourceArn(
        `arn:aws-us-gov:connect:us-gov-west-1:123456789012:instance/${INSTANCE}/contact-flow/${FLOW_ID}:$SAVED`,
      ),
    ).toMatchObject({
      partition: 'aws-us-gov',
      type: 'flow',
      id: FLOW_ID,
      qualifier: ':$SAVED',
    });
    expect(
      parseInstanceResourceArn(
        `arn:aws:connect:us-east-1:123456789012:instance/${INSTANCE}/transfer-destination/${QUEUE_ID}`,
      )?.type,
    ).toBe('quick-connect');
  });

  it('parses Lambda ARNs with and without qualifiers', () => {
    expect(parseLambdaArn('arn:aws:lambda:us-east-1:123456789012:function:edd-x')).toMatchObject({ name: 'edd-x' });
    expect(parseLambdaArn('arn:aws:lambda:us-east-1:123456789012:function:edd-x:$LATEST')).toMatchObject({
      qualifier: '$LATEST',
    });
    expect(parseLambdaArn('arn:aws:lambda:us-east-1:aws:function:edd-x')).toBeUndefined();
  });
});

describe('symbolize: real-world forms', () => {
  const DEV = '658456346551';
  const KEY_ID = '7f1e2d3c-4b5a-4968-8776-655443322110';
  const DOMAIN_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
  const real: SourceIndex = {
    ...index,
    account: DEV,
    unportable: new Map([
      [DOMAIN_ID, 'cases domain integration'],
      [`arn:aws:cases:us-east-1:${DEV}:domain/${DOMAIN_ID}`, 'cases domain integration'],
    ]),
    lambdaName: (name) => (name.endsWith('-dev') ? { function: name.slice(0, -4) } : { name }),
    lexAliases: new Map([
      ['ABCDEFGHIJ/KLMNOPQRST', { bot: 'EDDBot', alias: 'live' }],
      ['SHAREDBOT1/KLMNOPQRST', { name: 'SharedBot', alias: 'live' }],
    ]),
    valueName: (value) => (value === KEY_ID ? 'chatKey' : undefined),
    allowLiteral: (value) => value.startsWith('arn:aws:sns:us-east-1:318484875904:'),
  };

  it('keeps a dynamic region of an ARN and still makes it a reference', () => {
    const problems: ReferenceProblem[] = [];
    const out = symbolize(
      {
        a: `arn:aws:lambda:$.AwsRegion:${DEV}:function:edd-lookup-dev`,
        b: `arn:aws:lex:$.Attributes.region:${DEV}:bot-alias/ABCDEFGHIJ/KLMNOPQRST`,
        c: `arn:aws:connect:$.AwsRegion:${DEV}:instance/${INSTANCE}/queue/${QUEUE_ID}`,
      },
      real,
      problems,
    );
    expect(problems).toEqual([]);
    expect(out).toEqual({
      a: { $ref: 'lambda', function: 'edd-lookup', region: '$.AwsRegion' },
      b: { $ref: 'lex', bot: 'EDDBot', alias: 'live', region: '$.Attributes.region' },
      c: { $ref: 'queue', name: 'EDD Billing', region: '$.AwsRegion' },
    });
  });

  it('writes functions and bots that do not follow the naming rule by their literal name', () => {
    const out = symbolize(
      {
        f: `arn:aws:lambda:us-east-1:${DEV}:function:shared-audit:live`,
        b: `arn:aws:lex:us-east-1:${DEV}:bot-alias/SHAREDBOT1/KLMNOPQRST`,
      },
      real,
      [],
    );
    expect(out).toEqual({
      f: { $ref: 'lambda', name: 'shared-audit', qualifier: 'live' },
      b: { $ref: 'lex', name: 'SharedBot', alias: 'live' },
    });
  });

  it('marks every other string naming the source account, and ids of what is not deployed, as unmapped', () => {
    const problems: ReferenceProblem[] = [];
    const out = symbolize(
      {
        Parameters: {
          InputEncryption: { EncryptionKeyId: '11111111-aaaa-4bbb-8ccc-000000000001' },
          CaseTemplateId: '22222222-aaaa-4bbb-8ccc-000000000002',
          Domain: DOMAIN_ID,
          Attributes: {
            stream: `arn:aws:kinesis:us-east-1:${DEV}:stream/edd-audit`,
            account: DEV,
            url: `https://sqs.us-east-1.amazonaws.com/${DEV}/edd-queue`,
            notAccount: `1${DEV}`,
            shared: 'arn:aws:sns:us-east-1:318484875904:alerts',
          },
          View: `arn:aws:connect:us-east-1:${DEV}:instance/${INSTANCE}/view/abc123`,
        },
      },
      real,
      problems,
    );
    expect(out).toEqual({
      Parameters: {
        InputEncryption: {
          EncryptionKeyId: { $ref: 'unmapped', kind: 'security key', value: '11111111-aaaa-4bbb-8ccc-000000000001' },
        },
        CaseTemplateId: { $ref: 'unmapped', kind: 'Cases template', value: '22222222-aaaa-4bbb-8ccc-000000000002' },
        Domain: { $ref: 'unmapped', kind: 'cases domain integration', value: DOMAIN_ID },
        Attributes: {
          stream: {
            $ref: 'unmapped',
            kind: 'kinesis resource',
            value: `arn:aws:kinesis:us-east-1:${DEV}:stream/edd-audit`,
          },
          account: { $ref: 'unmapped', kind: 'account-specific value', value: DEV },
          url: {
            $ref: 'unmapped',
            kind: 'account-specific value',
            value: `https://sqs.us-east-1.amazonaws.com/${DEV}/edd-queue`,
          },
          notAccount: `1${DEV}`,
          shared: 'arn:aws:sns:us-east-1:318484875904:alerts',
        },
        View: {
          $ref: 'unmapped',
          kind: 'view',
          value: `arn:aws:connect:us-east-1:${DEV}:instance/${INSTANCE}/view/abc123`,
        },
      },
    });
    expect(problems).toHaveLength(7);
    expect(problems.every((p) => p.message.includes('environmentValues'))).toBe(true);
  });

  it('writes a value declared in environmentValues as a value reference', () => {
    expect(symbolize({ EncryptionKeyId: KEY_ID }, real, [])).toEqual({
      EncryptionKeyId: { $ref: 'value', name: 'chatKey' },
    });
  });
});

describe('reference shapes', () => {
  it('accepts the literal and logical forms and refuses mixtures', () => {
    expect(refShapeProblem({ $ref: 'lambda', name: 'shared' })).toBeUndefined();
    expect(refShapeProblem({ $ref: 'lambda', function: 'x', region: '$.AwsRegion' })).toBeUndefined();
    expect(refShapeProblem({ $ref: 'lambda', function: 'x', name: 'y' })).toContain('exactly one of');
    expect(refShapeProblem({ $ref: 'lex', alias: 'live' })).toContain('exactly one of');
    expect(refShapeProblem({ $ref: 'queue', name: 'Q', region: 'us-east-1' })).toContain('flow attribute');
    expect(refShapeProblem({ $ref: 'unmapped', kind: 'security key', value: 'x' })).toBeUndefined();
    expect(refShapeProblem({ $ref: 'value' })).toContain('"name"');
  });
});
