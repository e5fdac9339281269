import type { JsonObject } from './lex-json.js';
import type { ContentRecord, IntentRecord, LocaleRecord } from './records.js';

// How the LexJson files read through the API: the Describe operations' members from a file's fields. The names
// mostly agree; where they differ (`name` -> `intentName`, `slotTypeName` -> `slotTypeId`, `slotName` in
// `slotPriorities` -> `slotId`, `nluConfidenceThreshold` -> `nluIntentConfidenceThreshold`, `messageGroupsList` ->
// `messageGroups`, `isActive` -> `active`, `TOP_RESOLUTION` -> `TopResolution`) the view translates. Fields the API
// does not know (the files' `intentsInScope`) stay in the files and drop out of the API's answers.

const RESOLUTION_STRATEGIES: Readonly<Record<string, string>> = {
  ORIGINAL_VALUE: 'OriginalValue',
  TOP_RESOLUTION: 'TopResolution',
  CONCATENATION: 'Concatenation',
};

const FIELD_NAMES: Readonly<Record<string, string>> = { messageGroupsList: 'messageGroups', isActive: 'active' };

function apiForm(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(apiForm);
  if (value === null || typeof value !== 'object') return value;
  const result: JsonObject = {};
  for (const [field, entry] of Object.entries(value)) {
    const name = FIELD_NAMES[field] ?? field;
    result[name] =
      field === 'resolutionStrategy' && typeof entry === 'string'
        ? (RESOLUTION_STRATEGIES[entry] ?? entry)
        : apiForm(entry);
  }
  return result;
}

const FILE_STRATEGIES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RESOLUTION_STRATEGIES).map(([file, api]) => [api, file]),
);

const FILE_FIELD_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FIELD_NAMES).map(([file, api]) => [api, file]),
);

/** The LexJson form of a value given through the API: the reverse of what the views do. */
export function fileForm(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fileForm);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const result: JsonObject = {};
  for (const [field, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    const name = FILE_FIELD_NAMES[field] ?? field;
    result[name] =
      field === 'resolutionStrategy' && typeof entry === 'string' ? (FILE_STRATEGIES[entry] ?? entry) : fileForm(entry);
  }
  return result;
}

function pick(file: JsonObject, fields: readonly string[]): JsonObject {
  const result: JsonObject = {};
  for (const field of fields)
    if (file[field] !== undefined && file[field] !== null) result[field] = apiForm(file[field]);
  return result;
}

export const LOCALE_FIELDS = [
  'description',
  'voiceSettings',
  'unifiedSpeechSettings',
  'audioFillerSettings',
  'speechRecognitionSettings',
  'generativeAISettings',
  'speechDetectionSensitivity',
];

export function localeView(locale: LocaleRecord): JsonObject {
  return {
    localeId: locale.localeId,
    localeName: locale.file.name,
    nluIntentConfidenceThreshold: locale.file.nluConfidenceThreshold ?? undefined,
    ...pick(locale.file, LOCALE_FIELDS),
  };
}

export const INTENT_FIELDS = [
  'intentDisplayName',
  'description',
  'parentIntentSignature',
  'sampleUtterances',
  'dialogCodeHook',
  'fulfillmentCodeHook',
  'intentConfirmationSetting',
  'intentClosingSetting',
  'inputContexts',
  'outputContexts',
  'kendraConfiguration',
  'initialResponseSetting',
  'qnAIntentConfiguration',
  'qInConnectIntentConfiguration',
];

export function intentView(intent: IntentRecord): JsonObject {
  const slotIds = new Map(intent.slots.map((slot) => [slot.file.name, slot.id]));
  const priorities = Array.isArray(intent.file.slotPriorities) ? (intent.file.slotPriorities as JsonObject[]) : [];
  return {
    intentId: intent.id,
    intentName: intent.file.name,
    ...pick(intent.file, INTENT_FIELDS),
    slotPriorities: priorities.map((priority) => ({
      priority: priority.priority,
      slotId: slotIds.get(priority.slotName),
    })),
  };
}

export const SLOT_FIELDS = [
  'description',
  'valueElicitationSetting',
  'obfuscationSetting',
  'multipleValuesSetting',
  'subSlotSetting',
];

/** A slot names its type by name in the file and by id through the API; built-in types keep their names. */
export function slotView(slot: ContentRecord, slotTypes: readonly ContentRecord[]): JsonObject {
  const typeName = slot.file.slotTypeName;
  return {
    slotId: slot.id,
    slotName: slot.file.name,
    slotTypeId: slotTypes.find((slotType) => slotType.file.name === typeName)?.id ?? typeName,
    ...pick(slot.file, SLOT_FIELDS),
  };
}

export const SLOT_TYPE_FIELDS = [
  'description',
  'slotTypeValues',
  'valueSelectionSetting',
  'parentSlotTypeSignature',
  'externalSourceSetting',
  'compositeSlotTypeSetting',
];

export function slotTypeView(slotType: ContentRecord): JsonObject {
  return { slotTypeId: slotType.id, slotTypeName: slotType.file.name, ...pick(slotType.file, SLOT_TYPE_FIELDS) };
}

/** What kind of slot type ListSlotTypes reports. */
export function slotTypeCategory(slotType: ContentRecord): string {
  if (slotType.file.compositeSlotTypeSetting) return 'Composite';
  if (slotType.file.externalSourceSetting) return 'ExternalGrammar';
  if (slotType.file.parentSlotTypeSignature) return 'Extended';
  return 'Custom';
}
