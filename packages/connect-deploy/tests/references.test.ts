import { describe, expect, it } from 'vitest';
import {
  concretize,
  instanceResourceArn,
  parseInstanceResourceArn,
  parseLambdaArn,
  symbolize,
  type SourceIndex,
  type SymbolicRef,
} from '../src/index.js';
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
  lambdaLogicalName: (name) => name.replace(/-dev$/, ''),
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
