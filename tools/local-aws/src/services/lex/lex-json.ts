import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

// The LexJson archive Lex V2 exports and imports: `Manifest.json` next to a folder named after the bot, which holds
// `Bot.json` and `BotLocales/<localeId>/` with `BotLocale.json`, `Intents/<name>/Intent.json`,
// `Intents/<name>/Slots/<name>/Slot.json` and `SlotTypes/<name>/SlotType.json`. The files keep Lex's own field names
// (`name`, `identifier`, `slotTypeName`, `nluConfidenceThreshold`) and write absent settings as `null`.

export type JsonObject = Record<string, unknown>;

/** The files of one locale, each kept as read (or as it will be written): `name` and `identifier` included. */
export interface LocaleFiles {
  locale: JsonObject;
  intents: { intent: JsonObject; slots: JsonObject[] }[];
  slotTypes: JsonObject[];
}

export interface BotFiles {
  bot: JsonObject;
  locales: LocaleFiles[];
  /** The files under the bot's folder that are none of the above, by their path in that folder, byte for byte. */
  extras?: Record<string, Uint8Array>;
}

/** The field order of each file in Lex's exports; fields a file does not have are written as null. */
const BOT_FIELDS = [
  'dataPrivacy',
  'description',
  'errorLogSettings',
  'identifier',
  'idleSessionTTLInSeconds',
  'name',
  'version',
];
const LOCALE_FIELDS = ['name', 'identifier', 'version', 'description', 'voiceSettings', 'nluConfidenceThreshold'];
const INTENT_FIELDS = [
  'name',
  'identifier',
  'description',
  'parentIntentSignature',
  'sampleUtterances',
  'intentConfirmationSetting',
  'intentClosingSetting',
  'initialResponseSetting',
  'inputContexts',
  'outputContexts',
  'kendraConfiguration',
  'qnAIntentConfiguration',
  'bedrockAgentIntentConfiguration',
  'qInConnectIntentConfiguration',
  'dialogCodeHook',
  'fulfillmentCodeHook',
  'slotPriorities',
];
const SLOT_FIELDS = [
  'name',
  'identifier',
  'description',
  'slotTypeName',
  'obfuscationSetting',
  'valueElicitationSetting',
  'multipleValuesSetting',
];
const SLOT_TYPE_FIELDS = [
  'name',
  'identifier',
  'description',
  'slotTypeValues',
  'parentSlotTypeSignature',
  'valueSelectionSetting',
];

export const MANIFEST = { metaData: { schemaVersion: '1', fileFormat: 'LexJson', resourceType: 'BOT' } };

/** Largest archive content local-aws unpacks, against zip bombs. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** A file's fields in Lex's order, then any others it carries, so that a round trip keeps everything. */
function ordered(fields: readonly string[], file: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const field of fields) result[field] = file[field] ?? null;
  for (const [field, value] of Object.entries(file)) if (!(field in result)) result[field] = value;
  return result;
}

function jsonFile(value: unknown): Uint8Array {
  return strToU8(JSON.stringify(value));
}

/**
 * Writes the archive of a bot: the manifest beside a folder named after the bot, with the files the emulator does not
 * model written back where they were read.
 */
export function writeArchive(files: BotFiles): Uint8Array {
  const botFolder = `${String(files.bot.name)}/`;
  const entries: Record<string, Uint8Array> = { 'Manifest.json': jsonFile(MANIFEST) };
  entries[`${botFolder}Bot.json`] = jsonFile(ordered(BOT_FIELDS, files.bot));
  for (const locale of files.locales) {
    const localeFolder = `${botFolder}BotLocales/${String(locale.locale.identifier)}/`;
    entries[`${localeFolder}BotLocale.json`] = jsonFile(ordered(LOCALE_FIELDS, locale.locale));
    for (const { intent, slots } of locale.intents) {
      const intentFolder = `${localeFolder}Intents/${String(intent.name)}/`;
      entries[`${intentFolder}Intent.json`] = jsonFile(ordered(INTENT_FIELDS, intent));
      for (const slot of slots) {
        entries[`${intentFolder}Slots/${String(slot.name)}/Slot.json`] = jsonFile(ordered(SLOT_FIELDS, slot));
      }
    }
    for (const slotType of locale.slotTypes) {
      entries[`${localeFolder}SlotTypes/${String(slotType.name)}/SlotType.json`] = jsonFile(
        ordered(SLOT_TYPE_FIELDS, slotType),
      );
    }
  }
  for (const [path, data] of Object.entries(files.extras ?? {})) {
    const entry = `${botFolder}${path}`;
    if (!(entry in entries)) entries[entry] = data;
  }
  return zipSync(entries);
}

