import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as connect from '@aws-sdk/client-connect';
import { ListBotAliasesCommand, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV, QA, REGION, admin, connectDeploy, prepareEnvironment, readTree, type Environment } from './support.js';

// Real-world content: the forms public flows take that a first version of the exporter let through. Each must become
// a reference (keeping its dynamic parts), or be reported on export and refused until the config maps it.
const FAST = ['--rate', '200', '--burst', '200', '--concurrency', '16'];
const KEYS = { dev: '1d0c2b3a-4958-4677-8866-a5b4c3d2e1f0', qa: '2e1d0c2b-3a49-4586-9778-b6c5d4e3f201' };
const TEMPLATES = { dev: '3f2e1d0c-2b3a-4495-8867-c7d6e5f40312', qa: '40312f2e-1d0c-42b3-a495-d8e7f6051423' };

let localAws: LocalAws;
let dev: Environment;
let qa: Environment;
const work = mkdtempSync(join(tmpdir(), 'edd-real-world-'));
const exportDev = join(work, 'dev');
const exportQa = join(work, 'qa');

function flow(account: string, env: 'dev' | 'qa'): string {
  const actions = [
    {
      Identifier: 'lookup',
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: `arn:aws:lambda:$.AwsRegion:${account}:function:edd-lookup-${env}`,
        InvocationTimeLimitSeconds: '3',
      },
      Transitions: { NextAction: 'audit', Errors: [{ NextAction: 'audit', ErrorType: 'NoMatchingError' }] },
    },
    {
      Identifier: 'audit',
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: `arn:aws:lambda:us-east-1:${account}:function:shared-audit`,
        InvocationTimeLimitSeconds: '3',
      },
      Transitions: { NextAction: 'card', Errors: [{ NextAction: 'card', ErrorType: 'NoMatchingError' }] },
    },
    {
      Identifier: 'card',
      Type: 'GetParticipantInput',
      Parameters: {
        Text: 'Please enter your card number',
        StoreInput: 'True',
        InputEncryption: { EncryptionKeyId: KEYS[env], Key: '-----BEGIN CERTIFICATE-----x' },
        InputValidation: { CustomValidation: { MaximumLength: '16' } },
      },
      Transitions: { NextAction: 'case', Errors: [{ NextAction: 'case', ErrorType: 'NoMatchingError' }] },
    },
    {
      Identifier: 'case',
      Type: 'CreateCase',
      Parameters: { CaseTemplateId: TEMPLATES[env], LinkContactToCase: 'true', CaseRequestFields: {} },
      Transitions: { NextAction: 'attrs', Errors: [{ NextAction: 'attrs', ErrorType: 'NoMatchingError' }] },
    },
    {
      Identifier: 'attrs',
      Type: 'UpdateContactAttributes',
      Parameters: {
        Attributes: {
          auditStream: `arn:aws:kinesis:us-east-1:${account}:stream/edd-audit`,
          accountId: account,
          queueName: '$.Attributes.queue',
        },
      },
      Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
    },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ];
  return JSON.stringify({ Version: '2019-10-30', StartAction: 'lookup', Actions: actions });
}

async function associate(e: Environment, account: string, env: string): Promise<void> {
  const InstanceId = e.instance.id;
  for (const name of [`edd-lookup-${env}`, 'shared-audit']) {
    await admin(localAws, 'lambda/functions', { account, region: REGION, name });
    if (env === 'dev')
      await e.clients.connect.send(
        new connect.AssociateLambdaFunctionCommand({
          InstanceId,
          FunctionArn: `arn:aws:lambda:${REGION}:${account}:function:${name}`,
        }),
      );
  }
  if (env !== 'dev') return;
  const bots = await e.clients.lex.send(new ListBotsCommand({}));
  const botId = bots.botSummaries!.find((b) => b.botName === `EDDBot-${env}`)!.botId!;
  const aliases = await e.clients.lex.send(new ListBotAliasesCommand({ botId }));
  const aliasId = aliases.botAliasSummaries![0]!.botAliasId!;
  await e.clients.connect.send(
    new connect.AssociateBotCommand({
      InstanceId,
      LexV2Bot: { AliasArn: `arn:aws:lex:${REGION}:${account}:bot-alias/${botId}/${aliasId}` },
    }),
  );
}

