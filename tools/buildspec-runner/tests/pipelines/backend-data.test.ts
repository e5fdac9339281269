import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import * as connect from '@aws-sdk/client-connect';
import { credentialsFor, type LocalAws } from '@edd/local-aws';
import type { BuildResult } from '../../src/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QA,
  REGION,
  artifactText,
  buildReport,
  checkout,
  runPipeline,
  startPipelineAws,
  stepsBuilt,
} from './support.js';

let localAws: LocalAws;
let sourceDir: string;
let clients: { dynamodb: DynamoDBClient; connect: connect.ConnectClient };

async function clientsFor(account: string): Promise<typeof clients> {
  const keys = await credentialsFor(localAws.url, account);
  const config = {
    endpoint: localAws.url,
    region: REGION,
    credentials: {
      accessKeyId: keys.AWS_ACCESS_KEY_ID,
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: keys.AWS_SESSION_TOKEN,
    },
  };
  return { dynamodb: new DynamoDBClient(config), connect: new connect.ConnectClient(config) };
}

describe.skipIf(!stepsBuilt('dynamo-export-import'))(
  'a new environment: connect, backend-common, dynamodb-export-data',
  () => {
    beforeAll(async () => {
      localAws = await startPipelineAws(2000);
      sourceDir = (await checkout('qa')).dir;
      clients = await clientsFor(QA.AccountNumber);
      const instance = await runPipeline(localAws, { kind: 'connect', target: QA, sourceDir });
      expect(instance.succeeded, instance.log).toBe(true);
    });
    afterAll(() => localAws?.close());

    it('backend-common.yml deploys the stack with the AWS CLI and associates its Connect Lambdas, once', async () => {
      const result = await runPipeline(localAws, { kind: 'backend-common', target: QA, sourceDir });
      expect(result.succeeded, result.log).toBe(true);
      const lambdaArn = `arn:aws:lambda:${REGION}:${QA.AccountNumber}:function:edd-lookup-qa`;
      expect(result.log).toContain(`associated with edd-qa: ${lambdaArn}`);
      const stack = buildReport(result).steps[0] as unknown as { Stacks: { StackName: string; StackStatus: string }[] };
      expect(stack.Stacks[0]).toMatchObject({ StackName: 'edd-backend-common-qa', StackStatus: 'CREATE_COMPLETE' });
      expect(localAws.calls({ account: '318484875904', service: 'cloudformation' })).toEqual([]);

      const instances = await clients.connect.send(new connect.ListInstancesCommand({}));
      const instanceId = instances.InstanceSummaryList!.find((i) => i.InstanceAlias === 'edd-qa')!.Id!;
      const associated = await clients.connect.send(new connect.ListLambdaFunctionsCommand({ InstanceId: instanceId }));
      expect(associated.LambdaFunctions).toEqual([lambdaArn]);

      const again = await runPipeline(localAws, { kind: 'backend-common', target: QA, sourceDir });
      expect(again.succeeded, again.log).toBe(true);
      expect(again.log).toContain(`already associated with edd-qa: ${lambdaArn}`);
    });

    it('backend-common.yml: after the approval, executes exactly the change set the plan created, and refuses one that is gone', async () => {
      const template = join(sourceDir, 'backend/backend.yaml');
      const original = readFileSync(template, 'utf8');
      const withOutput = (name: string) =>
        writeFileSync(template, `${original.trimEnd()}\n  ${name}:\n    Value: !Sub '${name}-\${Environment}'\n`);
      // The stack as the build read it after its change (describe-stacks, its step report).
      const outputs = (result: BuildResult) =>
        (
          buildReport(result).steps[0] as unknown as { Stacks: { Outputs: { OutputKey: string }[] }[] }
        ).Stacks[0]!.Outputs.map((o) => o.OutputKey);
      try {
        withOutput('PlannedMarker');
        const since = localAws.calls().at(-1)!.seq;
        const planned = await runPipeline(localAws, {
          kind: 'backend-common',
          target: QA,
          sourceDir,
          variables: { EDD_MODE: 'plan' },
        });
        expect(planned.succeeded, planned.log).toBe(true);
        const arn = artifactText(planned, 'plans/backend-stack.txt').trim();
        expect(arn).toMatch(/^arn:aws:cloudformation:us-east-1:640079793484:changeSet\/[\w-]+\/[\w-]+$/);
        expect(localAws.calls({ since, operation: 'ExecuteChangeSet' })).toEqual([]);
        expect(outputs(planned)).not.toContain('PlannedMarker');

        const applied = await runPipeline(localAws, {
          kind: 'backend-common',
          target: QA,
          sourceDir,
          approved: planned,
        });
        expect(applied.succeeded, applied.log).toBe(true);
        expect(applied.log).toContain(`edd-backend-common-qa: executed the approved change set ${arn}`);
        // The approved change set, and no other: nothing was created after the approval.
        expect(localAws.calls({ since, operation: 'CreateChangeSet' })).toHaveLength(1);
        expect(outputs(applied)).toContain('PlannedMarker');

        // Approved, then overtaken: another deploy of the stack executed its own change set in the meantime.
        withOutput('OvertakenMarker');
        const stale = await runPipeline(localAws, {
          kind: 'backend-common',
          target: QA,
          sourceDir,
          variables: { EDD_MODE: 'plan' },
        });
        expect(stale.succeeded, stale.log).toBe(true);
        const overtaking = await runPipeline(localAws, { kind: 'backend-common', target: QA, sourceDir });
        expect(overtaking.succeeded, overtaking.log).toBe(true);
        const before = localAws.calls().at(-1)!.seq;
        const refused = await runPipeline(localAws, {
          kind: 'backend-common',
          target: QA,
          sourceDir,
          approved: stale,
        });
        expect(refused.succeeded).toBe(false);
        expect(refused.log).toContain(
          'edd-backend-common-qa: the approved change set is gone: the stack changed since the plan; release the change again and have it approved',
        );
        expect(localAws.calls({ since: before, service: 'cloudformation', write: true })).toEqual([]);
      } finally {
        writeFileSync(template, original);
      }
    });

    it('dynamodb-export-data.yml fills the tables from data/, expanding the environment, and prunes only where asked', async () => {
      const extra = { pk: { S: 'queue#EDD Retired' }, sk: { S: 'settings' } };
      await clients.dynamodb.send(new PutItemCommand({ TableName: 'edd-config-qa', Item: extra }));
      await clients.dynamodb.send(
        new PutItemCommand({
          TableName: 'edd-holidays-qa',
          Item: { date: { S: '2024-12-25' }, name: { S: 'Christmas' } },
        }),
      );

      const result = await runPipeline(localAws, { kind: 'dynamodb-export-data', target: QA, sourceDir });
      expect(result.succeeded, result.log).toBe(true);
      expect(buildReport(result)).toMatchObject({ pipeline: 'dynamodb-export-data', succeeded: true });

      const line = await clients.dynamodb.send(
        new GetItemCommand({ TableName: 'edd-config-qa', Key: { pk: { S: 'line#main' }, sk: { S: 'settings' } } }),
      );
      expect(line.Item?.lookupFunction).toEqual({
        S: `arn:aws:lambda:${REGION}:${QA.AccountNumber}:function:edd-lookup-qa`,
      });
      const config = await clients.dynamodb.send(new ScanCommand({ TableName: 'edd-config-qa' }));
      expect(config.Items!.map((item) => item.pk!.S).sort()).toEqual([
        'line#main',
        'queue#EDD Claims',
        'queue#EDD General',
      ]);
      const holidays = await clients.dynamodb.send(new ScanCommand({ TableName: 'edd-holidays-qa' }));
      expect(holidays.Count).toBe(4);

      const since = localAws.calls().at(-1)!.seq;
      const again = await runPipeline(localAws, { kind: 'dynamodb-export-data', target: QA, sourceDir });
      expect(again.succeeded, again.log).toBe(true);
      expect(localAws.calls({ since, service: 'dynamodb', write: true })).toEqual([]);
    });

    it('dynamodb-export-data.yml: after the approval, writes exactly the planned items, or nothing when a table moved', async () => {
      const file = join(sourceDir, 'data/holidays.jsonl');
      const original = readFileSync(file, 'utf8');
      const plan = () =>
        runPipeline(localAws, {
          kind: 'dynamodb-export-data',
          target: QA,
          sourceDir,
          variables: { EDD_MODE: 'plan' },
        });
      try {
        writeFileSync(file, `${original}{"date":{"S":"2025-11-27"},"name":{"S":"Thanksgiving"}}\n`);
        const since = localAws.calls().at(-1)!.seq;
        const planned = await plan();
        expect(planned.succeeded, planned.log).toBe(true);
        expect(localAws.calls({ since, service: 'dynamodb', write: true })).toEqual([]);
        expect(JSON.parse(artifactText(planned, 'plans/dynamo-export-import.json'))).toMatchObject({
          format: 'edd-saved-plan/1',
        });
        const applied = await runPipeline(localAws, {
          kind: 'dynamodb-export-data',
          target: QA,
          sourceDir,
          approved: planned,
        });
        expect(applied.succeeded, applied.log).toBe(true);
        expect(applied.log).toMatch(/applying the saved plan \S+\/plans\/dynamo-export-import\.json/);
        const writes = localAws.calls({ since, service: 'dynamodb', write: true });
        expect(writes.map((c) => c.operation)).toEqual(['BatchWriteItem']);
        const holidays = await clients.dynamodb.send(new ScanCommand({ TableName: 'edd-holidays-qa' }));
        expect(holidays.Items!.map((i) => i.name!.S)).toContain('Thanksgiving');

        // Approved, then the table changed before the deploy: refused, nothing written.
        writeFileSync(file, `${original}{"date":{"S":"2025-11-28"},"name":{"S":"Day after Thanksgiving"}}\n`);
        const stale = await plan();
        expect(stale.succeeded, stale.log).toBe(true);
        await clients.dynamodb.send(
          new PutItemCommand({
            TableName: 'edd-holidays-qa',
            Item: { date: { S: '2025-12-24' }, name: { S: 'Christmas Eve' } },
          }),
        );
        const before = localAws.calls().at(-1)!.seq;
        const refused = await runPipeline(localAws, {
          kind: 'dynamodb-export-data',
          target: QA,
          sourceDir,
          approved: stale,
        });
        expect(refused.succeeded).toBe(false);
        expect(refused.log).toMatch(/plans\/dynamo-export-import\.json cannot be applied/);
        expect(refused.log).toContain('edd-holidays-qa');
        expect(localAws.calls({ since: before, service: 'dynamodb', write: true })).toEqual([]);
      } finally {
        writeFileSync(file, original);
      }
    });
  },
);
