import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBotAliasCommand,
  DescribeBotAliasCommand,
  ListBotAliasesCommand,
  ListBotVersionsCommand,
  ListBotsCommand,
} from '@aws-sdk/client-lex-models-v2';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBot, writeFolder, zipFiles } from '../fixtures/sample-bot.js';
import { DEV, FAST, QA, TIME_SCALE, admin, clientsFor, lastSeq, lexDeploy, type AccountClients } from './support.js';

const RULES = {
  botName: '${name}-${Environment}',
  references: {
    KnowledgeAssistant: {
      dev: `arn:aws:wisdom:us-east-1:${DEV.AccountNumber}:assistant/11111111-2222-4333-8444-555555555555`,
      qa: `arn:aws:wisdom:us-east-1:${QA.AccountNumber}:assistant/66666666-7777-4888-9999-000000000000`,
    },
    GrammarBucket: 'edd-lex-grammars-${AccountNumber}',
  },
  arnTemplates: ['arn:aws:kms:${Region}:${AccountNumber}:alias/*'],
};

let localAws: LocalAws;
let qa: AccountClients;
const work = mkdtempSync(join(tmpdir(), 'edd-lex-behaviour-'));

/** A repository folder holding the bot as the console exported it from dev, and the rules. */
function repository(name: string, options: { variant?: number; rules?: object } = {}): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'lex-deploy.json'), JSON.stringify(options.rules ?? RULES));
  writeFolder(join(dir, name), sampleBot({ name, account: DEV.AccountNumber, variant: options.variant }));
  return join(dir, name);
}

async function botId(name: string): Promise<string | undefined> {
  const bots = await qa.lex.send(
    new ListBotsCommand({ filters: [{ name: 'BotName', values: [name], operator: 'EQ' }] }),
  );
  return bots.botSummaries?.[0]?.botId;
}

beforeAll(async () => {
  localAws = await startLocalAws({ timeScale: TIME_SCALE });
  qa = await clientsFor(localAws, QA.AccountNumber);
});
afterAll(() => localAws?.close());

