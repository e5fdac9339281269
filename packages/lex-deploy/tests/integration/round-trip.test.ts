import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListBotsCommand as ListConnectBotsCommand, ListInstancesCommand } from '@aws-sdk/client-connect';
import { GetPolicyCommand } from '@aws-sdk/client-lambda';
import {
  DescribeBotAliasCommand,
  ListBotAliasesCommand,
  ListBotsCommand,
  UpdateBotAliasCommand,
} from '@aws-sdk/client-lex-models-v2';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ASSISTANT, QA_ASSISTANT, sampleBot, zipFiles } from '../fixtures/sample-bot.js';
import {
  DEV,
  FAST,
  QA,
  TIME_SCALE,
  clientsFor,
  createFunction,
  createInstance,
  lastSeq,
  lexDeploy,
  readTree,
  seedBot,
  type AccountClients,
} from './support.js';

const CONFIG = {
  botName: '${name}-${Environment}',
  connectInstanceAlias: 'edd-${Environment}',
  aliases: {
    live: { codeHooks: { en_US: 'edd-lex-fulfillment-${Environment}', es_US: 'edd-lex-fulfillment-${Environment}' } },
  },
  references: {
    KnowledgeAssistant: {
      dev: `arn:aws:wisdom:us-east-1:${DEV.AccountNumber}:assistant/${DEV_ASSISTANT}`,
      qa: `arn:aws:wisdom:us-east-1:${QA.AccountNumber}:assistant/${QA_ASSISTANT}`,
    },
    GrammarBucket: 'edd-lex-grammars-${AccountNumber}',
  },
  arnTemplates: ['arn:aws:kms:${Region}:${AccountNumber}:alias/*'],
};

let localAws: LocalAws;
let qa: AccountClients;
const work = mkdtempSync(join(tmpdir(), 'edd-lex-'));
const repoA = join(work, 'a');
const repoB = join(work, 'b');

function withConfig(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lex-deploy.json'), JSON.stringify(CONFIG, null, 2));
  return dir;
}

beforeAll(async () => {
  localAws = await startLocalAws({ timeScale: TIME_SCALE });
  const dev = await clientsFor(localAws, DEV.AccountNumber);
  qa = await clientsFor(localAws, QA.AccountNumber);
  await seedBot(
    dev,
    DEV.AccountNumber,
    zipFiles(sampleBot({ name: 'EDDBot-dev', account: DEV.AccountNumber })),
    'EDDBot-dev',
  );
  await createInstance(qa, 'edd-qa');
  await createFunction(localAws, QA.AccountNumber, 'edd-lex-fulfillment-qa');
});
afterAll(() => localAws?.close());