async function flowContent(e: Environment): Promise<string> {
  const list = await e.clients.connect.send(
    new connect.ListContactFlowsCommand({ InstanceId: e.instance.id, MaxResults: 1000 }),
  );
  const id = list.ContactFlowSummaryList!.find((f) => f.Name === 'EDD Secure Input')!.Id!;
  const described = await e.clients.connect.send(
    new connect.DescribeContactFlowCommand({ InstanceId: e.instance.id, ContactFlowId: id }),
  );
  return described.ContactFlow!.Content!;
}

/** The problem lines of a refusal, without the heading (which names the verb). */
function problemLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /^\s*error:\s+\S/.test(l) && l.includes('flows/'))
    .map((l) => l.replace(/^\s*error:\s+/, '').trim())
    .sort();
}

beforeAll(async () => {
  localAws = await startLocalAws({ quotas: false });
  dev = await prepareEnvironment(localAws, DEV, ['+18005550100', '+18005550101']);
  qa = await prepareEnvironment(localAws, QA, ['+18005550200', '+18005550201']);
  await associate(dev, DEV.AccountNumber, 'dev');
  await associate(qa, QA.AccountNumber, 'qa');
  await dev.clients.connect.send(
    new connect.CreateContactFlowCommand({
      InstanceId: dev.instance.id,
      Name: 'EDD Secure Input',
      Type: 'CONTACT_FLOW',
      Content: flow(DEV.AccountNumber, 'dev'),
    }),
  );
}, 120_000);
afterAll(() => localAws?.close());