/** An archive that could not be read, with every reason found. */
export class ArchiveProblems extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join('; '));
  }
}

function present<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads the archive's entries as a map of path to bytes, folders and macOS metadata left out. */
function unpack(archive: Uint8Array): Map<string, Uint8Array> {
  let unpacked = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(archive, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES)
          throw new ArchiveProblems([`The archive unpacks to more than ${MAX_UNPACKED_BYTES} bytes.`]);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ArchiveProblems) throw error;
    throw new ArchiveProblems(['The uploaded file is not a valid zip archive.']);
  }
  const files = new Map<string, Uint8Array>();
  for (const [path, data] of Object.entries(entries)) {
    const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '');
    if (
      normalized.endsWith('/') ||
      normalized.startsWith('__MACOSX/') ||
      normalized.split('/').at(-1) === '.DS_Store'
    ) {
      continue;
    }
    files.set(normalized, data);
  }
  return files;
}

class ArchiveReader {
  readonly reasons: string[] = [];
  /** The files read as part of the bot's model; every other file under the bot's folder is kept as it is. */
  readonly modelled = new Set<string>();

  constructor(readonly files: Map<string, Uint8Array>) {}

  json(path: string): JsonObject | undefined {
    this.modelled.add(path);
    const data = this.files.get(path);
    if (!data) {
      this.reasons.push(`${path} is missing.`);
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(strFromU8(data));
    } catch (error) {
      this.reasons.push(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (!isObject(value)) {
      this.reasons.push(`${path} must hold a JSON object.`);
      return undefined;
    }
    return value;
  }

  /** The names of the folders directly under `folder` (`a/b/`) that hold `file`. */
  folders(folder: string, file: string): string[] {
    const names = new Set<string>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(folder)) continue;
      const [name, rest] = [
        path.slice(folder.length).split('/')[0] ?? '',
        path.slice(folder.length).split('/').slice(1).join('/'),
      ];
      if (name && rest === file) names.add(name);
    }
    return [...names].sort();
  }

  /** Reads a resource file and checks that its `name` matches the folder it sits in. */
  named(path: string, folderName: string, kind: string): JsonObject | undefined {
    const file = this.json(path);
    if (file && file.name !== folderName) {
      this.reasons.push(
        `${path}: the ${kind} name ${JSON.stringify(file.name)} does not match its folder '${folderName}'.`,
      );
    }
    return file;
  }
}

function findManifest(files: Map<string, Uint8Array>): string | undefined {
  const candidates = [...files.keys()].filter((path) => {
    const parts = path.split('/');
    return parts.length <= 2 && parts.at(-1)?.toLowerCase() === 'manifest.json';
  });
  // A manifest at the top wins over one inside a single wrapping folder.
  return candidates.sort((a, b) => a.split('/').length - b.split('/').length)[0];
}

function checkManifest(reader: ArchiveReader, path: string): void {
  const manifest = reader.json(path);
  if (!manifest) return;
  const metadata = manifest.metaData ?? manifest.metadata;
  if (!isObject(metadata)) {
    reader.reasons.push(`${path} has no metaData object.`);
    return;
  }
  if (metadata.fileFormat !== 'LexJson') {
    reader.reasons.push(`${path}: fileFormat must be LexJson (got ${JSON.stringify(metadata.fileFormat)}).`);
  }
  if (typeof metadata.resourceType !== 'string' || metadata.resourceType.toUpperCase() !== 'BOT') {
    reader.reasons.push(
      `${path}: resourceType must be BOT for a bot import (got ${JSON.stringify(metadata.resourceType)}).`,
    );
  }
}