describe('export -> deploy into another account -> export', () => {
  it('gives identical files for a bot with two locales, and a re-deploy writes nothing', async () => {
    const exported = await lexDeploy(localAws, DEV, [
      'export',
      '--bot-name',
      'EDDBot-${Environment}',
      '--out',
      withConfig(repoA),
      ...FAST,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).not.toContain('warning');
    const askAnything = readFileSync(
      join(repoA, 'EDDBot/EDDBot/BotLocales/en_US/Intents/AskAnything/Intent.json'),
      'utf8',
    );
    expect(askAnything).toContain('"assistantArn": "${ref:KnowledgeAssistant}"');
    expect(askAnything).not.toContain('identifier');
    const grammar = readFileSync(
      join(repoA, 'EDDBot/EDDBot/BotLocales/en_US/SlotTypes/BranchCode/SlotType.json'),
      'utf8',
    );
    expect(grammar).toContain('"kmsKeyArn": "arn:aws:kms:${Region}:${AccountNumber}:alias/edd-lex"');
    expect(grammar).toContain('"s3BucketName": "${ref:GrammarBucket}"');

    const deployed = await lexDeploy(localAws, QA, ['deploy', '--source', join(repoA, 'EDDBot'), '--json', ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    const report = JSON.parse(deployed.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      bot: { name: 'EDDBot-qa' },
      botVersion: '1',
      imported: true,
      alias: { name: 'live' },
    });
    expect((report.locales as { localeId: string }[]).map((l) => l.localeId)).toEqual(['en_US', 'es_US']);
    const aliasArn = (report.alias as { arn: string }).arn;

    const policy = await qa.lambda.send(new GetPolicyCommand({ FunctionName: 'edd-lex-fulfillment-qa' }));
    expect(policy.Policy).toContain(aliasArn);
    const instances = await qa.connect.send(
      new ListConnectBotsCommand({ InstanceId: await instanceId(), LexVersion: 'V2' }),
    );
    expect(instances.LexBots?.map((b) => b.LexV2Bot?.AliasArn)).toEqual([aliasArn]);

    const since = lastSeq(localAws);
    const again = await lexDeploy(localAws, QA, ['deploy', '--source', join(repoA, 'EDDBot'), ...FAST]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^Plan: 0 to create, 0 to update, 0 to delete, \d+ unchanged\.$/m);
    expect(again.stderr).not.toMatch(/^Applying$/m);
    expect(
      localAws
        .calls({ account: QA.AccountNumber, since })
        .filter((c) => ['CreateUploadUrl', 'StartImport'].includes(c.operation)),
    ).toEqual([]);
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);

    const reexported = await lexDeploy(localAws, QA, [
      'export',
      '--bot-name',
      'EDDBot-qa',
      '--out',
      withConfig(repoB),
      ...FAST,
    ]);
    expect(reexported.code, reexported.stderr).toBe(0);
    expect(readTree(join(repoB, 'EDDBot'))).toEqual(readTree(join(repoA, 'EDDBot')));
  });

  it('keeps the conversation log settings of an alias it updates', async () => {
    const bot = (await qa.lex.send(new ListBotsCommand({}))).botSummaries!.find((b) => b.botName === 'EDDBot-qa')!;
    const alias = (await qa.lex.send(new ListBotAliasesCommand({ botId: bot.botId! }))).botAliasSummaries!.find(
      (a) => a.botAliasName === 'live',
    )!;
    const current = await qa.lex.send(
      new DescribeBotAliasCommand({ botId: bot.botId!, botAliasId: alias.botAliasId! }),
    );
    const logs = {
      textLogSettings: [
        {
          enabled: true,
          destination: {
            cloudWatch: {
              cloudWatchLogGroupArn: `arn:aws:logs:us-east-1:${QA.AccountNumber}:log-group:lex`,
              logPrefix: 'edd',
            },
          },
        },
      ],
    };
    await qa.lex.send(
      new UpdateBotAliasCommand({
        botId: bot.botId!,
        botAliasId: alias.botAliasId!,
        botAliasName: 'live',
        botVersion: current.botVersion!,
        botAliasLocaleSettings: current.botAliasLocaleSettings!,
        conversationLogSettings: logs,
        sentimentAnalysisSettings: { detectSentiment: true },
      }),
    );
    const changed = sampleBot({ name: 'EDDBot-dev', account: DEV.AccountNumber, variant: 2 });
    const archive = join(work, 'changed.zip');
    writeFileSync(archive, zipFiles(changed));
    writeFileSync(join(work, 'lex-deploy.json'), JSON.stringify(CONFIG));

    const deployed = await lexDeploy(localAws, QA, ['deploy', '--source', archive, '--json', ...FAST]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(JSON.parse(deployed.stdout)).toMatchObject({ bot: { name: 'EDDBot-qa' }, botVersion: '2', imported: true });
    const after = await qa.lex.send(new DescribeBotAliasCommand({ botId: bot.botId!, botAliasId: alias.botAliasId! }));
    expect(after.botVersion).toBe('2');
    expect(after.conversationLogSettings).toEqual(logs);
    expect(after.sentimentAnalysisSettings).toEqual({ detectSentiment: true });
    expect(after.botAliasLocaleSettings?.en_US?.codeHookSpecification?.lambdaCodeHook?.lambdaARN).toBe(
      `arn:aws:lambda:us-east-1:${QA.AccountNumber}:function:edd-lex-fulfillment-qa`,
    );
  });
});

async function instanceId(): Promise<string> {
  const list = await qa.connect.send(new ListInstancesCommand({}));
  return list.InstanceSummaryList!.find((i) => i.InstanceAlias === 'edd-qa')!.Id!;
}
