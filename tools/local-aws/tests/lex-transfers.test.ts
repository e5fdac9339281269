import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import {
  BuildBotLocaleCommand,
  CreateBotVersionCommand,
  CreateExportCommand,
  CreateUploadUrlCommand,
  DeleteExportCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  DescribeIntentCommand,
  DescribeSlotTypeCommand,
  ListIntentsCommand,
  ListSlotTypesCommand,
  StartImportCommand,
} from '@aws-sdk/client-lex-models-v2';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { botArchive, importArchive, LEX_ROLE, lexClient, travelBot, waitFor } from './lex-support.js';
import { admin, rejection, TARGET_ACCOUNT } from './support.js';

// A real Lex V2 export, next to the repository on development machines; CI may not have it.
const FIXTURE = join(import.meta.dirname, '../../../../shared/fixtures/lex/airline-bot');
const hasFixture = existsSync(join(FIXTURE, 'Manifest.json'));
if (!hasFixture) console.warn(`lex transfers: no export fixture at ${FIXTURE}; skipping its import`);

function folderArchive(folder: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) files[relative(folder, path)] = readFileSync(path);
    }
  };
  walk(folder);
  return zipSync(files);
}

describe('lex exports and imports', () => {
  let localAws: LocalAws;
  let lex: LexModelsV2Client;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 20, quotas: false });
    lex = lexClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(() => localAws.reset());
  afterEach(() => vi.useRealTimers());

  async function exportArchive(botId: string, botVersion: string): Promise<Record<string, unknown>> {
    const { exportId } = await lex.send(
      new CreateExportCommand({
        resourceSpecification: { botExportSpecification: { botId, botVersion } },
        fileFormat: 'LexJson',
      }),
    );
    const done = await waitFor(
      () => lex.send(new DescribeExportCommand({ exportId })),
      (answer) => answer.exportStatus === 'Completed',
    );
    const download = await fetch(done.downloadUrl as string);
    expect(download.status).toBe(200);
    const entries = unzipSync(new Uint8Array(await download.arrayBuffer()));
    return Object.fromEntries(
      Object.entries(entries)
        .filter(([path]) => !path.endsWith('/'))
        .map(([path, data]) => [path, JSON.parse(strFromU8(data))]),
    );
  }

  it('exports a bot version as a LexJson zip laid out and named like Lex exports', async () => {
    const imported = await importArchive(lex, botArchive(travelBot('Travel')), 'Travel');
    const botId = imported.importedResourceId as string;
    await lex.send(new BuildBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    await waitFor(
      () => lex.send(new DescribeBotLocaleCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' })),
      (locale) => locale.botLocaleStatus === 'Built',
    );
    await lex.send(
      new CreateBotVersionCommand({ botId, botVersionLocaleSpecification: { en_US: { sourceBotVersion: 'DRAFT' } } }),
    );
    await admin(localAws, 'POST', 'lex/timings', { exportMs: 10_000 });
    const started = await lex.send(
      new CreateExportCommand({
        resourceSpecification: { botExportSpecification: { botId, botVersion: '1' } },
        fileFormat: 'LexJson',
      }),
    );
    const pending = await lex.send(new DescribeExportCommand({ exportId: started.exportId }));

    const files = await exportArchive(botId, '1');
    const intents = await lex.send(new ListIntentsCommand({ botId, botVersion: '1', localeId: 'en_US' }));
    const bookTripId = intents.intentSummaries?.find((intent) => intent.intentName === 'BookTrip')?.intentId;

    expect(started.exportStatus).toBe('InProgress');
    expect(pending.downloadUrl).toBeUndefined();
    expect(Object.keys(files).sort()).toEqual([
      'Manifest.json',
      'Travel/Bot.json',
      'Travel/BotLocales/en_US/BotLocale.json',
      'Travel/BotLocales/en_US/Intents/BookTrip/Intent.json',
      'Travel/BotLocales/en_US/Intents/BookTrip/Slots/Kind/Slot.json',
      'Travel/BotLocales/en_US/Intents/BookTrip/Slots/When/Slot.json',
      'Travel/BotLocales/en_US/Intents/FallbackIntent/Intent.json',
      'Travel/BotLocales/en_US/Intents/Goodbye/Intent.json',
      'Travel/BotLocales/en_US/SlotTypes/TripType/SlotType.json',
    ]);
    expect(files['Manifest.json']).toEqual({
      metaData: { schemaVersion: '1', fileFormat: 'LexJson', resourceType: 'BOT' },
    });
    expect(files['Travel/Bot.json']).toMatchObject({
      name: 'Travel',
      identifier: botId,
      version: '1',
      idleSessionTTLInSeconds: 300,
    });
    const intent = files['Travel/BotLocales/en_US/Intents/BookTrip/Intent.json'] as Record<string, unknown>;
    expect(Object.keys(intent).slice(0, 5)).toEqual([
      'name',
      'identifier',
      'description',
      'parentIntentSignature',
      'sampleUtterances',
    ]);
    expect(intent).toMatchObject({ name: 'BookTrip', identifier: bookTripId, description: null });
    expect(files['Travel/BotLocales/en_US/Intents/BookTrip/Slots/Kind/Slot.json']).toMatchObject({
      name: 'Kind',
      slotTypeName: 'TripType',
    });
    expect(files['Travel/BotLocales/en_US/BotLocale.json']).toMatchObject({
      name: 'en_US',
      identifier: 'en_US',
      nluConfidenceThreshold: 0.4,
    });
  });

  it('round-trips: an exported archive imports as another bot with the same content', async () => {
    const first = await importArchive(lex, botArchive(travelBot('Original')), 'Original');
    const { exportId } = await lex.send(
      new CreateExportCommand({
        resourceSpecification: { botExportSpecification: { botId: first.importedResourceId, botVersion: 'DRAFT' } },
        fileFormat: 'LexJson',
      }),
    );
    const { downloadUrl } = await waitFor(
      () => lex.send(new DescribeExportCommand({ exportId })),
      (answer) => answer.exportStatus === 'Completed',
    );
    const archive = new Uint8Array(await (await fetch(downloadUrl as string)).arrayBuffer());

    const copy = await importArchive(lex, archive, 'Copy');
    const copied = await lex.send(
      new ListSlotTypesCommand({ botId: copy.importedResourceId, botVersion: 'DRAFT', localeId: 'en_US' }),
    );
    const slotType = await lex.send(
      new DescribeSlotTypeCommand({
        botId: copy.importedResourceId,
        botVersion: 'DRAFT',
        localeId: 'en_US',
        slotTypeId: copied.slotTypeSummaries?.[0]?.slotTypeId,
      }),
    );

    expect(copy.importStatus).toBe('Completed');
    expect(slotType.valueSelectionSetting).toEqual({ resolutionStrategy: 'TopResolution' });
    expect((await lex.send(new DescribeBotCommand({ botId: copy.importedResourceId }))).botName).toBe('Copy');
  });

  it('expires download URLs after five minutes and forgets deleted exports', async () => {
    const { importedResourceId: botId } = await importArchive(lex, botArchive(travelBot('Expiring')), 'Expiring');
    const { exportId } = await lex.send(
      new CreateExportCommand({
        resourceSpecification: { botExportSpecification: { botId, botVersion: 'DRAFT' } },
        fileFormat: 'LexJson',
      }),
    );
    const { downloadUrl } = await waitFor(
      () => lex.send(new DescribeExportCommand({ exportId })),
      (answer) => answer.exportStatus === 'Completed',
    );

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 301_000);
    const late = await fetch(downloadUrl as string);
    vi.useRealTimers();
    const tampered = await fetch((downloadUrl as string).replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=3600'));
    const deleted = await lex.send(new DeleteExportCommand({ exportId }));
    const gone = await rejection(lex.send(new DescribeExportCommand({ exportId })));

    expect(late.status).toBe(403);
    expect(await late.text()).toContain('<Message>Request has expired</Message>');
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(deleted.exportStatus).toBe('Deleting');
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('refuses exports of missing bots and formats it does not write', async () => {
    const missing = await rejection(
      lex.send(
        new CreateExportCommand({
          resourceSpecification: { botExportSpecification: { botId: 'ABCDEFGHIJ', botVersion: 'DRAFT' } },
          fileFormat: 'LexJson',
        }),
      ),
    );
    const tsv = await rejection(
      lex.send(
        new CreateExportCommand({
          resourceSpecification: { botExportSpecification: { botId: 'ABCDEFGHIJ', botVersion: 'DRAFT' } },
          fileFormat: 'TSV',
        }),
      ),
    );

    expect([missing.name, missing.$metadata?.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
    expect(tsv.name).toBe('ValidationException');
  });

  it('fails imports of archives Lex cannot read, with the reasons', async () => {
    const notZip = await importArchive(lex, new TextEncoder().encode('not a zip at all'), 'Broken');
    const noManifest = await importArchive(lex, botArchive({ ...travelBot('Broken'), manifestName: null }), 'Broken');
    const malformed = await importArchive(
      lex,
      botArchive({
        ...travelBot('Broken'),
        overrides: { 'Broken/BotLocales/en_US/Intents/Goodbye/Intent.json': '{"name": "Goodbye",' },
      }),
      'Broken',
    );
    const missingType = await importArchive(
      lex,
      botArchive({
        botName: 'Broken',
        locales: [
          {
            localeId: 'en_US',
            intents: [{ name: 'Ask', utterances: ['ask'], slots: [{ name: 'What', slotTypeName: 'Nowhere' }] }],
          },
        ],
      }),
      'Broken',
    );

    expect([notZip.importStatus, notZip.failureReasons]).toEqual([
      'Failed',
      ['The uploaded file is not a valid zip archive.'],
    ]);
    expect(noManifest.failureReasons).toEqual(['The archive has no Manifest.json.']);
    expect(malformed.failureReasons).toEqual([
      expect.stringMatching(/^Broken\/BotLocales\/en_US\/Intents\/Goodbye\/Intent\.json is not valid JSON/),
    ]);
    expect(missingType.failureReasons).toEqual([
      "Slot 'What' of intent 'Ask' in locale en_US uses the slot type \"Nowhere\", which is neither built in nor defined in the locale.",
    ]);
  });

  it('accepts a lower-case manifest.json and an archive wrapped in one more folder', async () => {
    const lowerCase = await importArchive(
      lex,
      botArchive({ ...travelBot('Lower'), manifestName: 'manifest.json' }),
      'Lower',
    );
    const inner = unzipSync(botArchive(travelBot('Wrapped')));
    const wrapped = zipSync(
      Object.fromEntries(Object.entries(inner).map(([path, data]) => [`Wrapped-DRAFT-LexJson/${path}`, data])),
    );
    const wrappedImport = await importArchive(lex, wrapped, 'Wrapped');

    expect(lowerCase.importStatus).toBe('Completed');
    expect(wrappedImport.importStatus).toBe('Completed');
  });

  it('merges by strategy: FailOnConflict refuses an existing bot, Overwrite replaces its DRAFT, Append adds', async () => {
    const first = await importArchive(lex, botArchive(travelBot('Merged')), 'Merged');
    const botId = first.importedResourceId as string;
    const before = await lex.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));

    const conflict = await importArchive(lex, botArchive(travelBot('Merged')), 'Merged', {
      mergeStrategy: 'FailOnConflict',
    });
    const smaller = botArchive({
      botName: 'Merged',
      locales: [{ localeId: 'en_US', intents: [{ name: 'Goodbye', utterances: ['see you'] }] }],
    });
    const overwritten = await importArchive(lex, smaller, 'Merged');
    const after = await lex.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));
    const goodbye = await lex.send(
      new DescribeIntentCommand({
        botId,
        botVersion: 'DRAFT',
        localeId: 'en_US',
        intentId: after.intentSummaries?.[0]?.intentId,
      }),
    );
    const addition = botArchive({
      botName: 'Merged',
      locales: [{ localeId: 'en_US', intents: [{ name: 'Hello', utterances: ['hi'] }] }],
    });
    const appended = await importArchive(lex, addition, 'Merged', { mergeStrategy: 'Append' });
    const clash = await importArchive(lex, addition, 'Merged', { mergeStrategy: 'Append' });
    const final = await lex.send(new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US' }));

    expect(conflict.importStatus).toBe('Failed');
    expect(conflict.failureReasons?.[0]).toContain('already exists');
    expect(overwritten).toMatchObject({ importStatus: 'Completed', importedResourceId: botId });
    expect(after.intentSummaries?.map((intent) => intent.intentName)).toEqual(['Goodbye']);
    // An overwritten intent keeps its id.
    expect(goodbye.intentId).toBe(before.intentSummaries?.find((intent) => intent.intentName === 'Goodbye')?.intentId);
    expect(goodbye.sampleUtterances).toEqual([{ utterance: 'see you' }]);
    expect(appended.importStatus).toBe('Completed');
    expect(clash.failureReasons).toEqual(['The intent Hello already exists in locale en_US.']);
    expect(final.intentSummaries?.map((intent) => intent.intentName)).toEqual(['Goodbye', 'Hello']);
  });

  it('checks StartImport itself: the upload id, a role of the account, and one start per upload', async () => {
    const { importId, uploadUrl } = await lex.send(new CreateUploadUrlCommand({}));
    await fetch(uploadUrl as string, { method: 'PUT', body: botArchive(travelBot('Checked')) });
    const specification = (roleArn: string) => ({
      botImportSpecification: { botName: 'Checked', roleArn, dataPrivacy: { childDirected: false } },
    });

    const unknown = await rejection(
      lex.send(
        new StartImportCommand({
          importId: 'ZZZZZZZZZZ',
          mergeStrategy: 'Overwrite',
          resourceSpecification: specification(LEX_ROLE),
        }),
      ),
    );
    const foreignRole = await rejection(
      lex.send(
        new StartImportCommand({
          importId,
          mergeStrategy: 'Overwrite',
          resourceSpecification: specification(`arn:aws:iam::${TARGET_ACCOUNT}:role/AWSServiceRoleForLexV2Bots_Common`),
        }),
      ),
    );
    const started = await lex.send(
      new StartImportCommand({ importId, mergeStrategy: 'Overwrite', resourceSpecification: specification(LEX_ROLE) }),
    );
    const twice = await rejection(
      lex.send(
        new StartImportCommand({
          importId,
          mergeStrategy: 'Overwrite',
          resourceSpecification: specification(LEX_ROLE),
        }),
      ),
    );

    expect(unknown.name).toBe('ResourceNotFoundException');
    expect(foreignRole.name).toBe('ValidationException');
    expect(started.importStatus).toBe('InProgress');
    expect(twice.name).toBe('ConflictException');
  });

  it('refuses uploads once the upload URL is five minutes old, and fails the import that finds no file', async () => {
    const { importId, uploadUrl } = await lex.send(new CreateUploadUrlCommand({}));

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 301_000);
    const late = await fetch(uploadUrl as string, { method: 'PUT', body: botArchive(travelBot('Late')) });
    vi.useRealTimers();
    await lex.send(
      new StartImportCommand({
        importId,
        mergeStrategy: 'Overwrite',
        resourceSpecification: {
          botImportSpecification: { botName: 'Late', roleArn: LEX_ROLE, dataPrivacy: { childDirected: false } },
        },
      }),
    );
    const outcome = await waitFor(
      () => lex.send(new DescribeImportCommand({ importId })),
      (answer) => answer.importStatus !== 'InProgress',
    );

    expect(late.status).toBe(403);
    expect(await late.text()).toContain('<Message>Request has expired</Message>');
    expect(outcome.failureReasons).toEqual(['No file was uploaded to the upload URL of this import.']);
  });

  it.skipIf(!hasFixture)('imports a real Lex export and describes it through the API', async () => {
    const imported = await importArchive(lex, folderArchive(FIXTURE), 'AirlineBot');
    const botId = imported.importedResourceId as string;
    const intents = await lex.send(
      new ListIntentsCommand({ botId, botVersion: 'DRAFT', localeId: 'en_US', maxResults: 50 }),
    );
    const slotTypes = await lex.send(new ListSlotTypesCommand({ botId, botVersion: 'DRAFT', localeId: 'it_IT' }));

    expect(imported.failureReasons).toBeUndefined();
    expect(imported.importStatus).toBe('Completed');
    expect(intents.intentSummaries?.length).toBeGreaterThan(5);
    expect(slotTypes.slotTypeSummaries?.map((slotType) => slotType.slotTypeName).sort()).toEqual([
      'Airport_Code',
      'TripType',
    ]);
  });
});
