import { createHash } from 'node:crypto';
import type { JsonObject } from './lex-json.js';
import {
  aliasArn,
  botArn,
  compareText,
  matchesFilter,
  newAccount,
  newId,
  paginate,
  parseLexArn,
  type AliasRecord,
  type BotRecord,
  type BotSettings,
  type LexAccount,
  type LexErrorFactory,
  type LocaleRecord,
  type Scope,
  type VersionRecord,
} from './records.js';
import { intentView, localeView, slotTypeCategory, slotTypeView, slotView } from './views.js';

/** The emulator's clock as Lex uses it: AWS durations pass through `after`, which applies the time scale. */
export interface LexClock {
  now(): number;
  after(ms: number): number;
}

/** How long Lex's asynchronous work takes, in AWS milliseconds (the emulator's time scale shortens them). */
export interface LexTimings {
  botCreationMs: number;
  localeCreationMs: number;
  buildMs: number;
  versionMs: number;
  aliasMs: number;
  exportMs: number;
  importMs: number;
}

export const DEFAULT_LEX_TIMINGS: Readonly<LexTimings> = {
  botCreationMs: 2000,
  localeCreationMs: 1000,
  buildMs: 3000,
  versionMs: 2000,
  aliasMs: 1000,
  exportMs: 2000,
  importMs: 3000,
};

/** A build that is made to fail: for a bot name and locale, in one account or in all of them. */
export interface BuildFailure {
  account?: string;
  botName: string;
  localeId: string;
  reasons: string[];
}

/** One account's and region's Lex state, as a state file keeps it. */
export interface LexAccountState extends LexAccount, Scope {}

/** Lex's quotas that shape a deploy. */
export const MAX_CONCURRENT_BUILDS = 5;
export const MAX_VERSIONS_PER_BOT = 100;

export const DRAFT = 'DRAFT';
export const TEST_ALIAS_ID = 'TSTALIASID';
const TEST_ALIAS_NAME = 'TestBotAlias';

type Input = Record<string, unknown>;

/** A JSON.stringify replacer that writes bytes as base64, the same whether they are a Uint8Array or a Buffer. */
function bytesAsBase64(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasMessages(prompt: unknown): boolean {
  return isObject(prompt) && Array.isArray(prompt.messageGroupsList) && prompt.messageGroupsList.length > 0;
}

/**
 * What stops a locale from building, as Lex checks it when it builds rather than when the parts are saved: an intent
 * of its own (not derived from a built-in one) without a sample utterance, a sample utterance naming a slot the intent
 * does not have, a custom slot type without values, a slot whose slot type is gone, a required slot without a prompt.
 */
export function buildProblems(locale: LocaleRecord): string[] {
  const problems: string[] = [];
  const slotTypeNames = new Set(locale.slotTypes.map((slotType) => slotType.file.name));
  for (const intent of locale.intents) {
    const name = String(intent.file.name);
    const utterances = Array.isArray(intent.file.sampleUtterances) ? (intent.file.sampleUtterances as unknown[]) : [];
    if (intent.file.parentIntentSignature == null && utterances.length === 0) {
      problems.push(`Intent '${name}' must have at least one sample utterance.`);
    }
    const slotNames = new Set(intent.slots.map((slot) => slot.file.name));
    for (const sample of utterances) {
      const text = isObject(sample) && typeof sample.utterance === 'string' ? sample.utterance : '';
      for (const [, slotName] of text.matchAll(/\{([^}]*)\}/g)) {
        if (!slotNames.has(slotName)) {
          problems.push(
            `Intent '${name}' has the sample utterance '${text}', which names the slot '${String(slotName)}' that the intent does not have.`,
          );
        }
      }
    }
    for (const slot of intent.slots) {
      const slotName = String(slot.file.name);
      const typeName = slot.file.slotTypeName;
      if (typeof typeName === 'string' && !typeName.startsWith('AMAZON.') && !slotTypeNames.has(typeName)) {
        problems.push(`Slot '${slotName}' of intent '${name}' uses the slot type '${typeName}', which does not exist.`);
      }
      const elicitation = isObject(slot.file.valueElicitationSetting) ? slot.file.valueElicitationSetting : {};
      if (elicitation.slotConstraint === 'Required' && !hasMessages(elicitation.promptSpecification)) {
        problems.push(`Slot '${slotName}' of intent '${name}' is required but has no prompt to elicit its value.`);
      }
    }
  }
  for (const slotType of locale.slotTypes) {
    const { file } = slotType;
    const custom =
      file.parentSlotTypeSignature == null && !file.externalSourceSetting && !file.compositeSlotTypeSetting;
    if (custom && !(Array.isArray(file.slotTypeValues) && file.slotTypeValues.length > 0)) {
      problems.push(`Slot type '${String(file.name)}' must have at least one value.`);
    }
  }
  return problems;
}

function defined(object: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== null));
}

interface ListFilter {
  name: string;
  values: string[];
  operator: string;
}

function applyFilters<T>(items: T[], filters: unknown, field: Record<string, (item: T) => string | undefined>): T[] {
  let result = items;
  for (const filter of (filters as ListFilter[] | undefined) ?? []) {
    const read = field[filter.name];
    const wanted = filter.values[0] ?? '';
    if (read) result = result.filter((item) => matchesFilter(read(item) ?? '', filter.operator, wanted));
  }
  return result;
}

