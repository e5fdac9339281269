import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { available, botocoreEnvironment, run } from './botocore.js';
import { TARGET_ACCOUNT, TARGET_ROLE_ARN } from './support.js';

// The AWS SDK for JavaScript is not the only client the toolkit's users run: buildspecs call the AWS CLI, and
// people poke at accounts with boto3. Both use botocore's own serializers and parsers, so they prove local-aws
// speaks the wire protocols rather than whatever the JavaScript SDK happens to accept.

const hasAwsCli = await available('aws', ['--version']);
const hasBoto3 = await available('python3', ['-c', 'import boto3']);

if (!hasAwsCli) console.warn('independent clients: the AWS CLI (aws) is not installed; skipping its test');
if (!hasBoto3) console.warn('independent clients: python3 with boto3 is not installed; skipping its test');

interface Credentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
}

const clientEnvironment = (localAws: LocalAws, credentials?: Credentials) =>
  botocoreEnvironment(localAws, {
    ...(credentials ? { credentials } : {}),
    extra: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });

describe('independent clients', () => {
  let localAws: LocalAws;

  beforeAll(async () => {
    localAws = await startLocalAws();
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  async function aws(args: string[], credentials?: Credentials): Promise<unknown> {
    const { stdout } = await run('aws', [...args, '--output', 'json'], {
      env: clientEnvironment(localAws, credentials),
      timeout: 30_000,
    });
    return stdout.trim() === '' ? undefined : JSON.parse(stdout);
  }

  it.skipIf(!hasAwsCli)('the AWS CLI assumes a role, then works in the role account', async () => {
    const assumed = (await aws([
      'sts',
      'assume-role',
      '--role-arn',
      TARGET_ROLE_ARN,
      '--role-session-name',
      'cli-session',
    ])) as { Credentials: Credentials; AssumedRoleUser: { Arn: string } };
    const identity = (await aws(['sts', 'get-caller-identity'], assumed.Credentials)) as { Account: string };
    await aws(
      [
        'dynamodb',
        'create-table',
        '--table-name',
        'cli-table',
        '--attribute-definitions',
        'AttributeName=pk,AttributeType=S',
        '--key-schema',
        'AttributeName=pk,KeyType=HASH',
        '--billing-mode',
        'PAY_PER_REQUEST',
      ],
      assumed.Credentials,
    );
    await aws(
      ['dynamodb', 'put-item', '--table-name', 'cli-table', '--item', '{"pk":{"S":"a"},"n":{"N":"12.50"}}'],
      assumed.Credentials,
    );
    const scanned = (await aws(['dynamodb', 'scan', '--table-name', 'cli-table'], assumed.Credentials)) as {
      Items: unknown[];
    };
    const refused = await run(
      'aws',
      ['sts', 'assume-role', '--role-arn', TARGET_ROLE_ARN, '--role-session-name', 'cli', '--duration-seconds', '7200'],
      { env: clientEnvironment(localAws), timeout: 30_000 },
    ).catch((error: { code: number; stderr: string }) => error);

    expect(assumed.AssumedRoleUser.Arn).toBe(
      `arn:aws:sts::${TARGET_ACCOUNT}:assumed-role/codebuild-connect/cli-session`,
    );
    expect(identity.Account).toBe(TARGET_ACCOUNT);
    expect(scanned.Items).toEqual([{ pk: { S: 'a' }, n: { N: '12.5' } }]);
    // AWS CLI v1 exits 255 on a service error, v2 exits 254.
    expect([254, 255]).toContain((refused as { code: number }).code);
    expect((refused as { stderr: string }).stderr.trim()).toBe(
      'An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds ' +
        'exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    expect(localAws.calls({ service: 'dynamodb' }).map((call) => [call.operation, call.account])).toEqual([
      ['CreateTable', TARGET_ACCOUNT],
      ['PutItem', TARGET_ACCOUNT],
      ['Scan', TARGET_ACCOUNT],
    ]);
  });

  it.skipIf(!hasBoto3)('boto3 parses the errors and checksummed batch responses local-aws writes', async () => {
    localAws.setFaults([{ service: 'dynamodb', operation: 'BatchWriteItem', unprocessedRate: 0.5 }]);
    const script = `
import json, boto3
from botocore.config import Config
from botocore.exceptions import ClientError

config = Config(retries={"max_attempts": 1, "mode": "standard"})
sts = boto3.client("sts", config=config)
creds = sts.assume_role(RoleArn="${TARGET_ROLE_ARN}", RoleSessionName="boto3")["Credentials"]
session = boto3.session.Session(
    aws_access_key_id=creds["AccessKeyId"],
    aws_secret_access_key=creds["SecretAccessKey"],
    aws_session_token=creds["SessionToken"],
)
dynamodb = session.client("dynamodb", config=config)
dynamodb.create_table(
    TableName="boto3-table",
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
    BillingMode="PAY_PER_REQUEST",
)
pending = {"boto3-table": [{"PutRequest": {"Item": {"pk": {"S": f"k{i}"}}}} for i in range(20)]}
first_unprocessed = None
for _ in range(40):
    answer = dynamodb.batch_write_item(RequestItems=pending)
    pending = answer["UnprocessedItems"]
    if first_unprocessed is None:
        first_unprocessed = len(pending.get("boto3-table", []))
    if not pending:
        break
count = dynamodb.scan(TableName="boto3-table", Select="COUNT")["Count"]
try:
    sts.assume_role(RoleArn="${TARGET_ROLE_ARN}", RoleSessionName="a b")
    error = None
except ClientError as refused:
    error = refused.response["Error"]
print(json.dumps({
    "account": session.client("sts").get_caller_identity()["Account"],
    "firstUnprocessed": first_unprocessed,
    "count": count,
    "error": error,
}))
`;
    const { stdout } = await run('python3', ['-c', script], { env: clientEnvironment(localAws), timeout: 30_000 });
    const result = JSON.parse(stdout) as {
      account: string;
      firstUnprocessed: number;
      count: number;
      error: { Type: string; Code: string; Message: string };
    };

    expect(result.account).toBe(TARGET_ACCOUNT);
    expect(result.firstUnprocessed).toBeGreaterThan(0);
    expect(result.firstUnprocessed).toBeLessThan(20);
    expect(result.count).toBe(20);
    expect(result.error).toEqual({
      Type: 'Sender',
      Code: 'ValidationError',
      Message:
        "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    });
  });
});
