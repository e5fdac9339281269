import { CreateTableCommand, ListTablesCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_ACCOUNT_ID, startLocalAws, type CallRecord, type LocalAws } from '../src/index.js';
import { admin, dynamoClient, stsClient, TARGET_ACCOUNT, TARGET_ROLE_ARN } from './support.js';

async function createTable(localAws: LocalAws, TableName: string) {
  await dynamoClient(localAws).send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

function summary(calls: CallRecord[]) {
  return calls.map(({ service, operation, write, status, account }) => ({
    service,
    operation,
    write,
    status,
    account,
  }));
}

describe('admin API', () => {
  let localAws: LocalAws;

  beforeAll(async () => {
    localAws = await startLocalAws();
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  async function makeSomeCalls() {
    await stsClient(localAws).send(new GetCallerIdentityCommand({}));
    await stsClient(localAws).send(new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'log' }));
    await createTable(localAws, 'logged');
    await dynamoClient(localAws, { region: 'eu-west-2' }).send(new ListTablesCommand({}));
    await dynamoClient(localAws).send(new PutItemCommand({ TableName: 'logged', Item: { pk: { S: 'a' } } }));
    await dynamoClient(localAws)
      .send(new ScanCommand({ TableName: 'missing' }))
      .catch(() => undefined);
  }

  it('logs every call with account, region, service, operation, write and status', async () => {
    const started = Date.now();
    await makeSomeCalls();

    const { status, body } = await admin(localAws, 'GET', 'calls');
    const calls = body as CallRecord[];

    expect(status).toBe(200);
    expect(summary(calls)).toEqual([
      { service: 'sts', operation: 'GetCallerIdentity', write: false, status: 200, account: SHARED_ACCOUNT_ID },
      { service: 'sts', operation: 'AssumeRole', write: false, status: 200, account: SHARED_ACCOUNT_ID },
      { service: 'dynamodb', operation: 'CreateTable', write: true, status: 200, account: SHARED_ACCOUNT_ID },
      { service: 'dynamodb', operation: 'ListTables', write: false, status: 200, account: SHARED_ACCOUNT_ID },
      { service: 'dynamodb', operation: 'PutItem', write: true, status: 200, account: SHARED_ACCOUNT_ID },
      { service: 'dynamodb', operation: 'Scan', write: false, status: 400, account: SHARED_ACCOUNT_ID },
    ]);
    // Who called: the role a step acted as, as GetCallerIdentity names it.
    for (const call of calls)
      expect(call.principal).toMatch(/^arn:aws:sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+$/);
    expect(calls.map((call) => call.region)).toEqual([
      'us-east-1',
      'us-east-1',
      'us-east-1',
      'eu-west-2',
      'us-east-1',
      'us-east-1',
    ]);
    const seqs = calls.map((call) => call.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(6);
    for (const call of calls) expect(Date.parse(call.time)).toBeGreaterThanOrEqual(started - 1000);
  });

  it('filters the log by service, operation, account, write and sequence number', async () => {
    await makeSomeCalls();
    const all = (await admin(localAws, 'GET', 'calls')).body as CallRecord[];
    const third = all[2]!.seq;

    const writes = (await admin(localAws, 'GET', 'calls?service=dynamodb&write=true')).body as CallRecord[];
    const scans = (await admin(localAws, 'GET', 'calls?operation=Scan')).body as CallRecord[];
    const later = (await admin(localAws, 'GET', `calls?since=${third}`)).body as CallRecord[];
    const target = (await admin(localAws, 'GET', `calls?account=${TARGET_ACCOUNT}`)).body as CallRecord[];

    expect(writes.map((call) => call.operation)).toEqual(['CreateTable', 'PutItem']);
    expect(scans.map((call) => call.status)).toEqual([400]);
    expect(later.map((call) => call.operation)).toEqual(['ListTables', 'PutItem', 'Scan']);
    expect(target).toEqual([]);
    expect(localAws.calls({ service: 'sts', write: false })).toHaveLength(2);
  });

  it('refuses filters it does not know', async () => {
    const answer = await admin(localAws, 'GET', 'calls?write=yes&table=x');

    expect(answer.status).toBe(400);
    expect((answer.body as { problems: string[] }).problems).toEqual([
      "unknown filter 'table'",
      "write must be true or false (got 'yes')",
    ]);
  });

  it('keeps only the most recent calls once the log is full', async () => {
    const small = await startLocalAws({ callLogSize: 3 });
    try {
      for (let call = 0; call < 5; call += 1) await stsClient(small).send(new GetCallerIdentityCommand({}));

      const kept = small.calls();

      expect(kept.map((call) => call.seq)).toEqual([3, 4, 5]);
    } finally {
      await small.close();
    }
  });

  it('clears only the log on DELETE /_local/calls', async () => {
    await createTable(localAws, 'kept');

    const cleared = await admin(localAws, 'DELETE', 'calls');
    const tables = await dynamoClient(localAws).send(new ListTablesCommand({}));

    expect(cleared.status).toBe(200);
    expect(tables.TableNames).toEqual(['kept']);
    expect(summary(localAws.calls())).toEqual([
      { service: 'dynamodb', operation: 'ListTables', write: false, status: 200, account: SHARED_ACCOUNT_ID },
    ]);
  });

  it('forgets tables, issued credentials, denied roles and the log on POST /_local/reset', async () => {
    await createTable(localAws, 'forgotten');
    const { Credentials: issued } = await stsClient(localAws).send(
      new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'before-reset' }),
    );
    await admin(localAws, 'POST', 'sts/deny', { roleArn: TARGET_ROLE_ARN });

    const reset = await admin(localAws, 'POST', 'reset');
    const logAfterReset = localAws.calls();
    const tables = await dynamoClient(localAws).send(new ListTablesCommand({}));
    const staleKey = await stsClient(localAws, {
      credentials: { accessKeyId: issued!.AccessKeyId!, secretAccessKey: issued!.SecretAccessKey! },
    }).send(new GetCallerIdentityCommand({}));
    const assumedAgain = await stsClient(localAws).send(
      new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'after-reset' }),
    );

    expect(reset).toEqual({ status: 200, body: { reset: true } });
    expect(logAfterReset).toEqual([]);
    expect(tables.TableNames).toEqual([]);
    expect(staleKey.Account).toBe(SHARED_ACCOUNT_ID);
    expect(assumedAgain.AssumedRoleUser!.Arn).toContain(`${TARGET_ACCOUNT}:assumed-role/codebuild-connect/`);
  });

  it('reports health, the emulated services and the seed', async () => {
    const seeded = await startLocalAws({ seed: 1234 });
    try {
      expect(await admin(seeded, 'GET', 'health')).toEqual({
        status: 200,
        body: {
          status: 'ok',
          services: ['sts', 'dynamodb', 's3', 'lambda', 'lex', 'connect', 'cloudformation'],
          seed: 1234,
        },
      });
    } finally {
      await seeded.close();
    }
  });

  it('answers 404 for an admin path it does not have', async () => {
    const answer = await admin(localAws, 'GET', 'tables');

    expect(answer).toEqual({ status: 404, body: { message: 'no admin endpoint GET /_local/tables' } });
  });

  it('refuses options it cannot use, naming each', async () => {
    await expect(startLocalAws({ port: 70000, seed: 1.5, callLogSize: 0 })).rejects.toThrow(
      'local-aws options: port must be a whole number from 0 to 65535 (got 70000); seed must be an integer ' +
        '(got 1.5); callLogSize must be a whole number of at least 1 (got 0)',
    );
  });
});
