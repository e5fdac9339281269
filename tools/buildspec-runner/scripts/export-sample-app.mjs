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
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { credentialsFor, startLocalAws, stepEnvironment, toneWav } from '@edd/local-aws';

const root = join(import.meta.dirname, '../../..');
const app = join(root, 'examples/sample-app');
const out = join(app, 'connect');
const DEV = { Environment: 'dev', AccountNumber: '658456346551' };
const REGION = 'us-east-1';

const flow = (actions, positions = {}) =>
  JSON.stringify({
    Version: '2019-10-30',
    StartAction: actions[0].Identifier,
    Metadata: { entryPointPosition: { x: 40, y: 40 }, ActionMetadata: positions },
    Actions: actions,
  });

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

  const bucket = `edd-connect-prompts-${DEV.AccountNumber}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'console/welcome.wav', Body: toneWav(0, 4000) }));
  const welcome = await send(
    new connect.CreatePromptCommand({
      InstanceId,
      Name: 'EDD Welcome',
      Description: 'Greeting played to every caller',
      S3Uri: `s3://${bucket}/console/welcome.wav`,
    }),
  );
  const hours = await send(
    new connect.CreateHoursOfOperationCommand({
      InstanceId,
      Name: 'EDD Business Hours',
      Description: 'Weekdays, Pacific time',
      TimeZone: 'America/Los_Angeles',
      Config: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((Day) => ({
        Day,
        StartTime: { Hours: 8, Minutes: 0 },
        EndTime: { Hours: 17, Minutes: 0 },
      })),
    }),
  );
  const customerQueue = await send(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Customer Queue',
      Type: 'CUSTOMER_QUEUE',
      Description: 'What callers hear while they wait',
      Content: flow([
        {
          Identifier: 'hold',
          Type: 'MessageParticipantIteratively',
          Parameters: { Messages: [{ Text: 'Thank you for waiting. An agent will be with you shortly.' }] },
          Transitions: {},
        },
      ]),
    }),
  );
  const queueTransfer = await send(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Queue Transfer',
      Type: 'QUEUE_TRANSFER',
      Content: flow([
        { Identifier: 'transfer', Type: 'TransferContactToQueue', Parameters: {}, Transitions: { NextAction: 'end' } },
        { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ]),
    }),
  );
  const general = await send(
    new connect.CreateQueueCommand({
      InstanceId,
      Name: 'EDD General',
      Description: 'Everything that is not about a claim',
      HoursOfOperationId: hours.HoursOfOperationId,
      MaxContacts: 100,
    }),
  );
  const claims = await send(
    new connect.CreateQueueCommand({
      InstanceId,
      Name: 'EDD Claims',
      Description: 'Unemployment, disability and paid family leave claims',
      HoursOfOperationId: hours.HoursOfOperationId,
      MaxContacts: 50,
    }),
  );
  await send(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Main Inbound',
      Type: 'CONTACT_FLOW',
      Description: 'Entry point of the EDD phone line',
      Content: flow(
        [
          {
            Identifier: 'welcome',
            Type: 'MessageParticipant',
            Parameters: { PromptId: welcome.PromptARN },
            Transitions: { NextAction: 'lookup', Errors: [{ NextAction: 'lookup', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'lookup',
            Type: 'InvokeLambdaFunction',
            Parameters: { LambdaFunctionARN: lambdaArn, InvocationTimeLimitSeconds: '3' },
            Transitions: {
              NextAction: 'hold-music',
              Errors: [{ NextAction: 'hold-music', ErrorType: 'NoMatchingError' }],
            },
          },
          {
            Identifier: 'menu',
            Type: 'ConnectParticipantWithLexBot',
            Parameters: { Text: 'How can we help you today?', LexV2Bot: { AliasArn: lexArn } },
            Transitions: {
              NextAction: 'general',
              Conditions: [{ NextAction: 'claims', Condition: { Operator: 'Equals', Operands: ['CheckClaimStatus'] } }],
              Errors: [
                { NextAction: 'general', ErrorType: 'NoMatchingCondition' },
                { NextAction: 'general', ErrorType: 'NoMatchingError' },
              ],
            },
          },
          {
            Identifier: 'claims',
            Type: 'UpdateContactTargetQueue',
            Parameters: { QueueId: claims.QueueArn },
            Transitions: { NextAction: 'hours', Errors: [{ NextAction: 'general', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'hold-music',
            Type: 'UpdateContactEventHooks',
            Parameters: { EventHooks: { CustomerQueue: customerQueue.ContactFlowArn } },
            Transitions: { NextAction: 'menu', Errors: [{ NextAction: 'menu', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'hours',
            Type: 'CheckHoursOfOperation',
            Parameters: { HoursOfOperationId: hours.HoursOfOperationArn },
            Transitions: {
              NextAction: 'closed',
              Conditions: [{ NextAction: 'transfer', Condition: { Operator: 'Equals', Operands: ['True'] } }],
              Errors: [{ NextAction: 'closed', ErrorType: 'NoMatchingError' }],
            },
          },
          {
            Identifier: 'general',
            Type: 'UpdateContactTargetQueue',
            Parameters: { QueueId: general.QueueArn },
            Transitions: { NextAction: 'hours', Errors: [{ NextAction: 'closed', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'transfer',
            Type: 'TransferContactToQueue',
            Parameters: {},
            Transitions: { NextAction: 'closed', Errors: [{ NextAction: 'closed', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'closed',
            Type: 'MessageParticipant',
            Parameters: { Text: 'We are closed. Please call again during business hours.' },
            Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
          },
          { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
        ],
        {
          welcome: {
            position: { x: 200, y: 40 },
            audio: [{ type: 'Prompt', prompt: { id: welcome.PromptARN, text: 'EDD Welcome' } }],
          },
          general: { position: { x: 900, y: 40 }, queue: { id: general.QueueArn, text: 'EDD General' } },
        },
      ),
    }),
  );
  const claimsTransfer = await send(
    new connect.CreateQuickConnectCommand({
      InstanceId,
      Name: 'EDD Claims Transfer',
      Description: 'Hand a caller over to the claims team',
      QuickConnectConfig: {
        QuickConnectType: 'QUEUE',
        QueueConfig: { QueueId: claims.QueueId, ContactFlowId: queueTransfer.ContactFlowId },
      },
    }),
  );
  await send(
    new connect.AssociateQueueQuickConnectsCommand({
      InstanceId,
      QueueId: general.QueueId,
      QuickConnectIds: [claimsTransfer.QuickConnectId],
    }),
  );
  await send(
    new connect.CreateRoutingProfileCommand({
      InstanceId,
      Name: 'EDD Agents',
      Description: 'Agents answering the EDD line',
      DefaultOutboundQueueId: general.QueueId,
      MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
      QueueConfigs: [general, claims].map((queue, i) => ({
        QueueReference: { QueueId: queue.QueueId, Channel: 'VOICE' },
        Priority: i + 1,
        Delay: 0,
      })),
    }),
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
