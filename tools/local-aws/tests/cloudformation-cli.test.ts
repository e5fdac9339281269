import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { available, botocoreEnvironment, run } from './botocore.js';
import { BACKEND_TEMPLATE } from './cloudformation-support.js';

// `aws cloudformation deploy` is what the backend-common buildspec runs: botocore's own query serializer, its
// waiters (change-set-create-complete, stack-create-complete, stack-update-complete) and its reading of an empty
// change set show that local-aws behaves as CloudFormation does for it, not just as the JavaScript SDK accepts.

const hasAwsCli = await available('aws', ['--version']);
if (!hasAwsCli) console.warn('CloudFormation over the AWS CLI: the AWS CLI (aws) is not installed; skipping its tests');

const STACK = 'edd-backend-common-dev';

describe.skipIf(!hasAwsCli)('cloudformation through the AWS CLI', () => {
  let localAws: LocalAws;
  let folder: string;
  let templateFile: string;

  beforeAll(async () => {
    // 20 times faster than AWS: a change set takes 100 ms to compute and each resource 50 ms.
    localAws = await startLocalAws({ timeScale: 20 });
    folder = await mkdtemp(join(tmpdir(), 'local-aws-cfn-'));
    templateFile = join(folder, 'backend.yaml');
    await writeFile(templateFile, BACKEND_TEMPLATE);
    // The CLI's waiters sleep 5 s between change set polls and 30 s between stack polls. Python loads this module
    // at start-up (PYTHONPATH below) and shortens every sleep to 50 ms; the CLI itself is left as it is.
    await writeFile(
      join(folder, 'sitecustomize.py'),
      ['import time', '_sleep = time.sleep', 'time.sleep = lambda seconds: _sleep(min(seconds, 0.05))', ''].join('\n'),
    );
  });
  afterAll(async () => {
    await localAws.close();
    await rm(folder, { recursive: true, force: true });
  });

  const environment = () => botocoreEnvironment(localAws, { extra: { PYTHONPATH: folder } });

  async function aws(args: string[]): Promise<string> {
    const { stdout } = await run('aws', args, { env: environment(), timeout: 60_000 });
    return stdout;
  }

  function deploy(...overrides: string[]): Promise<string> {
    return aws([
      'cloudformation',
      'deploy',
      '--template-file',
      templateFile,
      '--stack-name',
      STACK,
      '--parameter-overrides',
      ...overrides,
      '--capabilities',
      'CAPABILITY_NAMED_IAM',
      '--no-fail-on-empty-changeset',
    ]);
  }

  it('deploys the backend stack, creating its tables and function for real', async () => {
    const output = await deploy('Environment=dev');
    const polls = localAws.calls({ service: 'cloudformation' }).map((call) => call.operation);
    const table = JSON.parse(await aws(['dynamodb', 'describe-table', '--table-name', 'edd-config-dev']));
    const fn = JSON.parse(await aws(['lambda', 'get-function', '--function-name', 'edd-callback-scheduler-dev']));

    expect(output).toContain(`Successfully created/updated stack - ${STACK}`);
    // The waiters found the change set still being computed and the stack still being created at least once.
    expect(polls.filter((operation) => operation === 'DescribeChangeSet').length).toBeGreaterThan(1);
    expect(
      polls.slice(polls.indexOf('ExecuteChangeSet')).filter((operation) => operation === 'DescribeStacks').length,
    ).toBeGreaterThan(1);
    expect(table.Table).toMatchObject({
      TableName: 'edd-config-dev',
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    });
    expect(fn.Configuration).toMatchObject({
      FunctionName: 'edd-callback-scheduler-dev',
      Runtime: 'nodejs20.x',
      Timeout: 30,
      Environment: { Variables: { CONFIG_TABLE: 'edd-config-dev' } },
    });
  });

  it('deploys the same template again as an empty change set, without writing to DynamoDB or Lambda', async () => {
    const before = localAws.calls().at(-1)?.seq ?? 0;

    const output = await deploy('Environment=dev');
    const calls = localAws.calls({ since: before });

    expect(output).toContain(`No changes to deploy. Stack ${STACK} is up to date`);
    expect(calls.filter((call) => call.write).map((call) => `${call.service}:${call.operation}`)).toEqual([
      'cloudformation:CreateChangeSet',
    ]);
    expect(calls.map((call) => call.operation)).toEqual(
      expect.arrayContaining(['DescribeStacks', 'GetTemplateSummary', 'CreateChangeSet', 'DescribeChangeSet']),
    );
  });

  it('reads the outputs and exports with describe-stacks --query and list-exports', async () => {
    const outputs = JSON.parse(
      await aws(['cloudformation', 'describe-stacks', '--stack-name', STACK, '--query', 'Stacks[0].Outputs']),
    ) as { OutputKey: string; OutputValue: string; ExportName?: string }[];
    const tableName = (
      await aws([
        'cloudformation',
        'describe-stacks',
        '--stack-name',
        STACK,
        '--query',
        "Stacks[0].Outputs[?OutputKey=='ConfigTableName'].OutputValue",
        '--output',
        'text',
      ])
    ).trim();
    const exports = JSON.parse(await aws(['cloudformation', 'list-exports'])) as {
      Exports: { Name: string; Value: string }[];
    };

    expect(outputs).toEqual(
      expect.arrayContaining([
        { OutputKey: 'ConfigTableName', OutputValue: 'edd-config-dev', ExportName: `${STACK}-ConfigTableName` },
        {
          OutputKey: 'SchedulerFunctionArn',
          OutputValue: 'arn:aws:lambda:us-east-1:318484875904:function:edd-callback-scheduler-dev',
          Description: 'Scheduler function ARN',
          ExportName: 'edd-callback-scheduler-arn-dev',
        },
      ]),
    );
    expect(tableName).toBe('edd-config-dev');
    expect(exports.Exports.map((entry) => entry.Name).sort()).toEqual([
      `${STACK}-ConfigTableName`,
      'edd-callback-scheduler-arn-dev',
    ]);
  });

  it('updates the stack in place when a parameter changes, keeping the previous value of the others', async () => {
    const output = await deploy('ReadCapacity=7');
    const outputs = JSON.parse(
      await aws(['cloudformation', 'describe-stacks', '--stack-name', STACK, '--query', 'Stacks[0]']),
    ) as { StackStatus: string; Outputs: { OutputKey: string; OutputValue: string }[] };
    const callbackTable = outputs.Outputs.find((entry) => entry.OutputKey === 'CallbackTableName')?.OutputValue;
    const table = JSON.parse(await aws(['dynamodb', 'describe-table', '--table-name', String(callbackTable)]));

    expect(output).toContain(`Successfully created/updated stack - ${STACK}`);
    expect(outputs.StackStatus).toBe('UPDATE_COMPLETE');
    expect(table.Table.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 7, WriteCapacityUnits: 1 });
  });
});
