import { registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import { canonicalDocument, neutralBot, targetBot } from '../../src/model/normalize.js';
import { EnvironmentRules, type RuleEnvironment } from '../../src/model/rules.js';
import { DEV_ASSISTANT, sampleBot } from '../fixtures/sample-bot.js';
import { sourceOf } from '../fixtures/trees.js';

const DEV = '658456346551';
const QA = '640079793484';
const env = (name: string, account: string): RuleEnvironment => ({
  values: { Environment: name, AccountNumber: account, Region: 'us-east-1' },
  record: registry.findByAccount(account)!,
});
const rules = new EnvironmentRules(
  {
    references: {
      Assistant: {
        dev: `arn:aws:wisdom:us-east-1:${DEV}:assistant/${DEV_ASSISTANT}`,
        qa: `arn:aws:wisdom:us-east-1:${QA}:assistant/x`,
      },
      Bucket: 'edd-lex-grammars-${AccountNumber}',
    },
    arnTemplates: ['arn:aws:kms:${Region}:${AccountNumber}:alias/*'],
  },
  registry.records,
);
const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

describe('canonicalDocument', () => {
  it("drops the ids, the exported version and null settings, but keeps a locale's identifier", () => {
    expect(canonicalDocument('Bot.json', { name: 'B', identifier: 'X', version: '3', description: null })).toEqual({
      name: 'B',
    });
    expect(
      canonicalDocument('BotLocales/en_US/BotLocale.json', { identifier: 'en_US', version: null, name: 'English' }),
    ).toEqual({
      identifier: 'en_US',
      name: 'English',
    });
    expect(
      canonicalDocument('BotLocales/en_US/Intents/A/Intent.json', { name: 'A', identifier: 'ID', x: { y: null } }),
    ).toEqual({ name: 'A', x: {} });
  });
});

describe('neutralBot', () => {
  it('gives the same files for the same content exported from two environments, whatever the ids', () => {
    const fromDev = neutralBot(sourceOf(sampleBot({ name: 'EDDBot-dev', account: DEV })), {
      name: 'EDDBot',
      rules,
      environment: env('dev', DEV),
    });
    const fromQa = neutralBot(sourceOf(sampleBot({ name: 'EDDBot-qa', account: QA, assistantId: 'x' })), {
      name: 'EDDBot',
      rules,
      environment: env('qa', QA),
    });
    expect(fromDev.warnings).toEqual([]);
    expect([...fromDev.tree.keys()]).toEqual([...fromQa.tree.keys()]);
    for (const [path, data] of fromDev.tree) expect(text(fromQa.tree.get(path)), path).toBe(text(data));
    expect(text(fromDev.tree.get('EDDBot/Bot.json'))).toBe(
      '{\n  "dataPrivacy": {\n    "childDirected": false\n  },\n  "description": "EDD contact center assistant",\n  "idleSessionTTLInSeconds": 300,\n  "name": "EDDBot"\n}\n',
    );
  });

  it('warns about strings that still name the source account', () => {
    const { warnings } = neutralBot(sourceOf(sampleBot({ name: 'EDDBot', account: DEV })), {
      name: 'EDDBot',
      rules: new EnvironmentRules({}, registry.records),
      environment: env('dev', DEV),
    });
    expect(warnings.map((w) => `${w.file} ${w.path}`)).toEqual([
      'EDDBot/BotLocales/en_US/Intents/AskAnything/Intent.json $.qInConnectIntentConfiguration.qInConnectAssistantConfiguration.assistantArn',
      'EDDBot/BotLocales/en_US/SlotTypes/BranchCode/SlotType.json $.externalSourceSetting.grammarSlotTypeSetting.source.kmsKeyArn',
      'EDDBot/BotLocales/en_US/SlotTypes/BranchCode/SlotType.json $.externalSourceSetting.grammarSlotTypeSetting.source.s3BucketName',
    ]);
  });
});

describe('targetBot', () => {
  it("names the bot for the target, gives stable made-up ids, and writes the target's values", () => {
    const source = sourceOf(sampleBot({ name: 'EDDBot-dev', account: DEV }));
    const first = targetBot(source, { name: 'EDDBot-qa', rules, environment: env('qa', QA) });
    const again = targetBot(sourceOf(sampleBot({ name: 'EDDBot-dev', account: DEV })), {
      name: 'EDDBot-qa',
      rules,
      environment: env('qa', QA),
    });
    expect(first.problems).toEqual([]);
    expect([...first.tree].map(([p, d]) => [p, text(d)])).toEqual([...again.tree].map(([p, d]) => [p, text(d)]));
    const bot = JSON.parse(text(first.tree.get('EDDBot-qa/Bot.json'))) as Record<string, unknown>;
    expect(bot).toMatchObject({ name: 'EDDBot-qa', version: 'DRAFT' });
    expect(bot.identifier).toMatch(/^[0-9A-Z]{10}$/);
    const intent = text(first.tree.get('EDDBot-qa/BotLocales/en_US/Intents/AskAnything/Intent.json'));
    expect(intent).toContain(`arn:aws:wisdom:us-east-1:${QA}:assistant/x`);
    expect(JSON.parse(intent)).toMatchObject({ identifier: expect.stringMatching(/^[0-9A-Z]{10}$/) });
    expect(JSON.parse(text(first.tree.get('EDDBot-qa/BotLocales/en_US/BotLocale.json')))).toMatchObject({
      identifier: 'en_US',
    });
  });

  it('reports each string that names another account with its file and path', () => {
    const source = sourceOf(sampleBot({ name: 'EDDBot', account: DEV }), 'lex/EDDBot');
    const { problems } = targetBot(source, {
      name: 'EDDBot',
      rules: new EnvironmentRules({}, registry.records),
      environment: env('qa', QA),
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toEqual({
      file: 'lex/EDDBot/EDDBot/BotLocales/en_US/Intents/AskAnything/Intent.json',
      path: '$.qInConnectIntentConfiguration.qInConnectAssistantConfiguration.assistantArn',
      message: `arn:aws:wisdom:us-east-1:${DEV}:assistant/${DEV_ASSISTANT} names the account ${DEV} (Dev)`,
    });
  });
});

describe('files lex-deploy does not model', () => {
  it('keep every field, nulls too, in export and in the archive for the target (keys sorted)', () => {
    const source = sourceOf(sampleBot({ name: 'EDDBot-dev', account: DEV, conversationFlows: true }));
    const path = 'BotLocales/en_US/Intents/CheckBalance/ConversationFlow.json';
    const original = JSON.parse(
      sampleBot({ name: 'EDDBot-dev', account: DEV, conversationFlows: true }).get(`EDDBot-dev/${path}`)!,
    ) as unknown;
    const neutral = neutralBot(source, { name: 'EDDBot', rules, environment: env('dev', DEV) });
    const written = text(neutral.tree.get(`EDDBot/${path}`));
    expect(JSON.parse(written)).toEqual(original);
    expect(written).toContain('"label": null');
    const fromGit = sourceOf(new Map([...neutral.tree].map(([p, d]) => [p, text(d)])));
    const target = targetBot(fromGit, { name: 'EDDBot-qa', rules, environment: env('qa', QA) });
    expect(text(target.tree.get(`EDDBot-qa/${path}`))).toBe(written);
  });
});
