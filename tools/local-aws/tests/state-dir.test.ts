import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListExportsCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import {
  AssociateLambdaFunctionCommand,
  CreateContactFlowCommand,
  CreateInstanceCommand,
  CreateQueueCommand,
  DescribeContactFlowCommand,
  DescribeInstanceCommand,
  DescribeQueueCommand,
  ListHoursOfOperationsCommand,
  ListLambdaFunctionsCommand,
} from '@aws-sdk/client-connect';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  ScanCommand,
  TagResourceCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import {
  CreateBotCommand,
  CreateUploadUrlCommand,
  DescribeBotCommand,
  DescribeImportCommand,
  ListBotAliasesCommand,
  StartImportCommand,
} from '@aws-sdk/client-lex-models-v2';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LocalAwsStateError,
  SHARED_ACCOUNT_ID,
  startLocalAws,
  type LocalAws,
  type LocalAwsOptions,
} from '../src/index.js';
import { decodeState, encodeState } from '../src/state-codec.js';
import { SAVE_DELAY_MS, STATE_FILE_NAME } from '../src/state-dir.js';
import { cloudFormationClient, deployStack, outputsOf, settledStack } from './cloudformation-support.js';
import { connectClient, createActiveInstance, queueTransferFlow, uniqueAlias } from './connect-support.js';
import { botArchive, lexClient, LEX_ROLE, travelBot, waitFor } from './lex-support.js';
import {
  admin,
  BASE_CREDENTIALS,
  dynamoClient,
  rejection,
  stsClient,
  TARGET_ACCOUNT,
  TARGET_ROLE_ARN,
  type Credentials,
} from './support.js';

const EXECUTABLE = join(import.meta.dirname, '../dist/local-aws.js');
const built = existsSync(EXECUTABLE);
/** Fast emulated time and no quotas: the scenario is about what survives a restart, not about pacing. */
const FAST: LocalAwsOptions = { timeScale: 50, quotas: false };
/** Slow enough that a stack operation (a second a resource, over 4) is still running when local-aws stops. */
const PENDING: LocalAwsOptions = { timeScale: 4, quotas: false };

const madeDirs: string[] = [];

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-aws-state-'));
  madeDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the executable on a free port and answers its URL once it listens. */
