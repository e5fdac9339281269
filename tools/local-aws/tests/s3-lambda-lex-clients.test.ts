import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { available, botocoreEnvironment, run } from './botocore.js';
import { admin } from './support.js';

// S3, Lambda and Lex V2 as botocore sees them: the AWS CLI and boto3 parse with their own code, so these tests
// show that the wire format is AWS's rather than whatever the JavaScript SDK happens to accept.

const hasAwsCli = await available('aws', ['--version']);
const hasBoto3 = await available('python3', ['-c', 'import boto3']);
if (!hasAwsCli) console.warn('s3/lambda/lex clients: the AWS CLI (aws) is not installed; skipping its test');
if (!hasBoto3) console.warn('s3/lambda/lex clients: python3 with boto3 is not installed; skipping its test');

const SHARED_ACCOUNT = '318484875904';
const LEX_ROLE = `arn:aws:iam::${SHARED_ACCOUNT}:role/lex-bots`;

describe('s3, lambda and lex v2 through botocore', () => {
  let localAws: LocalAws;
  let workDir: string;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 50, quotas: false });
    workDir = await mkdtemp(join(tmpdir(), 'local-aws-clients-'));
  });
  afterAll(async () => {
    await localAws.close();
    await rm(workDir, { recursive: true, force: true });
  });
  beforeEach(() => localAws.reset());

  const environment = () => botocoreEnvironment(localAws);

  async function aws(args: string[]): Promise<unknown> {
    const { stdout } = await run('aws', [...args, '--output', 'json'], { env: environment(), timeout: 30_000 });
    return stdout.trim() === '' ? undefined : JSON.parse(stdout);
  }

  async function awsFailure(args: string[]): Promise<string> {
    const failure = await run('aws', args, { env: environment(), timeout: 30_000 }).then(
      () => undefined,
      (error: { stderr: string }) => error.stderr.trim(),
    );
    if (failure === undefined) throw new Error(`aws ${args.join(' ')} succeeded`);
    return failure;
  }

  it.skipIf(!hasAwsCli)('the AWS CLI works with S3 objects, a Lambda policy and Lex bots', async () => {
    const upload = join(workDir, 'hello world.txt');
    const download = join(workDir, 'downloaded.txt');
    await writeFile(upload, 'spoken prompt');
    await admin(localAws, 'POST', 'lambda/functions', {
      account: SHARED_ACCOUNT,
      region: 'us-east-1',
      name: 'edd-fulfilment',
    });

    await aws(['s3api', 'create-bucket', '--bucket', 'cli-bucket']);
    await aws(['s3api', 'put-object', '--bucket', 'cli-bucket', '--key', 'prompts/hello world.txt', '--body', upload]);
    const listed = (await aws(['s3api', 'list-objects-v2', '--bucket', 'cli-bucket'])) as {
      Contents: { Key: string; Size: number }[];
    };
    await aws(['s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'prompts/hello world.txt', download]);
    const missing = await awsFailure(['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'absent']);
    await aws([
      'lambda',
      'add-permission',
      '--function-name',
      'edd-fulfilment',
      '--statement-id',
      'lex',
      '--action',
      'lambda:InvokeFunction',
      '--principal',
      'lexv2.amazonaws.com',
    ]);
    const policy = (await aws(['lambda', 'get-policy', '--function-name', 'edd-fulfilment'])) as { Policy: string };
    const bot = (await aws([
      'lexv2-models',
      'create-bot',
      '--bot-name',
      'CliBot',
      '--role-arn',
      LEX_ROLE,
      '--data-privacy',
      'childDirected=false',
      '--idle-session-ttl-in-seconds',
      '300',
    ])) as { botId: string; creationDateTime: string };
    const noBot = await awsFailure(['lexv2-models', 'describe-bot', '--bot-id', 'ABCDEFGHIJ']);

    expect(listed.Contents.map((object) => [object.Key, object.Size])).toEqual([['prompts/hello world.txt', 13]]);
    expect(await readFile(download, 'utf8')).toBe('spoken prompt');
    expect(missing).toBe('An error occurred (404) when calling the HeadObject operation: Not Found');
    expect(JSON.parse(policy.Policy)).toMatchObject({
      Version: '2012-10-17',
      Statement: [{ Sid: 'lex', Principal: { Service: 'lexv2.amazonaws.com' } }],
    });
    expect(bot.botId).toMatch(/^[0-9A-Z]{10}$/);
    expect(noBot).toMatch(/^An error occurred \(ResourceNotFoundException\) when calling the DescribeBot operation: /);
  });

  it.skipIf(!hasBoto3)(
    'boto3 uploads through a presigned S3 URL and imports a bot through Lex upload URLs',
    async () => {
      const script = `
import io, json, time, zipfile, urllib.request, boto3
from botocore.config import Config

config = Config(retries={"max_attempts": 1, "mode": "standard"})
# boto3 presigns S3 URLs with the older signature version 2 unless told otherwise; local-aws reads SigV4 only.
s3 = boto3.client("s3", config=config.merge(Config(signature_version="s3v4")))
s3.create_bucket(Bucket="boto-bucket")
url = s3.generate_presigned_url("put_object", Params={"Bucket": "boto-bucket", "Key": "greeting.wav"}, ExpiresIn=300)
urllib.request.urlopen(urllib.request.Request(url, data=b"RIFF", method="PUT"))
body = s3.get_object(Bucket="boto-bucket", Key="greeting.wav")["Body"].read().decode()

archive = io.BytesIO()
with zipfile.ZipFile(archive, "w") as z:
    z.writestr("Manifest.json", json.dumps({"metaData": {"schemaVersion": "1", "fileFormat": "LexJson", "resourceType": "BOT"}}))
    z.writestr("BotoBot/Bot.json", json.dumps({"name": "BotoBot", "identifier": "X", "version": "DRAFT",
        "dataPrivacy": {"childDirected": False}, "idleSessionTTLInSeconds": 300}))
    z.writestr("BotoBot/BotLocales/en_US/BotLocale.json", json.dumps({"name": "English (US)", "identifier": "en_US", "nluConfidenceThreshold": 0.4}))
    z.writestr("BotoBot/BotLocales/en_US/Intents/Hello/Intent.json", json.dumps({"name": "Hello", "identifier": "Y",
        "sampleUtterances": [{"utterance": "hello"}]}))
lex = boto3.client("lexv2-models", config=config)
upload = lex.create_upload_url()
urllib.request.urlopen(urllib.request.Request(upload["uploadUrl"], data=archive.getvalue(), method="PUT"))
lex.start_import(importId=upload["importId"], mergeStrategy="Overwrite", resourceSpecification={"botImportSpecification": {
    "botName": "BotoBot", "roleArn": "${LEX_ROLE}", "dataPrivacy": {"childDirected": False}}})
while True:
    described = lex.describe_import(importId=upload["importId"])
    if described["importStatus"] != "InProgress":
        break
    time.sleep(0.02)
intents = lex.list_intents(botId=described["importedResourceId"], botVersion="DRAFT", localeId="en_US")
print(json.dumps({"body": body, "status": described["importStatus"], "intents": [i["intentName"] for i in intents["intentSummaries"]]}))
`;
      const { stdout } = await run('python3', ['-c', script], { env: environment(), timeout: 30_000 });

      expect(JSON.parse(stdout)).toEqual({ body: 'RIFF', status: 'Completed', intents: ['Hello'] });
    },
  );
});
