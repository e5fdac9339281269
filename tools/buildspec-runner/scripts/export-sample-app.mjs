#!/usr/bin/env node
// Writes examples/sample-app/connect/ and lex/ the way the export pipeline would: builds the dev contact center in
// local-aws as people build it in the consoles (the bot from the folder lex/EDDBot as it stands), then exports
// both. Run after a build of connect-deploy, lex-deploy and local-aws:
//   node tools/buildspec-runner/scripts/export-sample-app.mjs
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { LexModelsV2Client, ListBotAliasesCommand, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { credentialsFor, startLocalAws, stepEnvironment } from '@edd/local-aws';
import { buildContactCenter } from '@edd/test-support';
import { sampleApp } from './sample-app-spec.mjs';

const root = join(import.meta.dirname, '../../..');
const app = join(root, 'examples/sample-app');
const out = join(app, 'connect');
const DEV = { Environment: 'dev', AccountNumber: '658456346551' };
const REGION = 'us-east-1';

/** Runs a step executable acting in dev, asynchronously: local-aws answers from this very process. */
async function step(env, name, args) {
  const child = spawn(process.execPath, [join(root, `packages/${name}/dist/${name}.js`), ...args], {
    env,
    stdio: 'inherit',
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${name} ${args.join(' ')}: exit ${code}`);
}

const localAws = await startLocalAws({ quotas: false, timeScale: 20 });
try {
  const env = { ...(await stepEnvironment(localAws.url, { account: DEV.AccountNumber })), ...DEV };
  const keys = await credentialsFor(localAws.url, DEV.AccountNumber);
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
  const send = (command) => client.send(command);
  const s3 = new S3Client({ ...config, forcePathStyle: true });

  const created = await send(
    new connect.CreateInstanceCommand({
      InstanceAlias: 'edd-dev',
      IdentityManagementType: 'CONNECT_MANAGED',
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    }),
  );
  const InstanceId = created.Id;
  while ((await send(new connect.DescribeInstanceCommand({ InstanceId }))).Instance.InstanceStatus !== 'ACTIVE') {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const lambdaArn = `arn:aws:lambda:${REGION}:${DEV.AccountNumber}:function:edd-lookup-dev`;
  await fetch(`${localAws.url}/_local/lambda/functions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: DEV.AccountNumber, region: REGION, name: 'edd-lookup-dev' }),
  });
  await send(new connect.AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: lambdaArn }));
  await step(env, 'lex-deploy', ['deploy', '--source', join(app, 'lex/EDDBot'), '--poll-interval', '50']);
  const lex = new LexModelsV2Client(config);
  const botId = (await lex.send(new ListBotsCommand({}))).botSummaries.find((b) => b.botName === 'EDDBot-dev').botId;
  const aliasId = (await lex.send(new ListBotAliasesCommand({ botId }))).botAliasSummaries.find(
    (a) => a.botAliasName === 'live',
  ).botAliasId;
  const lexArn = `arn:aws:lex:${REGION}:${DEV.AccountNumber}:bot-alias/${botId}/${aliasId}`;

  await buildContactCenter(
    { connect: client, lex, s3, instanceId: InstanceId, account: DEV.AccountNumber, region: REGION },
    sampleApp(lambdaArn, lexArn),
  );

  // The repository keeps its rules and only the EDD resources; the stock ones come with every instance.
  const rules = readFileSync(join(out, 'connect-deploy.json'), 'utf8');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'connect-deploy.json'), rules);
  await step(env, 'connect-deploy', ['export', '--out', out]);
  await step(env, 'lex-deploy', ['export', '--bot-name', 'EDDBot-dev', '--out', join(app, 'lex')]);
} finally {
  await localAws.close();
}
