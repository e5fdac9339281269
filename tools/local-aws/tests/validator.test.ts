import { describe, expect, it } from 'vitest';
import { ServiceModel, type Shape } from '../src/models/model.js';
import { ModelValidator, validationMessage } from '../src/models/validator.js';

const model = new ServiceModel({
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'test', protocol: 'json', serviceId: 'Test' },
  operations: { Put: { name: 'Put', http: { method: 'POST', requestUri: '/' }, input: { shape: 'PutInput' } } },
  shapes: {
    PutInput: {
      type: 'structure',
      required: ['Name'],
      members: {
        Name: { shape: 'Name' },
        Mode: { shape: 'Mode' },
        Count: { shape: 'Count' },
        Payload: { shape: 'Payload' },
        Keys: { shape: 'KeyList' },
        Labels: { shape: 'Labels' },
        Rows: { shape: 'Rows' },
        Weird: { shape: 'Weird' },
      },
    },
    Name: { type: 'string', min: 2, max: 5, pattern: '[a-z]+' },
    Mode: { type: 'string', enum: ['FAST', 'SLOW'] },
    Count: { type: 'integer', min: 1, max: 10 },
    Payload: { type: 'blob', max: 3 },
    KeyList: { type: 'list', member: { shape: 'Name' }, min: 1, max: 2 },
    Labels: { type: 'map', key: { shape: 'Name' }, value: { shape: 'Count' }, max: 3 },
    Rows: { type: 'list', member: { shape: 'Row' } },
    Row: { type: 'structure', required: ['Id'], members: { Id: { shape: 'Name' } } },
    Weird: { type: 'string', pattern: '[a-z&&[^x]]+' },
  } satisfies Record<string, Shape>,
});

const validator = new ModelValidator(model);

function messageFor(input: Record<string, unknown>): string | undefined {
  const violations = validator.validateInput('Put', input);
  return violations.length > 0 ? validationMessage(violations) : undefined;
}

describe('ModelValidator', () => {
  it('accepts a value that meets every constraint', () => {
    expect(
      messageFor({
        Name: 'abc',
        Mode: 'FAST',
        Count: 10,
        Payload: Buffer.from('abc'),
        Keys: ['ab'],
        Labels: { ab: 1 },
        Rows: [{ Id: 'xy' }],
      }),
    ).toBeUndefined();
  });

  it('reports a missing required member as null', () => {
    expect(messageFor({})).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports each broken constraint of one value separately', () => {
    expect(messageFor({ Name: 'ABCDEF' })).toBe(
      "2 validation errors detected: Value 'ABCDEF' at 'name' failed to satisfy constraint: Member must have length " +
        "less than or equal to 5; Value 'ABCDEF' at 'name' failed to satisfy constraint: Member must satisfy regular " +
        'expression pattern: [a-z]+',
    );
  });

  it('counts string length in characters, not UTF-16 units', () => {
    const threeEmoji = validator.validateValue({ shape: 'Name' }, '😀😀😀', 'name');

    expect(threeEmoji.map((violation) => violation.constraint)).toEqual([
      'Member must satisfy regular expression pattern: [a-z]+',
    ]);
  });

  it('checks enums and numeric ranges', () => {
    expect(messageFor({ Name: 'ab', Mode: 'MEDIUM', Count: 11 })).toBe(
      "2 validation errors detected: Value 'MEDIUM' at 'mode' failed to satisfy constraint: Member must satisfy enum " +
        "value set: [FAST, SLOW]; Value '11' at 'count' failed to satisfy constraint: Member must have value less " +
        'than or equal to 10',
    );
  });

  it('measures blobs in bytes and prints them as AWS does', () => {
    expect(messageFor({ Name: 'ab', Payload: Buffer.from('abcd') })).toBe(
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=4 cap=4]' at 'payload' failed to " +
        'satisfy constraint: Member must have length less than or equal to 3',
    );
  });

  it('measures lists and maps in entries, and gathers their scalar members under one message', () => {
    expect(messageFor({ Name: 'ab', Keys: ['ab', 'c', 'd'], Labels: { ab: 0, A: 1 } })).toBe(
      "4 validation errors detected: Value '[ab, c, d]' at 'keys' failed to satisfy constraint: Member must have " +
        "length less than or equal to 2; Value '[ab, c, d]' at 'keys' failed to satisfy constraint: Member must " +
        "satisfy constraint: [Member must have length greater than or equal to 2]; Value '{ab=0, A=1}' at 'labels' " +
        'failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length greater than or ' +
        "equal to 2, Member must satisfy regular expression pattern: [a-z]+]; Value '{ab=0, A=1}' at 'labels' " +
        'failed to satisfy constraint: Map value must satisfy constraint: [Member must have value greater than or ' +
        'equal to 1]',
    );
  });

  it('names members of structures inside lists by 1-based position', () => {
    expect(messageFor({ Name: 'ab', Rows: [{ Id: 'ok' }, {}] })).toBe(
      "1 validation error detected: Value null at 'rows.2.member.id' failed to satisfy constraint: Member must not " +
        'be null',
    );
  });

  it('leaves a pattern JavaScript cannot express unchecked', () => {
    expect(messageFor({ Name: 'ab', Weird: 'anything at all' })).toBeUndefined();
  });
});
