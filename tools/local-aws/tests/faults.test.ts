import {
  BatchWriteItemCommand,
  CreateTableCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  ResourceNotFoundException,
  ScanCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type FaultRule, type LocalAws } from '../src/index.js';
import { admin, dynamoClient, rejection, stsClient, TARGET_ACCOUNT, TARGET_ROLE_ARN } from './support.js';

const TABLE = 'edd-config-qa';

function writes(count: number): WriteRequest[] {
  return Array.from({ length: count }, (_, index) => ({
    PutRequest: { Item: { pk: { S: `key-${String(index).padStart(2, '0')}` }, n: { N: String(index) } } },
  }));
}

async function createTable(client: DynamoDBClient) {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

async function itemCount(client: DynamoDBClient): Promise<number> {
  const { Count } = await client.send(new ScanCommand({ TableName: TABLE, Select: 'COUNT' }));
  return Count!;
}

function keysOf(requests: WriteRequest[] | undefined): string[] {
  return (requests ?? []).map((request) => request.PutRequest!.Item!.pk!.S!);
}

describe('fault injection', () => {
  let localAws: LocalAws;
  let client: DynamoDBClient;

  beforeAll(async () => {
    localAws = await startLocalAws({ seed: 7 });
    client = dynamoClient(localAws);
  });
  afterAll(() => localAws.close());
  afterEach(() => localAws.reset());

  it('returns part of a batch as UnprocessedItems, and every item lands when the caller retries them', async () => {
    await createTable(client);
    localAws.setFaults([{ service: 'dynamodb', operation: 'BatchWriteItem', unprocessedRate: 0.3 }]);

    const first = await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: writes(25) } }));
    const firstUnprocessed = keysOf(first.UnprocessedItems?.[TABLE]);
    let pending = first.UnprocessedItems ?? {};
    let rounds = 1;
    while (Object.keys(pending).length > 0 && rounds < 50) {
      pending = (await client.send(new BatchWriteItemCommand({ RequestItems: pending }))).UnprocessedItems ?? {};
      rounds += 1;
    }

    expect(firstUnprocessed.length).toBeGreaterThan(0);
    expect(firstUnprocessed.length).toBeLessThan(25);
    expect(firstUnprocessed.every((key) => /^key-\d\d$/.test(key))).toBe(true);
    expect(pending).toEqual({});
    expect(await itemCount(client)).toBe(25);
  });

  it('never processes anything at rate 1, handing every request back as sent', async () => {
    await createTable(client);
    localAws.setFaults([{ service: 'dynamodb', operation: 'BatchWriteItem', unprocessedRate: 1 }]);
    const requests = writes(10);

    const answers = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      answers.push(await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: requests } })));
    }

    for (const answer of answers) expect(answer.UnprocessedItems).toEqual({ [TABLE]: requests });
    expect(await itemCount(client)).toBe(0);
  });

  it('still fails a batch for a missing table instead of handing its items back', async () => {
    localAws.setFaults([{ service: 'dynamodb', unprocessedRate: 1 }]);

    const error = await rejection(
      client.send(new BatchWriteItemCommand({ RequestItems: { 'no-such-table': writes(2) } })),
    );

    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });

  it('withholds the same items for the same seed', async () => {
    const firstRun = await startLocalAws({ seed: 99 });
    const secondRun = await startLocalAws({ seed: 99 });
    try {
      const unprocessed = [];
      for (const run of [firstRun, secondRun]) {
        const runClient = dynamoClient(run);
        await createTable(runClient);
        run.setFaults([{ service: 'dynamodb', unprocessedRate: 0.5 }]);
        const answer = await runClient.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: writes(25) } }));
        unprocessed.push(keysOf(answer.UnprocessedItems?.[TABLE]));
      }

      expect(unprocessed[0]!.length).toBeGreaterThan(0);
      expect(unprocessed[1]).toEqual(unprocessed[0]);
    } finally {
      await Promise.all([firstRun.close(), secondRun.close()]);
    }
  });

  it('throttles item operations with ProvisionedThroughputExceededException by default', async () => {
    await createTable(client);
    localAws.setFaults([{ service: 'dynamodb', throttleRate: 1 }]);

    const error = await rejection(client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'a' } } })));

    expect(error).toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(error.message).toBe(
      'The level of configured provisioned throughput for the table was exceeded. ' +
        'Consider increasing your provisioning level with the UpdateTable API.',
    );
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('throttles with the error a rule names', async () => {
    await createTable(client);
    localAws.setFaults([
      { service: 'dynamodb', operation: 'PutItem', throttleRate: 1, throttleError: 'ThrottlingException' },
    ]);

    const error = await rejection(client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'a' } } })));

    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Rate of requests exceeds the allowed throughput.');
  });

  it('throttles table operations with ThrottlingException in the JSON shape of AWS', async () => {
    localAws.setFaults([{ service: 'dynamodb', operation: 'ListTables', throttleRate: 1 }]);

    const response = await fetch(localAws.url, {
      method: 'POST',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/dynamodb/aws4_request, Signature=00',
        'x-amz-date': '20250101T000000Z',
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
      },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'com.amazon.coral.availability#ThrottlingException',
      message: 'Rate of requests exceeds the allowed throughput.',
    });
  });

  it('answers with a transient InternalServerError at errorRate 1', async () => {
    localAws.setFaults([{ service: 'dynamodb', errorRate: 1 }]);

    const error = await rejection(client.send(new ScanCommand({ TableName: TABLE })));

    expect(error.name).toBe('InternalServerError');
    expect(error.$metadata?.httpStatusCode).toBe(500);
  });

  it('throttles STS with its query-protocol error', async () => {
    localAws.setFaults([{ service: 'sts', throttleRate: 1 }]);

    const error = await rejection(stsClient(localAws).send(new GetCallerIdentityCommand({})));

    expect(error.name).toBe('Throttling');
    expect(error.message).toBe('Rate exceeded');
  });

  it('delays responses by latencyMs', async () => {
    localAws.setFaults([{ service: 'sts', operation: 'GetCallerIdentity', latencyMs: 250 }]);

    const started = performance.now();
    await stsClient(localAws).send(new GetCallerIdentityCommand({}));

    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
  });

  it('applies a rule only to the account it names', async () => {
    const { Credentials: issued } = await stsClient(localAws).send(
      new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'scoped' }),
    );
    const target = dynamoClient(localAws, {
      credentials: {
        accessKeyId: issued!.AccessKeyId!,
        secretAccessKey: issued!.SecretAccessKey!,
        sessionToken: issued!.SessionToken!,
      },
    });
    localAws.setFaults([{ service: 'dynamodb', account: TARGET_ACCOUNT, errorRate: 1 }]);

    const shared = await client.send(new ScanCommand({ TableName: TABLE })).catch((error: Error) => error.name);
    const targeted = await target.send(new ScanCommand({ TableName: TABLE })).catch((error: Error) => error.name);

    expect(shared).toBe('ResourceNotFoundException');
    expect(targeted).toBe('InternalServerError');
  });

  it('replaces the rules through POST /_local/faults and shows them with GET', async () => {
    const rules: FaultRule[] = [{ service: 'dynamodb', operation: 'Scan', latencyMs: 5, throttleRate: 0.5 }];

    const posted = await admin(localAws, 'POST', 'faults', rules);
    const listed = await admin(localAws, 'GET', 'faults');

    expect(posted).toEqual({ status: 200, body: rules });
    expect(listed).toEqual({ status: 200, body: rules });
  });

  it('refuses rules with problems, listing every one, and keeps the rules in force', async () => {
    localAws.setFaults([{ service: 'sts', latencyMs: 1 }]);

    const answer = await admin(localAws, 'POST', 'faults', [
      { service: 'sqs', errorRate: 2 },
      { service: 'dynamodb', operation: 'PutItems', throttleError: 'SlowDown', latencyMs: -1 },
    ]);

    expect(answer.status).toBe(400);
    expect((answer.body as { problems: string[] }).problems).toEqual([
      'rule 1 service must be one of sts, dynamodb, s3, lambda, lex, connect, cloudformation (got "sqs")',
      'rule 1 errorRate must be a number from 0 to 1 (got 2)',
      'rule 2 operation "PutItems" is not an operation local-aws emulates for that service',
      'rule 2 latencyMs must be a whole number of milliseconds from 0 to 600000',
      'rule 2 throttleError must be one of ProvisionedThroughputExceededException, ThrottlingException, RequestLimitExceeded',
    ]);
    expect((await admin(localAws, 'GET', 'faults')).body).toEqual([{ service: 'sts', latencyMs: 1 }]);
  });

  it('restores the startup rules on reset', async () => {
    const startup: FaultRule[] = [{ service: 'sts', operation: 'AssumeRole', errorRate: 1 }];
    const configured = await startLocalAws({ faults: startup });
    try {
      configured.setFaults([]);
      await configured.reset();

      const error = await rejection(
        stsClient(configured).send(new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'r1' })),
      );

      expect(error.name).toBe('InternalFailure');
      expect((await admin(configured, 'GET', 'faults')).body).toEqual(startup);
    } finally {
      await configured.close();
    }
  });

  it('refuses bad startup rules', async () => {
    await expect(startLocalAws({ faults: [{ service: 'dynamodb', unprocessedRate: 1.5 }] })).rejects.toThrow(
      'fault rules: rule 1 unprocessedRate must be a number from 0 to 1 (got 1.5)',
    );
  });
});
