import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AwsClients,
  AwsOperationError,
  EddError,
  awsOperationName,
  exitCodeOf,
  isEddError,
  toAwsOperationError,
} from '../src/index.js';

// A DynamoDB endpoint that refuses every call the way DynamoDB does (awsJson 1.0 error body, request id header).
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'REQ-1' });
    response.end(
      JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
        message: 'Requested resource not found',
      }),
    );
  });
});
let endpoint = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failingCall(): Promise<unknown> {
  const previous = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = endpoint;
  const aws = new AwsClients({
    region: 'us-east-1',
    step: 'test-step',
    version: '1.0.0',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    await aws.get(DynamoDBClient).send(new DescribeTableCommand({ TableName: 'edd-config-qa' }));
  } catch (error) {
    return error;
  } finally {
    aws.destroy();
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previous;
  }
  throw new Error('expected the call to fail');
}

describe('toAwsOperationError', () => {
  it("names the operation the client recorded, with AWS's code and request id, and keeps AWS's error as cause", async () => {
    const sdkError = await failingCall();
    const error = toAwsOperationError(sdkError, undefined, 'table edd-config-qa');
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error.message).toBe(
      'DescribeTable table edd-config-qa failed: ResourceNotFoundException: Requested resource not found (request id REQ-1)',
    );
    expect(error.cause).toBe(sdkError);
    expect(exitCodeOf(error)).toBe(4);
  });

  it('takes the operation from a command without relying on class names, which a minified bundle renames', async () => {
    const command = new DescribeTableCommand({ TableName: 't' });
    expect(awsOperationName(command)).toBe('DescribeTable');
    const renamed = Object.create(Object.getPrototypeOf(command) as object, { schema: { value: command.schema } });
    expect(awsOperationName(renamed)).toBe('DescribeTable');
    const error = toAwsOperationError(await failingCall(), command, 'table t');
    expect(error.message).toMatch(/^DescribeTable table t failed: ResourceNotFoundException/);
  });

  it('prefers an explicit name, and passes branded errors through unchanged', async () => {
    expect(toAwsOperationError(await failingCall(), 'DynamoDB:DescribeTable').message).toMatch(
      /^DynamoDB:DescribeTable failed/,
    );
    const known = new AwsOperationError('already explained');
    expect(toAwsOperationError(known, 'X')).toBe(known);
  });

  it('rethrows what is not an AWS error', () => {
    const bug = new TypeError('x is undefined');
    expect(() => toAwsOperationError(bug, 'X')).toThrow(bug);
  });

  it('brands AwsOperationError so another copy of the module recognises it', () => {
    const error = new AwsOperationError('x', { items: ['pk=a'] });
    expect(isEddError(error, 'aws')).toBe(true);
    expect(error).toBeInstanceOf(EddError);
    expect(error.explain()).toEqual(['x', '  pk=a']);
  });
});
