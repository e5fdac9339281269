import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { available, botocoreEnvironment, run } from './botocore.js';
import { queueTransferFlow } from './connect-support.js';

// botocore serializes restJson1 on its own (label encoding, query lists, error parsing), so the AWS CLI and boto3
// show that Connect speaks the protocol rather than what the JavaScript SDK happens to accept.

const hasAwsCli = await available('aws', ['--version']);
const hasBoto3 = await available('python3', ['-c', 'import boto3']);

if (!hasAwsCli) console.warn('Connect over the AWS CLI: the AWS CLI (aws) is not installed; skipping its test');
if (!hasBoto3) console.warn('Connect over boto3: python3 with boto3 is not installed; skipping its test');

const clientEnvironment = (localAws: LocalAws) => botocoreEnvironment(localAws, { maxAttempts: 1 });

describe('Connect through independent clients', () => {
  let localAws: LocalAws;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 10_000, quotas: false });
  });
  afterAll(() => localAws.close());

  async function aws(args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run('aws', ['connect', ...args, '--output', 'json'], {
      env: clientEnvironment(localAws),
      timeout: 30_000,
    });
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  }

  it.skipIf(!hasAwsCli)('the AWS CLI creates an instance, a queue and a flow, and gets the flow refusal', async () => {
    const instance = await aws([
      'create-instance',
      '--identity-management-type',
      'CONNECT_MANAGED',
      '--instance-alias',
      `edd-cli-${process.pid}`,
      '--inbound-calls-enabled',
      '--no-outbound-calls-enabled',
    ]);
    const instanceId = instance.Id as string;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const flows = await aws([
      'list-contact-flows',
      '--instance-id',
      instanceId,
      '--contact-flow-types',
      'CONTACT_FLOW',
      'CUSTOMER_QUEUE',
    ]);
    const hours = await aws(['list-hours-of-operations', '--instance-id', instanceId]);
    const hoursId = (hours.HoursOfOperationSummaryList as { Id: string }[])[0]?.Id as string;
    const queue = await aws([
      'create-queue',
      '--instance-id',
      instanceId,
      '--name',
      'EDD CLI',
      '--hours-of-operation-id',
      hoursId,
    ]);
    const flow = await aws([
      'create-contact-flow',
      '--instance-id',
      instanceId,
      '--name',
      'EDD CLI flow',
      '--type',
      'CONTACT_FLOW',
      '--content',
      queueTransferFlow(queue.QueueArn as string),
    ]);
    const described = await aws([
      'describe-contact-flow',
      '--instance-id',
      instanceId,
      '--contact-flow-id',
      `${String(flow.ContactFlowId)}:$SAVED`,
    ]);
    const refused = await run(
      'aws',
      [
        'connect',
        'create-contact-flow',
        '--instance-id',
        instanceId,
        '--name',
        'EDD broken flow',
        '--type',
        'CONTACT_FLOW',
        '--content',
        queueTransferFlow('missing-queue'),
      ],
      { env: clientEnvironment(localAws), timeout: 30_000 },
    ).catch((error: { code: number; stderr: string }) => error);

    expect(instance.Arn).toBe(`arn:aws:connect:us-east-1:318484875904:instance/${instanceId}`);
    expect(
      (flows.ContactFlowSummaryList as { ContactFlowType: string }[]).map((summary) => summary.ContactFlowType).sort(),
    ).toEqual(['CONTACT_FLOW', 'CONTACT_FLOW', 'CONTACT_FLOW', 'CUSTOMER_QUEUE']);
    expect(queue.QueueArn).toBe(`${String(instance.Arn)}/queue/${String(queue.QueueId)}`);
    expect((described.ContactFlow as { Name: string }).Name).toBe('EDD CLI flow');
    expect([254, 255]).toContain((refused as { code: number }).code);
    expect((refused as { stderr: string }).stderr.trim()).toBe(
      'An error occurred (InvalidContactFlowException) when calling the CreateContactFlow operation: The flow is not valid.',
    );
  });

  it.skipIf(!hasBoto3)(
    'boto3 reads the problems of InvalidContactFlowException and pages with its paginator',
    async () => {
      const script = `
import json, boto3
from botocore.config import Config
from botocore.exceptions import ClientError

connect = boto3.client("connect", config=Config(retries={"max_attempts": 1, "mode": "standard"}))
instance = connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="edd-boto3-${process.pid}",
                                   InboundCallsEnabled=True, OutboundCallsEnabled=True)
import time; time.sleep(0.05)
hours = connect.list_hours_of_operations(InstanceId=instance["Id"])["HoursOfOperationSummaryList"][0]["Id"]
for index in range(12):
    connect.create_queue(InstanceId=instance["Id"], Name=f"Queue {index}", HoursOfOperationId=hours)
pages = [len(page["QueueSummaryList"]) for page in
         connect.get_paginator("list_queues").paginate(InstanceId=instance["Id"], PaginationConfig={"PageSize": 5})]
try:
    connect.create_contact_flow(InstanceId=instance["Id"], Name="Broken", Type="CONTACT_FLOW",
                                Content=json.dumps({"Version": "2019-10-30", "StartAction": "a", "Actions": []}))
    error = None
except ClientError as refused:
    error = {"code": refused.response["Error"]["Code"], "status": refused.response["ResponseMetadata"]["HTTPStatusCode"],
             "problems": refused.response.get("problems")}
tags = connect.list_tags_for_resource(resourceArn=instance["Arn"])["tags"]
print(json.dumps({"pages": pages, "error": error, "tags": tags}))
`;
      const { stdout } = await run('python3', ['-c', script], { env: clientEnvironment(localAws), timeout: 30_000 });
      const result = JSON.parse(stdout) as { pages: number[]; error: Record<string, unknown>; tags: unknown };

      expect(result.pages).toEqual([5, 5, 3]);
      expect(result.error).toEqual({
        code: 'InvalidContactFlowException',
        status: 400,
        problems: [{ message: "StartAction 'a' is not the identifier of an action" }],
      });
      expect(result.tags).toEqual({});
    },
  );
});