function sortItems<T>(
  items: T[],
  sortBy: unknown,
  keys: Record<string, (item: T) => string | number>,
  fallback: string,
): T[] {
  const { attribute = fallback, order = 'Ascending' } =
    (sortBy as { attribute?: string; order?: string } | undefined) ?? {};
  const key = keys[attribute] ?? (keys[fallback] as (item: T) => string | number);
  const sorted = [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y));
  });
  return order === 'Descending' ? sorted.reverse() : sorted;
}

/**
 * Lex V2's model building API: bots, their DRAFT and numbered versions, locales with their intents, slots and slot
 * types, builds, aliases, tags and resource policies, per account and region. Asynchronous work (creating a bot,
 * building a locale, creating a version or an alias) finishes at a time on the emulator clock and is settled when
 * someone looks, so nothing runs in the background.
 */
export class LexBots {
  private readonly accounts = new Map<string, LexAccount>();
  timings: LexTimings = { ...DEFAULT_LEX_TIMINGS };
  buildFailures: BuildFailure[] = [];
  /** Runs before any read of an account, so that imports due to complete have written their bots. */
  beforeRead: (scope: Scope, account: LexAccount) => void = () => {};

  constructor(
    private readonly clock: LexClock,
    private readonly fail: LexErrorFactory,
  ) {}

  account(scope: Scope): LexAccount {
    const key = `${scope.account}/${scope.region}`;
    let account = this.accounts.get(key);
    if (!account) {
      account = newAccount();
      this.accounts.set(key, account);
    }
    this.beforeRead(scope, account);
    return account;
  }

  clear(): void {
    this.accounts.clear();
    this.buildFailures = [];
    this.timings = { ...DEFAULT_LEX_TIMINGS };
  }

  /** Every account's bots, tags, policies, exports and imports; the timings and build failures are run settings. */
  snapshot(): LexAccountState[] {
    return [...this.accounts].map(([key, state]) => {
      const [account = '', region = ''] = key.split('/');
      return { account, region, ...state };
    });
  }

  restore(accounts: readonly LexAccountState[]): void {
    this.accounts.clear();
    for (const { account, region, ...state } of accounts) this.accounts.set(`${account}/${region}`, state);
  }

  /** Whether the alias exists in that account and region (Connect's AssociateBot checks it). */
  botAliasExists(account: string, region: string, botId: string, aliasId: string): boolean {
    return this.account({ account, region }).bots.get(botId)?.aliases.has(aliasId) ?? false;
  }

  // ---- bots

  /** The bot with that id, or the error the operation answers with when there is none. */
  bot(scope: Scope, botId: string, missing: 'ResourceNotFoundException' | 'PreconditionFailedException'): BotRecord {
    const bot = this.account(scope).bots.get(botId);
    if (!bot) {
      throw this.fail(
        missing,
        missing === 'ResourceNotFoundException'
          ? `Could not find the bot ${botId}.`
          : `Failed to retrieve the bot ${botId} since it does not exist or has been deleted.`,
      );
    }
    return bot;
  }

  botByName(scope: Scope, name: string): BotRecord | undefined {
    return [...this.account(scope).bots.values()].find((bot) => bot.settings.botName === name);
  }

