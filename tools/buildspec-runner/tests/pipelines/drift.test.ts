import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { credentialsFor, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BuildResult } from '../../src/index.js';
import {
  QA,
  REGION,
  ROOT,
  artifactText,
  buildReport,
  checkout,
  prepareAccount,
  runPipeline,
  startPipelineAws,
  stepsBuilt,
} from './support.js';

/**
 * Whether a step's executable has the `plan --detailed-exitcode` the drift buildspec runs. Asked before local-aws
 * starts: a synchronous spawn while it runs would stop it from answering.
 */
function hasDetailedPlan(step: string): boolean {
  if (!stepsBuilt(step)) return false;
  try {
    const help = execFileSync(
      process.execPath,
      [join(ROOT, 'packages', step, 'dist', `${step}.js`), 'plan', '--help'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return help.includes('--detailed-exitcode');
  } catch {
    return false;
  }
}

const CONNECT_PLAN = hasDetailedPlan('connect-deploy');
const BOT_AND_TABLE_PLANS = hasDetailedPlan('lex-deploy') && hasDetailedPlan('dynamo-export-import');

let localAws: LocalAws;
let target: { connect: connect.ConnectClient; dynamodb: DynamoDBClient; instanceId: string };

async function targetClients(): Promise<typeof target> {
  const keys = await credentialsFor(localAws.url, QA.AccountNumber);
  const config = {
    endpoint: localAws.url,
    region: REGION,
    credentials: {
      accessKeyId: keys.AWS_ACCESS_KEY_ID,
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: keys.AWS_SESSION_TOKEN,
    },
  };
  const client = new connect.ConnectClient(config);
  const instances = await client.send(new connect.ListInstancesCommand({}));
  const instanceId = instances.InstanceSummaryList!.find((i) => i.InstanceAlias === 'edd-qa')!.Id!;
  return { connect: client, dynamodb: new DynamoDBClient(config), instanceId };
}

/** A checkout of the qa branch holding only the given folders of the sample app. */
async function checkoutWith(...keep: string[]): Promise<string> {
  const { dir } = await checkout('qa');
  for (const folder of ['connect', 'lex', 'data', 'backend', 'callback'])
    if (!keep.includes(folder)) rmSync(join(dir, folder), { recursive: true, force: true });
  return dir;
}

const driftReport = (result: BuildResult) =>
  result.artifacts.find((artifact) => artifact.path === 'reports/drift.txt')?.content.toString();

/** What codebuild-connect-readonly may call: the actions of its policies in the committed target-account template. */
function readOnlyGrants(): Set<string> {
  type Resource = {
    Type: string;
    Properties: { Roles?: unknown[]; PolicyDocument?: { Statement: { Effect: string; Action: string | string[] }[] } };
  };
  const file = join(ROOT, 'tools/templates/generated/target-account-roles.yaml');
  const resources = Object.values(
    (parse(readFileSync(file, 'utf8')) as { Resources: Record<string, Resource> }).Resources,
  );
  const policies = resources.filter(
    (r) =>
      r.Type === 'AWS::IAM::ManagedPolicy' &&
      JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: 'CodeBuildConnectReadOnlyRole' }]),
  );
  expect(policies.length).toBeGreaterThan(0);
  return new Set(
    policies.flatMap((p) =>
      p.Properties.PolicyDocument!.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action),
    ),
  );
}

/** The IAM action a call needs: its operation, but for the S3 calls IAM names otherwise. */
const IAM_NAMES: Record<string, string> = {
  's3:HeadBucket': 's3:ListBucket',
  's3:ListObjectsV2': 's3:ListBucket',
  's3:HeadObject': 's3:GetObject',
};
const iamAction = ({ service, operation }: { service: string; operation: string }) =>
  IAM_NAMES[`${service}:${operation}`] ?? `${service}:${operation}`;

/**
 * Runs drift.yml and checks it wrote nothing anywhere, and acted in the target only as codebuild-connect-readonly,
 * calling nothing that role is not granted.
 */
