import { describe, expect, it } from 'vitest';
import { AwsError } from '../src/errors.js';
import { ServiceModel, type Shape } from '../src/models/model.js';
import { jsonRpcProtocol } from '../src/protocols/json-rpc.js';
import type { ServiceRequest } from '../src/protocols/protocol.js';
import { queryProtocol } from '../src/protocols/query.js';

const shapes: Record<string, Shape> = {
  Input: {
    type: 'structure',
    members: {
      Name: { shape: 'Text' },
      Count: { shape: 'Number' },
      Enabled: { shape: 'Flag' },
      Since: { shape: 'Time' },
      Data: { shape: 'Bytes' },
      Tags: { shape: 'TagList' },
      Ids: { shape: 'IdList', flattened: true },
      Attributes: { shape: 'AttributeMap' },
      Owner: { shape: 'Owner' },
    },
  },
  Output: {
    type: 'structure',
    members: {
      Name: { shape: 'Text' },
      Since: { shape: 'Time' },
      Data: { shape: 'Bytes' },
      Tags: { shape: 'TagList' },
    },
  },
  Text: { type: 'string' },
  Number: { type: 'integer' },
  Flag: { type: 'boolean' },
  Time: { type: 'timestamp' },
  Bytes: { type: 'blob' },
  TagList: { type: 'list', member: { shape: 'Tag' } },
  Tag: { type: 'structure', members: { Key: { shape: 'Text' }, Value: { shape: 'Text' } } },
  IdList: { type: 'list', member: { shape: 'Text' } },
  AttributeMap: { type: 'map', key: { shape: 'Text' }, value: { shape: 'Text' } },
  Owner: { type: 'structure', members: { Account: { shape: 'Text' } } },
};

function model(protocol: string) {
  return new ServiceModel({
    metadata: {
      apiVersion: '2020-01-01',
      endpointPrefix: 'test',
      protocol,
      serviceId: 'Test',
      targetPrefix: 'Test_20200101',
      xmlNamespace: 'https://test.amazonaws.com/doc/2020-01-01/',
    },
    operations: {
      Do: {
        name: 'Do',
        http: { method: 'POST', requestUri: '/' },
        input: { shape: 'Input' },
        output: { shape: 'Output', resultWrapper: 'DoResult' },
      },
    },
    shapes,
  });
}

function request(headers: Record<string, string>, body: string): ServiceRequest {
  return { method: 'POST', path: '/', query: new URLSearchParams(), headers, body: Buffer.from(body) };
}

