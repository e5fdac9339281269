import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConnectClient, CreateInstanceCommand, DescribeInstanceCommand } from '@aws-sdk/client-connect';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateUploadUrlCommand,
  DescribeImportCommand,
  LexModelsV2Client,
  StartImportCommand,
} from '@aws-sdk/client-lex-models-v2';
import { clientConfig, stepEnvironment, type LocalAws } from '@edd/local-aws';

export const EXE = join(import.meta.dirname, '../../dist/lex-deploy.js');
export const DEV = { Environment: 'dev', AccountNumber: '658456346551' };
export const QA = { Environment: 'qa', AccountNumber: '640079793484' };
export const SANDBOX = { Environment: 'sandbox1', AccountNumber: '559450564007' };
export const REGION = 'us-east-1';
/** Emulated time runs this many times faster: Lex's seconds of builds and imports pass in tens of milliseconds. */
export const TIME_SCALE = 50;
/** Short pauses between checks, to match the time scale. */
export const FAST = ['--poll-interval', '20'];

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Env = { Environment: string; AccountNumber: string };

/** Runs the built executable acting in the environment's account (asynchronously: local-aws runs in-process). */
export async function lexDeploy(localAws: LocalAws, env: Env, args: string[]): Promise<Outcome> {
  const environment = { ...(await stepEnvironment(localAws.url, { account: env.AccountNumber })), ...env };
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
  lex: LexModelsV2Client;
  connect: ConnectClient;
  lambda: LambdaClient;
}

export async function clientsFor(localAws: LocalAws, account: string): Promise<AccountClients> {
  const config = await clientConfig(localAws.url, account, { region: REGION });
  return { lex: new LexModelsV2Client(config), connect: new ConnectClient(config), lambda: new LambdaClient(config) };
}

export async function admin(localAws: LocalAws, path: string, body: unknown, method = 'POST'): Promise<unknown> {
  const response = await fetch(`${localAws.url}/_local/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${method} /_local/${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** What people build in the console: a bot imported straight into the account, as the Lex console would hold it. */
export async function seedBot(
  c: AccountClients,
  account: string,
  archive: Uint8Array,
  botName: string,
): Promise<string> {
  const { importId, uploadUrl } = await c.lex.send(new CreateUploadUrlCommand({}));
  const put = await fetch(uploadUrl!, { method: 'PUT', body: archive });
  if (!put.ok) throw new Error(`upload failed: ${put.status}`);
  await c.lex.send(
    new StartImportCommand({
      importId,
      mergeStrategy: 'FailOnConflict',
      resourceSpecification: {
        botImportSpecification: {
          botName,
          roleArn: `arn:aws:iam::${account}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Common`,
          dataPrivacy: { childDirected: false },
        },
      },
    }),
  );
  for (let i = 0; i < 400; i++) {
    const d = await c.lex.send(new DescribeImportCommand({ importId }));
    if (d.importStatus === 'Completed') return d.importedResourceId!;
    if (d.importStatus === 'Failed') throw new Error(`seeding ${botName} failed: ${d.failureReasons?.join('; ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`seeding ${botName} did not complete`);
}

/** A Connect instance of the account, active. */
export async function createInstance(c: AccountClients, alias: string): Promise<string> {
  const out = await c.connect.send(
    new CreateInstanceCommand({
      InstanceAlias: alias,
      IdentityManagementType: 'CONNECT_MANAGED',
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    }),
  );
  for (let i = 0; i < 400; i++) {
    const d = await c.connect.send(new DescribeInstanceCommand({ InstanceId: out.Id! }));
    if (d.Instance?.InstanceStatus === 'ACTIVE') return out.Id!;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`instance ${alias} did not become active`);
}

export async function createFunction(localAws: LocalAws, account: string, name: string): Promise<string> {
  const answer = (await admin(localAws, 'lambda/functions', { account, region: REGION, name })) as {
    functionArn: string;
  };
  return answer.functionArn;
}

/** The last sequence number of the call log, to ask for the calls made after it. */
export function lastSeq(localAws: LocalAws): number {
  return Math.max(0, ...localAws.calls().map((c) => c.seq));
}

/** Every file of a directory with its text, by relative path. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
