import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { CreateBotCommand, LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, stepEnvironment, toneWav, type LocalAws } from '@edd/local-aws';

export const EXE = join(import.meta.dirname, '../../dist/connect-deploy.js');
export const DEV = { Environment: 'dev', AccountNumber: '658456346551' };
export const QA = { Environment: 'qa', AccountNumber: '640079793484' };
export const REGION = 'us-east-1';

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built executable acting in the environment's account (asynchronously: local-aws runs in-process). */
export async function connectDeploy(
  localAws: LocalAws,
  env: { Environment: string; AccountNumber: string },
  args: string[],
  extra: Record<string, string> = {},
): Promise<Outcome> {
  const environment = { ...(await stepEnvironment(localAws.url, { account: env.AccountNumber })), ...env, ...extra };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXE, ...args], { env: environment });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface AccountClients {
  connect: connect.ConnectClient;
  lex: LexModelsV2Client;
  s3: S3Client;
}

export async function clientsFor(localAws: LocalAws, account: string): Promise<AccountClients> {
  const config = await clientConfig(localAws.url, account, { region: REGION });
  return {
    connect: new connect.ConnectClient(config),
    lex: new LexModelsV2Client(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
  };
}

export async function admin(localAws: LocalAws, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${localAws.url}/_local/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`POST /_local/${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates an instance and waits until it is active. */
export async function createInstance(
  c: AccountClients,
  alias: string,
  identity: connect.DirectoryType = 'CONNECT_MANAGED',
): Promise<{ id: string; arn: string }> {
  const out = await c.connect.send(
    new connect.CreateInstanceCommand({
      InstanceAlias: alias,
      IdentityManagementType: identity,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    }),
  );
  for (let i = 0; i < 200; i++) {
    const d = await c.connect.send(new connect.DescribeInstanceCommand({ InstanceId: out.Id! }));
    if (d.Instance?.InstanceStatus === 'ACTIVE') return { id: out.Id!, arn: out.Arn! };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`instance ${alias} did not become active`);
}

/** Distinct audio per prompt. */
export const wav = toneWav;

/** What every environment has before connect-deploy runs: its instance, numbers, Lambdas, bots and prompt bucket. */
export interface Environment {
  clients: AccountClients;
  instance: { id: string; arn: string };
  phone: { id: string; arn: string };
  callbackPhone: { id: string; arn: string };
}

export async function prepareEnvironment(
  localAws: LocalAws,
  env: { Environment: string; AccountNumber: string },
  numbers: [string, string],
  identity?: connect.DirectoryType,
): Promise<Environment> {
  const clients = await clientsFor(localAws, env.AccountNumber);
  const instance = await createInstance(clients, `edd-${env.Environment}`, identity);
  const phone = await admin(localAws, 'connect/phone-numbers', {
    account: env.AccountNumber,
    region: REGION,
    instanceId: instance.id,
    phoneNumber: numbers[0],
    type: 'DID',
  });
  const callbackPhone = await admin(localAws, 'connect/phone-numbers', {
    account: env.AccountNumber,
    region: REGION,
    instanceId: instance.id,
    phoneNumber: numbers[1],
    type: 'TOLL_FREE',
  });
  await admin(localAws, 'lambda/functions', {
    account: env.AccountNumber,
    region: REGION,
    name: `edd-lookup-${env.Environment}`,
  });
  await clients.lex.send(
    new CreateBotCommand({
      botName: `EDDBot-${env.Environment}`,
      roleArn: `arn:aws:iam::${env.AccountNumber}:role/AWSServiceRoleForLexV2Bots_Common`,
      dataPrivacy: { childDirected: false },
      idleSessionTTLInSeconds: 300,
    }),
  );
  // A new bot comes with the TestBotAlias (TSTALIASID) on DRAFT, as in AWS; the flows use that alias.
  await clients.s3.send(new CreateBucketCommand({ Bucket: `edd-connect-prompts-${env.AccountNumber}` }));
  return { clients, instance, phone: idAndArn(phone), callbackPhone: idAndArn(callbackPhone) };
}

function idAndArn(answer: Record<string, unknown>): { id: string; arn: string } {
  const id = (answer.PhoneNumberId ?? answer.id) as string;
  const arn = (answer.PhoneNumberArn ?? answer.arn) as string;
  return { id, arn };
}

/** Every file of a directory with its bytes, by relative path. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
