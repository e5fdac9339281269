import type { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import {
  BuildBotLocaleCommand,
  CreateBotAliasCommand,
  CreateBotVersionCommand,
  DeleteBotAliasCommand,
  DeleteBotVersionCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeBotVersionCommand,
  DescribeIntentCommand,
  DescribeSlotCommand,
  DescribeSlotTypeCommand,
  ListBotAliasesCommand,
  ListBotLocalesCommand,
  ListBotVersionsCommand,
  ListIntentsCommand,
  ListSlotsCommand,
  ListSlotTypesCommand,
  UpdateBotAliasCommand,
  UpdateBotCommand,
  type CreateBotAliasCommandInput,
} from '@aws-sdk/client-lex-models-v2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { botArchive, importArchive, LEX_ROLE, lexClient, SHARED_ACCOUNT, travelBot, waitFor } from './lex-support.js';
import { admin, rejection } from './support.js';

const LAMBDA_ARN = `arn:aws:lambda:us-east-1:${SHARED_ACCOUNT}:function:edd-fulfilment`;

describe('lex builds, versions and aliases', () => {
  let localAws: LocalAws;
  let lex: LexModelsV2Client;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 20, quotas: false });
    lex = lexClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());

  async function importedBot(name: string, localeIds = ['en_US'], utterance?: string): Promise<string> {
    const done = await importArchive(lex, botArchive(travelBot(name, localeIds, utterance)), name);
    expect(done.importStatus).toBe('Completed');
    return done.importedResourceId as string;
  }

  async function build(botId: string, localeId = 'en_US'): Promise<string> {
    await lex.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId }));
    const done = await waitFor(
      () => lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId })),
      (locale) => locale.botLocaleStatus !== 'Building',
    );
    return done.botLocaleStatus as string;
  }

  async function available(botId: string, botVersion: string): Promise<void> {
    await waitFor(
      () => lex.send(new DescribeBotVersionCommand({ botId, botVersion })),
      (version) => version.botStatus === 'Available',
    );
  }

  it('describes the imported content by id: locales, intents, slots and slot types', async () => {
    const botId = await importedBot('Travel');

    const locales = await lex.send(new ListBotLocalesCommand({ botId, botVersion: 'DRAFT' }));
    const locale = await lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    const intents = await lex.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    const bookTrip = intents.intentSummaries?.find((intent) => intent.intentName === 'BookTrip');
    const intent = await lex.send(
      new DescribeIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: bookTrip?.intentId }),
    );
    const slots = await lex.send(
      new ListSlotsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: intent.intentId }),
    );
    const kind = slots.slotSummaries?.find((slot) => slot.slotName === 'Kind');
    const slot = await lex.send(
      new DescribeSlotCommand({
        botId,
        botVersion: 'DRAFT',
        localeId: 'en_US',
        intentId: intent.intentId,
        slotId: kind?.slotId,
      }),
    );
    const slotTypes = await lex.send(new ListSlotTypesCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    const slotType = await lex.send(
      new DescribeSlotTypeCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', slotTypeId: slot.slotTypeId }),
    );
    const filtered = await lex.send(
      new ListIntentsCommand({
        botId,
        botVersion: 'DRAFT',
        localeId: 'en_US',
        filters: [{ name: 'IntentName', operator: 'EQ', values: ['Goodbye'] }],
      }),
    );
    const missing = await rejection(
      lex.send(new DescribeIntentCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', intentId: 'ZZZZZZZZZZ' })),
    );

    expect(locales.botLocaleSummaries).toEqual([
      expect.objectContaining({ localeId: 'en_US', botLocaleStatus: 'NotBuilt' }),
    ]);
    expect(locale).toMatchObject({
      intentsCount: 3,
      slotTypesCount: 1,
      nluIntentConfidenceThreshold: 0.4,
      voiceSettings: { voiceId: 'Joanna' },
    });
    expect(intents.intentSummaries?.map((summary) => summary.intentName)).toEqual([
      'BookTrip',
      'FallbackIntent',
      'Goodbye',
    ]);
    expect(intent).toMatchObject({ intentName: 'BookTrip', sampleUtterances: [{ utterance: 'book a trip' }] });
    expect(intent.slotPriorities?.map((priority) => priority.slotId)).toEqual([
      kind?.slotId,
      expect.stringMatching(/^[0-9A-Z]{10}$/),
    ]);
    expect(slots.slotSummaries?.map((summary) => [summary.slotName, summary.slotConstraint])).toEqual([
      ['Kind', 'Required'],
      ['When', 'Required'],
    ]);
    expect(slotTypes.slotTypeSummaries).toEqual([
      expect.objectContaining({ slotTypeName: 'TripType', slotTypeCategory: 'Custom' }),
    ]);
    expect(slotType).toMatchObject({
      slotTypeName: 'TripType',
      slotTypeValues: [{ sampleValue: { value: 'one way' } }],
    });
    expect(filtered.intentSummaries?.map((summary) => summary.intentName)).toEqual(['Goodbye']);
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('builds a locale over time: NotBuilt, Building, Built', async () => {
    const botId = await importedBot('Builder');
    await admin(localAws, 'POST', 'lex/timings', { buildMs: 20_000 });

    const started = await lex.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    const during = await lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    const again = await rejection(
      lex.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })),
    );
    const done = await waitFor(
      () => lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })),
      (locale) => locale.botLocaleStatus !== 'Building',
    );
    const numbered = await rejection(
      lex.send(new BuildBotLocaleCommand({ botId, botVersion: '1', localeId: 'en_US' })),
    );
    const missing = await rejection(
      lex.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'fr_FR' })),
    );

    expect(started.botLocaleStatus).toBe('Building');
    expect(during.botLocaleStatus).toBe('Building');
    expect(again.name).toBe('ConflictException');
    expect(done.botLocaleStatus).toBe('Built');
    expect(done.lastBuildSubmittedDateTime).toBeInstanceOf(Date);
    expect(numbered.name).toBe('ValidationException');
    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(['PreconditionFailedException', 412]);
  });

  it('builds at most 5 locales at once in an account, answering ServiceQuotaExceededException (402)', async () => {
    const botId = await importedBot('Polyglot', ['en_US', 'en_GB', 'en_AU', 'es_US', 'fr_CA', 'de_DE']);
    await admin(localAws, 'POST', 'lex/timings', { buildMs: 20_000 });

    for (const localeId of ['en_US', 'en_GB', 'en_AU', 'es_US', 'fr_CA']) {
      await lex.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId }));
    }
    const sixth = await rejection(
      lex.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'de_DE' })),
    );
    await waitFor(
      () => lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })),
      (locale) => locale.botLocaleStatus === 'Built',
    );
    const later = await lex.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'de_DE' }));

    expect([sixth.name, sixth.$metadata?.httpStatusCode]).toEqual(['ServiceQuotaExceededException', 402]);
    expect(later.botLocaleStatus).toBe('Building');
  });

  it('fails a build with the reasons given through the admin API, and fails content Lex cannot build', async () => {
    const botId = await importedBot('Fragile', ['en_US', 'en_GB']);
    await admin(localAws, 'POST', 'lex/build-failures', {
      account: SHARED_ACCOUNT,
      botName: 'Fragile',
      localeId: 'en_GB',
      reasons: ['Slot type TripType has no values.', 'Intent BookTrip is ambiguous.'],
    });
    const empty = await importArchive(
      lex,
      botArchive({ botName: 'Empty', locales: [{ localeId: 'en_US', intents: [{ name: 'Silent', utterances: [] }] }] }),
      'Empty',
    );

    expect(await build(botId, 'en_US')).toBe('Built');
    expect(await build(botId, 'en_GB')).toBe('Failed');
    const failed = await lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_GB' }));
    expect(failed.failureReasons).toEqual(['Slot type TripType has no values.', 'Intent BookTrip is ambiguous.']);
    expect(await build(empty.importedResourceId as string)).toBe('Failed');
  });

  it('creates versions from built locales and hands back the last one while DRAFT is unchanged', async () => {
    const botId = await importedBot('Versioned');
    const unbuilt = await rejection(
      lex.send(
        new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
      ),
    );
    await build(botId);
    await admin(localAws, 'POST', 'lex/timings', { versionMs: 10_000 });

    const first = await lex.send(
      new CreateBotVersionCommand({
        botId,
        description: 'first',
        botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } },
      }),
    );
    const duringVersioning = await lex.send(new DescribeBotCommand({ botId }));
    await available(botId, '1');
    const same = await lex.send(
      new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
    );
    await importArchive(lex, botArchive(travelBot('Versioned', ['en_US'], 'plan a journey')), 'Versioned');
    await build(botId);
    const second = await lex.send(
      new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
    );
    const versions = await lex.send(
      new ListBotVersionsCommand({ botId, sortBy: { attribute: 'BotVersion', order: 'Descending' } }),
    );
    const frozen = await lex.send(new ListIntentsCommand({ botId, botVersion: '1', localeId: 'en_US' }));
    const frozenIntent = await lex.send(
      new DescribeIntentCommand({
        botId,
        botVersion: '1',
        localeId: 'en_US',
        intentId: frozen.intentSummaries?.find((intent) => intent.intentName === 'BookTrip')?.intentId,
      }),
    );

    expect(unbuilt.name).toBe('PreconditionFailedException');
    expect(first).toMatchObject({ botVersion: '1', botStatus: 'Versioning', description: 'first' });
    expect(duringVersioning.botStatus).toBe('Versioning');
    expect(same.botVersion).toBe('1');
    expect(second.botVersion).toBe('2');
    expect(versions.botVersionSummaries?.map((version) => version.botVersion)).toEqual(['2', '1', 'DRAFT']);
    expect(frozenIntent.sampleUtterances).toEqual([{ utterance: 'book a trip' }]);
  });

  it('stops at 100 versions per bot with ServiceQuotaExceededException', async () => {
    const botId = await importedBot('Prolific');
    await build(botId);
    const update = (ttl: number) =>
      lex.send(
        new UpdateBotCommand({
          botId,
          botName: 'Prolific',
          roleArn: LEX_ROLE,
          dataPrivacy: { childDirected: false },
          idleSessionTTLInSeconds: ttl,
        }),
      );
    const createVersion = () =>
      lex.send(
        new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
      );

    for (let index = 0; index < 100; index += 1) {
      await update(300 + index);
      await createVersion();
    }
    await update(1000);
    const refused = await rejection(createVersion());
    await lex.send(new DeleteBotVersionCommand({ botId, botVersion: '1' }));
    const next = await createVersion();

    expect([refused.name, refused.$metadata?.httpStatusCode]).toEqual(['ServiceQuotaExceededException', 402]);
    expect(next.botVersion).toBe('101');
  });

  it('creates aliases with Lambda code hooks and replaces them whole on update', async () => {
    const botId = await importedBot('Aliased');
    await build(botId);
    await lex.send(
      new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
    );
    const full: CreateBotAliasCommandInput = {
      botId,
      botAliasName: 'live',
      description: 'production traffic',
      botVersion: '1',
      botAliasLocaleSettings: {
        en_US: {
          enabled: true,
          codeHookSpecification: { lambdaCodeHook: { lambdaARN: LAMBDA_ARN, codeHookInterfaceVersion: '1.0' } },
        },
      },
      conversationLogSettings: {
        textLogSettings: [
          {
            enabled: true,
            destination: {
              cloudWatch: {
                cloudWatchLogGroupArn: `arn:aws:logs:us-east-1:${SHARED_ACCOUNT}:log-group:lex`,
                logPrefix: 'live',
              },
            },
          },
        ],
      },
      sentimentAnalysisSettings: { detectSentiment: true },
      tags: { stage: 'live' },
    };

    const created = await lex.send(new CreateBotAliasCommand(full));
    const botAliasId = created.botAliasId as string;
    const described = await waitFor(
      () => lex.send(new DescribeBotAliasCommand({ botId, botAliasId })),
      (alias) => alias.botAliasStatus === 'Available',
    );
    const duplicate = await rejection(lex.send(new CreateBotAliasCommand({ ...full, tags: undefined })));
    const missingVersion = await rejection(
      lex.send(new CreateBotAliasCommand({ ...full, botAliasName: 'other', botVersion: '9' })),
    );
    const replaced = await lex.send(
      new UpdateBotAliasCommand({ botId, botAliasId, botAliasName: 'live', botVersion: '1' }),
    );
    const afterReplace = await lex.send(new DescribeBotAliasCommand({ botId, botAliasId }));
    const aliases = await lex.send(new ListBotAliasesCommand({ botId }));

    expect(created).toMatchObject({ botAliasStatus: 'Creating', tags: { stage: 'live' } });
    expect(described.botAliasLocaleSettings?.en_US?.codeHookSpecification?.lambdaCodeHook).toEqual({
      lambdaARN: LAMBDA_ARN,
      codeHookInterfaceVersion: '1.0',
    });
    expect(described.sentimentAnalysisSettings).toEqual({ detectSentiment: true });
    expect(described.conversationLogSettings?.textLogSettings?.[0]?.enabled).toBe(true);
    expect(duplicate.name).toBe('ConflictException');
    expect(missingVersion.name).toBe('PreconditionFailedException');
    expect(replaced.botAliasLocaleSettings).toBeUndefined();
    expect(afterReplace).toMatchObject({ botAliasName: 'live', botVersion: '1' });
    expect(afterReplace.description).toBeUndefined();
    expect(afterReplace.botAliasLocaleSettings).toBeUndefined();
    expect(afterReplace.conversationLogSettings).toBeUndefined();
    expect(afterReplace.sentimentAnalysisSettings).toBeUndefined();
    expect(aliases.botAliasSummaries?.map((alias) => alias.botAliasName)).toEqual(['TestBotAlias', 'live']);
  });

  it('refuses to delete a version an alias uses, unless told to skip the check', async () => {
    const botId = await importedBot('Pinned');
    await build(botId);
    await lex.send(
      new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
    );
    const { botAliasId } = await lex.send(new CreateBotAliasCommand({ botId, botAliasName: 'live', botVersion: '1' }));

    const refused = await rejection(lex.send(new DeleteBotVersionCommand({ botId, botVersion: '1' })));
    await lex.send(new DeleteBotAliasCommand({ botId, botAliasId }));
    const deleted = await lex.send(new DeleteBotVersionCommand({ botId, botVersion: '1' }));
    const gone = await rejection(lex.send(new DescribeBotVersionCommand({ botId, botVersion: '1' })));

    expect([refused.name, refused.$metadata?.httpStatusCode]).toEqual(['ConflictException', 409]);
    expect(refused.message).toContain('live');
    expect(deleted.botStatus).toBe('Deleting');
    expect(gone.name).toBe('ResourceNotFoundException');
  });
});
