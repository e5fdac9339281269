import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  BuildBotLocaleCommand,
  CreateBotAliasCommand,
  CreateBotCommand,
  CreateBotLocaleCommand,
  CreateBotVersionCommand,
  CreateIntentCommand,
  CreateSlotCommand,
  CreateSlotTypeCommand,
  DeleteBotLocaleCommand,
  DeleteIntentCommand,
  DeleteSlotCommand,
  DeleteSlotTypeCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeBotVersionCommand,
  DescribeIntentCommand,
  DescribeSlotCommand,
  DescribeSlotTypeCommand,
  LexModelsV2ServiceException,
  ListBotLocalesCommand,
  ListBuiltInIntentsCommand,
  ListBuiltInSlotTypesCommand,
  ListIntentsCommand,
  ListSlotsCommand,
  UpdateBotAliasCommand,
  UpdateBotLocaleCommand,
  UpdateIntentCommand,
  UpdateSlotCommand,
  UpdateSlotTypeCommand,
  type LexModelsV2Client,
  type SlotValueElicitationSetting,
} from '@aws-sdk/client-lex-models-v2';
import { strFromU8, strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import {
  botArchive,
  exportFiles,
  importArchive,
  LEX_ROLE,
  lexClient,
  portableFiles,
  travelBot,
  waitFor,
} from './lex-support.js';
import { rejection, stsClient, TARGET_ACCOUNT, TARGET_ROLE_ARN } from './support.js';

const prompt = (text: string): SlotValueElicitationSetting => ({
  slotConstraint: 'Required',
  promptSpecification: {
    messageGroups: [{ message: { plainTextMessage: { value: text } } }],
    maxRetries: 2,
    allowInterrupt: true,
  },
});

const json = (data: Uint8Array | undefined) => JSON.parse(strFromU8(data as Uint8Array)) as Record<string, unknown>;

describe('lex bots built the console way', () => {
  let localAws: LocalAws;
  let lex: LexModelsV2Client;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 20, quotas: false });
    lex = lexClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  async function newBot(client: LexModelsV2Client, botName: string): Promise<string> {
    const { botId } = await client.send(
      new CreateBotCommand({
        botName,
        roleArn: LEX_ROLE,
        dataPrivacy: { childDirected: false },
        idleSessionTTLInSeconds: 300,
      }),
    );
    await waitFor(
      () => client.send(new DescribeBotCommand({ botId })),
      (bot) => bot.botStatus === 'Available',
    );
    return botId as string;
  }

  async function newLocale(client: LexModelsV2Client, botId: string, localeId = 'en_US') {
    const created = await client.send(
      new CreateBotLocaleCommand({
        botId,
        botVersion: 'DRAFT',
        localeId,
        nluIntentConfidenceThreshold: 0.4,
        voiceSettings: { voiceId: 'Joanna', engine: 'neural' },
      }),
    );
    await waitFor(
      () => client.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId })),
      (locale) => locale.botLocaleStatus === 'NotBuilt',
    );
    return created;
  }

  async function build(client: LexModelsV2Client, botId: string, localeId = 'en_US') {
    await client.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId }));
    return waitFor(
      () => client.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId })),
      (locale) => locale.botLocaleStatus !== 'Building',
    );
  }

  const where = (botId: string) => ({ botId, botVersion: 'DRAFT', localeId: 'en_US' });

  /** Slot type, intent with two slots and a slot in its utterances, as someone builds them in the console. */
  async function buildTravel(client: LexModelsV2Client, botName: string) {
    const botId = await newBot(client, botName);
    await newLocale(client, botId);
    const slotType = await client.send(
      new CreateSlotTypeCommand({
        ...where(botId),
        slotTypeName: 'TripType',
        description: 'Kinds of trip',
        slotTypeValues: [{ sampleValue: { value: 'one way' }, synonyms: [{ value: 'single' }] }],
        valueSelectionSetting: { resolutionStrategy: 'TopResolution' },
      }),
    );
    const intent = await client.send(
      new CreateIntentCommand({
        ...where(botId),
        intentName: 'BookTrip',
        sampleUtterances: [{ utterance: 'book a trip' }],
        fulfillmentCodeHook: { enabled: true },
      }),
    );
    const kind = await client.send(
      new CreateSlotCommand({
        ...where(botId),
        intentId: intent.intentId,
        slotName: 'Kind',
        slotTypeId: slotType.slotTypeId,
        valueElicitationSetting: prompt('Which kind of trip?'),
      }),
    );
    const when = await client.send(
      new CreateSlotCommand({
        ...where(botId),
        intentId: intent.intentId,
        slotName: 'When',
        slotTypeId: 'AMAZON.Date',
        valueElicitationSetting: prompt('When?'),
      }),
    );
    await client.send(
      new UpdateIntentCommand({
        ...where(botId),
        intentId: intent.intentId,
        intentName: 'BookTrip',
        sampleUtterances: [{ utterance: 'book a trip' }, { utterance: 'book a {Kind} trip' }],
        fulfillmentCodeHook: { enabled: true },
        slotPriorities: [
          { priority: 1, slotId: when.slotId },
          { priority: 2, slotId: kind.slotId },
        ],
      }),
    );
    return { botId, slotType, intent, kind, when };
  }

  it('creates a locale with its fallback intent, intents, slot types and slots, and describes them by id', async () => {
    const botId = await newBot(lex, 'Travel');
    const created = await newLocale(lex, botId);
    const { slotType, intent, kind, when } = await buildTravel(lex, 'Travel2');
    const other = slotType.botId as string;

    const described = await lex.send(new DescribeIntentCommand({ ...where(other), intentId: intent.intentId }));
    const slot = await lex.send(
      new DescribeSlotCommand({ ...where(other), intentId: intent.intentId, slotId: kind.slotId }),
    );
    const type = await lex.send(new DescribeSlotTypeCommand({ ...where(other), slotTypeId: slotType.slotTypeId }));
    const intents = await lex.send(new ListIntentsCommand(where(other)));
    const slots = await lex.send(new ListSlotsCommand({ ...where(other), intentId: intent.intentId }));
    const locale = await lex.send(new DescribeBotLocaleCommand(where(other)));

    expect(created).toMatchObject({ localeId: 'en_US', localeName: 'English (US)', botLocaleStatus: 'Creating' });
    expect(described).toMatchObject({
      intentName: 'BookTrip',
      sampleUtterances: [{ utterance: 'book a trip' }, { utterance: 'book a {Kind} trip' }],
      slotPriorities: [
        { priority: 1, slotId: when.slotId },
        { priority: 2, slotId: kind.slotId },
      ],
    });
    expect(slot).toMatchObject({
      slotName: 'Kind',
      slotTypeId: slotType.slotTypeId,
      valueElicitationSetting: { slotConstraint: 'Required' },
    });
    expect(
      slot.valueElicitationSetting?.promptSpecification?.messageGroups?.[0]?.message?.plainTextMessage?.value,
    ).toBe('Which kind of trip?');
    expect(type.valueSelectionSetting?.resolutionStrategy).toBe('TopResolution');
    expect(intents.intentSummaries?.map((summary) => [summary.intentName, summary.parentIntentSignature])).toEqual([
      ['BookTrip', undefined],
      ['FallbackIntent', 'AMAZON.FallbackIntent'],
    ]);
    expect(intents.intentSummaries?.find((summary) => summary.intentName === 'FallbackIntent')?.intentId).toBe(
      'FALLBCKINT',
    );
    expect(slots.slotSummaries?.map((summary) => [summary.slotName, summary.slotTypeId])).toEqual([
      ['Kind', slotType.slotTypeId],
      ['When', 'AMAZON.Date'],
    ]);
    expect(locale).toMatchObject({ botLocaleStatus: 'NotBuilt', intentsCount: 2, slotTypesCount: 1 });
  });

  it('builds, versions, aliases and exports a console-built bot that imports into another account unchanged', async () => {
    const { botId } = await buildTravel(lex, 'Travel');
    const built = await build(lex, botId);
    const version = await lex.send(
      new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
    );
    await waitFor(
      () => lex.send(new DescribeBotVersionCommand({ botId, botVersion: version.botVersion })),
      (answer) => answer.botStatus === 'Available',
    );
    const alias = await lex.send(
      new CreateBotAliasCommand({ botId, botAliasName: 'live', botVersion: version.botVersion }),
    );
    const files = await exportFiles(lex, botId, '1');

    const { Credentials: assumed } = await stsClient(localAws).send(
      new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'import' }),
    );
    const target = lexClient(localAws, {
      accessKeyId: assumed?.AccessKeyId as string,
      secretAccessKey: assumed?.SecretAccessKey as string,
      sessionToken: assumed?.SessionToken,
    });
    const imported = await importArchive(target, zipSync(files), 'Travel', {
      roleArn: LEX_ROLE.replace('318484875904', TARGET_ACCOUNT),
    });
    const copy = imported.importedResourceId as string;
    const copyBuilt = await build(target, copy);
    const again = await exportFiles(target, copy, 'DRAFT');

    expect(built.botLocaleStatus).toBe('Built');
    expect(version.botVersion).toBe('1');
    expect(alias.botAliasStatus).toBe('Creating');
    expect(Object.keys(files).sort()).toEqual([
      'Manifest.json',
      'Travel/Bot.json',
      'Travel/BotLocales/en_US/BotLocale.json',
      'Travel/BotLocales/en_US/Intents/BookTrip/Intent.json',
      'Travel/BotLocales/en_US/Intents/BookTrip/Slots/Kind/Slot.json',
      'Travel/BotLocales/en_US/Intents/BookTrip/Slots/When/Slot.json',
      'Travel/BotLocales/en_US/Intents/FallbackIntent/Intent.json',
      'Travel/BotLocales/en_US/SlotTypes/TripType/SlotType.json',
    ]);
    expect(json(files['Travel/BotLocales/en_US/BotLocale.json'])).toEqual({
      name: 'English (US)',
      identifier: 'en_US',
      version: null,
      description: null,
      voiceSettings: { voiceId: 'Joanna', engine: 'neural' },
      nluConfidenceThreshold: 0.4,
    });
    expect(json(files['Travel/BotLocales/en_US/Intents/BookTrip/Intent.json'])).toMatchObject({
      name: 'BookTrip',
      parentIntentSignature: null,
      fulfillmentCodeHook: { enabled: true },
      slotPriorities: [
        { priority: 1, slotName: 'When' },
        { priority: 2, slotName: 'Kind' },
      ],
    });
    expect(json(files['Travel/BotLocales/en_US/Intents/BookTrip/Slots/Kind/Slot.json'])).toMatchObject({
      name: 'Kind',
      slotTypeName: 'TripType',
      valueElicitationSetting: {
        slotConstraint: 'Required',
        promptSpecification: {
          messageGroupsList: [{ message: { plainTextMessage: { value: 'Which kind of trip?' } } }],
        },
      },
    });
    expect(json(files['Travel/BotLocales/en_US/SlotTypes/TripType/SlotType.json'])).toMatchObject({
      name: 'TripType',
      valueSelectionSetting: { resolutionStrategy: 'TOP_RESOLUTION' },
    });
    expect(json(files['Travel/BotLocales/en_US/Intents/FallbackIntent/Intent.json'])).toMatchObject({
      identifier: 'FALLBCKINT',
      parentIntentSignature: 'AMAZON.FallbackIntent',
    });
    expect(imported.importStatus).toBe('Completed');
    expect(copyBuilt.botLocaleStatus).toBe('Built');
    const { 'Travel/Bot.json': bot, ...content } = portableFiles(files);
    const { 'Travel/Bot.json': copiedBot, ...copiedContent } = portableFiles(again);
    expect(copiedContent).toEqual(content);
    expect({ ...(copiedBot as object), version: '1' }).toEqual(bot);
  });

  it('points the test alias at DRAFT only, and every other alias at numbered versions only', async () => {
    const { botId } = await buildTravel(lex, 'Travel');
    await build(lex, botId);
    const lambda = 'arn:aws:lambda:us-east-1:318484875904:function:travel-hook';
    const test = await lex.send(
      new UpdateBotAliasCommand({
        botId,
        botAliasId: 'TSTALIASID',
        botAliasName: 'TestBotAlias',
        botVersion: 'DRAFT',
        botAliasLocaleSettings: {
          en_US: {
            enabled: true,
            codeHookSpecification: { lambdaCodeHook: { lambdaARN: lambda, codeHookInterfaceVersion: '1.0' } },
          },
        },
      }),
    );
    const testAwayFromDraft = await rejection(
      lex.send(
        new UpdateBotAliasCommand({ botId, botAliasId: 'TSTALIASID', botAliasName: 'TestBotAlias', botVersion: '1' }),
      ),
    );
    const draftAlias = await rejection(
      lex.send(new CreateBotAliasCommand({ botId, botAliasName: 'live', botVersion: 'DRAFT' })),
    );
    const unassigned = await lex.send(new CreateBotAliasCommand({ botId, botAliasName: 'live' }));
    const toDraft = await rejection(
      lex.send(
        new UpdateBotAliasCommand({
          botId,
          botAliasId: unassigned.botAliasId,
          botAliasName: 'live',
          botVersion: 'DRAFT',
        }),
      ),
    );
    const described = await lex.send(new DescribeBotAliasCommand({ botId, botAliasId: 'TSTALIASID' }));

    expect(test.botVersion).toBe('DRAFT');
    expect(described.botAliasLocaleSettings?.en_US?.codeHookSpecification?.lambdaCodeHook?.lambdaARN).toBe(lambda);
    expect(testAwayFromDraft.name).toBe('ValidationException');
    expect(draftAlias.message).toMatch(/^1 validation error detected: Value 'DRAFT' at 'botVersion' failed to satisfy/);
    expect(unassigned.botVersion).toBeUndefined();
    expect(toDraft.name).toBe('ValidationException');
  });

  it('fails the build as Lex does, with every reason, and builds once the content is mended', async () => {
    const botId = await newBot(lex, 'Broken');
    await newLocale(lex, botId);
    const empty = await lex.send(new CreateSlotTypeCommand({ ...where(botId), slotTypeName: 'Nothing' }));
    const intent = await lex.send(new CreateIntentCommand({ ...where(botId), intentName: 'Ask' }));
    const slot = await lex.send(
      new CreateSlotCommand({
        ...where(botId),
        intentId: intent.intentId,
        slotName: 'What',
        slotTypeId: empty.slotTypeId,
        valueElicitationSetting: { slotConstraint: 'Required' },
      }),
    );
    const failed = await build(lex, botId);
    const versionOfFailed = await rejection(
      lex.send(
        new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
      ),
    );
    await lex.send(
      new UpdateIntentCommand({
        ...where(botId),
        intentId: intent.intentId,
        intentName: 'Ask',
        sampleUtterances: [{ utterance: 'ask about {Where}' }],
      }),
    );
    const stillFailing = await build(lex, botId);
    await lex.send(
      new UpdateIntentCommand({
        ...where(botId),
        intentId: intent.intentId,
        intentName: 'Ask',
        sampleUtterances: [{ utterance: 'ask about {What}' }],
      }),
    );
    await lex.send(
      new UpdateSlotTypeCommand({
        ...where(botId),
        slotTypeId: empty.slotTypeId,
        slotTypeName: 'Something',
        slotTypeValues: [{ sampleValue: { value: 'thing' } }],
        valueSelectionSetting: { resolutionStrategy: 'OriginalValue' },
      }),
    );
    const afterChange = await lex.send(new DescribeBotLocaleCommand(where(botId)));
    await lex.send(
      new UpdateSlotCommand({
        ...where(botId),
        intentId: intent.intentId,
        slotId: slot.slotId,
        slotName: 'What',
        slotTypeId: empty.slotTypeId,
        valueElicitationSetting: prompt('What about?'),
      }),
    );
    const mended = await build(lex, botId);
    const renamedType = await lex.send(
      new DescribeSlotCommand({ ...where(botId), intentId: intent.intentId, slotId: slot.slotId }),
    );

    expect(failed.botLocaleStatus).toBe('Failed');
    expect(failed.failureReasons).toEqual([
      "Intent 'Ask' must have at least one sample utterance.",
      "Slot 'What' of intent 'Ask' is required but has no prompt to elicit its value.",
      "Slot type 'Nothing' must have at least one value.",
    ]);
    expect(versionOfFailed.name).toBe('PreconditionFailedException');
    expect(stillFailing.failureReasons).toContain(
      "Intent 'Ask' has the sample utterance 'ask about {Where}', which names the slot 'Where' that the intent does not have.",
    );
    expect(afterChange.botLocaleStatus).toBe('NotBuilt');
    expect(mended).toMatchObject({ botLocaleStatus: 'Built' });
    expect(mended.failureReasons).toBeUndefined();
    expect(renamedType.slotTypeId).toBe(empty.slotTypeId);
  });

  it('deletes slots, intents, slot types and locales, keeping what Lex keeps', async () => {
    const { botId, slotType, intent, kind } = await buildTravel(lex, 'Travel');
    const inUse = await rejection(
      lex.send(new DeleteSlotTypeCommand({ ...where(botId), slotTypeId: slotType.slotTypeId })),
    );
    const fallback = await rejection(lex.send(new DeleteIntentCommand({ ...where(botId), intentId: 'FALLBCKINT' })));
    await lex.send(new DeleteSlotCommand({ ...where(botId), intentId: intent.intentId, slotId: kind.slotId }));
    const withoutSlot = await lex.send(new DescribeIntentCommand({ ...where(botId), intentId: intent.intentId }));
    await lex.send(new DeleteSlotTypeCommand({ ...where(botId), slotTypeId: slotType.slotTypeId }));
    await lex.send(new DeleteIntentCommand({ ...where(botId), intentId: intent.intentId }));
    const intents = await lex.send(new ListIntentsCommand(where(botId)));
    const goneIntent = await rejection(
      lex.send(new DescribeIntentCommand({ ...where(botId), intentId: intent.intentId })),
    );
    const deleted = await lex.send(new DeleteBotLocaleCommand(where(botId)));
    const locales = await lex.send(new ListBotLocalesCommand({ botId, botVersion: 'DRAFT' }));
    const missing = await rejection(lex.send(new CreateIntentCommand({ ...where(botId), intentName: 'Late' })));

    expect(inUse.name).toBe('ConflictException');
    expect(fallback.name).toBe('ValidationException');
    expect(withoutSlot.slotPriorities?.map((priority) => priority.priority)).toEqual([1]);
    expect(intents.intentSummaries?.map((summary) => summary.intentName)).toEqual(['FallbackIntent']);
    expect(goneIntent.name).toBe('ResourceNotFoundException');
    expect(deleted.botLocaleStatus).toBe('Deleting');
    expect(locales.botLocaleSummaries).toEqual([]);
    expect(missing.name).toBe('PreconditionFailedException');
  });

  it('refuses duplicates and unknown references with the errors Lex answers', async () => {
    const { botId, intent } = await buildTravel(lex, 'Travel');
    const calls = {
      locale: lex.send(
        new CreateBotLocaleCommand({
          botId,
          botVersion: 'DRAFT',
          localeId: 'en_US',
          nluIntentConfidenceThreshold: 0.4,
        }),
      ),
      unsupported: lex.send(
        new CreateBotLocaleCommand({
          botId,
          botVersion: 'DRAFT',
          localeId: 'xx_XX',
          nluIntentConfidenceThreshold: 0.4,
        }),
      ),
      intent: lex.send(new CreateIntentCommand({ ...where(botId), intentName: 'BookTrip' })),
      parent: lex.send(
        new CreateIntentCommand({ ...where(botId), intentName: 'Helper', parentIntentSignature: 'AMAZON.Nothing' }),
      ),
      slot: lex.send(
        new CreateSlotCommand({
          ...where(botId),
          intentId: intent.intentId,
          slotName: 'Kind',
          slotTypeId: 'AMAZON.Date',
          valueElicitationSetting: prompt('?'),
        }),
      ),
      slotType: lex.send(
        new CreateSlotCommand({
          ...where(botId),
          intentId: intent.intentId,
          slotName: 'Other',
          slotTypeId: 'NOSUCHTYPE',
          valueElicitationSetting: prompt('?'),
        }),
      ),
      threshold: lex.send(new UpdateBotLocaleCommand({ ...where(botId), nluIntentConfidenceThreshold: 2 })),
      version: lex.send(new CreateIntentCommand({ botId, botVersion: '1', localeId: 'en_US', intentName: 'X' })),
    };
    const errors = Object.fromEntries(
      await Promise.all(
        Object.entries(calls).map(async ([name, call]) => {
          const error = await rejection(call);
          return [name, [error.name, error.$metadata?.httpStatusCode]];
        }),
      ),
    );

    expect(errors).toEqual({
      locale: ['ConflictException', 409],
      unsupported: ['ValidationException', 400],
      intent: ['ConflictException', 409],
      parent: ['ValidationException', 400],
      slot: ['ConflictException', 409],
      slotType: ['PreconditionFailedException', 412],
      threshold: ['ValidationException', 400],
      version: ['ValidationException', 400],
    });
    const threshold = await rejection(calls.threshold);
    expect(threshold.message).toMatch(
      /^1 validation error detected: Value '2(\.0)?' at 'nluIntentConfidenceThreshold' failed to satisfy constraint: Member must have value less than or equal to 1$/,
    );
    expect(threshold).toBeInstanceOf(LexModelsV2ServiceException);
  });

  it('lists locales by name filter, sorted either way, a page at a time, and the built-in intents and slot types', async () => {
    const botId = await newBot(lex, 'Polyglot');
    for (const localeId of ['en_US', 'en_GB', 'fr_FR', 'de_DE']) await newLocale(lex, botId, localeId);
    await lex.send(
      new UpdateBotLocaleCommand({
        botId,
        botVersion: 'DRAFT',
        localeId: 'fr_FR',
        nluIntentConfidenceThreshold: 0.5,
        description: 'Pour la France',
      }),
    );
    const english = await lex.send(
      new ListBotLocalesCommand({
        botId,
        botVersion: 'DRAFT',
        filters: [{ name: 'BotLocaleName', values: ['english'], operator: 'CO' }],
        sortBy: { attribute: 'BotLocaleName', order: 'Descending' },
      }),
    );
    const first = await lex.send(new ListBotLocalesCommand({ botId, botVersion: 'DRAFT', maxResults: 3 }));
    const rest = await lex.send(
      new ListBotLocalesCommand({ botId, botVersion: 'DRAFT', maxResults: 3, nextToken: first.nextToken }),
    );
    const french = await lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR' }));
    const intents = await lex.send(new ListBuiltInIntentsCommand({ localeId: 'en_US' }));
    const slotTypes = await lex.send(
      new ListBuiltInSlotTypesCommand({
        localeId: 'en_US',
        sortBy: { attribute: 'SlotTypeSignature', order: 'Descending' },
      }),
    );

    expect(english.botLocaleSummaries?.map((locale) => locale.localeName)).toEqual(['English (US)', 'English (UK)']);
    expect(first.botLocaleSummaries?.map((locale) => locale.localeId)).toEqual(['en_GB', 'en_US', 'fr_FR']);
    expect(rest.botLocaleSummaries?.map((locale) => locale.localeId)).toEqual(['de_DE']);
    expect(rest.nextToken).toBeUndefined();
    expect(french).toMatchObject({ nluIntentConfidenceThreshold: 0.5, description: 'Pour la France' });
    expect(french.voiceSettings).toBeUndefined();
    expect(intents.builtInIntentSummaries?.map((intent) => intent.intentSignature)).toContain('AMAZON.FallbackIntent');
    expect(slotTypes.builtInSlotTypeSummaries?.[0]?.slotTypeSignature).toBe('AMAZON.UKPostalCode');
    expect(slotTypes.builtInSlotTypeSummaries?.map((type) => type.slotTypeSignature)).toContain('AMAZON.Date');
  });

  it('names an imported bot after the import, whatever its folder and Bot.json say', async () => {
    const archive = botArchive({ ...travelBot('OldName'), botJsonName: 'EvenOlderName' });

    const imported = await importArchive(lex, archive, 'NewName');
    const botId = imported.importedResourceId as string;
    const bot = await lex.send(new DescribeBotCommand({ botId }));
    const files = await exportFiles(lex, botId, 'DRAFT');

    expect(imported.importStatus).toBe('Completed');
    expect(imported.importedResourceName).toBe('NewName');
    expect(bot.botName).toBe('NewName');
    expect(json(files['NewName/Bot.json'])).toMatchObject({ name: 'NewName', identifier: botId });
    expect(Object.keys(files).filter((path) => path.startsWith('OldName/'))).toEqual([]);
  });

  it('keeps the files it does not model through import, version and export, byte for byte at the same path', async () => {
    const flow = strToU8('{"flow":{"nodes":[{"id":"start","x":12.50}]},  "kept":"as written"}\n');
    const vocabulary = strToU8('{"customVocabularyItems":[{"phrase":"trip","weight":2}]}');
    const binary = new Uint8Array([0, 255, 1, 254, 10, 13]);
    const archive = botArchive({
      ...travelBot('Travel'),
      extraFiles: {
        'Travel/BotLocales/en_US/Intents/BookTrip/ConversationFlow.json': flow,
        'Travel/BotLocales/en_US/CustomVocabulary/CustomVocabulary.json': vocabulary,
        'Travel/BotLocales/en_US/Intents/BookTrip/Slots/Kind/Notes.bin': binary,
        'Travel/Extra/readme.bin': binary,
      },
    });
    const imported = await importArchive(lex, archive, 'Renamed');
    const botId = imported.importedResourceId as string;
    const draft = await exportFiles(lex, botId, 'DRAFT');
    const locale = await build(lex, botId);
    await lex.send(
      new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
    );
    const intents = await lex.send(new ListIntentsCommand(where(botId)));
    const bookTrip = intents.intentSummaries?.find((summary) => summary.intentName === 'BookTrip');
    const current = await lex.send(new DescribeIntentCommand({ ...where(botId), intentId: bookTrip?.intentId }));
    await lex.send(
      new UpdateIntentCommand({ ...where(botId), ...current, intentId: bookTrip?.intentId, intentName: 'BookJourney' }),
    );
    const version = await exportFiles(lex, botId, '1');
    const renamed = await exportFiles(lex, botId, 'DRAFT');

    expect(locale.botLocaleStatus).toBe('Built');
    for (const files of [draft, version]) {
      expect(files['Renamed/BotLocales/en_US/Intents/BookTrip/ConversationFlow.json']).toEqual(flow);
      expect(files['Renamed/BotLocales/en_US/CustomVocabulary/CustomVocabulary.json']).toEqual(vocabulary);
      expect(files['Renamed/BotLocales/en_US/Intents/BookTrip/Slots/Kind/Notes.bin']).toEqual(binary);
      expect(files['Renamed/Extra/readme.bin']).toEqual(binary);
    }
    expect(renamed['Renamed/BotLocales/en_US/Intents/BookJourney/ConversationFlow.json']).toEqual(flow);
    expect(renamed['Renamed/BotLocales/en_US/Intents/BookTrip/ConversationFlow.json']).toBeUndefined();
  });
});
