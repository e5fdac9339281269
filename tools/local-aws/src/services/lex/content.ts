import { DRAFT, type LexBots, type LexClock } from './bots.js';
import {
  BUILT_IN_INTENTS,
  BUILT_IN_SLOT_TYPES,
  FALLBACK_INTENT_ID,
  FALLBACK_INTENT_SIGNATURE,
  LOCALE_NAMES,
} from './builtins.js';
import type { JsonObject } from './lex-json.js';
import {
  compareText,
  newId,
  paginate,
  type BotRecord,
  type ContentRecord,
  type IntentRecord,
  type LexErrorFactory,
  type LocaleRecord,
  type Scope,
} from './records.js';
import {
  fileForm,
  intentView,
  LOCALE_FIELDS,
  localeView,
  SLOT_FIELDS,
  SLOT_TYPE_FIELDS,
  slotTypeView,
  slotView,
} from './views.js';

// Building a bot the way the console does: locales, intents, slot types and slots created, changed and deleted one by
// one in DRAFT. They are kept as the same LexJson files an import reads, so a bot built this way builds, versions and
// exports like an imported one.

type Input = Record<string, unknown>;

/** Lex's built-in lists come in pages of 20, the only page size their `maxResults` allows. */
const BUILT_IN_PAGE_SIZE = 20;

/** The members of a request that make up a resource's file, renamed to the file's field names. */
function fileFields(input: Input, fields: readonly string[]): JsonObject {
  const file: JsonObject = {};
  for (const field of fields) if (input[field] !== undefined) file[field] = fileForm(input[field]);
  return file;
}

const INTENT_INPUT_FIELDS = [
  'intentDisplayName',
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
  'qInConnectIntentConfiguration',
  'dialogCodeHook',
  'fulfillmentCodeHook',
];

/** The fallback intent Lex puts in every new locale. */
function fallbackIntent(now: Date): IntentRecord {
  return {
    id: FALLBACK_INTENT_ID,
    file: {
      name: 'FallbackIntent',
      description: 'Default intent when no other intent matches',
      parentIntentSignature: FALLBACK_INTENT_SIGNATURE,
      dialogCodeHook: { enabled: false },
      fulfillmentCodeHook: { enabled: false },
      slotPriorities: [],
    },
    created: now,
    updated: now,
    slots: [],
  };
}

export class LexContent {
  constructor(
    private readonly bots: LexBots,
    private readonly clock: LexClock,
    private readonly fail: LexErrorFactory,
  ) {}

  private draftBot(scope: Scope, input: Input): BotRecord {
    return this.bots.bot(scope, input.botId as string, 'PreconditionFailedException');
  }

  private draftLocale(scope: Scope, input: Input): { bot: BotRecord; locale: LocaleRecord } {
    const bot = this.draftBot(scope, input);
    const locale = bot.draft.find((candidate) => candidate.localeId === input.localeId);
    if (!locale) {
      throw this.fail(
        'PreconditionFailedException',
        `Failed to retrieve the locale ${String(input.localeId)} of the bot ${bot.id} since it does not exist or has been deleted.`,
      );
    }
    return { bot, locale };
  }

  private draftIntent(scope: Scope, input: Input) {
    const { bot, locale } = this.draftLocale(scope, input);
    const intent = locale.intents.find((candidate) => candidate.id === input.intentId);
    if (!intent) {
      throw this.fail(
        'PreconditionFailedException',
        `Failed to retrieve the intent ${String(input.intentId)} in locale ${locale.localeId} of the bot ${bot.id} since it does not exist or has been deleted.`,
      );
    }
    return { bot, locale, intent };
  }

  /** A change to DRAFT's content: the locale needs a new build, unless one is running or it is still being made. */
  private changed(bot: BotRecord, locale: LocaleRecord, now: Date): void {
    locale.updated = now;
    bot.updated = now;
    const build = this.bots.buildStatus(locale);
    if (build.status !== 'Building' && build.status !== 'Creating') {
      locale.build = { status: 'NotBuilt', failureReasons: [], submittedAt: build.submittedAt };
    }
  }

