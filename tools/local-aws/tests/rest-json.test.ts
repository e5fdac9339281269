import { describe, expect, it } from 'vitest';
import { AwsError } from '../src/errors.js';
import { ServiceModel, type ServiceModelJson } from '../src/models/model.js';
import type { ServiceRequest } from '../src/protocols/protocol.js';
import { modeledError, restJsonProtocol } from '../src/protocols/rest-json.js';
import { startLocalAws } from '../src/index.js';

// A model with the bindings Connect does not use (greedy labels, query literals, payloads, header lists, status
// codes), in the shapes Lambda and Lex V2 have them.
const model = new ServiceModel({
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'sample', protocol: 'rest-json', serviceId: 'Sample' },
  operations: {
    GetObject: {
      name: 'GetObject',
      http: { method: 'GET', requestUri: '/buckets/{Bucket}/objects/{Key+}' },
      input: { shape: 'GetObjectRequest' },
      output: { shape: 'GetObjectResponse' },
    },
    ListAll: {
      name: 'ListAll',
      http: { method: 'GET', requestUri: '/buckets/{Bucket}/objects?List=ALL' },
      input: { shape: 'ListAllRequest' },
    },
    ListSome: {
      name: 'ListSome',
      http: { method: 'GET', requestUri: '/buckets/{Bucket}/objects' },
      input: { shape: 'ListAllRequest' },
    },
    PutThing: {
      name: 'PutThing',
      http: { method: 'PUT', requestUri: '/things/{Name}', responseCode: 201 },
      input: { shape: 'PutThingRequest' },
      output: { shape: 'PutThingResponse' },
    },
    Invoke: {
      name: 'Invoke',
      http: { method: 'POST', requestUri: '/functions/{Name}/invocations' },
      input: { shape: 'InvokeRequest' },
      output: { shape: 'InvokeResponse' },
    },
  },
  shapes: {
    String: { type: 'string' },
    Integer: { type: 'integer' },
    Boolean: { type: 'boolean' },
    Blob: { type: 'blob' },
    Timestamp: { type: 'timestamp' },
    Strings: { type: 'list', member: { shape: 'String' } },
    Labels: { type: 'map', key: { shape: 'String' }, value: { shape: 'String' } },
    GetObjectRequest: {
      type: 'structure',
      required: ['Bucket', 'Key'],
      members: {
        Bucket: { shape: 'String', location: 'uri', locationName: 'Bucket' },
        Key: { shape: 'String', location: 'uri', locationName: 'Key' },
        Since: { shape: 'Timestamp', location: 'header', locationName: 'If-Modified-Since' },
        Tags: { shape: 'Strings', location: 'header', locationName: 'X-Tags' },
        Meta: { shape: 'Labels', location: 'headers', locationName: 'x-meta-' },
      },
    },
    GetObjectResponse: {
      type: 'structure',
      members: {
        Modified: { shape: 'Timestamp', location: 'header', locationName: 'Last-Modified' },
        Size: { shape: 'Integer' },
        At: { shape: 'Timestamp' },
      },
    },
    ListAllRequest: {
      type: 'structure',
      members: {
        Bucket: { shape: 'String', location: 'uri', locationName: 'Bucket' },
        Types: { shape: 'Strings', location: 'querystring', locationName: 'type' },
        Max: { shape: 'Integer', location: 'querystring', locationName: 'max' },
        Rest: { shape: 'Labels', location: 'querystring' },
      },
    },
    PutThingRequest: {
      type: 'structure',
      members: {
        Name: { shape: 'String', location: 'uri', locationName: 'Name' },
        DryRun: { shape: 'Boolean', location: 'querystring', locationName: 'dryRun' },
        Description: { shape: 'String', locationName: 'description' },
        When: { shape: 'Timestamp' },
      },
    },
    PutThingResponse: { type: 'structure', members: { Name: { shape: 'String' } } },
    InvokeRequest: {
      type: 'structure',
      members: {
        Name: { shape: 'String', location: 'uri', locationName: 'Name' },
        Payload: { shape: 'Blob' },
      },
      payload: 'Payload',
    },
    InvokeResponse: {
      type: 'structure',
      members: {
        Status: { shape: 'Integer', location: 'statusCode' },
        Payload: { shape: 'Blob' },
      },
      payload: 'Payload',
    },
    ThrottlingException: {
      type: 'structure',
      members: {
        message: { shape: 'String' },
        retryAfterSeconds: { shape: 'String', location: 'header', locationName: 'Retry-After' },
      },
      error: { httpStatusCode: 429 },
      exception: true,
    },
  },
} as unknown as ServiceModelJson);

function request(method: string, target: string, body = '', headers: Record<string, string> = {}): ServiceRequest {
  const url = new URL(target, 'http://local');
  return { method, path: url.pathname, query: url.searchParams, headers, body: Buffer.from(body) };
}

const context = { model, errorNamespace: 'sample', requestId: 'req-1' };

