import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { credentialsFor, startLocalAws, stepEnvironment, type LocalAws } from '@edd/local-aws';
import { runStep, type StepRun } from '@edd/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as library from '../../src/index.js';

const EXE = join(import.meta.dirname, '../../dist/virtual-callback-deploy.js');

/**
 * The example as the pipeline has it after deploying the callback stack: its spec names the scheduler by the
 * stack's output, which the buildspec writes to stack-outputs.json.
 */
function exampleFor(account: string, environment: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'edd-callback-'));
  cpSync(join(import.meta.dirname, '../../examples/scheduled-callback'), dir, { recursive: true });
  writeFileSync(
    join(dir, 'stack-outputs.json'),
    JSON.stringify([
      {
        OutputKey: 'SchedulerFunctionArn',
        OutputValue: `arn:aws:lambda:us-east-1:${account}:function:edd-callback-scheduler-${environment}`,
      },
    ]),
  );
  return join(dir, 'callback.json');
}

const REGION = 'us-east-1';
const QA = { Environment: 'qa', AccountNumber: '640079793484' };
const SANDBOX = { Environment: 'sandbox1', AccountNumber: '559450564007' };
const FAST = ['--rate', '200', '--burst', '200'];

let localAws: LocalAws;

function deploy(
  env: { Environment: string; AccountNumber: string },
  args: string[],
  config = exampleFor(env.AccountNumber, env.Environment),
): Promise<StepRun> {
  return runStep(localAws, {
    exe: EXE,
    args: [...args, '--config', config, ...FAST],
    account: env.AccountNumber,
    env,
    timeoutMs: 120_000,
  });
}

async function clients(account: string) {
  const c = await credentialsFor(localAws.url, account);
  const config = {
    endpoint: localAws.url,
    region: REGION,
    credentials: {
      accessKeyId: c.AWS_ACCESS_KEY_ID,
      secretAccessKey: c.AWS_SECRET_ACCESS_KEY,
      sessionToken: c.AWS_SESSION_TOKEN,
    },
  };
  return { connect: new connect.ConnectClient(config), dynamo: new DynamoDBClient(config) };
}

