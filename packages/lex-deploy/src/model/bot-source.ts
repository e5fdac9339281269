import { findDuplicateKey, type Problem } from '@edd/core';
import { isObject, jsonPath, parseJson, type JsonObject } from './json.js';
import { MANIFEST, type FileTree } from './tree.js';

// A LexJson bot as Lex exports it: `Manifest.json` beside one folder named after the bot, which holds `Bot.json`
// and `BotLocales/<localeId>/` with `BotLocale.json`, `Intents/<name>/Intent.json`,
// `Intents/<name>/Slots/<name>/Slot.json` and `SlotTypes/<name>/SlotType.json`.

export type DocumentKind = 'bot' | 'locale' | 'intent' | 'slot' | 'slotType' | 'other';

/** What a path inside the bot folder holds, with the names its folders give. */
export interface DocumentPlace {
  kind: DocumentKind;
  locale?: string;
  intent?: string;
  slot?: string;
  slotType?: string;
}

export function placeOf(path: string): DocumentPlace {
  const parts = path.split('/');
  if (path === 'Bot.json') return { kind: 'bot' };
  if (parts[0] !== 'BotLocales' || parts.length < 3) return { kind: 'other' };
  const locale = parts[1]!;
  const rest = parts.slice(2).join('/');
  if (rest === 'BotLocale.json') return { kind: 'locale', locale };
  if (parts[2] === 'Intents' && parts.length === 5 && parts[4] === 'Intent.json')
    return { kind: 'intent', locale, intent: parts[3]! };
  if (parts[2] === 'Intents' && parts.length === 7 && parts[4] === 'Slots' && parts[6] === 'Slot.json')
    return { kind: 'slot', locale, intent: parts[3]!, slot: parts[5]! };
  if (parts[2] === 'SlotTypes' && parts.length === 5 && parts[4] === 'SlotType.json')
    return { kind: 'slotType', locale, slotType: parts[3]! };
  return { kind: 'other', locale };
}

/** A bot read from a folder or an archive: its manifest and every JSON document of its folder, parsed. */
export interface BotSource {
  /** Where it came from, for messages (`lex/EDDBot`, `bot.zip`). */
  label: string;
  manifest: JsonObject;
  /** The bot folder's name: the bot's name where it was exported. */
  folder: string;
  /** Every JSON document of the bot folder, by path relative to it (`Bot.json`, `BotLocales/en_US/...`). */
  documents: Map<string, JsonObject>;
  /** Locale ids, sorted. */
  locales: string[];
  /** Files that are not part of the bot (a README beside the manifest, a non-JSON file), left out. */
  ignored: string[];
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Parses a document of the bot; a syntax error or a key given twice is a problem naming the file and line. */
function parseDocument(data: Uint8Array, file: string, problems: Problem[]): JsonObject | undefined {
  const text = decoder.decode(data).replace(/^\uFEFF/, '');
  const parsed = parseJson(text);
  if (!parsed.ok) {
    problems.push({ file, line: parsed.line, message: `not valid JSON: ${parsed.message}` });
    return undefined;
  }
  if (!isObject(parsed.value)) {
    problems.push({ file, message: 'must hold a JSON object' });
    return undefined;
  }
  // JSON.parse keeps the last of two equal keys: what a reviewer read would not be what Lex gets.
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    problems.push({ file, line: duplicate.line, message: duplicate.message });
    return undefined;
  }
  return parsed.value;
}

/**
 * Reads the manifest and the one bot folder beside it. Problems that make the tree unusable (no bot folder, files
 * that do not parse) are collected; the source is returned only when there are none.
 */
export function readBotSource(tree: FileTree, label: string): { source?: BotSource; problems: Problem[] } {
  const problems: Problem[] = [];
  const manifest = parseDocument(tree.get(MANIFEST) ?? new Uint8Array(), `${label}/${MANIFEST}`, problems);
  const folders = [
    ...new Set([...tree.keys()].filter((p) => /^[^/]+\/Bot\.json$/.test(p)).map((p) => p.split('/')[0]!)),
  ];
  if (folders.length !== 1) {
    problems.push({
      file: label,
      message:
        folders.length === 0
          ? `no bot folder: expected <BotName>/Bot.json beside ${MANIFEST}`
          : `holds ${folders.length} bot folders (${folders.join(', ')}); a source holds exactly one bot`,
    });
    return { problems };
  }
  const folder = folders[0]!;
  const documents = new Map<string, JsonObject>();
  const ignored: string[] = [];
  for (const [path, data] of tree) {
    if (path === MANIFEST) continue;
    if (!path.startsWith(`${folder}/`) || !path.endsWith('.json')) {
      ignored.push(path);
      continue;
    }
    const document = parseDocument(data, `${label}/${path}`, problems);
    if (document) documents.set(path.slice(folder.length + 1), document);
  }
  const locales = [
    ...new Set(
      [...documents.keys()]
        .map(placeOf)
        .filter((p) => p.kind === 'locale')
        .map((p) => p.locale!),
    ),
  ].sort();
  if (problems.length > 0 || !manifest) return { problems };
  return { source: { label, manifest, folder, documents, locales, ignored }, problems };
}