function readLocale(reader: ArchiveReader, localeFolder: string, localeId: string): LocaleFiles | undefined {
  const locale = reader.json(`${localeFolder}BotLocale.json`);
  if (!locale) return undefined;
  if (locale.identifier !== localeId) {
    reader.reasons.push(
      `${localeFolder}BotLocale.json: the locale identifier ${JSON.stringify(locale.identifier)} does not match its folder '${localeId}'.`,
    );
  }
  const slotTypes = reader
    .folders(`${localeFolder}SlotTypes/`, 'SlotType.json')
    .flatMap((name) => present(reader.named(`${localeFolder}SlotTypes/${name}/SlotType.json`, name, 'slot type')));
  const slotTypeNames = new Set(slotTypes.map((slotType) => slotType.name));
  const intents = reader.folders(`${localeFolder}Intents/`, 'Intent.json').flatMap((intentName) => {
    const intentFolder = `${localeFolder}Intents/${intentName}/`;
    const intent = reader.named(`${intentFolder}Intent.json`, intentName, 'intent');
    if (!intent) return [];
    const slots = reader
      .folders(`${intentFolder}Slots/`, 'Slot.json')
      .flatMap((slotName) => present(reader.named(`${intentFolder}Slots/${slotName}/Slot.json`, slotName, 'slot')));
    for (const slot of slots) {
      const slotType = slot.slotTypeName;
      if (typeof slotType !== 'string' || (!slotType.startsWith('AMAZON.') && !slotTypeNames.has(slotType))) {
        reader.reasons.push(
          `Slot '${String(slot.name)}' of intent '${intentName}' in locale ${localeId} uses the slot type ` +
            `${JSON.stringify(slotType)}, which is neither built in nor defined in the locale.`,
        );
      }
    }
    const slotNames = new Set(slots.map((slot) => slot.name));
    for (const priority of Array.isArray(intent.slotPriorities) ? intent.slotPriorities : []) {
      const slotName = isObject(priority) ? priority.slotName : undefined;
      if (!slotNames.has(slotName)) {
        reader.reasons.push(
          `Intent '${intentName}' in locale ${localeId} gives a priority to the slot ${JSON.stringify(slotName)}, which it does not have.`,
        );
      }
    }
    return [{ intent, slots }];
  });
  return { locale, intents, slotTypes };
}

/**
 * Reads a bot archive as Lex imports it: the manifest (any capitalisation of `Manifest.json`, at the top or inside
 * one wrapping folder), then the one bot folder beside it, whatever it is called. The other files under that folder
 * come back as `extras`. Throws ArchiveProblems listing every problem found.
 */
export function readArchive(archive: Uint8Array): BotFiles {
  const files = unpack(archive);
  const manifestPath = findManifest(files);
  if (!manifestPath) throw new ArchiveProblems(['The archive has no Manifest.json.']);
  const reader = new ArchiveReader(files);
  checkManifest(reader, manifestPath);
  const root = manifestPath.includes('/') ? `${manifestPath.split('/')[0]}/` : '';
  const botFolders = reader.folders(root, 'Bot.json');
  if (botFolders.length !== 1) {
    reader.reasons.push(
      botFolders.length === 0
        ? 'The archive has no bot folder with a Bot.json next to its Manifest.json.'
        : `The archive holds more than one bot folder: ${botFolders.join(', ')}.`,
    );
    throw new ArchiveProblems(reader.reasons);
  }
  const botFolderName = botFolders[0] as string;
  const botFolder = `${root}${botFolderName}/`;
  // Lex names the bot after the import's specification: neither this folder nor Bot.json's name has a say.
  const bot = reader.json(`${botFolder}Bot.json`);
  const locales = reader
    .folders(`${botFolder}BotLocales/`, 'BotLocale.json')
    .flatMap((localeId) => present(readLocale(reader, `${botFolder}BotLocales/${localeId}/`, localeId)));
  if (reader.reasons.length > 0 || !bot) throw new ArchiveProblems(reader.reasons);
  const extras: Record<string, Uint8Array> = {};
  for (const [path, data] of reader.files) {
    if (path.startsWith(botFolder) && !reader.modelled.has(path)) extras[path.slice(botFolder.length)] = data;
  }
  return { bot, locales, extras };
}