async function startExecutable(
  args: string[],
  options: Pick<SpawnOptions, 'cwd' | 'env'> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [EXECUTABLE, '--port', '0', ...args], {
    ...options,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [line] = (await once(child.stderr as Readable, 'data')) as [Buffer];
  const url = /^local-aws listening on (\S+)$/m.exec(line.toString())?.[1];
  if (!url) {
    child.kill();
    throw new Error(`local-aws did not start: ${line.toString()}`);
  }
  return { child, url };
}

/** SIGTERM, as a service manager or Ctrl-C stops it; answers the exit code. */
async function stop(child: ChildProcess): Promise<number | null> {
  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

async function bytesOf(body: unknown): Promise<Buffer> {
  return Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

function lambdaClient(localAws: LocalAws, credentials: Credentials): LambdaClient {
  return new LambdaClient({ endpoint: localAws.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

function s3Client(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', credentials: BASE_CREDENTIALS, maxAttempts: 1 });
}

async function assumeTargetRole(localAws: LocalAws): Promise<Credentials> {
  const { Credentials: issued } = await stsClient(localAws).send(
    new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'rehearsal' }),
  );
  return {
    accessKeyId: issued?.AccessKeyId as string,
    secretAccessKey: issued?.SecretAccessKey as string,
    sessionToken: issued?.SessionToken as string,
  };
}

const BYTES = Buffer.from(Array.from({ length: 256 }, (_value, index) => index));
const BIG_NUMBER = '123456789012345678901234567890.125';

const STACK_TEMPLATE = `Resources:
  Settings:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: edd-state-role
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }
Outputs:
  SettingsTable:
    Value: !Ref Settings
    Export: { Name: edd-settings-table }
`;

/** What the first run made, to be found again by the second. */
interface Made {
  targetCredentials: Credentials;
  tableArn: string;
  functionArn: string;
  codeSha256: string;
  policy: string;
  instance: { id: string; arn: string };
  queue: { id: string; arn: string };
  flow: { id: string; arn: string; content: string };
  botId: string;
  stackId: string;
}

async function makeEverything(localAws: LocalAws): Promise<Made> {
  const targetCredentials = await assumeTargetRole(localAws);
  await admin(localAws, 'POST', 'sts/deny', { roleArn: `arn:aws:iam::${TARGET_ACCOUNT}:role/denied` });

  const dynamo = dynamoClient(localAws, { credentials: targetCredentials });
  const { TableDescription } = await dynamo.send(
    new CreateTableCommand({
      TableName: 'calls',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'agent', AttributeType: 'S' },
        { AttributeName: 'at', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'by-agent',
          KeySchema: [{ AttributeName: 'agent', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'by-time',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'at', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['agent'] },
        },
      ],
    }),
  );
  await dynamo.send(
    new TagResourceCommand({ ResourceArn: TableDescription?.TableArn, Tags: [{ Key: 'team', Value: 'edd' }] }),
  );
  await dynamo.send(
    new PutItemCommand({
      TableName: 'calls',
      Item: {
        pk: { S: 'call' },
        sk: { N: '1' },
        agent: { S: 'ana' },
        at: { S: '2025-06-02T09:14:03Z' },
        big: { N: BIG_NUMBER },
        blob: { B: BYTES },
        numbers: { NS: ['1', '9007199254740993'] },
        nested: { M: { list: { L: [{ BOOL: true }, { NULL: true }, { S: '' }] } } },
      },
    }),
  );
  const more: Record<string, AttributeValue>[] = Array.from({ length: 30 }, (_value, index) => ({
    pk: { S: `bulk-${index}` },
    sk: { N: String(index) },
  }));
  for (let start = 0; start < more.length; start += 25) {
    await dynamo.send(
      new BatchWriteItemCommand({
        RequestItems: { calls: more.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  const sharedDynamo = dynamoClient(localAws);
  await sharedDynamo.send(
    new CreateTableCommand({
      TableName: 'shared-settings',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 },
    }),
  );
  await sharedDynamo.send(
    new PutItemCommand({ TableName: 'shared-settings', Item: { id: { S: 'mode' }, value: { S: 'rehearsal' } } }),
  );

  const lambda = lambdaClient(localAws, targetCredentials);
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'edd-lookup',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: `arn:aws:iam::${TARGET_ACCOUNT}:role/edd-lambda`,
      Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async () => 1;') }) },
    }),
  );
  await lambda.send(
    new AddPermissionCommand({
      FunctionName: 'edd-lookup',
      StatementId: 'connect',
      Action: 'lambda:InvokeFunction',
      Principal: 'connect.amazonaws.com',
      SourceAccount: TARGET_ACCOUNT,
    }),
  );
  const { Policy } = await lambda.send(new GetPolicyCommand({ FunctionName: 'edd-lookup' }));

  const s3 = s3Client(localAws.url);
  await s3.send(new CreateBucketCommand({ Bucket: 'edd-rehearsal' }));
  await s3.send(
    new PutObjectCommand({
      Bucket: 'edd-rehearsal',
      Key: 'audio/beep.bin',
      Body: BYTES,
      ContentType: 'application/octet-stream',
      Metadata: { origin: 'test' },
    }),
  );

  const connect = connectClient(localAws, { credentials: targetCredentials });
  const instance = await createActiveInstance(connect, uniqueAlias('edd-state'));
  const hours = await connect.send(new ListHoursOfOperationsCommand({ InstanceId: instance.id }));
  const queue = await connect.send(
    new CreateQueueCommand({
      InstanceId: instance.id,
      Name: 'Callbacks',
      HoursOfOperationId: hours.HoursOfOperationSummaryList?.[0]?.Id,
    }),
  );
  const content = queueTransferFlow(queue.QueueArn as string);
  const flow = await connect.send(
    new CreateContactFlowCommand({ InstanceId: instance.id, Name: 'Inbound', Type: 'CONTACT_FLOW', Content: content }),
  );
  await connect.send(new AssociateLambdaFunctionCommand({ InstanceId: instance.id, FunctionArn: created.FunctionArn }));

  const { botId } = await lexClient(localAws, targetCredentials).send(
    new CreateBotCommand({
      botName: 'EddRehearsal',
      roleArn: `arn:aws:iam::${TARGET_ACCOUNT}:role/lex`,
      dataPrivacy: { childDirected: false },
      idleSessionTTLInSeconds: 300,
    }),
  );

  const stack = await deployStack(cloudFormationClient(localAws, { credentials: targetCredentials }), {
    stackName: 'edd-rehearsal',
    template: STACK_TEMPLATE,
    capabilities: ['CAPABILITY_NAMED_IAM'],
  });
  expect(stack.StackStatus).toBe('CREATE_COMPLETE');

  return {
    targetCredentials,
    tableArn: TableDescription?.TableArn as string,
    functionArn: created.FunctionArn as string,
    codeSha256: created.CodeSha256 as string,
    policy: Policy as string,
    instance,
    queue: { id: queue.QueueId as string, arn: queue.QueueArn as string },
    flow: { id: flow.ContactFlowId as string, arn: flow.ContactFlowArn as string, content },
    botId: botId as string,
    stackId: stack.StackId as string,
  };
}

async function expectEverything(localAws: LocalAws, made: Made): Promise<void> {
  const credentials = made.targetCredentials;
  const caller = await stsClient(localAws, { credentials }).send(new GetCallerIdentityCommand({}));
  expect(caller.Account).toBe(TARGET_ACCOUNT);
  expect(caller.Arn).toBe(`arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/codebuild-connect/rehearsal`);
  expect((await admin(localAws, 'GET', 'sts/deny')).body).toEqual({
    denied: [`arn:aws:iam::${TARGET_ACCOUNT}:role/denied`],
  });

  const dynamo = dynamoClient(localAws, { credentials });
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: 'calls' }));
  expect(Table?.TableArn).toBe(made.tableArn);
  expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  expect(Table?.KeySchema).toEqual([
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ]);
  expect(Table?.AttributeDefinitions).toHaveLength(4);
  expect(
    Table?.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({
      IndexName,
      KeySchema,
      Projection,
    })),
  ).toEqual([
    {
      IndexName: 'by-agent',
      KeySchema: [{ AttributeName: 'agent', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ]);
  expect(Table?.LocalSecondaryIndexes?.[0]?.Projection).toEqual({
    ProjectionType: 'INCLUDE',
    NonKeyAttributes: ['agent'],
  });
  const tags = await dynamo.send(new ListTagsOfResourceCommand({ ResourceArn: made.tableArn }));
  expect(tags.Tags).toEqual([{ Key: 'team', Value: 'edd' }]);
  const { Item } = await dynamo.send(
    new GetItemCommand({ TableName: 'calls', Key: { pk: { S: 'call' }, sk: { N: '1' } } }),
  );
  expect(Item?.big).toEqual({ N: BIG_NUMBER });
  expect(Buffer.from(Item?.blob?.B ?? [])).toEqual(BYTES);
  expect(new Set(Item?.numbers?.NS)).toEqual(new Set(['1', '9007199254740993']));
  expect(Item?.nested).toEqual({ M: { list: { L: [{ BOOL: true }, { NULL: true }, { S: '' }] } } });
  expect((await dynamo.send(new ScanCommand({ TableName: 'calls', Select: 'COUNT' }))).Count).toBe(31);
  const byAgent = await dynamo.send(new ScanCommand({ TableName: 'calls', IndexName: 'by-agent' }));
  expect(byAgent.Items).toEqual([{ pk: { S: 'call' }, sk: { N: '1' }, agent: { S: 'ana' } }]);
  const shared = await dynamoClient(localAws).send(new DescribeTableCommand({ TableName: 'shared-settings' }));
  expect(shared.Table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 3, WriteCapacityUnits: 2 });
  expect(shared.Table?.TableArn).toBe(`arn:aws:dynamodb:us-east-1:${SHARED_ACCOUNT_ID}:table/shared-settings`);

  const lambda = lambdaClient(localAws, credentials);
  const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'edd-lookup' }));
  expect(fn.Configuration).toMatchObject({ FunctionArn: made.functionArn, CodeSha256: made.codeSha256 });
  expect((await lambda.send(new GetPolicyCommand({ FunctionName: 'edd-lookup' }))).Policy).toBe(made.policy);

  const object = await s3Client(localAws.url).send(
    new GetObjectCommand({ Bucket: 'edd-rehearsal', Key: 'audio/beep.bin' }),
  );
  expect(await bytesOf(object.Body)).toEqual(BYTES);
  expect(object.Metadata).toEqual({ origin: 'test' });

  const connect = connectClient(localAws, { credentials });
  const { Instance } = await connect.send(new DescribeInstanceCommand({ InstanceId: made.instance.id }));
  expect(Instance).toMatchObject({ Id: made.instance.id, Arn: made.instance.arn, InstanceStatus: 'ACTIVE' });
  const { Queue } = await connect.send(
    new DescribeQueueCommand({ InstanceId: made.instance.id, QueueId: made.queue.id }),
  );
  expect(Queue).toMatchObject({ QueueId: made.queue.id, QueueArn: made.queue.arn, Name: 'Callbacks' });
  const { ContactFlow } = await connect.send(
    new DescribeContactFlowCommand({ InstanceId: made.instance.id, ContactFlowId: made.flow.id }),
  );
  expect(ContactFlow).toMatchObject({ Arn: made.flow.arn, Status: 'PUBLISHED', Content: made.flow.content });
  const associated = await connect.send(new ListLambdaFunctionsCommand({ InstanceId: made.instance.id }));
  expect(associated.LambdaFunctions).toEqual([made.functionArn]);

  const lex = lexClient(localAws, credentials);
  const bot = await lex.send(new DescribeBotCommand({ botId: made.botId }));
  expect(bot).toMatchObject({ botId: made.botId, botName: 'EddRehearsal', botStatus: 'Available' });
  const aliases = await lex.send(new ListBotAliasesCommand({ botId: made.botId }));
  expect(aliases.botAliasSummaries?.map((alias) => alias.botAliasId)).toEqual(['TSTALIASID']);

  const cloudFormation = cloudFormationClient(localAws, { credentials });
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: 'edd-rehearsal' }));
  const stack = Stacks?.[0];
  expect(stack).toMatchObject({ StackId: made.stackId, StackStatus: 'CREATE_COMPLETE' });
  const settingsTable = outputsOf(stack as Stack).SettingsTable as string;
  expect(settingsTable).toMatch(/^edd-rehearsal-Settings-/);
  const { Exports } = await cloudFormation.send(new ListExportsCommand({}));
  expect(Exports?.map((entry) => entry.Value)).toEqual([settingsTable]);
  const created = await dynamo.send(new DescribeTableCommand({ TableName: settingsTable }));
  expect(created.Table?.TableStatus).toBe('ACTIVE');
}