  private checkUnique(records: readonly ContentRecord[], name: string, kind: string, where: string, except?: string) {
    if (records.some((record) => record.file.name === name && record.id !== except)) {
      throw this.fail('ConflictException', `A ${kind} named ${name} already exists in ${where}.`);
    }
  }

  // ---- locales

  private localeFile(input: Input, localeName: string): JsonObject {
    return {
      name: localeName,
      identifier: input.localeId,
      nluConfidenceThreshold: input.nluIntentConfidenceThreshold,
      ...fileFields(input, LOCALE_FIELDS),
    };
  }

  private localeOutput(bot: BotRecord, locale: LocaleRecord): JsonObject {
    const build = this.bots.buildStatus(locale);
    return {
      botId: bot.id,
      botVersion: DRAFT,
      ...localeView(locale),
      botLocaleStatus: build.status,
      failureReasons: build.status === 'Failed' ? build.failureReasons : undefined,
      creationDateTime: locale.created,
      lastUpdatedDateTime: locale.updated,
    };
  }

  createBotLocale(scope: Scope, input: Input): JsonObject {
    const bot = this.draftBot(scope, input);
    const localeId = input.localeId as string;
    const localeName = LOCALE_NAMES[localeId];
    if (!localeName) {
      throw this.fail(
        'ValidationException',
        `The locale ${localeId} is not supported; use one of ${Object.keys(LOCALE_NAMES).join(', ')}.`,
      );
    }
    if (bot.draft.some((locale) => locale.localeId === localeId)) {
      throw this.fail('ConflictException', `The bot ${bot.id} already has the locale ${localeId}.`);
    }
    const now = new Date();
    const locale: LocaleRecord = {
      localeId,
      file: this.localeFile(input, localeName),
      intents: [fallbackIntent(now)],
      slotTypes: [],
      created: now,
      updated: now,
      build: {
        status: 'Creating',
        failureReasons: [],
        readyAt: this.clock.after(this.bots.timings.localeCreationMs),
        outcome: { status: 'NotBuilt', failureReasons: [] },
      },
    };
    bot.draft.push(locale);
    bot.updated = now;
    return this.localeOutput(bot, locale);
  }

  /** Replaces the locale's settings, as Lex does: a setting the request leaves out is cleared. */
  updateBotLocale(scope: Scope, input: Input): JsonObject {
    const { bot, locale } = this.draftLocale(scope, input);
    locale.file = this.localeFile(input, String(locale.file.name));
    this.changed(bot, locale, new Date());
    return this.localeOutput(bot, locale);
  }

  deleteBotLocale(scope: Scope, input: Input): JsonObject {
    const { bot, locale } = this.draftLocale(scope, input);
    if (this.bots.buildStatus(locale).status === 'Building') {
      throw this.fail('ConflictException', `The locale ${locale.localeId} of the bot ${bot.id} is being built.`);
    }
    bot.draft = bot.draft.filter((candidate) => candidate !== locale);
    bot.updated = new Date();
    return { botId: bot.id, botVersion: DRAFT, localeId: locale.localeId, botLocaleStatus: 'Deleting' };
  }

  // ---- intents

  private checkParentIntent(signature: unknown): void {
    if (signature !== undefined && !(String(signature) in BUILT_IN_INTENTS)) {
      throw this.fail(
        'ValidationException',
        `${String(signature)} is not a built-in intent; ListBuiltInIntents lists the ones an intent can derive from.`,
      );
    }
  }

  private intentOutput(bot: BotRecord, locale: LocaleRecord, intent: IntentRecord): JsonObject {
    return {
      ...intentView(intent),
      botId: bot.id,
      botVersion: DRAFT,
      localeId: locale.localeId,
      creationDateTime: intent.created,
      lastUpdatedDateTime: intent.updated,
    };
  }