function formRequest(parameters: Record<string, string>): ServiceRequest {
  return request({ 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(parameters).toString());
}

function thrown(action: () => unknown): AwsError {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected an AwsError');
}

describe('query protocol', () => {
  const queryModel = model('query');

  it('decodes scalars, lists, flattened lists, maps and nested structures by the model', () => {
    const parsed = queryProtocol.parseRequest(
      formRequest({
        Action: 'Do',
        Version: '2020-01-01',
        Name: 'n',
        Count: '42',
        Enabled: 'true',
        Since: '2025-01-02T03:04:05Z',
        Data: Buffer.from('hi').toString('base64'),
        'Tags.member.1.Key': 'team',
        'Tags.member.1.Value': 'edd',
        'Tags.member.2.Key': 'env',
        'Tags.member.2.Value': 'qa',
        'Ids.1': 'a',
        'Ids.2': 'b',
        'Attributes.entry.1.key': 'k',
        'Attributes.entry.1.value': 'v',
        'Owner.Account': '123',
      }),
      queryModel,
    );

    expect(parsed).toEqual({
      operation: 'Do',
      input: {
        Name: 'n',
        Count: 42,
        Enabled: true,
        Since: new Date('2025-01-02T03:04:05Z'),
        Data: Buffer.from('hi'),
        Tags: [
          { Key: 'team', Value: 'edd' },
          { Key: 'env', Value: 'qa' },
        ],
        Ids: ['a', 'b'],
        Attributes: { k: 'v' },
        Owner: { Account: '123' },
      },
    });
  });

  it('reads a bare list key with an empty value as an empty list', () => {
    const parsed = queryProtocol.parseRequest(
      formRequest({ Action: 'Do', Version: '2020-01-01', Tags: '' }),
      queryModel,
    );

    expect(parsed.input).toEqual({ Tags: [] });
  });

  it('refuses a value that is not of its member type', () => {
    const error = thrown(() =>
      queryProtocol.parseRequest(formRequest({ Action: 'Do', Version: '2020-01-01', Count: 'many' }), queryModel),
    );

    expect(error.code).toBe('InvalidParameterValue');
    expect(error.message).toBe("Value 'many' for parameter Count is invalid. It must be an integer.");
  });

  it('refuses an action of another API version', () => {
    const error = thrown(() =>
      queryProtocol.parseRequest(formRequest({ Action: 'Do', Version: '2011-01-01' }), queryModel),
    );

    expect(error.code).toBe('InvalidAction');
    expect(error.message).toBe('Could not find operation Do for version 2011-01-01');
  });

  it('writes the output inside the result wrapper, with ISO timestamps and base64 blobs', () => {
    const response = queryProtocol.serializeOutput(
      'Do',
      {
        Name: 'a & b',
        Since: new Date('2025-01-02T03:04:05.678Z'),
        Data: Buffer.from('hi'),
        Tags: [{ Key: 'k', Value: '<v>' }],
      },
      { model: queryModel, errorNamespace: '', requestId: 'req-1' },
    );

    expect(response.status).toBe(200);
    expect(response.body).toBe(
      [
        '<DoResponse xmlns="https://test.amazonaws.com/doc/2020-01-01/">',
        '  <DoResult>',
        '    <Name>a &amp; b</Name>',
        '    <Since>2025-01-02T03:04:05Z</Since>',
        '    <Data>aGk=</Data>',
        '    <Tags>',
        '      <member>',
        '        <Key>k</Key>',
        '        <Value>&lt;v&gt;</Value>',
        '      </member>',
        '    </Tags>',
        '  </DoResult>',
        '  <ResponseMetadata>',
        '    <RequestId>req-1</RequestId>',
        '  </ResponseMetadata>',
        '</DoResponse>',
        '',
      ].join('\n'),
    );
  });
});

describe('JSON RPC protocol', () => {
  const jsonModel = model('json');
  const target = { 'x-amz-target': 'Test_20200101.Do', 'content-type': 'application/x-amz-json-1.0' };

  it('finds the operation in X-Amz-Target and converts blobs and timestamps', () => {
    const parsed = jsonRpcProtocol.parseRequest(
      request(target, JSON.stringify({ Name: 'n', Since: 1735787045, Data: 'aGk=', Unknown: 1 })),
      jsonModel,
    );

    expect(parsed).toEqual({
      operation: 'Do',
      input: { Name: 'n', Since: new Date('2025-01-02T03:04:05Z'), Data: Buffer.from('hi') },
    });
  });

  it('refuses values of the wrong JSON type with Coral wording', () => {
    const listForString = thrown(() => jsonRpcProtocol.parseRequest(request(target, '{"Name":["a"]}'), jsonModel));
    const stringForBoolean = thrown(() =>
      jsonRpcProtocol.parseRequest(request(target, '{"Enabled":"yes"}'), jsonModel),
    );
    const notJson = thrown(() => jsonRpcProtocol.parseRequest(request(target, '{'), jsonModel));

    expect(listForString.message).toBe('Start of list found where not expected');
    expect(stringForBoolean.message).toBe('STRING_VALUE cannot be converted to Boolean');
    expect(notJson.code).toBe('SerializationException');
  });

  it('refuses a target of another service or an unknown operation', () => {
    const error = thrown(() =>
      jsonRpcProtocol.parseRequest(request({ ...target, 'x-amz-target': 'Test_20200101.Undo' }, '{}'), jsonModel),
    );

    expect(error.code).toBe('UnknownOperationException');
    expect(
      jsonRpcProtocol.requestedOperation(request({ 'x-amz-target': 'Other_1.Do' }, ''), jsonModel),
    ).toBeUndefined();
  });

  it('writes outputs with epoch-second timestamps and base64 blobs, dropping unmodelled members', () => {
    const response = jsonRpcProtocol.serializeOutput(
      'Do',
      { Name: 'n', Since: new Date('2025-01-02T03:04:05.5Z'), Data: Buffer.from('hi'), Extra: true },
      { model: jsonModel, errorNamespace: 'com.example', requestId: 'req-2' },
    );

    expect(JSON.parse(String(response.body))).toEqual({ Name: 'n', Since: 1735787045.5, Data: 'aGk=' });
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.0');
  });

  it("writes errors with the service's namespace unless the error names its own", () => {
    const context = { model: jsonModel, errorNamespace: 'com.example.test', requestId: 'req-3' };

    const own = jsonRpcProtocol.serializeError(new AwsError({ code: 'NotFound', message: 'gone' }), context);
    const coral = jsonRpcProtocol.serializeError(
      new AwsError({ code: 'ValidationException', message: 'bad', namespace: 'com.amazon.coral.validate' }),
      context,
    );

    expect(JSON.parse(String(own.body))).toEqual({ __type: 'com.example.test#NotFound', message: 'gone' });
    expect(JSON.parse(String(coral.body))).toEqual({
      __type: 'com.amazon.coral.validate#ValidationException',
      message: 'bad',
    });
  });
});