describe('deploy', () => {
  it('fails with exit 4 and the reasons of a locale whose build fails', async () => {
    await admin(localAws, 'lex/build-failures', {
      botName: 'Failing-qa',
      localeId: 'es_US',
      reasons: ["Slot type 'AccountType' has no values for es_US"],
    });
    const source = repository('Failing');
    const outcome = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--json', ...FAST]);
    expect(outcome.code, outcome.stderr).toBe(4);
    expect(outcome.stderr).toMatch(/build of es_US of bot Failing-qa failed/);
    expect(outcome.stderr).toContain("es_US: Slot type 'AccountType' has no values for es_US");
    expect(JSON.parse(outcome.stdout)).toMatchObject({ exitCode: 4 });
    const id = await botId('Failing-qa');
    expect(
      (await qa.lex.send(new ListBotAliasesCommand({ botId: id! }))).botAliasSummaries?.map((a) => a.botAliasName),
    ).toEqual(['TestBotAlias']);
  });

  it('prunes versions beyond --keep-versions but keeps the ones aliases use', async () => {
    const deploy = async (variant: number) => {
      const outcome = await lexDeploy(localAws, QA, [
        'deploy',
        '--source',
        repository('Pruned', { variant }),
        '--keep-versions',
        '2',
        ...FAST,
      ]);
      expect(outcome.code, outcome.stderr).toBe(0);
    };
    await deploy(1);
    const id = (await botId('Pruned-qa'))!;
    await qa.lex.send(new CreateBotAliasCommand({ botId: id, botAliasName: 'pinned', botVersion: '1' }));
    for (const variant of [2, 3, 4, 5]) await deploy(variant);

    const versions = await qa.lex.send(new ListBotVersionsCommand({ botId: id }));
    expect(versions.botVersionSummaries?.map((v) => v.botVersion)).toEqual(['DRAFT', '1', '4', '5']);
    const aliases = (await qa.lex.send(new ListBotAliasesCommand({ botId: id }))).botAliasSummaries!;
    const live = aliases.find((a) => a.botAliasName === 'live')!;
    expect(
      (await qa.lex.send(new DescribeBotAliasCommand({ botId: id, botAliasId: live.botAliasId! }))).botVersion,
    ).toBe('5');
  });

  it('refuses a source that still names the source account with exit 3 and makes no write', async () => {
    const source = repository('Leftover', {
      rules: { botName: RULES.botName, references: { GrammarBucket: RULES.references.GrammarBucket } },
    });
    const since = lastSeq(localAws);
    const outcome = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--json', ...FAST]);
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(outcome.stderr).toContain(
      'Leftover/BotLocales/en_US/Intents/AskAnything/Intent.json $.qInConnectIntentConfiguration.qInConnectAssistantConfiguration.assistantArn',
    );
    expect(outcome.stderr).toContain('names the account 658456346551 (Dev)');
    expect(outcome.stderr).toContain('$.externalSourceSetting.grammarSlotTypeSetting.source.kmsKeyArn');
    const report = JSON.parse(outcome.stdout) as { problems: { path: string }[] };
    expect(report.problems.map((p) => p.path)).toHaveLength(2);
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
  });

  it('refuses a corrupt zip and a zip without a manifest with exit 3', async () => {
    const corrupt = join(work, 'corrupt.zip');
    writeFileSync(corrupt, Buffer.from('PK\u0003\u0004 this is not really a zip archive'));
    const outcome = await lexDeploy(localAws, QA, ['deploy', '--source', corrupt, ...FAST]);
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(outcome.stderr).toContain('corrupt.zip cannot be read: it is not a valid zip archive');

    const files = sampleBot({ name: 'NoManifest', account: DEV.AccountNumber });
    files.delete('Manifest.json');
    const bare = join(work, 'bare.zip');
    writeFileSync(bare, zipFiles(files));
    const missing = await lexDeploy(localAws, QA, ['deploy', '--source', bare, ...FAST]);
    expect(missing.code, missing.stderr).toBe(3);
    expect(missing.stderr).toContain('bare.zip is not a LexJson bot: it has no Manifest.json');
  });

  it('refuses a bot whose utterance names a slot the intent lacks, before any call to Lex', async () => {
    const dir = join(work, 'broken');
    writeFolder(join(dir, 'Broken'), sampleBot({ name: 'Broken', account: QA.AccountNumber, brokenUtterance: true }));
    const since = lastSeq(localAws);
    const outcome = await lexDeploy(localAws, QA, ['deploy', '--source', join(dir, 'Broken'), ...FAST]);
    expect(outcome.code, outcome.stderr).toBe(3);
    expect(outcome.stderr).toContain(
      'Intents/Transfer/Intent.json $.sampleUtterances[0].utterance: refers to {Amount}, which is not a slot of the intent',
    );
    expect(localAws.calls({ service: 'lex', since })).toEqual([]);
  });

  it('checks the status of the archive upload, asking for a new URL for each try', async () => {
    localAws.setFaults([{ service: 's3', errorRate: 1 }]);
    try {
      const since = lastSeq(localAws);
      const outcome = await lexDeploy(localAws, QA, ['deploy', '--source', repository('Uploaded'), ...FAST]);
      expect(outcome.code, outcome.stderr).toBe(4);
      expect(outcome.stderr).toMatch(/upload of the bot archive of Uploaded-qa failed: HTTP 500 InternalError/);
      expect(localAws.calls({ operation: 'CreateUploadUrl', since })).toHaveLength(3);
      expect(localAws.calls({ operation: 'StartImport', since })).toEqual([]);
    } finally {
      localAws.setFaults([]);
    }
  });

  it('stops before any write when a code hook function is missing (exit 3) or the Connect instance is unknown (exit 2)', async () => {
    const since = lastSeq(localAws);
    const rules = { ...RULES, aliases: { live: { codeHooks: { en_US: 'edd-missing-${Environment}' } } } };
    const hook = await lexDeploy(localAws, QA, ['deploy', '--source', repository('Hooked', { rules }), ...FAST]);
    expect(hook.code, hook.stderr).toBe(3);
    expect(hook.stderr).toContain(
      `Lambda function arn:aws:lambda:us-east-1:${QA.AccountNumber}:function:edd-missing-qa: does not exist in the target account`,
    );
    const instance = await lexDeploy(localAws, QA, [
      'deploy',
      '--source',
      repository('Associated'),
      '--connect-instance-alias',
      'edd-${Environment}',
      ...FAST,
    ]);
    expect(instance.code, instance.stderr).toBe(2);
    expect(instance.stderr).toContain("no Connect instance with the alias 'edd-qa' in the target account");
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
  });

  it('exports nothing for a bot that does not exist (exit 2)', async () => {
    const outcome = await lexDeploy(localAws, QA, [
      'export',
      '--bot-name',
      'Nowhere',
      '--out',
      join(work, 'exports'),
      ...FAST,
    ]);
    expect(outcome.code, outcome.stderr).toBe(2);
    expect(outcome.stderr).toContain("no Lex V2 bot named 'Nowhere' in qa/640079793484");
  });

  it('shows the plan of a dry run and writes nothing', async () => {
    const source = repository('Planned');
    const since = lastSeq(localAws);
    const outcome = await lexDeploy(localAws, QA, ['deploy', '--source', source, '--dry-run', '--json', ...FAST]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stderr).toMatch(/^\+ bot "Planned-qa"$/m);
    expect(outcome.stderr).toMatch(/^\+ bot version "\(new version\)"\n {4}import, build en_US, es_US, then version$/m);
    expect(outcome.stderr).toMatch(/^\+ alias "live"$/m);
    expect(outcome.stderr).not.toMatch(/^Applying$/m);
    expect(JSON.parse(outcome.stdout)).toMatchObject({
      dryRun: true,
      plan: {
        step: 'lex-deploy',
        subject: 'bot Planned-qa',
        resources: expect.arrayContaining([
          {
            kind: 'bot version',
            name: '(new version)',
            action: 'create',
            note: 'import, build en_US, es_US, then version',
          },
          expect.objectContaining({ kind: 'alias', name: 'live', action: 'create' }),
        ]) as unknown,
      },
    });
    expect(localAws.calls({ account: QA.AccountNumber, write: true, since })).toEqual([]);
    expect(await botId('Planned-qa')).toBeUndefined();
  });
});
