import { describe, expect, it } from 'vitest';
import { placeOf, readBotSource, validateBotSource } from '../../src/model/bot-source.js';
import { sampleBot } from '../fixtures/sample-bot.js';
import { editJson, sourceOf, treeOf } from '../fixtures/trees.js';

const ACCOUNT = '640079793484';

describe('placeOf', () => {
  it('names what each file of a bot folder holds', () => {
    expect(placeOf('Bot.json')).toEqual({ kind: 'bot' });
    expect(placeOf('BotLocales/en_US/BotLocale.json')).toEqual({ kind: 'locale', locale: 'en_US' });
    expect(placeOf('BotLocales/en_US/Intents/Pay/Intent.json')).toEqual({
      kind: 'intent',
      locale: 'en_US',
      intent: 'Pay',
    });
    expect(placeOf('BotLocales/en_US/Intents/Pay/Slots/Amount/Slot.json')).toEqual({
      kind: 'slot',
      locale: 'en_US',
      intent: 'Pay',
      slot: 'Amount',
    });
    expect(placeOf('BotLocales/en_US/SlotTypes/Kind/SlotType.json')).toEqual({
      kind: 'slotType',
      locale: 'en_US',
      slotType: 'Kind',
    });
    expect(placeOf('BotLocales/en_US/CustomVocabulary/CustomVocabulary.json')).toEqual({
      kind: 'other',
      locale: 'en_US',
    });
  });
});

describe('readBotSource', () => {
  it('reads the manifest, the bot folder and its locales, and sets aside files that are not the bot', () => {
    const files = sampleBot({ name: 'EDDBot', account: ACCOUNT });
    files.set('README.md', '# notes');
    const { source, problems } = readBotSource(treeOf(files), 'lex/EDDBot');
    expect(problems).toEqual([]);
    expect(source!.folder).toBe('EDDBot');
    expect(source!.locales).toEqual(['en_US', 'es_US']);
    expect(source!.ignored).toEqual(['README.md']);
    expect(source!.documents.get('Bot.json')!.name).toBe('EDDBot');
  });

  it('reports a file that is not JSON with its line, and a source without one bot folder', () => {
    const files = sampleBot({ name: 'EDDBot', account: ACCOUNT });
    files.set('EDDBot/BotLocales/en_US/BotLocale.json', '{\n  "name": "x",\n  oops\n}');
    expect(readBotSource(treeOf(files), 'src').problems).toEqual([
      expect.objectContaining({ file: 'src/EDDBot/BotLocales/en_US/BotLocale.json', line: 3 }),
    ]);
    files.set('Other/Bot.json', '{}');
    expect(readBotSource(treeOf(files), 'src').problems[0]!.message).toContain('holds 2 bot folders (EDDBot, Other)');
    expect(readBotSource(treeOf(new Map([['Manifest.json', '{}']])), 'src').problems[0]!.message).toContain(
      'no bot folder',
    );
  });
});

describe('validateBotSource', () => {
  it('accepts a valid bot', () => {
    expect(validateBotSource(sourceOf(sampleBot({ name: 'EDDBot', account: ACCOUNT })))).toEqual([]);
  });

  it('reports every broken reference by name, with file and JSON path', () => {
    const files = sampleBot({ name: 'EDDBot', account: ACCOUNT });
    const en = 'EDDBot/BotLocales/en_US';
    editJson(
      files,
      `${en}/Intents/CheckBalance/Slots/AccountType/Slot.json`,
      (slot) => (slot.slotTypeName = 'Missing'),
    );
    editJson(files, `${en}/Intents/CheckBalance/Intent.json`, (intent) => {
      intent.slotPriorities = [{ priority: 1, slotName: 'Nope' }];
      intent.sampleUtterances = [{ utterance: 'pay {Amount}' }];
      intent.intentClosingSetting = { nextStep: { intent: { name: 'Elsewhere' } } };
    });
    const problems = validateBotSource(sourceOf(files));
    expect(
      problems.map((p) => `${p.file?.replace('src/EDDBot/BotLocales/en_US/', '')} ${p.path}: ${p.message}`),
    ).toEqual([
      'Intents/CheckBalance/Intent.json $.slotPriorities[0].slotName: the intent has no slot "Nope"',
      'Intents/CheckBalance/Intent.json $.sampleUtterances[0].utterance: refers to {Amount}, which is not a slot of the intent',
      "Intents/CheckBalance/Intent.json $.intentClosingSetting.nextStep.intent.name: no intent named 'Elsewhere' in locale en_US",
      'Intents/CheckBalance/Slots/AccountType/Slot.json $.slotTypeName: "Missing" is neither a built-in slot type (AMAZON.*) nor a slot type of locale en_US',
    ]);
  });

  it('reports a manifest of another format, names that differ from their folders and a bot without privacy settings', () => {
    const files = sampleBot({ name: 'EDDBot', account: ACCOUNT });
    files.set('Manifest.json', JSON.stringify({ metadata: { fileFormat: 'TSV', resourceType: 'BotLocale' } }));
    editJson(files, 'EDDBot/Bot.json', (bot) => delete bot.dataPrivacy);
    editJson(files, 'EDDBot/BotLocales/es_US/BotLocale.json', (locale) => (locale.identifier = 'es_MX'));
    editJson(files, 'EDDBot/BotLocales/es_US/SlotTypes/AccountType/SlotType.json', (type) => (type.name = 'Kind'));
    const messages = validateBotSource(sourceOf(files)).map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual([
      '$.metaData.fileFormat: must be LexJson, not "TSV"',
      '$.metaData.resourceType: must be Bot (an export of a whole bot), not "BotLocale"',
      '$.dataPrivacy.childDirected: must be true or false',
      "$.identifier: must be the locale id 'es_US', the name of its folder",
      `$.name: the slot type name "Kind" differs from its folder 'AccountType'`,
    ]);
  });
});
