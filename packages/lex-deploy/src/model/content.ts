import { placeOf } from './bot-source.js';
import { isObject, type JsonObject } from './json.js';
import type { FileTree } from './tree.js';

/** One locale of a bot: its settings, its intents with their slots, its slot types, each by name. */
export interface LocaleContent {
  settings: JsonObject;
  intents: Map<string, { intent: JsonObject; slots: Map<string, JsonObject> }>;
  slotTypes: Map<string, JsonObject>;
}

/**
 * What a bot is made of, in the words of the LexJson files, whether it was read from the files or from Lex's API:
 * the bot's settings (`dataPrivacy`, `idleSessionTTLInSeconds`, `roleArn`) and its locales by id.
 */
export interface BotContent {
  settings: JsonObject;
  locales: Map<string, LocaleContent>;
}

// The API and the files name a few members differently (`messageGroups` / `messageGroupsList`, `active` /
// `isActive`, `TopResolution` / `TOP_RESOLUTION`); console exports use either spelling. Both sides are written in
// the files' spelling before they are compared.
const FILE_NAMES: Readonly<Record<string, string>> = { messageGroups: 'messageGroupsList', active: 'isActive' };
const FILE_STRATEGIES: Readonly<Record<string, string>> = {
  OriginalValue: 'ORIGINAL_VALUE',
  TopResolution: 'TOP_RESOLUTION',
  Concatenation: 'CONCATENATION',
};

/**
 * A value in the files' spelling, ready to compare: members sorted, and nulls, empty objects and empty lists left
 * out (Lex writes every unset setting as null in its exports, and leaves it out of its API answers).
 */
export function fileForm(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(fileForm).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value instanceof Date) return value.toISOString();
  if (!isObject(value)) return value === null ? undefined : value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    const name = FILE_NAMES[key] ?? key;
    const entry = value[key];
    const form =
      key === 'resolutionStrategy' && typeof entry === 'string' ? (FILE_STRATEGIES[entry] ?? entry) : fileForm(entry);
    if (form !== undefined) out[name] = form;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The members of each kind of file that are content, in the files' names (the rest are names, ids, versions). */
export const CONTENT_MEMBERS = {
  locale: [
    'description',
    'voiceSettings',
    'nluConfidenceThreshold',
    'unifiedSpeechSettings',
    'audioFillerSettings',
    'speechRecognitionSettings',
    'generativeAISettings',
    'speechDetectionSensitivity',
  ],
  intent: [
    'intentDisplayName',
    'description',
    'parentIntentSignature',
    'sampleUtterances',
    'dialogCodeHook',
    'fulfillmentCodeHook',
    'slotPriorities',
    'intentConfirmationSetting',
    'intentClosingSetting',
    'inputContexts',
    'outputContexts',
    'kendraConfiguration',
    'initialResponseSetting',
    'qnAIntentConfiguration',
    'qInConnectIntentConfiguration',
  ],
  slot: [
    'description',
    'slotTypeName',
    'valueElicitationSetting',
    'obfuscationSetting',
    'multipleValuesSetting',
    'subSlotSetting',
  ],
  slotType: [
    'description',
    'slotTypeValues',
    'valueSelectionSetting',
    'parentSlotTypeSignature',
    'externalSourceSetting',
    'compositeSlotTypeSetting',
  ],
} as const;

/** An object in the files' spelling; an empty object when nothing is set. */
export function objectForm(value: JsonObject): JsonObject {
  return (fileForm(value) as JsonObject | undefined) ?? {};
}

function content(document: JsonObject, members: readonly string[]): JsonObject {
  const picked: JsonObject = {};
  for (const member of members) if (document[member] !== undefined) picked[member] = document[member];
  return objectForm(picked);
}

const decoder = new TextDecoder();

/**
 * The content of the archive an import would bring (the files as rewritten for the target, under `<botName>/`),
 * with the role the bot runs as.
 */
export function contentOfTree(tree: FileTree, botName: string, roleArn: string): BotContent {
  const bot: BotContent = { settings: {}, locales: new Map() };
  const localeOf = (id: string): LocaleContent => {
    let locale = bot.locales.get(id);
    if (!locale) bot.locales.set(id, (locale = { settings: {}, intents: new Map(), slotTypes: new Map() }));
    return locale;
  };
  const intentOf = (locale: LocaleContent, name: string) => {
    let intent = locale.intents.get(name);
    if (!intent) locale.intents.set(name, (intent = { intent: {}, slots: new Map() }));
    return intent;
  };
  const prefix = `${botName}/`;
  for (const [path, data] of tree) {
    if (!path.startsWith(prefix) || !path.endsWith('.json')) continue;
    const place = placeOf(path.slice(prefix.length));
    if (place.kind === 'other') continue;
    const document = JSON.parse(decoder.decode(data)) as JsonObject;
    if (place.kind === 'bot')
      bot.settings = content({ ...document, roleArn }, ['dataPrivacy', 'idleSessionTTLInSeconds', 'roleArn']);
    else if (place.kind === 'locale') localeOf(place.locale!).settings = content(document, CONTENT_MEMBERS.locale);
    else if (place.kind === 'intent')
      intentOf(localeOf(place.locale!), place.intent!).intent = content(document, CONTENT_MEMBERS.intent);
    else if (place.kind === 'slot')
      intentOf(localeOf(place.locale!), place.intent!).slots.set(place.slot!, content(document, CONTENT_MEMBERS.slot));
    else if (place.kind === 'slotType')
      localeOf(place.locale!).slotTypes.set(place.slotType!, content(document, CONTENT_MEMBERS.slotType));
  }
  return bot;
}