  createIntent(scope: Scope, input: Input): JsonObject {
    const { bot, locale } = this.draftLocale(scope, input);
    const name = input.intentName as string;
    this.checkUnique(locale.intents, name, 'intent', `locale ${locale.localeId} of the bot ${bot.id}`);
    this.checkParentIntent(input.parentIntentSignature);
    const now = new Date();
    const intent: IntentRecord = {
      id: newId(),
      file: { name, ...fileFields(input, INTENT_INPUT_FIELDS), slotPriorities: [] },
      created: now,
      updated: now,
      slots: [],
    };
    locale.intents.push(intent);
    this.changed(bot, locale, now);
    return this.intentOutput(bot, locale, intent);
  }

  /** Replaces the intent, as Lex does; its slots stay, and so do their priorities unless new ones are given. */
  updateIntent(scope: Scope, input: Input): JsonObject {
    const { bot, locale, intent } = this.draftIntent(scope, input);
    const name = input.intentName as string;
    this.checkUnique(locale.intents, name, 'intent', `locale ${locale.localeId} of the bot ${bot.id}`, intent.id);
    if (intent.id === FALLBACK_INTENT_ID && input.parentIntentSignature !== FALLBACK_INTENT_SIGNATURE) {
      throw this.fail(
        'ValidationException',
        `The fallback intent ${FALLBACK_INTENT_ID} must keep the parent intent signature ${FALLBACK_INTENT_SIGNATURE}.`,
      );
    }
    this.checkParentIntent(input.parentIntentSignature);
    let slotPriorities: unknown = intent.file.slotPriorities ?? [];
    if (input.slotPriorities !== undefined) {
      slotPriorities = (input.slotPriorities as { priority: number; slotId: string }[]).map(({ priority, slotId }) => {
        const slot = intent.slots.find((candidate) => candidate.id === slotId);
        if (!slot) {
          throw this.fail(
            'ValidationException',
            `The slot priorities of intent ${name} name the slot ${slotId}, which is not a slot of the intent.`,
          );
        }
        return { priority, slotName: slot.file.name };
      });
    }
    const now = new Date();
    intent.file = { name, ...fileFields(input, INTENT_INPUT_FIELDS), slotPriorities };
    intent.updated = now;
    this.changed(bot, locale, now);
    return this.intentOutput(bot, locale, intent);
  }

  deleteIntent(scope: Scope, input: Input): JsonObject {
    const { bot, locale, intent } = this.draftIntent(scope, input);
    if (intent.id === FALLBACK_INTENT_ID) {
      throw this.fail('ValidationException', `The fallback intent of locale ${locale.localeId} cannot be deleted.`);
    }
    locale.intents = locale.intents.filter((candidate) => candidate !== intent);
    this.changed(bot, locale, new Date());
    return {};
  }

  // ---- slot types

  private slotTypeOutput(bot: BotRecord, locale: LocaleRecord, slotType: ContentRecord): JsonObject {
    return {
      ...slotTypeView(slotType),
      botId: bot.id,
      botVersion: DRAFT,
      localeId: locale.localeId,
      creationDateTime: slotType.created,
      lastUpdatedDateTime: slotType.updated,
    };
  }

  private draftSlotType(scope: Scope, input: Input) {
    const { bot, locale } = this.draftLocale(scope, input);
    const slotType = locale.slotTypes.find((candidate) => candidate.id === input.slotTypeId);
    if (!slotType) {
      throw this.fail(
        'PreconditionFailedException',
        `Failed to retrieve the slot type ${String(input.slotTypeId)} in locale ${locale.localeId} of the bot ${bot.id} since it does not exist or has been deleted.`,
      );
    }
    return { bot, locale, slotType };
  }

  private checkParentSlotType(signature: unknown): void {
    if (signature !== undefined && !(String(signature) in BUILT_IN_SLOT_TYPES)) {
      throw this.fail(
        'ValidationException',
        `${String(signature)} is not a built-in slot type; ListBuiltInSlotTypes lists the ones a slot type can extend.`,
      );
    }
  }