async function admin(path: string, body: unknown): Promise<Record<string, string>> {
  const r = await fetch(`${localAws.url}/_local/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await r.json()) as Record<string, string>;
}

interface Prepared {
  c: Awaited<ReturnType<typeof clients>>;
  instanceId: string;
  callbackNumberId: string;
  mainNumberId: string;
}

/** An environment as the backend stack and the edd-connect pipeline leave it, before this step runs. */
async function prepare(
  env: { Environment: string; AccountNumber: string },
  numbers: { callback?: string; main: string },
  { outbound = true, lambda = true } = {},
): Promise<Prepared> {
  const c = await clients(env.AccountNumber);
  const created = await c.connect.send(
    new connect.CreateInstanceCommand({
      InstanceAlias: `edd-${env.Environment}`,
      IdentityManagementType: 'CONNECT_MANAGED',
      InboundCallsEnabled: true,
      OutboundCallsEnabled: outbound,
    }),
  );
  for (let i = 0; i < 200; i++) {
    const d = await c.connect.send(new connect.DescribeInstanceCommand({ InstanceId: created.Id! }));
    if (d.Instance?.InstanceStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const instanceId = created.Id!;
  const callback = numbers.callback
    ? await admin('connect/phone-numbers', {
        account: env.AccountNumber,
        region: REGION,
        instanceId,
        phoneNumber: numbers.callback,
        type: 'DID',
      })
    : { PhoneNumberId: '' };
  const main = await admin('connect/phone-numbers', {
    account: env.AccountNumber,
    region: REGION,
    instanceId,
    phoneNumber: numbers.main,
    type: 'TOLL_FREE',
  });
  const flows = await c.connect.send(new connect.ListContactFlowsCommand({ InstanceId: instanceId, MaxResults: 1000 }));
  const sample = flows.ContactFlowSummaryList!.find((f) => f.ContactFlowType === 'CONTACT_FLOW')!;
  await c.connect.send(
    new connect.AssociatePhoneNumberContactFlowCommand({
      InstanceId: instanceId,
      PhoneNumberId: main.PhoneNumberId!,
      ContactFlowId: sample.Id!,
    }),
  );
  if (lambda)
    await admin('lambda/functions', {
      account: env.AccountNumber,
      region: REGION,
      name: `edd-callback-scheduler-${env.Environment}`,
    });
  await c.dynamo.send(
    new CreateTableCommand({
      TableName: `edd-callback-config-${env.Environment}`,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return { c, instanceId, callbackNumberId: callback.PhoneNumberId!, mainNumberId: main.PhoneNumberId! };
}

async function flowOf(p: Prepared, numberId: string): Promise<string | undefined> {
  const out = await p.c.connect.send(
    new connect.ListFlowAssociationsCommand({ InstanceId: p.instanceId, ResourceType: 'VOICE_PHONE_NUMBER' }),
  );
  // Both come back as ARNs: compare by the trailing id.
  const flow = out.FlowAssociationSummaryList?.find(
    (a) => a.ResourceId === numberId || a.ResourceId?.endsWith(`/${numberId}`),
  )?.FlowId;
  return flow?.split('/').pop();
}

const lastSeq = () => Math.max(0, ...localAws.calls().map((c) => c.seq));

beforeAll(async () => {
  localAws = await startLocalAws({ quotas: false });
});
afterAll(() => localAws?.close());

describe('virtual-callback-deploy', () => {
  let qa: Prepared;

  it('plans with zero writes, then sets up a fresh instance completely', async () => {
    qa = await prepare(QA, { callback: '+18005550201', main: '+18005550299' });
    const mainFlowBefore = await flowOf(qa, qa.mainNumberId);
    let since = lastSeq();
    const pages = mkdtempSync(join(tmpdir(), 'edd-callback-report-'));
    const plan = await deploy(QA, ['plan', '--report', join(pages, 'plan.md')]);
    expect(plan.code, plan.stderr).toBe(0);
    // The review page for the pull request: every new flow as a Mermaid diagram of added blocks, the number's flow.
    const markdown = readFileSync(join(pages, 'plan.md'), 'utf8');
    const diagrams = [...markdown.matchAll(/```mermaid\nflowchart LR\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
    expect(diagrams.length).toBeGreaterThan(0);
    for (const diagram of diagrams) {
      const classes = [...diagram.matchAll(/^ {2}n\d+\[.*\]:::(\w+)$/gm)].map((m) => m[1]);
      expect(classes.length).toBeGreaterThan(0);
      expect(new Set(classes)).toEqual(new Set(['added']));
    }
    expect(markdown).toContain('ContactFlow');
    expect(plan.stderr).toMatch(/^\+ queue "EDD Callback"/m);
    expect(plan.stderr).toMatch(/^~ phone number "\+18005550201"\n {4}\+ ContactFlow: flow "EDD Callback Inbound"$/m);
    expect(plan.stderr).toMatch(/^ {4}\+ QueueConfigs\[EDD Callback\/VOICE\]: \{Priority: 2, Delay: 0\}$/m);
    expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);

    const r = await deploy(QA, ['deploy', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /verified: 6 flow\(s\) published, 1 queue\(s\) with their outbound caller config, 1 config item\(s\) read back/,
    );

    const queues = await qa.c.connect.send(
      new connect.ListQueuesCommand({ InstanceId: qa.instanceId, MaxResults: 1000 }),
    );
    const queueId = queues.QueueSummaryList!.find((q) => q.Name === 'EDD Callback')!.Id!;
    const queue = await qa.c.connect.send(
      new connect.DescribeQueueCommand({ InstanceId: qa.instanceId, QueueId: queueId }),
    );
    expect(queue.Queue?.OutboundCallerConfig).toMatchObject({
      OutboundCallerIdName: 'EDD Callbacks',
      OutboundCallerIdNumberId: qa.callbackNumberId,
    });
    const profiles = await qa.c.connect.send(new connect.ListRoutingProfilesCommand({ InstanceId: qa.instanceId }));
    const basic = profiles.RoutingProfileSummaryList!.find((p) => p.Name === 'Basic Routing Profile')!.Id!;
    const rpQueues = await qa.c.connect.send(
      new connect.ListRoutingProfileQueuesCommand({ InstanceId: qa.instanceId, RoutingProfileId: basic }),
    );
    expect(rpQueues.RoutingProfileQueueConfigSummaryList!.map((q) => q.QueueName)).toEqual(
      expect.arrayContaining(['BasicQueue', 'EDD Callback']),
    );
    const flows = await qa.c.connect.send(
      new connect.ListContactFlowsCommand({ InstanceId: qa.instanceId, MaxResults: 1000 }),
    );
    const inbound = flows.ContactFlowSummaryList!.find((f) => f.Name === 'EDD Callback Inbound')!;
    const outboundFlow = flows.ContactFlowSummaryList!.find((f) => f.Name === 'EDD Callback Outbound')!;
    expect(await flowOf(qa, qa.callbackNumberId)).toBe(inbound.Id);
    expect(await flowOf(qa, qa.mainNumberId)).toBe(mainFlowBefore);
    const lambdas = await qa.c.connect.send(new connect.ListLambdaFunctionsCommand({ InstanceId: qa.instanceId }));
    expect(lambdas.LambdaFunctions).toContain(
      'arn:aws:lambda:us-east-1:640079793484:function:edd-callback-scheduler-qa',
    );
    const item = await qa.c.dynamo.send(
      new GetItemCommand({ TableName: 'edd-callback-config-qa', Key: { pk: { S: 'callback' } } }),
    );
    expect(item.Item).toMatchObject({
      environment: { S: 'qa' },
      instanceId: { S: qa.instanceId },
      queueId: { S: queueId },
      outboundFlowId: { S: outboundFlow.Id },
      sourcePhoneNumber: { S: '+18005550201' },
      maxAttempts: { N: '3' },
    });
    const report = JSON.parse(r.stdout) as { exitCode: number; resources: { type: string; action: string }[] };
    expect(report.exitCode).toBe(0);
    expect(report.resources).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'phone-number', action: 'associate' })]),
    );

    since = lastSeq();
    const again = await deploy(QA, ['deploy']);
    expect(again.code, again.stderr).toBe(0);
    expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);
  });

  it('refuses an instance without outbound calling, naming the attribute, before any write', async () => {
    await prepare(SANDBOX, { callback: '+18005550301', main: '+18005550399' }, { outbound: false });
    const since = lastSeq();
    const r = await deploy(SANDBOX, ['deploy']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('OUTBOUND_CALLS: outbound calling is disabled');
    expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);
  });

  it('refuses a missing Lambda function or an unclaimed callback number before any write', async () => {
    const dev = { Environment: 'dev', AccountNumber: '658456346551' };
    await prepare(dev, { main: '+18005550199' }, { lambda: false });
    const since = lastSeq();
    const r = await deploy(dev, ['deploy']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('lambdas.callback-scheduler: Lambda function edd-callback-scheduler-dev does not exist');
    expect(r.stderr).toContain(
      'callbackNumber.number: callback-line (+18005550101 in dev) is not a number claimed by instance edd-dev',
    );
    expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);
  });

  it('takes Lambda names from the spec as well as from stack outputs', async () => {
    const config = exampleFor(QA.AccountNumber, QA.Environment);
    const spec = JSON.parse(readFileSync(config, 'utf8')) as { lambdas: unknown };
    spec.lambdas = { 'callback-scheduler': { name: 'edd-callback-scheduler-${Environment}' } };
    writeFileSync(config, JSON.stringify(spec));
    const since = lastSeq();
    const r = await deploy(QA, ['deploy'], config);
    expect(r.code, r.stderr).toBe(0);
    expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);
  });
});