describe('--state-dir', () => {
  it('keeps every service state of every account across a restart: same ids, ARNs and keys', async () => {
    const dir = stateDir();
    const first = await startLocalAws({ ...FAST, stateDir: dir });
    let made: Made;
    try {
      made = await makeEverything(first);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dir, STATE_FILE_NAME))).toBe(true);

    const second = await startLocalAws({ ...FAST, stateDir: dir });
    let secondQueueId: string;
    try {
      await expectEverything(second, made);
      const denied = await rejection(
        stsClient(second).send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${TARGET_ACCOUNT}:role/denied`,
            RoleSessionName: 'denied-session',
          }),
        ),
      );
      expect(denied.name).toBe('AccessDenied');
      // The restored state goes on changing like any other: what changes now is there after one more restart.
      await dynamoClient(second, { credentials: made.targetCredentials }).send(
        new PutItemCommand({ TableName: 'calls', Item: { pk: { S: 'after' }, sk: { N: '2' } } }),
      );
      const connect = connectClient(second, { credentials: made.targetCredentials });
      const hours = await connect.send(new ListHoursOfOperationsCommand({ InstanceId: made.instance.id }));
      const { QueueId } = await connect.send(
        new CreateQueueCommand({
          InstanceId: made.instance.id,
          Name: 'Second',
          HoursOfOperationId: hours.HoursOfOperationSummaryList?.[0]?.Id,
        }),
      );
      secondQueueId = QueueId as string;
    } finally {
      await second.close();
    }

    const third = await startLocalAws({ ...FAST, stateDir: dir });
    try {
      const { Item } = await dynamoClient(third, { credentials: made.targetCredentials }).send(
        new GetItemCommand({ TableName: 'calls', Key: { pk: { S: 'after' }, sk: { N: '2' } } }),
      );
      expect(Item).toEqual({ pk: { S: 'after' }, sk: { N: '2' } });
      const { Queue } = await connectClient(third, { credentials: made.targetCredentials }).send(
        new DescribeQueueCommand({ InstanceId: made.instance.id, QueueId: secondQueueId }),
      );
      expect(Queue?.Name).toBe('Second');
    } finally {
      await third.close();
    }
  });

  it('saves a couple of seconds after a change, without waiting for close', async () => {
    const dir = stateDir();
    const file = join(dir, STATE_FILE_NAME);
    const running = await startLocalAws({ stateDir: dir });
    try {
      await s3Client(running.url).send(new CreateBucketCommand({ Bucket: 'edd-saved-early' }));
      expect(existsSync(file)).toBe(false);
      const saved = await waitFor(
        async () => (existsSync(file) ? readFileSync(file, 'utf8') : ''),
        (text) => text !== '',
        SAVE_DELAY_MS + 3000,
      );
      expect(saved).toContain('"edd-saved-early"');
      const reader = await startLocalAws({ stateDir: dir });
      try {
        await s3Client(reader.url).send(new PutObjectCommand({ Bucket: 'edd-saved-early', Key: 'k', Body: 'v' }));
      } finally {
        await reader.close();
      }
    } finally {
      await running.close();
    }
  });

  it('resumes pending work after a restart, and fails a stack operation it could not finish', async () => {
    const dir = stateDir();
    const first = await startLocalAws({ ...PENDING, stateDir: dir });
    let instanceId: string;
    let importId: string;
    try {
      const connect = connectClient(first);
      ({ Id: instanceId } = (await connect.send(
        new CreateInstanceCommand({
          IdentityManagementType: 'CONNECT_MANAGED',
          InstanceAlias: uniqueAlias('edd-pending'),
          InboundCallsEnabled: true,
          OutboundCallsEnabled: false,
        }),
      )) as { Id: string });
      const lex = lexClient(first);
      const { importId: id, uploadUrl } = await lex.send(new CreateUploadUrlCommand({}));
      importId = id as string;
      await fetch(uploadUrl as string, { method: 'PUT', body: botArchive(travelBot('PendingBot')) });
      await lex.send(
        new StartImportCommand({
          importId,
          mergeStrategy: 'FailOnConflict',
          resourceSpecification: {
            botImportSpecification: {
              botName: 'PendingBot',
              roleArn: LEX_ROLE,
              dataPrivacy: { childDirected: false },
              idleSessionTTLInSeconds: 300,
            },
          },
        }),
      );
      await cloudFormationClient(first).send(
        new CreateStackCommand({
          StackName: 'edd-interrupted',
          TemplateBody: STACK_TEMPLATE,
          Capabilities: ['CAPABILITY_NAMED_IAM'],
        }),
      );
    } finally {
      await first.close();
    }

    const second = await startLocalAws({ ...PENDING, stateDir: dir });
    try {
      const instance = await waitFor(
        () => connectClient(second).send(new DescribeInstanceCommand({ InstanceId: instanceId })),
        (answer) => answer.Instance?.InstanceStatus === 'ACTIVE',
      );
      expect(instance.Instance?.Id).toBe(instanceId);
      const imported = await waitFor(
        () => lexClient(second).send(new DescribeImportCommand({ importId })),
        (answer) => answer.importStatus !== 'InProgress',
      );
      expect(imported).toMatchObject({ importStatus: 'Completed', importedResourceName: 'PendingBot' });
      const cloudFormation = cloudFormationClient(second);
      const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: 'edd-interrupted' }));
      expect(Stacks?.[0]).toMatchObject({
        StackStatus: 'ROLLBACK_FAILED',
        StackStatusReason: 'local-aws stopped while this operation was in progress',
      });
      await cloudFormation.send(new DeleteStackCommand({ StackName: 'edd-interrupted' }));
      const deleted = await settledStack(cloudFormation, Stacks?.[0]?.StackId as string);
      expect(deleted.StackStatus).toBe('DELETE_COMPLETE');
    } finally {
      await second.close();
    }
  });

  it('refuses a corrupt or incompatible state file in one line naming it, and leaves the file alone', async () => {
    const dir = stateDir();
    const file = join(dir, STATE_FILE_NAME);
    const cases: [content: string, problem: RegExp][] = [
      ['{"formatVersion":2,"clockOffsetMs":0,"serv', /not valid JSON/],
      ['{"formatVersion":7,"clockOffsetMs":0,"services":{}}', /state format 7, and this local-aws reads format 2 only/],
      ['{"formatVersion":2,"clockOffsetMs":0,"services":{"lex":42}}', /: lex: /],
      ['{"formatVersion":2,"clockOffsetMs":0,"services":{"ses":{}}}', /services local-aws does not emulate: ses/],
      ['{"formatVersion":2,"clockOffsetMs":0,"services":{"s3":{"$":"tuple","v":[]}}}', /unknown tag "tuple"/],
    ];
    for (const [content, problem] of cases) {
      writeFileSync(file, content);
      const error = await rejection(startLocalAws({ stateDir: dir }));
      expect(error).toBeInstanceOf(LocalAwsStateError);
      expect(error.message).toMatch(new RegExp(`^state file ${file.replace(/[.\\/]/g, '\\$&')}: `));
      expect(error.message).toMatch(problem);
      expect(error.message).not.toContain('\n');
      expect(readFileSync(file, 'utf8')).toBe(content);
    }
  });

  it('brings Maps, Sets, Dates, bytes and objects with a $ member of their own back from the file as they were', () => {
    const state = {
      map: new Map<unknown, unknown>([
        ['a', new Date('2025-06-02T09:14:03.512Z')],
        [2, new Set(['x', 'y'])],
      ]),
      bytes: Buffer.from([0, 1, 254, 255]),
      file: { $: 'map', v: [1, 2] },
      missing: undefined,
      nested: [{ deep: new Map([['k', { $: 'object' }]]) }],
    };
    const copy = decodeState(JSON.parse(JSON.stringify(encodeState(state))));
    const { missing: _, ...expected } = state;
    expect(copy).toEqual(expected);
    expect(() => encodeState({ when: () => 1 })).toThrow('state.when is a function, which is not data');
    expect(() => encodeState({ error: new Error('x') })).toThrow('state.error is a Error, which is not plain data');
  });

  it.skipIf(!built)('the executable keeps its state across a SIGTERM, and refuses a corrupt file', async () => {
    const dir = stateDir();
    const first = await startExecutable(['--state-dir', dir]);
    await s3Client(first.url).send(new CreateBucketCommand({ Bucket: 'edd-bin' }));
    await s3Client(first.url).send(new PutObjectCommand({ Bucket: 'edd-bin', Key: 'k', Body: BYTES }));
    expect(await stop(first.child)).toBe(0);
    expect(existsSync(join(dir, STATE_FILE_NAME))).toBe(true);

    const second = await startExecutable(['--state-dir', dir]);
    const object = await s3Client(second.url).send(new GetObjectCommand({ Bucket: 'edd-bin', Key: 'k' }));
    const body = await bytesOf(object.Body);
    expect(await stop(second.child)).toBe(0);
    expect(body).toEqual(BYTES);

    writeFileSync(join(dir, STATE_FILE_NAME), 'garbage');
    const refused = spawn(process.execPath, [EXECUTABLE, '--port', '0', '--state-dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    refused.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(refused, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr.startsWith(`error: state file ${join(dir, STATE_FILE_NAME)}: not valid JSON (`)).toBe(true);
    expect(stderr.indexOf('\n')).toBe(stderr.length - 1);
  });

  it.skipIf(!built)('the executable writes nothing to disk without --state-dir', async () => {
    const home = stateDir();
    const { child, url } = await startExecutable([], {
      cwd: home,
      env: { ...process.env, HOME: home, TMPDIR: home, TMP: home, TEMP: home },
    });
    await s3Client(url).send(new CreateBucketCommand({ Bucket: 'edd-memory' }));
    // Long enough for a save after the change, had there been one.
    await sleep(SAVE_DELAY_MS + 500);

    expect(await stop(child)).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  });
});