  createSlotType(scope: Scope, input: Input): JsonObject {
    const { bot, locale } = this.draftLocale(scope, input);
    const name = input.slotTypeName as string;
    this.checkUnique(locale.slotTypes, name, 'slot type', `locale ${locale.localeId} of the bot ${bot.id}`);
    this.checkParentSlotType(input.parentSlotTypeSignature);
    const now = new Date();
    const slotType: ContentRecord = {
      id: newId(),
      file: { name, ...fileFields(input, SLOT_TYPE_FIELDS) },
      created: now,
      updated: now,
    };
    locale.slotTypes.push(slotType);
    this.changed(bot, locale, now);
    return this.slotTypeOutput(bot, locale, slotType);
  }

  /** Replaces the slot type; slots name their type by name in the files, so a rename carries over to them. */
  updateSlotType(scope: Scope, input: Input): JsonObject {
    const { bot, locale, slotType } = this.draftSlotType(scope, input);
    const name = input.slotTypeName as string;
    this.checkUnique(
      locale.slotTypes,
      name,
      'slot type',
      `locale ${locale.localeId} of the bot ${bot.id}`,
      slotType.id,
    );
    this.checkParentSlotType(input.parentSlotTypeSignature);
    const previousName = slotType.file.name;
    const now = new Date();
    slotType.file = { name, ...fileFields(input, SLOT_TYPE_FIELDS) };
    slotType.updated = now;
    if (previousName !== name) {
      for (const slot of locale.intents.flatMap((intent) => intent.slots)) {
        if (slot.file.slotTypeName === previousName) slot.file = { ...slot.file, slotTypeName: name };
      }
    }
    this.changed(bot, locale, now);
    return this.slotTypeOutput(bot, locale, slotType);
  }

  deleteSlotType(scope: Scope, input: Input): JsonObject {
    const { bot, locale, slotType } = this.draftSlotType(scope, input);
    const users = locale.intents.flatMap((intent) =>
      intent.slots
        .filter((slot) => slot.file.slotTypeName === slotType.file.name)
        .map((slot) => `${String(intent.file.name)}/${String(slot.file.name)}`),
    );
    if (users.length > 0 && input.skipResourceInUseCheck !== true) {
      throw this.fail(
        'ConflictException',
        `The slot type ${String(slotType.file.name)} is used by the slots ${users.join(', ')}; ` +
          'change or delete them first, or set skipResourceInUseCheck.',
      );
    }
    locale.slotTypes = locale.slotTypes.filter((candidate) => candidate !== slotType);
    this.changed(bot, locale, new Date());
    return {};
  }

  // ---- slots

  /** The file's `slotTypeName` for a request's `slotTypeId`: a built-in type's name, or a custom type's. */
  private slotTypeName(locale: LocaleRecord, slotTypeId: unknown): string | undefined {
    if (slotTypeId === undefined) return undefined;
    const id = String(slotTypeId);
    if (id.startsWith('AMAZON.')) {
      if (!(id in BUILT_IN_SLOT_TYPES)) {
        throw this.fail(
          'ValidationException',
          `${id} is not a built-in slot type; ListBuiltInSlotTypes lists the ones a slot can use.`,
        );
      }
      return id;
    }
    const slotType = locale.slotTypes.find((candidate) => candidate.id === id);
    if (!slotType) {
      throw this.fail(
        'PreconditionFailedException',
        `Failed to retrieve the slot type ${id} in locale ${locale.localeId} since it does not exist or has been deleted.`,
      );
    }
    return String(slotType.file.name);
  }

  private slotFile(locale: LocaleRecord, input: Input): JsonObject {
    const file: JsonObject = { name: input.slotName };
    const slotTypeName = this.slotTypeName(locale, input.slotTypeId);
    if (slotTypeName !== undefined) file.slotTypeName = slotTypeName;
    return { ...file, ...fileFields(input, SLOT_FIELDS) };
  }

  private slotOutput(bot: BotRecord, locale: LocaleRecord, intent: IntentRecord, slot: ContentRecord): JsonObject {
    return {
      ...slotView(slot, locale.slotTypes),
      botId: bot.id,
      botVersion: DRAFT,
      localeId: locale.localeId,
      intentId: intent.id,
      creationDateTime: slot.created,
      lastUpdatedDateTime: slot.updated,
    };
  }

