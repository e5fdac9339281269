import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateExportCommand,
  CreateUploadUrlCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  LexModelsV2Client,
  StartImportCommand,
  type DescribeImportCommandOutput,
  type MergeStrategy,
} from '@aws-sdk/client-lex-models-v2';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { LocalAws } from '../src/index.js';
import { ServiceModel, type ServiceModelJson } from '../src/models/model.js';
import { outputProblems } from '../src/models/output-validator.js';
import { BASE_CREDENTIALS, type Credentials } from './support.js';
import lexModelJson from '../models/lex.json' with { type: 'json' };

export const SHARED_ACCOUNT = '318484875904';
export const LEX_ROLE = `arn:aws:iam::${SHARED_ACCOUNT}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots_Common`;

const lexModel = new ServiceModel(lexModelJson as ServiceModelJson);

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * A Lex client whose every successful answer is held to its operation's output shape before the SDK reads it: a
 * member the model lacks, a wrong type or a value outside an enum fails the call.
 */
export function lexClient(localAws: LocalAws, credentials: Credentials = BASE_CREDENTIALS): LexModelsV2Client {
  const client = new LexModelsV2Client({ endpoint: localAws.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      if (response.statusCode === undefined || response.statusCode >= 300) return result;
      const bytes = await bodyBytes(response.body);
      response.body = bytes;
      const operation = String(context.commandName).replace(/Command$/, '');
      const text = Buffer.from(bytes).toString('utf8');
      const problems = outputProblems(lexModel, operation, text === '' ? {} : JSON.parse(text));
      if (problems.length > 0)
        throw new Error(`${operation} answered outside its output shape: ${problems.join('; ')}`);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'outputShapeCheck' },
  );
  return client;
}

/** Polls `read` until `done` holds for its answer; fails after `timeoutMs`. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(20);
  }
}

export interface SlotSpec {
  name: string;
  slotTypeName: string;
}

export interface IntentSpec {
  name: string;
  utterances?: string[];
  parentIntentSignature?: string;
  slots?: SlotSpec[];
}

export interface LocaleSpec {
  localeId: string;
  intents: IntentSpec[];
  slotTypes?: string[];
}

export interface ArchiveSpec {
  botName: string;
  locales: LocaleSpec[];
  /** The manifest's file name; `null` leaves it out. */
  manifestName?: string | null;
  /** Replaces files by their path in the archive (`<bot>/BotLocales/en_US/BotLocale.json`). */
  overrides?: Record<string, string>;
  /** The name Bot.json gives, when it should differ from its folder. */
  botJsonName?: string;
  /** More files, by their path in the archive, as they are. */
  extraFiles?: Record<string, Uint8Array>;
}

const json = (value: unknown) => strToU8(JSON.stringify(value));

/** A LexJson archive laid out like Lex's exports: Manifest.json beside the bot's folder. */
export function botArchive(spec: ArchiveSpec): Uint8Array {
  const locales: Zippable = {};
  for (const locale of spec.locales) {
    const intents: Zippable = {};
    for (const intent of locale.intents) {
      const slots: Zippable = {};
      for (const slot of intent.slots ?? []) {
        slots[slot.name] = {
          'Slot.json': json({
            name: slot.name,
            identifier: 'SLOTID0000',
            description: null,
            slotTypeName: slot.slotTypeName,
            valueElicitationSetting: {
              slotConstraint: 'Required',
              promptSpecification: {
                messageGroupsList: [{ message: { plainTextMessage: { value: `Which ${slot.name}?` } } }],
                allowInterrupt: true,
                maxRetries: 2,
              },
            },
          }),
        };
      }
      intents[intent.name] = {
        'Intent.json': json({
          name: intent.name,
          identifier: 'INTENTID00',
          description: null,
          parentIntentSignature: intent.parentIntentSignature ?? null,
          sampleUtterances: (intent.utterances ?? []).map((utterance) => ({ utterance })),
          dialogCodeHook: { enabled: true },
          slotPriorities: (intent.slots ?? []).map((slot, index) => ({ priority: index, slotName: slot.name })),
        }),
        ...(intent.slots?.length ? { Slots: slots } : {}),
      };
    }
    const slotTypes: Zippable = {};
    for (const name of locale.slotTypes ?? []) {
      slotTypes[name] = {
        'SlotType.json': json({
          name,
          identifier: 'TYPEID0000',
          description: null,
          slotTypeValues: [{ sampleValue: { value: 'one way' }, synonyms: [{ value: 'single' }] }],
          parentSlotTypeSignature: null,
          valueSelectionSetting: { resolutionStrategy: 'TOP_RESOLUTION', regexFilter: null },
        }),
      };
    }
    locales[locale.localeId] = {
      'BotLocale.json': json({
        name: locale.localeId,
        identifier: locale.localeId,
        version: null,
        description: null,
        voiceSettings: { voiceId: 'Joanna', engine: 'neural' },
        nluConfidenceThreshold: 0.4,
      }),
      Intents: intents,
      ...(locale.slotTypes?.length ? { SlotTypes: slotTypes } : {}),
    };
  }
  const files: Zippable = {
    [spec.botName]: {
      'Bot.json': json({
        dataPrivacy: { childDirected: false },
        description: 'A bot for tests',
        errorLogSettings: null,
        identifier: 'BOTID00000',
        idleSessionTTLInSeconds: 300,
        name: spec.botJsonName ?? spec.botName,
        version: 'DRAFT',
      }),
      BotLocales: locales,
    },
  };
  if (spec.manifestName !== null) {
    files[spec.manifestName ?? 'Manifest.json'] = json({
      metaData: { schemaVersion: '1', fileFormat: 'LexJson', resourceType: 'BOT' },
    });
  }
  const flat = flatten(files);
  for (const [path, content] of Object.entries(spec.overrides ?? {})) flat[path] = strToU8(content);
  Object.assign(flat, spec.extraFiles);
  return zipSync(flat);
}