const LOCALE_ID = /^[a-z]{2}_([A-Z]{2}|\d{3})$/;
const RESOURCE_NAME = /^([0-9a-zA-Z][_-]?)+$/;
const SLOT_REFERENCE = /\{([^{}]+)\}/g;

interface LocaleIndex {
  intents: Map<string, Set<string>>;
  slotTypes: Set<string>;
}

function indexLocales(source: BotSource): Map<string, LocaleIndex> {
  const index = new Map<string, LocaleIndex>(
    source.locales.map((id) => [id, { intents: new Map(), slotTypes: new Set() }]),
  );
  for (const path of source.documents.keys()) {
    const place = placeOf(path);
    const locale = place.locale ? index.get(place.locale) : undefined;
    if (!locale) continue;
    if (place.kind === 'intent') locale.intents.set(place.intent!, locale.intents.get(place.intent!) ?? new Set());
    if (place.kind === 'slot') {
      const slots = locale.intents.get(place.intent!) ?? new Set();
      slots.add(place.slot!);
      locale.intents.set(place.intent!, slots);
    }
    if (place.kind === 'slotType') locale.slotTypes.add(place.slotType!);
  }
  return index;
}

/** Every `intent: {name}` of the dialog steps in a document, with its path: the intents a step moves to. */
function intentTargets(value: unknown, path: (string | number)[] = []): { name: string; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => intentTargets(item, [...path, i]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    if (key === 'intent' && isObject(item) && typeof item.name === 'string')
      return [{ name: item.name, path: jsonPath([...path, key, 'name']) }];
    return intentTargets(item, [...path, key]);
  });
}

/**
 * What is worth saying about a source that Lex accepts: a bot whose name in `Bot.json` differs from its folder (an
 * export renamed after the fact) is imported under the name the import gives, as the Lex console does.
 */
export function botSourceWarnings(source: BotSource): Problem[] {
  const bot = source.documents.get('Bot.json');
  if (!bot || bot.name === undefined || bot.name === source.folder) return [];
  return [
    {
      file: `${source.label}/${source.folder}/Bot.json`,
      path: '$.name',
      message: `${JSON.stringify(bot.name)} differs from its folder '${source.folder}'; the bot is deployed under the name the folder and --bot-name give`,
    },
  ];
}

/**
 * Checks what Lex would otherwise only refuse minutes into an import or a build: the manifest, the bot file,
 * names that match their folders, and every reference by name (slot types of slots, slots of slot priorities
 * and sample utterances, intents of dialog steps).
 */
