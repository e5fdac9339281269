import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBServiceException,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ResourceNotFoundException,
  ScanCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_ACCOUNT_ID, startLocalAws, type LocalAws } from '../src/index.js';
import { dynamoClient, rejection, stsClient, TARGET_ACCOUNT, TARGET_ROLE_ARN, type Credentials } from './support.js';

const DYNAMODB_HEADERS = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=test/20250101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
  'x-amz-date': '20250101T000000Z',
  'content-type': 'application/x-amz-json-1.0',
};

async function createTable(client: DynamoDBClient, TableName: string) {
  const { TableDescription } = await client.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'kind', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-kind',
          KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return TableDescription!;
}

describe('dynamodb', () => {
  let localAws: LocalAws;
  let targetCredentials: Credentials;

  beforeAll(async () => {
    localAws = await startLocalAws();
  });
  afterAll(() => localAws.close());
  beforeEach(async () => {
    await localAws.reset();
    const { Credentials: issued } = await stsClient(localAws).send(
      new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'dynamo-test' }),
    );
    targetCredentials = {
      accessKeyId: issued!.AccessKeyId!,
      secretAccessKey: issued!.SecretAccessKey!,
      sessionToken: issued!.SessionToken!,
    };
  });

  it('keeps the tables of each account apart', async () => {
    const shared = dynamoClient(localAws);
    const target = dynamoClient(localAws, { credentials: targetCredentials });
    await createTable(shared, 'edd-config');
    await shared.send(new PutItemCommand({ TableName: 'edd-config', Item: { pk: { S: 'shared-only' } } }));

    const targetTablesBefore = await target.send(new ListTablesCommand({}));
    await createTable(target, 'edd-config');
    const targetItems = await target.send(new ScanCommand({ TableName: 'edd-config' }));
    const sharedItems = await shared.send(new ScanCommand({ TableName: 'edd-config' }));

    expect(targetTablesBefore.TableNames).toEqual([]);
    expect(targetItems.Items).toEqual([]);
    expect(sharedItems.Items).toEqual([{ pk: { S: 'shared-only' } }]);
  });

  it('keeps the tables of each region apart', async () => {
    await createTable(dynamoClient(localAws, { region: 'eu-west-2' }), 'regional');

    const london = await dynamoClient(localAws, { region: 'eu-west-2' }).send(new ListTablesCommand({}));
    const virginia = await dynamoClient(localAws, { region: 'us-east-1' }).send(new ListTablesCommand({}));

    expect(london.TableNames).toEqual(['regional']);
    expect(virginia.TableNames).toEqual([]);
  });

  it('names the caller account and region in table and index ARNs', async () => {
    const client = dynamoClient(localAws, { credentials: targetCredentials, region: 'eu-west-2' });

    const created = await createTable(client, 'edd-callbacks');
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'edd-callbacks' }));

    const tableArn = `arn:aws:dynamodb:eu-west-2:${TARGET_ACCOUNT}:table/edd-callbacks`;
    expect(created.TableArn).toBe(tableArn);
    expect(Table!.TableArn).toBe(tableArn);
    expect(Table!.TableStatus).toBe('ACTIVE');
    expect(Table!.GlobalSecondaryIndexes![0]!.IndexArn).toBe(`${tableArn}/index/by-kind`);
  });

  it('keeps typed values exactly: big numbers, binary, sets', async () => {
    const client = dynamoClient(localAws);
    await createTable(client, 'typed');
    const item = {
      pk: { S: 'k' },
      big: { N: '123456789012345678901234567890' },
      bytes: { B: new Uint8Array([0, 1, 254, 255]) },
      tags: { SS: ['a', 'b'] },
      nested: { M: { list: { L: [{ N: '12.5' }, { BOOL: true }, { NULL: true }] } } },
    };

    await client.send(new PutItemCommand({ TableName: 'typed', Item: item }));
    const { Item } = await client.send(new GetItemCommand({ TableName: 'typed', Key: { pk: { S: 'k' } } }));

    expect(Item).toEqual(item);
  });

  it('reports a missing table as ResourceNotFoundException', async () => {
    const error = await rejection(dynamoClient(localAws).send(new ScanCommand({ TableName: 'absent' })));

    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it('rejects a malformed table name with a ValidationException in AWS words', async () => {
    const error = await rejection(createTable(dynamoClient(localAws), 'bad name!'));

    expect(error).toBeInstanceOf(DynamoDBServiceException);
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+',
    );
  });

  it('validates against the model before the table store sees the request', async () => {
    const client = dynamoClient(localAws);
    await createTable(client, 'limits');

    const error = await rejection(client.send(new ScanCommand({ TableName: 'limits', Limit: 0 })));

    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    );
    expect(localAws.calls({ operation: 'Scan' }).map((call) => call.status)).toEqual([400]);
  });

  it('refuses a batch of more than 25 writes per table', async () => {
    const client = dynamoClient(localAws);
    await createTable(client, 'batch');
    const writes = Array.from({ length: 26 }, (_, index) => ({ PutRequest: { Item: { pk: { S: `k${index}` } } } }));

    const error = await rejection(client.send(new BatchWriteItemCommand({ RequestItems: { batch: writes } })));

    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(
      /^1 validation error detected: Value '\{batch=\[.*\]\}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25\]$/,
    );
  });

  it('answers errors in the JSON shape of AWS, with the fully qualified type', async () => {
    const response = await fetch(localAws.url, {
      method: 'POST',
      headers: { ...DYNAMODB_HEADERS, 'x-amz-target': 'DynamoDB_20120810.Scan' },
      body: JSON.stringify({ TableName: 'ab', Limit: 0 }),
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await response.json()).toEqual({
      __type: 'com.amazon.coral.validate#ValidationException',
      message:
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    });
  });

  it('answers a value of the wrong JSON type with a SerializationException', async () => {
    const response = await fetch(localAws.url, {
      method: 'POST',
      headers: { ...DYNAMODB_HEADERS, 'x-amz-target': 'DynamoDB_20120810.Scan' },
      body: JSON.stringify({ TableName: 'items', Limit: 'ten' }),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'com.amazon.coral.service#SerializationException',
      message: 'STRING_VALUE cannot be converted to Integer',
    });
  });

  it('refuses an unsigned request with MissingAuthenticationTokenException', async () => {
    const response = await fetch(localAws.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });
  });

  it('answers an operation it does not emulate with UnknownOperationException', async () => {
    const response = await fetch(localAws.url, {
      method: 'POST',
      headers: { ...DYNAMODB_HEADERS, 'x-amz-target': 'DynamoDB_20120810.RestoreTableFromBackup' },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ __type: 'com.amazon.coral.service#UnknownOperationException' });
  });

  it('attributes calls to the account of the credentials', async () => {
    await dynamoClient(localAws).send(new ListTablesCommand({}));
    await dynamoClient(localAws, { credentials: targetCredentials }).send(new ListTablesCommand({}));

    expect(localAws.calls({ service: 'dynamodb' }).map((call) => call.account)).toEqual([
      SHARED_ACCOUNT_ID,
      TARGET_ACCOUNT,
    ]);
  });
});