async function drift(sourceDir: string): Promise<BuildResult> {
  const since = localAws.calls().at(-1)!.seq;
  const result = await runPipeline(localAws, { kind: 'drift', target: QA, sourceDir });
  const writes = localAws.calls({ since, write: true }).filter((c) => c.service !== 'sts');
  expect(writes.map((c) => `${c.service}:${c.operation}`)).toEqual([]);
  const inTarget = localAws.calls({ since, account: QA.AccountNumber }).filter((c) => c.service !== 'sts');
  for (const call of inTarget) expect(call.principal).toMatch(/:assumed-role\/codebuild-connect-readonly\//);
  const granted = readOnlyGrants();
  expect([...new Set(inTarget.map(iamAction))].filter((action) => !granted.has(action))).toEqual([]);
  return result;
}

async function setQueueMaxContacts(name: string, maxContacts: number): Promise<void> {
  const queues = await target.connect.send(new connect.ListQueuesCommand({ InstanceId: target.instanceId }));
  const queue = queues.QueueSummaryList!.find((q) => q.Name === name)!;
  await target.connect.send(
    new connect.UpdateQueueMaxContactsCommand({
      InstanceId: target.instanceId,
      QueueId: queue.Id!,
      MaxContacts: maxContacts,
    }),
  );
}

describe.skipIf(!stepsBuilt('connect-deploy', 'lex-deploy') || !CONNECT_PLAN)('drift.yml', () => {
  beforeAll(async () => {
    localAws = await startPipelineAws();
    await prepareAccount(localAws, QA);
    const { dir } = await checkout('qa');
    // qa as the sample app describes it: the instance, then the bots and the Connect content.
    for (const kind of ['connect', 'frontend-common']) {
      const built = await runPipeline(localAws, {
        kind,
        target: QA,
        sourceDir: dir,
        variables: { DEPLOYMENT_TYPE: 'full' },
      });
      expect(built.succeeded, built.log).toBe(true);
    }
    target = await targetClients();
  });
  afterAll(() => localAws?.close());

  it('succeeds quietly when the Connect content matches the repository', async () => {
    const result = await drift(await checkoutWith('connect'));
    expect(result.succeeded, result.log).toBe(true);
    expect(driftReport(result)).toBe('Connect content (connect/): in sync\n');
    expect(result.log).toContain('drift check of edd-qa: all 1 checks in sync with the repository');
    const report = buildReport(result);
    expect(report).toMatchObject({ pipeline: 'drift', environment: 'qa', succeeded: true });
    expect(report.steps).toMatchObject([{ step: 'connect-deploy', verb: 'plan', exitCode: 0 }]);
  });

  it('fails naming the queue changed in the target, and what the plan would do to it', async () => {
    await setQueueMaxContacts('EDD Claims', 10);
    try {
      const result = await drift(await checkoutWith('connect'));
      expect(result.succeeded).toBe(false);
      expect(driftReport(result)).toBe('Connect content (connect/): drifted: ~ queue "EDD Claims"\n');
      expect(result.log).toContain(
        'drift check of edd-qa: 1 of 1 checks drifted from the repository: run its pipeline again to restore it',
      );
      const [plan] = buildReport(result).steps as unknown as {
        exitCode: number;
        plan: { resources: { kind: string; name: string; action: string; fields?: unknown[] }[] };
      }[];
      expect(plan!.exitCode).toBe(6);
      expect(plan!.plan.resources.filter((r) => r.action !== 'unchanged')).toMatchObject([
        {
          kind: 'queue',
          name: 'EDD Claims',
          action: 'update',
          fields: [{ path: 'MaxContacts', before: 10, after: 50 }],
        },
      ]);
      expect(result.phases.find((p) => p.name === 'post_build')?.status).toBe('SUCCEEDED');
      expect(buildReport(result)).toMatchObject({ mode: 'plan' });
      // The same plan as a review page, beside the step report.
      const page = artifactText(result, 'reports/drift-connect.html');
      expect(page).toContain('data-action="update" data-kind="queue" data-name="EDD Claims"');
      expect(page).toContain('Plan: 0 to create, 1 to update, 0 to delete, ');
    } finally {
      await setQueueMaxContacts('EDD Claims', 50);
    }
  });

  it("fails with the step's own message when a check cannot run, apart from drift", async () => {
    const dir = await checkoutWith('connect');
    writeFileSync(join(dir, 'connect/queues/EDD+Claims.json'), '{"Name": "EDD Claims",');
    const result = await drift(dir);
    expect(result.succeeded).toBe(false);
    expect(driftReport(result)).toMatch(/^Connect content \(connect\/\): failed \(exit 3\): \S.*\n$/);
    expect(result.log).toContain('drift check of edd-qa: 1 of 1 checks failed (see their lines above), 0 drifted');
  });

  it('refuses a checkout that holds nothing it can check', async () => {
    const result = await drift(await checkoutWith());
    expect(result.succeeded).toBe(false);
    expect(result.log).toContain('the checkout holds none of lex/<bot>/, connect/, data/manifest.json');
  });

  it.skipIf(!BOT_AND_TABLE_PLANS)(
    'checks the bots and the configuration tables too, and names the item that differs (needs plan --detailed-exitcode in lex-deploy and dynamo-export-import)',
    async () => {
      // The tables backend-common's stack would create, with the same keys; then the data pipeline fills them.
      await target.dynamodb.send(
        new CreateTableCommand({
          TableName: 'edd-config-qa',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
      await target.dynamodb.send(
        new CreateTableCommand({
          TableName: 'edd-holidays-qa',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'date', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'date', KeyType: 'HASH' }],
        }),
      );
      const full = await checkoutWith('connect', 'lex', 'data');
      const data = await runPipeline(localAws, { kind: 'dynamodb-export-data', target: QA, sourceDir: full });
      expect(data.succeeded, data.log).toBe(true);
      expect(artifactText(data, 'reports/dynamo-import.html')).toContain('<body data-report="deploy">');

      const clean = await drift(full);
      expect(clean.succeeded, clean.log).toBe(true);
      expect(driftReport(clean)).toBe(
        [
          'Lex bot EDDBot (lex/EDDBot): in sync',
          'Connect content (connect/): in sync',
          'configuration tables (data/manifest.json): in sync',
          '',
        ].join('\n'),
      );

      await target.dynamodb.send(
        new PutItemCommand({
          TableName: 'edd-config-qa',
          Item: { pk: { S: 'queue#EDD Retired' }, sk: { S: 'settings' } },
        }),
      );
      const drifted = await drift(full);
      expect(drifted.succeeded).toBe(false);
      const lines = driftReport(drifted)!.trimEnd().split('\n');
      expect(lines.slice(0, 2)).toEqual([
        'Lex bot EDDBot (lex/EDDBot): in sync',
        'Connect content (connect/): in sync',
      ]);
      expect(lines[2]).toMatch(/^configuration tables \(data\/manifest\.json\): drifted: - item .*EDD Retired/);
      // Each check's plan as a review page, beside the step reports.
      expect(artifactText(drifted, 'reports/drift-data.html')).toContain('EDD Retired');
      expect(artifactText(drifted, 'reports/drift-lex-EDDBot.html')).toContain('bot EDDBot-qa');
    },
  );
});
