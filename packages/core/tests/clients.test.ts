import { DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isReadOperation } from '../src/aws/clients.js';
import { AwsClients } from '../src/index.js';

function clients(dryRun: boolean, verified: boolean) {
  return new AwsClients({
    region: 'us-east-1',
    step: 'test-step',
    version: '1.2.3',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    writePolicy: { dryRun, accountVerified: () => verified },
  });
}

// Port 9 on loopback refuses connections: a call that passes the policy fails on the network instead.
process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';

describe('isReadOperation', () => {
  it('classifies reads and writes by operation name', () => {
    expect(
      ['DescribeQueue', 'ListContactFlows', 'GetPromptFile', 'Scan', 'Query', 'BatchGetItem'].every(isReadOperation),
    ).toBe(true);
    expect(
      ['CreateQueue', 'UpdateContactFlowContent', 'BatchWriteItem', 'PutItem', 'AssociateBot'].some(isReadOperation),
    ).toBe(false);
  });
});

describe('AwsClients write policy', () => {
  it('refuses every write in a dry run, before anything is sent', async () => {
    const db = clients(true, true).get(DynamoDBClient);
    await expect(db.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } }))).rejects.toThrow(
      'dry run attempted the write DynamoDB:PutItem',
    );
  });

  it('refuses a write before the account guard passed', async () => {
    const db = clients(false, false).get(DynamoDBClient);
    await expect(db.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } }))).rejects.toThrow(
      /refusing PutItem: the credentials were not checked/,
    );
  });

  it('lets reads through in a dry run (they reach the network)', async () => {
    const db = clients(true, false).get(DynamoDBClient);
    const error = (await db.send(new DescribeTableCommand({ TableName: 't' })).catch((e: unknown) => e)) as Error;
    expect(error.message).not.toMatch(/dry run|refusing/);
  });

  it('creates one client per service with the step in the user agent and explicit attempts', async () => {
    const c = clients(false, true);
    const db = c.get(DynamoDBClient);
    expect(c.get(DynamoDBClient)).toBe(db);
    expect(await db.config.maxAttempts()).toBe(1);
    expect(db.config.customUserAgent).toEqual([['edd-test-step', '1.2.3']]);
    expect(await db.config.retryStrategy()).toHaveProperty('mode', 'adaptive');
  });
});