  private draftSlot(scope: Scope, input: Input) {
    const found = this.draftIntent(scope, input);
    const slot = found.intent.slots.find((candidate) => candidate.id === input.slotId);
    if (!slot) {
      throw this.fail(
        'PreconditionFailedException',
        `Failed to retrieve the slot ${String(input.slotId)} of intent ${found.intent.id} since it does not exist or has been deleted.`,
      );
    }
    return { ...found, slot };
  }

  /** Creates a slot and gives it the next priority in its intent, as Lex does. */
  createSlot(scope: Scope, input: Input): JsonObject {
    const { bot, locale, intent } = this.draftIntent(scope, input);
    const name = input.slotName as string;
    this.checkUnique(intent.slots, name, 'slot', `intent ${String(intent.file.name)}`);
    const now = new Date();
    const slot: ContentRecord = { id: newId(), file: this.slotFile(locale, input), created: now, updated: now };
    intent.slots.push(slot);
    const priorities = Array.isArray(intent.file.slotPriorities) ? (intent.file.slotPriorities as JsonObject[]) : [];
    const next = priorities.reduce((highest, entry) => Math.max(highest, Number(entry.priority) || 0), 0) + 1;
    intent.file = { ...intent.file, slotPriorities: [...priorities, { priority: next, slotName: name }] };
    intent.updated = now;
    this.changed(bot, locale, now);
    return this.slotOutput(bot, locale, intent, slot);
  }

  updateSlot(scope: Scope, input: Input): JsonObject {
    const { bot, locale, intent, slot } = this.draftSlot(scope, input);
    const name = input.slotName as string;
    this.checkUnique(intent.slots, name, 'slot', `intent ${String(intent.file.name)}`, slot.id);
    const previousName = slot.file.name;
    const now = new Date();
    slot.file = this.slotFile(locale, input);
    slot.updated = now;
    if (previousName !== name && Array.isArray(intent.file.slotPriorities)) {
      intent.file = {
        ...intent.file,
        slotPriorities: (intent.file.slotPriorities as JsonObject[]).map((entry) =>
          entry.slotName === previousName ? { ...entry, slotName: name } : entry,
        ),
      };
    }
    this.changed(bot, locale, now);
    return this.slotOutput(bot, locale, intent, slot);
  }

  deleteSlot(scope: Scope, input: Input): JsonObject {
    const { bot, locale, intent, slot } = this.draftSlot(scope, input);
    intent.slots = intent.slots.filter((candidate) => candidate !== slot);
    if (Array.isArray(intent.file.slotPriorities)) {
      intent.file = {
        ...intent.file,
        slotPriorities: (intent.file.slotPriorities as JsonObject[]).filter(
          (entry) => entry.slotName !== slot.file.name,
        ),
      };
    }
    const now = new Date();
    intent.updated = now;
    this.changed(bot, locale, now);
    return {};
  }

  // ---- built-ins

  private builtIns(input: Input, catalogue: Readonly<Record<string, string>>, signature: string) {
    const localeId = input.localeId as string;
    if (!(localeId in LOCALE_NAMES)) throw this.fail('ValidationException', `The locale ${localeId} is not supported.`);
    const { order = 'Ascending' } = (input.sortBy as { order?: string } | undefined) ?? {};
    const names = Object.keys(catalogue).sort(compareText);
    if (order === 'Descending') names.reverse();
    const page = paginate(names, BUILT_IN_PAGE_SIZE, input.nextToken as string | undefined, this.fail);
    return {
      localeId,
      summaries: page.items.map((name) => ({ [signature]: name, description: catalogue[name] })),
      nextToken: page.nextToken,
    };
  }

  listBuiltInIntents(input: Input): JsonObject {
    const { localeId, summaries, nextToken } = this.builtIns(input, BUILT_IN_INTENTS, 'intentSignature');
    return { localeId, builtInIntentSummaries: summaries, nextToken };
  }

  listBuiltInSlotTypes(input: Input): JsonObject {
    const { localeId, summaries, nextToken } = this.builtIns(input, BUILT_IN_SLOT_TYPES, 'slotTypeSignature');
    return { localeId, builtInSlotTypeSummaries: summaries, nextToken };
  }
}