describe('real-world content', () => {
  it('infers the rules on a first export and reports what is not portable', async () => {
    const exported = await connectDeploy(localAws, DEV, [
      'export',
      '--out',
      exportDev,
      '--instance-alias',
      'edd-dev',
      '--include',
      '^flows/EDD',
      ...FAST,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(exportDev, 'connect-deploy.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toEqual({
      instanceAlias: 'edd-${Environment}',
      lambdaFunctionName: '${name}-${Environment}',
      lexBotName: '${name}-${Environment}',
      promptBucket: 'edd-connect-prompts-${AccountNumber}',
    });
    expect(exported.stderr).toContain('inferred lambdaFunctionName "${name}-${Environment}" from edd-lookup-dev');
    expect(JSON.parse(readFileSync(join(exportDev, 'instance.json'), 'utf8'))).toMatchObject({
      InstanceAlias: 'edd-${Environment}',
    });

    const file = JSON.parse(readFileSync(join(exportDev, 'flows/EDD+Secure+Input.json'), 'utf8')) as {
      Content: { Actions: { Parameters: Record<string, unknown> }[] };
    };
    const [lookup, audit, card, createCase, attrs] = file.Content.Actions.map((a) => a.Parameters);
    expect(lookup!.LambdaFunctionARN).toEqual({ $ref: 'lambda', function: 'edd-lookup', region: '$.AwsRegion' });
    expect(audit!.LambdaFunctionARN).toEqual({ $ref: 'lambda', name: 'shared-audit' });
    expect(card!.InputEncryption).toMatchObject({
      EncryptionKeyId: { $ref: 'unmapped', kind: 'security key', value: KEYS.dev },
    });
    expect(createCase!.CaseTemplateId).toEqual({ $ref: 'unmapped', kind: 'Cases template', value: TEMPLATES.dev });
    expect(attrs!.Attributes).toEqual({
      auditStream: {
        $ref: 'unmapped',
        kind: 'kinesis resource',
        value: `arn:aws:kinesis:us-east-1:${DEV.AccountNumber}:stream/edd-audit`,
      },
      accountId: { $ref: 'unmapped', kind: 'account-specific value', value: DEV.AccountNumber },
      queueName: '$.Attributes.queue',
    });
    expect(exported.stderr.match(/warning: .*environmentValues/g)).toHaveLength(4);
  });

  it('refuses the unmapped values the same way in validate and in deploy --dry-run, writing nothing', async () => {
    const validated = await connectDeploy(localAws, DEV, ['validate', '--source', exportDev]);
    expect(validated.code, validated.stderr).toBe(3);
    const since = Math.max(0, ...localAws.calls().map((c) => c.seq));
    const planned = await connectDeploy(localAws, QA, ['deploy', '--dry-run', '--source', exportDev, ...FAST]);
    expect(planned.code, planned.stderr).toBe(3);
    expect(problemLines(validated.stderr)).toHaveLength(4);
    expect(problemLines(planned.stderr)).toEqual(problemLines(validated.stderr));
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
  });

  it('round-trips once the config maps them: nothing of Dev remains in QA, and a redeploy writes nothing', async () => {
    const configFile = join(exportDev, 'connect-deploy.json');
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    config.include = ['^flows/EDD'];
    config.environmentValues = {
      auditStream: 'arn:aws:kinesis:${Region}:${AccountNumber}:stream/edd-audit',
      accountId: '${AccountNumber}',
      caseTemplate: TEMPLATES,
      chatKey: KEYS,
    };
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    const exported = await connectDeploy(localAws, DEV, ['export', '--out', exportDev, ...FAST]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).not.toContain('warning');
    const text = readFileSync(join(exportDev, 'flows/EDD+Secure+Input.json'), 'utf8');
    expect(text).not.toContain(DEV.AccountNumber);
    const card = (JSON.parse(text) as { Content: { Actions: { Parameters: Record<string, unknown> }[] } }).Content
      .Actions[2]!.Parameters;
    expect(card.InputEncryption).toMatchObject({ EncryptionKeyId: { $ref: 'value', name: 'chatKey' } });

    const validated = await connectDeploy(localAws, DEV, ['validate', '--source', exportDev]);
    expect(validated.code, validated.stderr).toBe(0);
    const deployed = await connectDeploy(localAws, QA, ['deploy', '--source', exportDev, ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);

    const content = await flowContent(qa);
    expect(content).not.toContain(DEV.AccountNumber);
    expect(content).not.toContain(KEYS.dev);
    expect(content).not.toContain(TEMPLATES.dev);
    const actions = (JSON.parse(content) as { Actions: { Parameters: Record<string, unknown> }[] }).Actions;
    expect(actions[0]!.Parameters.LambdaFunctionARN).toBe(
      `arn:aws:lambda:$.AwsRegion:${QA.AccountNumber}:function:edd-lookup-qa`,
    );
    expect(actions[1]!.Parameters.LambdaFunctionARN).toBe(
      `arn:aws:lambda:us-east-1:${QA.AccountNumber}:function:shared-audit`,
    );
    expect(actions[2]!.Parameters.InputEncryption).toMatchObject({ EncryptionKeyId: KEYS.qa });
    expect(actions[3]!.Parameters.CaseTemplateId).toBe(TEMPLATES.qa);
    expect(actions[4]!.Parameters.Attributes).toEqual({
      auditStream: `arn:aws:kinesis:us-east-1:${QA.AccountNumber}:stream/edd-audit`,
      accountId: QA.AccountNumber,
      queueName: '$.Attributes.queue',
    });

    const since = Math.max(0, ...localAws.calls().map((c) => c.seq));
    const again = await connectDeploy(localAws, QA, ['deploy', '--source', exportDev, ...FAST]);
    expect(again.code, again.stderr).toBe(0);
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);

    mkdirSync(exportQa, { recursive: true });
    writeFileSync(join(exportQa, 'connect-deploy.json'), readFileSync(configFile));
    const reexported = await connectDeploy(localAws, QA, ['export', '--out', exportQa, ...FAST]);
    expect(reexported.code, reexported.stderr).toBe(0);
    expect(readTree(exportQa)).toEqual(readTree(exportDev));
  });
});