describe('virtual-callback-deploy as a library', () => {
  const FEATURE = { Environment: 'feature', AccountNumber: '441184076731' };
  const target = { environment: FEATURE.Environment, account: FEATURE.AccountNumber, rate: 200, burst: 200 };

  it('plans with zero writes and deploys as the executable does, returning the report', async () => {
    await prepare(FEATURE, { callback: '+18005550401', main: '+18005550499' });
    const config = exampleFor(FEATURE.AccountNumber, FEATURE.Environment);
    const spec = JSON.parse(readFileSync(config, 'utf8')) as { phoneNumbers: Record<string, Record<string, string>> };
    spec.phoneNumbers['callback-line']!.feature = '+18005550401';
    writeFileSync(config, JSON.stringify(spec));
    const saved = { ...process.env };
    Object.assign(process.env, await stepEnvironment(localAws.url, { account: FEATURE.AccountNumber }));
    try {
      const since = lastSeq();
      const planned = await library.plan({ config, ...target });
      expect(planned.exitCode).toBe(0);
      expect(planned.plan.resources).toContainEqual(
        expect.objectContaining({ name: 'EDD Callback', action: 'create' }),
      );
      expect(localAws.calls({ write: true, since: since + 1 })).toEqual([]);

      const deployed = await library.deploy({ config, ...target });
      expect(deployed.instance.alias).toBe('edd-feature');
      expect(deployed.configTable).toMatchObject({ table: 'edd-callback-config-feature', added: 1 });
      expect(localAws.calls({ write: true, since: since + 1 }).length).toBeGreaterThan(0);
    } finally {
      process.env = saved;
    }
  });
});