  checkRole(scope: Scope, roleArn: string): void {
    const account = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1];
    if (account !== scope.account) {
      throw this.fail(
        'ValidationException',
        `The role ${roleArn} must be an IAM role in the account ${scope.account} that the bot belongs to.`,
      );
    }
  }

  botStatus(bot: BotRecord): string {
    const now = this.clock.now();
    if (bot.importing) return 'Importing';
    if ([...bot.versions.values()].some((version) => now < version.readyAt)) return 'Versioning';
    return now < bot.readyAt ? 'Creating' : 'Available';
  }

  /** Creates a bot with its DRAFT and its test alias; shared by CreateBot and imports. */
  addBot(
    scope: Scope,
    settings: BotSettings,
    tags: { bot?: Record<string, string>; testAlias?: Record<string, string> },
  ): BotRecord {
    const account = this.account(scope);
    const now = new Date();
    const bot: BotRecord = {
      id: newId(),
      settings,
      created: now,
      updated: now,
      readyAt: this.clock.after(this.timings.botCreationMs),
      draft: [],
      versions: new Map(),
      nextVersion: 1,
      aliases: new Map(),
      importing: false,
    };
    bot.aliases.set(TEST_ALIAS_ID, {
      id: TEST_ALIAS_ID,
      name: TEST_ALIAS_NAME,
      description: 'test bot alias',
      botVersion: DRAFT,
      created: now,
      updated: now,
      readyAt: bot.readyAt,
      history: [{ botVersion: DRAFT, startDate: now }],
    });
    account.bots.set(bot.id, bot);
    if (tags.bot && Object.keys(tags.bot).length > 0) account.tags.set(botArn(scope, bot.id), { ...tags.bot });
    if (tags.testAlias && Object.keys(tags.testAlias).length > 0) {
      account.tags.set(aliasArn(scope, bot.id, TEST_ALIAS_ID), { ...tags.testAlias });
    }
    return bot;
  }

  private botOutput(bot: BotRecord): JsonObject {
    return {
      botId: bot.id,
      ...bot.settings,
      botStatus: this.botStatus(bot),
      creationDateTime: bot.created,
      lastUpdatedDateTime: bot.updated,
    };
  }

  createBot(scope: Scope, input: Input): JsonObject {
    const botName = input.botName as string;
    if (this.botByName(scope, botName))
      throw this.fail('ConflictException', `A bot with the name ${botName} already exists.`);
    this.checkRole(scope, input.roleArn as string);
    const bot = this.addBot(
      scope,
      defined({
        botName,
        description: input.description,
        roleArn: input.roleArn,
        dataPrivacy: input.dataPrivacy,
        idleSessionTTLInSeconds: input.idleSessionTTLInSeconds,
        botType: input.botType ?? 'Bot',
        errorLogSettings: input.errorLogSettings,
      }) as unknown as BotSettings,
      { bot: input.botTags as Record<string, string>, testAlias: input.testBotAliasTags as Record<string, string> },
    );
    const { lastUpdatedDateTime: _, ...output } = this.botOutput(bot);
    return { ...output, botTags: input.botTags, testBotAliasTags: input.testBotAliasTags };
  }

  describeBot(scope: Scope, input: Input): JsonObject {
    return this.botOutput(this.bot(scope, input.botId as string, 'ResourceNotFoundException'));
  }

  updateBot(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'PreconditionFailedException');
    const botName = input.botName as string;
    const sameName = this.botByName(scope, botName);
    if (sameName && sameName !== bot)
      throw this.fail('ConflictException', `A bot with the name ${botName} already exists.`);
    this.checkRole(scope, input.roleArn as string);
    bot.settings = defined({
      botName,
      description: input.description,
      roleArn: input.roleArn,
      dataPrivacy: input.dataPrivacy,
      idleSessionTTLInSeconds: input.idleSessionTTLInSeconds,
      botType: input.botType ?? bot.settings.botType,
      errorLogSettings: input.errorLogSettings,
    }) as unknown as BotSettings;
    bot.updated = new Date();
    return this.botOutput(bot);
  }

  deleteBot(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'PreconditionFailedException');
    const account = this.account(scope);
    account.bots.delete(bot.id);
    for (const arn of [
      botArn(scope, bot.id),
      ...[...bot.aliases.keys()].map((aliasId) => aliasArn(scope, bot.id, aliasId)),
    ]) {
      account.tags.delete(arn);
      account.policies.delete(arn);
    }
    return { botId: bot.id, botStatus: 'Deleting' };
  }

  listBots(scope: Scope, input: Input): JsonObject {
    const bots = sortItems(
      applyFilters([...this.account(scope).bots.values()], input.filters, {
        BotName: (bot) => bot.settings.botName,
        BotType: (bot) => bot.settings.botType,
      }),
      input.sortBy,
      { BotName: (bot) => bot.settings.botName },
      'BotName',
    );
    const page = paginate(
      bots,
      input.maxResults as number | undefined,
      input.nextToken as string | undefined,
      this.fail,
    );
    return {
      botSummaries: page.items.map((bot) =>
        defined({
          botId: bot.id,
          botName: bot.settings.botName,
          description: bot.settings.description,
          botStatus: this.botStatus(bot),
          latestBotVersion: this.latestVersion(bot)?.version,
          lastUpdatedDateTime: bot.updated,
          botType: bot.settings.botType,
        }),
      ),
      nextToken: page.nextToken,
    };
  }

  // ---- locales, intents, slots, slot types

  /** The locales of DRAFT or of a numbered version. */
  private versionLocales(
    bot: BotRecord,
    botVersion: string,
    missing: 'ResourceNotFoundException' | 'PreconditionFailedException',
  ): LocaleRecord[] {
    if (botVersion === DRAFT) return bot.draft;
    const version = bot.versions.get(botVersion);
    if (!version) throw this.fail(missing, `Could not find version ${botVersion} of the bot ${bot.id}.`);
    return version.locales;
  }

  private locale(scope: Scope, input: Input, missing: 'ResourceNotFoundException' | 'PreconditionFailedException') {
    const bot = this.bot(scope, input.botId as string, missing);
    const botVersion = input.botVersion as string;
    const locale = this.versionLocales(bot, botVersion, missing).find(
      (candidate) => candidate.localeId === input.localeId,
    );
    if (!locale) {
      throw this.fail(
        missing,
        `Could not find the locale ${String(input.localeId)} in version ${botVersion} of the bot ${bot.id}.`,
      );
    }
    return { bot, botVersion, locale };
  }

  /** A locale's build status, settling a build whose time has come. */
  buildStatus(locale: LocaleRecord): LocaleRecord['build'] {
    const { build } = locale;
    if (
      (build.status === 'Building' || build.status === 'Creating') &&
      build.readyAt !== undefined &&
      this.clock.now() >= build.readyAt &&
      build.outcome
    ) {
      locale.build = {
        status: build.outcome.status,
        failureReasons: build.outcome.failureReasons,
        submittedAt: build.submittedAt,
      };
    }
    return locale.build;
  }

  private localeSummary(locale: LocaleRecord): JsonObject {
    const build = this.buildStatus(locale);
    return defined({
      localeId: locale.localeId,
      localeName: locale.file.name,
      description: locale.file.description,
      botLocaleStatus: build.status,
      lastUpdatedDateTime: locale.updated,
      lastBuildSubmittedDateTime: build.submittedAt,
    });
  }

  listBotLocales(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'ResourceNotFoundException');
    const locales = sortItems(
      applyFilters(this.versionLocales(bot, input.botVersion as string, 'ResourceNotFoundException'), input.filters, {
        BotLocaleName: (locale) => String(locale.file.name ?? ''),
      }),
      input.sortBy,
      { BotLocaleName: (locale) => String(locale.file.name ?? '') },
      'BotLocaleName',
    );
    const page = paginate(
      locales,
      input.maxResults as number | undefined,
      input.nextToken as string | undefined,
      this.fail,
    );
    return {
      botId: bot.id,
      botVersion: input.botVersion,
      botLocaleSummaries: page.items.map((locale) => this.localeSummary(locale)),
      nextToken: page.nextToken,
    };
  }

  describeBotLocale(scope: Scope, input: Input): JsonObject {
    const { bot, botVersion, locale } = this.locale(scope, input, 'ResourceNotFoundException');
    const build = this.buildStatus(locale);
    return {
      botId: bot.id,
      botVersion,
      ...localeView(locale),
      intentsCount: locale.intents.length,
      slotTypesCount: locale.slotTypes.length,
      botLocaleStatus: build.status,
      failureReasons: build.status === 'Failed' ? build.failureReasons : undefined,
      creationDateTime: locale.created,
      lastUpdatedDateTime: locale.updated,
      lastBuildSubmittedDateTime: build.submittedAt,
    };
  }

  /** What a build of this locale ends in: the problems Lex would find, or the failure made for it. */
  private buildOutcome(
    scope: Scope,
    bot: BotRecord,
    locale: LocaleRecord,
  ): { status: 'Built' | 'Failed'; failureReasons: string[] } {
    const made = this.buildFailures.find(
      (failure) =>
        (failure.account === undefined || failure.account === scope.account) &&
        failure.botName === bot.settings.botName &&
        failure.localeId === locale.localeId,
    );
    if (made) return { status: 'Failed', failureReasons: [...made.reasons] };
    const reasons = buildProblems(locale);
    return reasons.length > 0 ? { status: 'Failed', failureReasons: reasons } : { status: 'Built', failureReasons: [] };
  }

  buildBotLocale(scope: Scope, input: Input): JsonObject {
    const { bot, locale } = this.locale(scope, input, 'PreconditionFailedException');
    const current = this.buildStatus(locale).status;
    if (current === 'Building' || current === 'Creating') {
      throw this.fail(
        'ConflictException',
        `The locale ${locale.localeId} of the bot ${bot.id} is ${current === 'Building' ? 'already being built' : 'still being created'}.`,
      );
    }
    const building = [...this.account(scope).bots.values()]
      .flatMap((candidate) => candidate.draft)
      .filter((candidate) => this.buildStatus(candidate).status === 'Building').length;
    if (building >= MAX_CONCURRENT_BUILDS) {
      throw this.fail(
        'ServiceQuotaExceededException',
        `You can build at most ${MAX_CONCURRENT_BUILDS} bot locales at the same time in an account; ` +
          'wait for a build to finish and try again.',
      );
    }
    const submittedAt = new Date();
    locale.build = {
      status: 'Building',
      failureReasons: [],
      submittedAt,
      readyAt: this.clock.after(this.timings.buildMs),
      outcome: this.buildOutcome(scope, bot, locale),
    };
    return {
      botId: bot.id,
      botVersion: DRAFT,
      localeId: locale.localeId,
      botLocaleStatus: 'Building',
      lastBuildSubmittedDateTime: submittedAt,
    };
  }

  private intent(scope: Scope, input: Input) {
    const { bot, botVersion, locale } = this.locale(scope, input, 'ResourceNotFoundException');
    const intent = locale.intents.find((candidate) => candidate.id === input.intentId);
    if (!intent) throw this.fail('ResourceNotFoundException', `Could not find the intent ${String(input.intentId)}.`);
    return { bot, botVersion, locale, intent };
  }

  listIntents(scope: Scope, input: Input): JsonObject {
    const { bot, botVersion, locale } = this.locale(scope, input, 'ResourceNotFoundException');
    const name = (intent: (typeof locale.intents)[number]) => String(intent.file.name);
    const intents = sortItems(
      applyFilters(locale.intents, input.filters, { IntentName: name }),
      input.sortBy,
      { IntentName: name, LastUpdatedDateTime: (intent) => intent.updated.getTime() },
      'IntentName',
    );
    const page = paginate(
      intents,
      input.maxResults as number | undefined,
      input.nextToken as string | undefined,
      this.fail,
    );
    return {
      botId: bot.id,
      botVersion,
      localeId: locale.localeId,
      intentSummaries: page.items.map((intent) =>
        defined({
          intentId: intent.id,
          intentName: intent.file.name,
          description: intent.file.description,
          parentIntentSignature: intent.file.parentIntentSignature,
          inputContexts: intent.file.inputContexts,
          outputContexts: intent.file.outputContexts,
          lastUpdatedDateTime: intent.updated,
        }),
      ),
      nextToken: page.nextToken,
    };
  }

  describeIntent(scope: Scope, input: Input): JsonObject {
    const { bot, botVersion, locale, intent } = this.intent(scope, input);
    return {
      ...intentView(intent),
      botId: bot.id,
      botVersion,
      localeId: locale.localeId,
      creationDateTime: intent.created,
      lastUpdatedDateTime: intent.updated,
    };
  }

  listSlots(scope: Scope, input: Input): JsonObject {
    const { bot, botVersion, locale, intent } = this.intent(scope, input);
    const name = (slot: (typeof intent.slots)[number]) => String(slot.file.name);
    const slots = sortItems(
      applyFilters(intent.slots, input.filters, { SlotName: name }),
      input.sortBy,
      { SlotName: name, LastUpdatedDateTime: (slot) => slot.updated.getTime() },
      'SlotName',
    );
    const page = paginate(
      slots,
      input.maxResults as number | undefined,
      input.nextToken as string | undefined,
      this.fail,
    );
    return {
      botId: bot.id,
      botVersion,
      localeId: locale.localeId,
      intentId: intent.id,
      slotSummaries: page.items.map((slot) => {
        const view = slotView(slot, locale.slotTypes);
        const elicitation = (view.valueElicitationSetting ?? {}) as JsonObject;
        return defined({
          slotId: slot.id,
          slotName: slot.file.name,
          description: slot.file.description,
          slotConstraint: elicitation.slotConstraint,
          slotTypeId: view.slotTypeId,
          valueElicitationPromptSpecification: elicitation.promptSpecification,
          lastUpdatedDateTime: slot.updated,
        });
      }),
      nextToken: page.nextToken,
    };
  }

  describeSlot(scope: Scope, input: Input): JsonObject {
    const { bot, botVersion, locale, intent } = this.intent(scope, input);
    const slot = intent.slots.find((candidate) => candidate.id === input.slotId);
    if (!slot) throw this.fail('ResourceNotFoundException', `Could not find the slot ${String(input.slotId)}.`);
    return {
      ...slotView(slot, locale.slotTypes),
      botId: bot.id,
      botVersion,
      localeId: locale.localeId,
      intentId: intent.id,
      creationDateTime: slot.created,
      lastUpdatedDateTime: slot.updated,
    };
  }

  listSlotTypes(scope: Scope, input: Input): JsonObject {
    const { bot, botVersion, locale } = this.locale(scope, input, 'ResourceNotFoundException');
    const name = (slotType: (typeof locale.slotTypes)[number]) => String(slotType.file.name);
    const slotTypes = sortItems(
      applyFilters(locale.slotTypes, input.filters, { SlotTypeName: name, ExternalSourceType: slotTypeCategory }),
      input.sortBy,
      { SlotTypeName: name, LastUpdatedDateTime: (slotType) => slotType.updated.getTime() },
      'SlotTypeName',
    );
    const page = paginate(
      slotTypes,
      input.maxResults as number | undefined,
      input.nextToken as string | undefined,
      this.fail,
    );
    return {
      botId: bot.id,
      botVersion,
      localeId: locale.localeId,
      slotTypeSummaries: page.items.map((slotType) =>
        defined({
          slotTypeId: slotType.id,
          slotTypeName: slotType.file.name,
          description: slotType.file.description,
          parentSlotTypeSignature: slotType.file.parentSlotTypeSignature,
          lastUpdatedDateTime: slotType.updated,
          slotTypeCategory: slotTypeCategory(slotType),
        }),
      ),
      nextToken: page.nextToken,
    };
  }

  describeSlotType(scope: Scope, input: Input): JsonObject {
    const { bot, botVersion, locale } = this.locale(scope, input, 'ResourceNotFoundException');
    const slotType = locale.slotTypes.find((candidate) => candidate.id === input.slotTypeId);
    if (!slotType)
      throw this.fail('ResourceNotFoundException', `Could not find the slot type ${String(input.slotTypeId)}.`);
    return {
      ...slotTypeView(slotType),
      botId: bot.id,
      botVersion,
      localeId: locale.localeId,
      creationDateTime: slotType.created,
      lastUpdatedDateTime: slotType.updated,
    };
  }

  // ---- versions

  private latestVersion(bot: BotRecord): VersionRecord | undefined {
    return [...bot.versions.values()].sort((a, b) => Number(b.version) - Number(a.version))[0];
  }

  versionStatus(version: VersionRecord): string {
    return this.clock.now() < version.readyAt ? 'Versioning' : 'Available';
  }

  createBotVersion(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'PreconditionFailedException');
    const specification = input.botVersionLocaleSpecification as Record<string, { sourceBotVersion: string }>;
    const locales: LocaleRecord[] = [];
    for (const [localeId, { sourceBotVersion }] of Object.entries(specification).sort(([a], [b]) =>
      compareText(a, b),
    )) {
      const source = this.versionLocales(bot, sourceBotVersion, 'PreconditionFailedException').find(
        (locale) => locale.localeId === localeId,
      );
      if (!source) {
        throw this.fail(
          'PreconditionFailedException',
          `The locale ${localeId} does not exist in version ${sourceBotVersion} of the bot ${bot.id}.`,
        );
      }
      const status = this.buildStatus(source).status;
      if (status !== 'Built') {
        throw this.fail(
          'PreconditionFailedException',
          `The locale ${localeId} of version ${sourceBotVersion} has the status ${status}; build it before creating a version.`,
        );
      }
      locales.push(source);
    }
    // What a version freezes besides its locales; the bot's name and description are not part of it.
    const { roleArn, dataPrivacy, idleSessionTTLInSeconds } = bot.settings;
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify(
          {
            settings: { roleArn, dataPrivacy, idleSessionTTLInSeconds },
            locales: locales.map(({ localeId, file, intents, slotTypes, extras }) => ({
              localeId,
              file,
              intents,
              slotTypes,
              extras,
            })),
            extras: bot.extras,
          },
          bytesAsBase64,
        ),
      )
      .digest('hex');
    const latest = this.latestVersion(bot);
    // Lex hands back the last version when nothing changed since it was made.
    if (latest && latest.fingerprint === fingerprint) return this.versionOutput(bot, latest);
    if (bot.versions.size >= MAX_VERSIONS_PER_BOT) {
      throw this.fail(
        'ServiceQuotaExceededException',
        `The bot ${bot.id} already has ${MAX_VERSIONS_PER_BOT} versions, the most a bot can have; delete versions that no alias uses.`,
      );
    }
    const version: VersionRecord = {
      version: String(bot.nextVersion),
      description: input.description as string | undefined,
      settings: structuredClone(bot.settings),
      locales: locales.map((locale) => ({
        ...structuredClone(locale),
        build: { status: 'Built', failureReasons: [] },
      })),
      created: new Date(),
      readyAt: this.clock.after(this.timings.versionMs),
      fingerprint,
      extras: bot.extras && structuredClone(bot.extras),
    };
    bot.nextVersion += 1;
    bot.versions.set(version.version, version);
    return this.versionOutput(bot, version);
  }

  private versionOutput(bot: BotRecord, version: VersionRecord): JsonObject {
    return {
      botId: bot.id,
      description: version.description,
      botVersion: version.version,
      botVersionLocaleSpecification: Object.fromEntries(
        version.locales.map((locale) => [locale.localeId, { sourceBotVersion: DRAFT }]),
      ),
      botStatus: this.versionStatus(version),
      creationDateTime: version.created,
    };
  }

  describeBotVersion(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'ResourceNotFoundException');
    const version = bot.versions.get(input.botVersion as string);
    if (!version)
      throw this.fail(
        'ResourceNotFoundException',
        `Could not find version ${String(input.botVersion)} of the bot ${bot.id}.`,
      );
    return {
      botId: bot.id,
      ...version.settings,
      description: version.description,
      botVersion: version.version,
      botStatus: this.versionStatus(version),
      creationDateTime: version.created,
    };
  }

  listBotVersions(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'ResourceNotFoundException');
    const summaries: JsonObject[] = [
      {
        botName: bot.settings.botName,
        botVersion: DRAFT,
        description: bot.settings.description,
        botStatus: this.botStatus(bot),
        creationDateTime: bot.created,
      },
      ...[...bot.versions.values()].map((version) => ({
        botName: version.settings.botName,
        botVersion: version.version,
        description: version.description,
        botStatus: this.versionStatus(version),
        creationDateTime: version.created,
      })),
    ];
    // DRAFT sorts before every number.
    const number = (summary: JsonObject) => (summary.botVersion === DRAFT ? 0 : Number(summary.botVersion));
    const sorted = sortItems(summaries, input.sortBy, { BotVersion: number }, 'BotVersion');
    const page = paginate(
      sorted,
      input.maxResults as number | undefined,
      input.nextToken as string | undefined,
      this.fail,
    );
    return { botId: bot.id, botVersionSummaries: page.items.map(defined), nextToken: page.nextToken };
  }

  deleteBotVersion(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'PreconditionFailedException');
    const botVersion = input.botVersion as string;
    if (!bot.versions.has(botVersion)) {
      throw this.fail(
        'PreconditionFailedException',
        `Failed to retrieve version ${botVersion} of the bot ${bot.id} since it does not exist or has been deleted.`,
      );
    }
    const users = [...bot.aliases.values()]
      .filter((alias) => alias.botVersion === botVersion)
      .map((alias) => alias.name);
    if (users.length > 0 && input.skipResourceInUseCheck !== true) {
      throw this.fail(
        'ConflictException',
        `Version ${botVersion} of the bot ${bot.id} is in use by the bot alias(es) ${users.join(', ')}; point them at another version first.`,
      );
    }
    bot.versions.delete(botVersion);
    return { botId: bot.id, botVersion, botStatus: 'Deleting' };
  }

  // ---- aliases

  private checkAliasTarget(
    bot: BotRecord,
    alias: Pick<AliasRecord, 'id'> | undefined,
    botVersion: string | undefined,
    localeSettings: JsonObject | undefined,
  ): void {
    // DRAFT is served by the test alias alone, and the test alias serves nothing else.
    if (alias?.id === TEST_ALIAS_ID && botVersion !== DRAFT) {
      throw this.fail(
        'ValidationException',
        `The test alias ${TEST_ALIAS_NAME} (${TEST_ALIAS_ID}) always points at the ${DRAFT} version of the bot ${bot.id}.`,
      );
    }
    if (alias?.id !== TEST_ALIAS_ID && botVersion === DRAFT) {
      throw this.fail(
        'ValidationException',
        `Only the test alias ${TEST_ALIAS_NAME} (${TEST_ALIAS_ID}) can point at the ${DRAFT} version; create a version for this alias.`,
      );
    }
    if (botVersion === undefined) return;
    const locales = this.versionLocales(bot, botVersion, 'PreconditionFailedException');
    for (const localeId of Object.keys(localeSettings ?? {})) {
      if (!locales.some((locale) => locale.localeId === localeId)) {
        throw this.fail(
          'ValidationException',
          `The locale ${localeId} is not in version ${botVersion} of the bot ${bot.id}.`,
        );
      }
    }
  }

  private aliasOutput(bot: BotRecord, alias: AliasRecord): JsonObject {
    return {
      botAliasId: alias.id,
      botAliasName: alias.name,
      description: alias.description,
      botVersion: alias.botVersion,
      botAliasLocaleSettings: alias.localeSettings,
      conversationLogSettings: alias.conversationLogSettings,
      sentimentAnalysisSettings: alias.sentimentAnalysisSettings,
      botAliasStatus: this.clock.now() < alias.readyAt ? 'Creating' : 'Available',
      botId: bot.id,
      creationDateTime: alias.created,
      lastUpdatedDateTime: alias.updated,
    };
  }

  private checkAliasName(bot: BotRecord, name: string, except?: AliasRecord): void {
    const taken = [...bot.aliases.values()].some((alias) => alias.name === name && alias !== except);
    if (taken) throw this.fail('ConflictException', `The bot ${bot.id} already has an alias named ${name}.`);
  }

  createBotAlias(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'PreconditionFailedException');
    const name = input.botAliasName as string;
    this.checkAliasName(bot, name);
    const botVersion = input.botVersion as string | undefined;
    this.checkAliasTarget(bot, undefined, botVersion, input.botAliasLocaleSettings as JsonObject | undefined);
    const now = new Date();
    const alias: AliasRecord = {
      id: newId(),
      name,
      description: input.description as string | undefined,
      botVersion,
      localeSettings: input.botAliasLocaleSettings as JsonObject | undefined,
      conversationLogSettings: input.conversationLogSettings as JsonObject | undefined,
      sentimentAnalysisSettings: input.sentimentAnalysisSettings as JsonObject | undefined,
      created: now,
      updated: now,
      readyAt: this.clock.after(this.timings.aliasMs),
      history: botVersion === undefined ? [] : [{ botVersion, startDate: now }],
    };
    bot.aliases.set(alias.id, alias);
    const tags = input.tags as Record<string, string> | undefined;
    if (tags && Object.keys(tags).length > 0)
      this.account(scope).tags.set(aliasArn(scope, bot.id, alias.id), { ...tags });
    const { lastUpdatedDateTime: _, ...output } = this.aliasOutput(bot, alias);
    return { ...output, tags };
  }

  private alias(scope: Scope, input: Input, missing: 'ResourceNotFoundException' | 'PreconditionFailedException') {
    const bot = this.bot(scope, input.botId as string, missing);
    const alias = bot.aliases.get(input.botAliasId as string);
    if (!alias) throw this.fail(missing, `Could not find the alias ${String(input.botAliasId)} of the bot ${bot.id}.`);
    return { bot, alias };
  }

  describeBotAlias(scope: Scope, input: Input): JsonObject {
    const { bot, alias } = this.alias(scope, input, 'ResourceNotFoundException');
    return {
      ...this.aliasOutput(bot, alias),
      botAliasHistoryEvents: [...alias.history].reverse().map((event) => defined({ ...event })),
    };
  }

  /** Replaces the whole alias, as Lex does: every field the request leaves out is cleared. */
  updateBotAlias(scope: Scope, input: Input): JsonObject {
    const { bot, alias } = this.alias(scope, input, 'PreconditionFailedException');
    const name = input.botAliasName as string;
    this.checkAliasName(bot, name, alias);
    const botVersion = input.botVersion as string | undefined;
    this.checkAliasTarget(bot, alias, botVersion, input.botAliasLocaleSettings as JsonObject | undefined);
    const now = new Date();
    if (botVersion !== alias.botVersion) {
      const current = alias.history.at(-1);
      if (current && current.endDate === undefined) current.endDate = now;
      if (botVersion !== undefined) alias.history.push({ botVersion, startDate: now });
    }
    Object.assign(alias, {
      name,
      description: input.description,
      botVersion,
      localeSettings: input.botAliasLocaleSettings,
      conversationLogSettings: input.conversationLogSettings,
      sentimentAnalysisSettings: input.sentimentAnalysisSettings,
      updated: now,
    });
    return this.aliasOutput(bot, alias);
  }

  listBotAliases(scope: Scope, input: Input): JsonObject {
    const bot = this.bot(scope, input.botId as string, 'ResourceNotFoundException');
    const aliases = [...bot.aliases.values()].sort((a, b) => compareText(a.name, b.name));
    const page = paginate(
      aliases,
      input.maxResults as number | undefined,
      input.nextToken as string | undefined,
      this.fail,
    );
    return {
      botId: bot.id,
      botAliasSummaries: page.items.map((alias) => {
        const output = this.aliasOutput(bot, alias);
        return defined({
          botAliasId: output.botAliasId,
          botAliasName: output.botAliasName,
          description: output.description,
          botVersion: output.botVersion,
          botAliasStatus: output.botAliasStatus,
          creationDateTime: output.creationDateTime,
          lastUpdatedDateTime: output.lastUpdatedDateTime,
        });
      }),
      nextToken: page.nextToken,
    };
  }

  deleteBotAlias(scope: Scope, input: Input): JsonObject {
    const { bot, alias } = this.alias(scope, input, 'PreconditionFailedException');
    bot.aliases.delete(alias.id);
    const arn = aliasArn(scope, bot.id, alias.id);
    this.account(scope).tags.delete(arn);
    this.account(scope).policies.delete(arn);
    return { botAliasId: alias.id, botId: bot.id, botAliasStatus: 'Deleting' };
  }

  // ---- tags and resource policies

  /** A bot or alias ARN of this account and region that names an existing resource. */
  private resource(scope: Scope, arn: string): string {
    const parsed = parseLexArn(arn);
    const bot =
      parsed && parsed.account === scope.account && parsed.region === scope.region
        ? this.account(scope).bots.get(parsed.botId)
        : undefined;
    const exists = bot && (parsed?.aliasId === undefined || bot.aliases.has(parsed.aliasId));
    if (!exists) throw this.fail('ResourceNotFoundException', `Could not find the resource ${arn}.`);
    return arn;
  }

  tagResource(scope: Scope, input: Input): JsonObject {
    const arn = this.resource(scope, input.resourceARN as string);
    const tags = this.account(scope).tags;
    const merged = { ...tags.get(arn), ...(input.tags as Record<string, string>) };
    if (Object.keys(merged).length > 50) throw this.fail('ValidationException', 'A resource can have at most 50 tags.');
    tags.set(arn, merged);
    return {};
  }

  untagResource(scope: Scope, input: Input): JsonObject {
    const arn = this.resource(scope, input.resourceARN as string);
    const tags = this.account(scope).tags;
    const remaining = { ...tags.get(arn) };
    for (const key of input.tagKeys as string[]) delete remaining[key];
    tags.set(arn, remaining);
    return {};
  }

  listTagsForResource(scope: Scope, input: Input): JsonObject {
    const arn = this.resource(scope, input.resourceARN as string);
    return { tags: { ...this.account(scope).tags.get(arn) } };
  }

  private checkPolicy(policy: string): void {
    let document: unknown;
    try {
      document = JSON.parse(policy);
    } catch {
      throw this.fail('ValidationException', 'The policy is not valid JSON.');
    }
    if (document === null || typeof document !== 'object' || !Array.isArray((document as JsonObject).Statement)) {
      throw this.fail('ValidationException', 'The policy must be a JSON object with a Statement list.');
    }
  }

  createResourcePolicy(scope: Scope, input: Input): JsonObject {
    const arn = this.resource(scope, input.resourceArn as string);
    const policies = this.account(scope).policies;
    if (policies.has(arn)) {
      throw this.fail('PreconditionFailedException', `The resource ${arn} already has a policy; update it instead.`);
    }
    this.checkPolicy(input.policy as string);
    policies.set(arn, { policy: input.policy as string, revision: 1 });
    return { resourceArn: arn, revisionId: '1' };
  }

  private existingPolicy(scope: Scope, arn: string, expectedRevisionId: unknown) {
    const policy = this.account(scope).policies.get(this.resource(scope, arn));
    if (!policy) throw this.fail('ResourceNotFoundException', `The resource ${arn} has no policy.`);
    if (expectedRevisionId !== undefined && expectedRevisionId !== String(policy.revision)) {
      throw this.fail(
        'PreconditionFailedException',
        `The policy of ${arn} is at revision ${policy.revision}, not ${String(expectedRevisionId)}.`,
      );
    }
    return policy;
  }

  describeResourcePolicy(scope: Scope, input: Input): JsonObject {
    const arn = input.resourceArn as string;
    const policy = this.existingPolicy(scope, arn, undefined);
    return { resourceArn: arn, policy: policy.policy, revisionId: String(policy.revision) };
  }

  updateResourcePolicy(scope: Scope, input: Input): JsonObject {
    const arn = input.resourceArn as string;
    const policy = this.existingPolicy(scope, arn, input.expectedRevisionId);
    this.checkPolicy(input.policy as string);
    policy.policy = input.policy as string;
    policy.revision += 1;
    return { resourceArn: arn, revisionId: String(policy.revision) };
  }

  deleteResourcePolicy(scope: Scope, input: Input): JsonObject {
    const arn = input.resourceArn as string;
    const policy = this.existingPolicy(scope, arn, input.expectedRevisionId);
    this.account(scope).policies.delete(arn);
    return { resourceArn: arn, revisionId: String(policy.revision + 1) };
  }
}