function flatten(tree: Zippable, prefix = ''): Record<string, Uint8Array> {
  const result: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(tree)) {
    if (value instanceof Uint8Array) result[`${prefix}${name}`] = value;
    else Object.assign(result, flatten(value as Zippable, `${prefix}${name}/`));
  }
  return result;
}

/** A bot with two intents (one with a slot of a custom type) and the fallback intent, in the given locales. */
export function travelBot(botName: string, localeIds: string[] = ['en_US'], utterance = 'book a trip'): ArchiveSpec {
  return {
    botName,
    locales: localeIds.map((localeId) => ({
      localeId,
      slotTypes: ['TripType'],
      intents: [
        {
          name: 'BookTrip',
          utterances: [utterance],
          slots: [
            { name: 'Kind', slotTypeName: 'TripType' },
            { name: 'When', slotTypeName: 'AMAZON.Date' },
          ],
        },
        { name: 'Goodbye', utterances: ['bye'] },
        { name: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent' },
      ],
    })),
  };
}

/** Uploads an archive through CreateUploadUrl and a plain HTTP PUT, starts the import and waits for its end. */
export async function importArchive(
  client: LexModelsV2Client,
  archive: Uint8Array,
  botName: string,
  { mergeStrategy = 'Overwrite', roleArn = LEX_ROLE }: { mergeStrategy?: MergeStrategy; roleArn?: string } = {},
): Promise<DescribeImportCommandOutput> {
  const { importId, uploadUrl } = await client.send(new CreateUploadUrlCommand({}));
  const upload = await fetch(uploadUrl as string, { method: 'PUT', body: archive });
  if (upload.status !== 200) throw new Error(`upload failed: ${upload.status} ${await upload.text()}`);
  await client.send(
    new StartImportCommand({
      importId,
      mergeStrategy,
      resourceSpecification: {
        botImportSpecification: {
          botName,
          roleArn,
          dataPrivacy: { childDirected: false },
          idleSessionTTLInSeconds: 300,
        },
      },
    }),
  );
  return waitFor(
    () => client.send(new DescribeImportCommand({ importId })),
    (answer) => answer.importStatus !== 'InProgress',
  );
}

/** Exports a bot version as LexJson and answers the archive's files, by path, as Lex wrote them. */
export async function exportFiles(
  client: LexModelsV2Client,
  botId: string,
  botVersion: string,
): Promise<Record<string, Uint8Array>> {
  const { exportId } = await client.send(
    new CreateExportCommand({
      resourceSpecification: { botExportSpecification: { botId, botVersion } },
      fileFormat: 'LexJson',
    }),
  );
  const done = await waitFor(
    () => client.send(new DescribeExportCommand({ exportId })),
    (answer) => answer.exportStatus === 'Completed',
  );
  const download = await fetch(done.downloadUrl as string);
  if (download.status !== 200) throw new Error(`download failed: ${download.status}`);
  return Object.fromEntries(
    Object.entries(unzipSync(new Uint8Array(await download.arrayBuffer()))).filter(([path]) => !path.endsWith('/')),
  );
}

/** An export's JSON files parsed, with the identifiers every account gives differently left out. */
export function portableFiles(files: Record<string, Uint8Array>): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'identifier')
        .map(([key, entry]) => [key, strip(entry)]),
    );
  };
  return Object.fromEntries(
    Object.entries(files).map(([path, data]) => [
      path,
      path.endsWith('.json') ? strip(JSON.parse(strFromU8(data))) : Buffer.from(data).toString('base64'),
    ]),
  );
}
