import { ConnectClient, CreateInstanceCommand, DescribeInstanceCommand } from '@aws-sdk/client-connect';
import { CreateBotCommand, LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { LocalAws } from '../src/index.js';
import { admin, BASE_CREDENTIALS, type Credentials } from './support.js';

/** One attempt, like the other clients of the tests: what local-aws answers, not what the SDK's retries make of it. */
export function connectClient(
  localAws: LocalAws,
  { credentials = BASE_CREDENTIALS, region = 'us-east-1' }: { credentials?: Credentials; region?: string } = {},
): ConnectClient {
  return new ConnectClient({ endpoint: localAws.url, region, credentials, maxAttempts: 1 });
}

let aliasCounter = 0;

/** A fresh alias: aliases are unique across accounts, like the web addresses they name. */
export function uniqueAlias(prefix = 'edd-test'): string {
  aliasCounter += 1;
  return `${prefix}-${process.pid}-${aliasCounter}`;
}

/** Creates an instance and waits until it is ACTIVE; returns its id and ARN. */
export async function createActiveInstance(
  client: ConnectClient,
  alias = uniqueAlias(),
): Promise<{ id: string; arn: string }> {
  const { Id, Arn } = await client.send(
    new CreateInstanceCommand({
      IdentityManagementType: 'CONNECT_MANAGED',
      InstanceAlias: alias,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: false,
    }),
  );
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const described = await client
      .send(new DescribeInstanceCommand({ InstanceId: Id }))
      .catch((error: Error) => (error.name === 'ResourceNotFoundException' ? undefined : Promise.reject(error)));
    if (described?.Instance?.InstanceStatus === 'ACTIVE') return { id: Id as string, arn: Arn as string };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`instance ${Id} did not become ACTIVE`);
}

/** Puts an object into the caller's S3 bucket (created if needed), where CreatePrompt reads audio from. */
export async function putPromptObject(
  localAws: LocalAws,
  {
    credentials = BASE_CREDENTIALS,
    region = 'us-east-1',
    bucket,
    key,
    content,
  }: {
    credentials?: Credentials;
    region?: string;
    bucket: string;
    key: string;
    content: Buffer;
  },
): Promise<void> {
  const s3 = new S3Client({ endpoint: localAws.url, region, credentials, forcePathStyle: true, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: Error) => {
    if (error.name !== 'BucketAlreadyOwnedByYou') throw error;
  });
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
}

/** A Lambda function in the emulator's Lambda (seeded: local-aws runs no code); returns its ARN. */
export async function seedLambdaFunction(localAws: LocalAws, account: string, name: string, region = 'us-east-1') {
  const answer = await admin(localAws, 'POST', 'lambda/functions', { account, region, name });
  if (answer.status !== 200) throw new Error(`seeding Lambda ${name} failed: ${JSON.stringify(answer.body)}`);
  return (answer.body as { functionArn: string }).functionArn;
}

/** A Lex V2 bot in the emulator's Lex; returns the ARN of its test alias, which every bot has. */
export async function createLexBotAlias(
  localAws: LocalAws,
  { credentials = BASE_CREDENTIALS, region = 'us-east-1' }: { credentials?: Credentials; region?: string } = {},
): Promise<string> {
  const lex = new LexModelsV2Client({ endpoint: localAws.url, region, credentials, maxAttempts: 1 });
  const bot = await lex.send(
    new CreateBotCommand({
      botName: `EDDBot${Date.now()}`,
      roleArn: 'arn:aws:iam::318484875904:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Common',
      dataPrivacy: { childDirected: false },
      idleSessionTTLInSeconds: 300,
    }),
  );
  const caller = await new STSClient({ endpoint: localAws.url, region, credentials, maxAttempts: 1 }).send(
    new GetCallerIdentityCommand({}),
  );
  return `arn:aws:lex:${region}:${caller.Account}:bot-alias/${bot.botId}/TSTALIASID`;
}

/** A minimal valid WAV file: a RIFF header and a little silence. */
export function silentWav(samples = 800): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([header, Buffer.alloc(samples * 2)]);
}

/** Flow-language content: the given actions, starting at the first one. */
export function flowContent(actions: Record<string, unknown>[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2019-10-30', StartAction: actions[0]?.Identifier, Actions: actions, ...extra });
}

/** A flow that sets the target queue and transfers to it. */
export function queueTransferFlow(queueReference: string): string {
  return flowContent([
    {
      Identifier: 'set-queue',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: queueReference },
      Transitions: { NextAction: 'transfer', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
    },
    {
      Identifier: 'transfer',
      Type: 'TransferContactToQueue',
      Parameters: {},
      Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'QueueAtCapacity' }] },
    },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ]);
}