describe('restJson1 protocol', () => {
  it('binds percent-decoded labels, a greedy label, header lists, prefixed headers and HTTP dates', () => {
    const parsed = restJsonProtocol.parseRequest(
      request('GET', '/buckets/edd%3A%24SAVED/objects/prompts/en%20GB/welcome.wav', '', {
        'if-modified-since': 'Mon, 02 Jun 2025 09:14:03 GMT',
        'x-tags': 'a, b',
        'x-meta-owner': 'edd',
      }),
      model,
    );

    expect(parsed).toEqual({
      operation: 'GetObject',
      input: {
        Bucket: 'edd:$SAVED',
        Key: 'prompts/en GB/welcome.wav',
        Since: new Date('2025-06-02T09:14:03Z'),
        Tags: ['a', 'b'],
        Meta: { owner: 'edd' },
      },
    });
  });

  it('prefers the template with query literals, and reads repeated, typed and unbound query parameters', () => {
    const all = restJsonProtocol.parseRequest(
      request('GET', '/buckets/b/objects?List=ALL&type=x&type=y&max=5&extra=1'),
      model,
    );
    const some = restJsonProtocol.parseRequest(request('GET', '/buckets/b/objects?type=x'), model);

    expect(all).toEqual({
      operation: 'ListAll',
      input: { Bucket: 'b', Types: ['x', 'y'], Max: 5, Rest: { List: 'ALL', extra: '1' } },
    });
    expect(some).toEqual({ operation: 'ListSome', input: { Bucket: 'b', Types: ['x'] } });
  });

  it('reads JSON members by their JSON name, booleans from the query, and epoch-second timestamps', () => {
    const parsed = restJsonProtocol.parseRequest(
      request('PUT', '/things/one?dryRun=true', JSON.stringify({ description: 'first', When: 1_700_000_000 })),
      model,
    );

    expect(parsed.input).toEqual({
      Name: 'one',
      DryRun: true,
      Description: 'first',
      When: new Date(1_700_000_000_000),
    });
  });

  it('takes a blob payload as the raw body, and answers with the status a member or the model gives', () => {
    const parsed = restJsonProtocol.parseRequest(request('POST', '/functions/f/invocations', '{"raw":true}'), model);
    const invoked = restJsonProtocol.serializeOutput('Invoke', { Status: 202, Payload: Buffer.from('ok') }, context);
    const put = restJsonProtocol.serializeOutput('PutThing', { Name: 'one' }, context);
    const got = restJsonProtocol.serializeOutput(
      'GetObject',
      { Modified: new Date('2025-06-02T09:14:03Z'), Size: 3, At: new Date(1_700_000_000_500) },
      context,
    );

    expect(parsed.input).toEqual({ Name: 'f', Payload: Buffer.from('{"raw":true}') });
    expect(invoked.status).toBe(202);
    expect(invoked.body).toEqual(Buffer.from('ok'));
    expect(put).toMatchObject({ status: 201, body: '{"Name":"one"}' });
    expect(got.headers['last-modified']).toBe('Mon, 02 Jun 2025 09:14:03 GMT');
    expect(JSON.parse(String(got.body))).toEqual({ Size: 3, At: 1_700_000_000.5 });
  });

  it('refuses malformed typed values and paths no operation matches', () => {
    const badInteger = () => restJsonProtocol.parseRequest(request('GET', '/buckets/b/objects?max=five'), model);
    const unknown = () => restJsonProtocol.parseRequest(request('DELETE', '/things/one'), model);

    expect(badInteger).toThrow(expect.objectContaining({ code: 'SerializationException', status: 400 }));
    expect(unknown).toThrow(expect.objectContaining({ code: 'UnknownOperationException', status: 404 }));
    expect(restJsonProtocol.requestedOperation(request('DELETE', '/things/one'), model)).toBeUndefined();
  });

  it('writes modeled errors with their status, x-amzn-ErrorType, header members and the message member', () => {
    const error = modeledError(model, 'ThrottlingException', 'Slow down', { retryAfterSeconds: '2' });
    const response = restJsonProtocol.serializeError(error, context);
    const unmodeled = restJsonProtocol.serializeError(new AwsError({ code: 'Oops', message: 'bad' }), context);

    expect(response.status).toBe(429);
    expect(response.headers).toMatchObject({ 'x-amzn-errortype': 'ThrottlingException', 'retry-after': '2' });
    expect(JSON.parse(String(response.body))).toEqual({ message: 'Slow down' });
    expect(unmodeled.status).toBe(400);
    expect(JSON.parse(String(unmodeled.body))).toEqual({ message: 'bad' });
  });

  it('answers Connect errors on the wire the way AWS does', async () => {
    const localAws = await startLocalAws({ quotas: false });
    try {
      const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
      const response = await fetch(`${localAws.url}/queues/no-such-instance/q1`, {
        headers: {
          authorization: `AWS4-HMAC-SHA256 Credential=test/${date}/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=0`,
        },
      });

      expect(response.status).toBe(404);
      expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({ Message: 'Instance not found: no-such-instance' });
    } finally {
      await localAws.close();
    }
  });
});