export function validateBotSource(source: BotSource): Problem[] {
  const problems: Problem[] = [];
  const file = (path: string) => `${source.label}/${source.folder}/${path}`;
  const metadata = source.manifest.metaData ?? source.manifest.metadata;
  if (!isObject(metadata)) {
    problems.push({ file: `${source.label}/${MANIFEST}`, path: '$.metaData', message: 'missing' });
  } else {
    if (metadata.fileFormat !== 'LexJson')
      problems.push({
        file: `${source.label}/${MANIFEST}`,
        path: '$.metaData.fileFormat',
        message: `must be LexJson, not ${JSON.stringify(metadata.fileFormat)}`,
      });
    if (typeof metadata.resourceType !== 'string' || metadata.resourceType.toLowerCase() !== 'bot')
      problems.push({
        file: `${source.label}/${MANIFEST}`,
        path: '$.metaData.resourceType',
        message: `must be Bot (an export of a whole bot), not ${JSON.stringify(metadata.resourceType)}`,
      });
  }
  const bot = source.documents.get('Bot.json')!;
  if (!RESOURCE_NAME.test(source.folder) || source.folder.length > 100)
    problems.push({ file: `${source.label}/${source.folder}`, message: 'the folder name is not a valid bot name' });
  if (!isObject(bot.dataPrivacy) || typeof bot.dataPrivacy.childDirected !== 'boolean')
    problems.push({ file: file('Bot.json'), path: '$.dataPrivacy.childDirected', message: 'must be true or false' });
  const ttl = bot.idleSessionTTLInSeconds;
  if (
    ttl !== undefined &&
    ttl !== null &&
    !(Number.isInteger(ttl) && (ttl as number) >= 60 && (ttl as number) <= 86400)
  )
    problems.push({
      file: file('Bot.json'),
      path: '$.idleSessionTTLInSeconds',
      message: 'must be a whole number of seconds from 60 to 86400',
    });
  if (source.locales.length === 0)
    problems.push({ file: file('BotLocales'), message: 'no locale: expected BotLocales/<localeId>/BotLocale.json' });

  const index = indexLocales(source);
  for (const [path, document] of source.documents) {
    const place = placeOf(path);
    const locale = place.locale ? index.get(place.locale) : undefined;
    if (place.locale && !locale) {
      problems.push({
        file: file(path),
        message: `its locale folder has no BotLocales/${place.locale}/BotLocale.json`,
      });
      continue;
    }
    const nameMatches = (folderName: string, what: string) => {
      if (document.name !== folderName)
        problems.push({
          file: file(path),
          path: '$.name',
          message: `the ${what} name ${JSON.stringify(document.name)} differs from its folder '${folderName}'`,
        });
      else if (!RESOURCE_NAME.test(folderName) && !folderName.startsWith('AMAZON.'))
        problems.push({
          file: file(path),
          path: '$.name',
          message: `'${folderName}' is not a valid ${what} name (letters, digits, _ and -)`,
        });
    };
    switch (place.kind) {
      case 'locale':
        if (!LOCALE_ID.test(place.locale!))
          problems.push({ file: file(path), message: `'${place.locale}' is not a locale id such as en_US` });
        if (document.identifier !== place.locale)
          problems.push({
            file: file(path),
            path: '$.identifier',
            message: `must be the locale id '${place.locale}', the name of its folder`,
          });
        break;
      case 'intent': {
        nameMatches(place.intent!, 'intent');
        const slots = locale!.intents.get(place.intent!) ?? new Set<string>();
        const priorities = Array.isArray(document.slotPriorities) ? document.slotPriorities : [];
        priorities.forEach((priority, i) => {
          const slotName = isObject(priority) ? priority.slotName : undefined;
          if (typeof slotName !== 'string' || !slots.has(slotName))
            problems.push({
              file: file(path),
              path: jsonPath(['slotPriorities', i, 'slotName']),
              message: `the intent has no slot ${JSON.stringify(slotName)}`,
            });
        });
        const utterances = Array.isArray(document.sampleUtterances) ? document.sampleUtterances : [];
        utterances.forEach((sample, i) => {
          const text = isObject(sample) && typeof sample.utterance === 'string' ? sample.utterance : '';
          for (const [, slotName] of text.matchAll(SLOT_REFERENCE)) {
            if (!slots.has(slotName!))
              problems.push({
                file: file(path),
                path: jsonPath(['sampleUtterances', i, 'utterance']),
                message: `refers to {${slotName}}, which is not a slot of the intent`,
              });
          }
        });
        for (const target of intentTargets(document)) {
          if (!locale!.intents.has(target.name))
            problems.push({
              file: file(path),
              path: target.path,
              message: `no intent named '${target.name}' in locale ${place.locale}`,
            });
        }
        break;
      }
      case 'slot': {
        nameMatches(place.slot!, 'slot');
        const type = document.slotTypeName;
        if (typeof type !== 'string' || (!type.startsWith('AMAZON.') && !locale!.slotTypes.has(type)))
          problems.push({
            file: file(path),
            path: '$.slotTypeName',
            message: `${JSON.stringify(type)} is neither a built-in slot type (AMAZON.*) nor a slot type of locale ${place.locale}`,
          });
        for (const target of intentTargets(document)) {
          if (!locale!.intents.has(target.name))
            problems.push({
              file: file(path),
              path: target.path,
              message: `no intent named '${target.name}' in locale ${place.locale}`,
            });
        }
        break;
      }
      case 'slotType':
        nameMatches(place.slotType!, 'slot type');
        break;
      default:
        break;
    }
  }
  return problems;
}
