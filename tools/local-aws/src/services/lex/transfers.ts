import type { ObjectStore, ServiceObjectLocation } from '../s3/object-store.js';
import { DRAFT, type LexBots, type LexClock } from './bots.js';
import {
  ArchiveProblems,
  readArchive,
  writeArchive,
  type BotFiles,
  type JsonObject,
  type LocaleFiles,
} from './lex-json.js';
import { FALLBACK_INTENT_ID, FALLBACK_INTENT_SIGNATURE } from './builtins.js';
import {
  newId,
  type BotRecord,
  type BotSettings,
  type ContentRecord,
  type ExportRecord,
  type ExtraFiles,
  type ImportRecord,
  type LexAccount,
  type LexErrorFactory,
  type LocaleRecord,
  type ParsedImport,
  type Scope,
} from './records.js';
import { intentView, localeView, slotTypeView, slotView } from './views.js';

/** The principal Lex's own S3 buckets belong to. */
export const LEX_SERVICE_PRINCIPAL = 'lexv2.amazonaws.com';
/** Lex keeps export archives and uploads in buckets of its own, in one region, as AWS does in its service account. */
const EXPORT_BUCKET = 'local-aws-lex-exports';
const IMPORT_BUCKET = 'local-aws-lex-imports';
const SERVICE_BUCKET_REGION = 'us-east-1';
/** Lex's upload and download URLs live five minutes. */
const URL_LIFETIME_SECONDS = 300;

/**
 * Checks one resource, as the API would describe it, against the Lex model (`DescribeIntentResponse`, ...): types,
 * lengths, patterns and enums. Returns AWS's validation message, or undefined when the value conforms.
 */
export type ContentCheck = (shape: string, value: JsonObject) => string | undefined;

type Input = Record<string, unknown>;

function unsupported(fail: LexErrorFactory, what: string): never {
  throw fail('ValidationException', `local-aws does not emulate ${what}.`);
}

/** Adds `files`, each under `folder`, to `into`. */
function addExtras(into: ExtraFiles, folder: string, files: ExtraFiles | undefined): void {
  for (const [path, data] of Object.entries(files ?? {})) into[`${folder}${path}`] = data;
}

/** The unmodelled files of a bot and its locales, by their path in the bot's folder. */
function collectExtras(botExtras: ExtraFiles | undefined, locales: readonly LocaleRecord[]): ExtraFiles {
  const extras: ExtraFiles = {};
  addExtras(extras, '', botExtras);
  for (const locale of locales) {
    const folder = `BotLocales/${locale.localeId}/`;
    addExtras(extras, folder, locale.extras);
    for (const intent of locale.intents) {
      const intentFolder = `${folder}Intents/${String(intent.file.name)}/`;
      addExtras(extras, intentFolder, intent.extras);
      for (const slot of intent.slots)
        addExtras(extras, `${intentFolder}Slots/${String(slot.file.name)}/`, slot.extras);
    }
    for (const slotType of locale.slotTypes) {
      addExtras(extras, `${folder}SlotTypes/${String(slotType.file.name)}/`, slotType.extras);
    }
  }
  return extras;
}

/**
 * Hands each unmodelled file of an archive to the deepest locale, intent, slot or slot type whose folder holds it,
 * so that it follows that resource (a rename, a delete, a version); returns the bot's own, which none holds.
 */
function distributeExtras(extras: ExtraFiles, locales: readonly LocaleRecord[]): ExtraFiles {
  const botExtras: ExtraFiles = {};
  const give = (record: { extras?: ExtraFiles }, path: string, data: Uint8Array) => {
    record.extras = { ...record.extras, [path]: data };
  };
  for (const [path, data] of Object.entries(extras)) {
    const [top, localeId, kind, name, ...rest] = path.split('/');
    const locale = top === 'BotLocales' ? locales.find((candidate) => candidate.localeId === localeId) : undefined;
    if (!locale || kind === undefined) {
      botExtras[path] = data;
      continue;
    }
    const intent = kind === 'Intents' ? locale.intents.find((candidate) => candidate.file.name === name) : undefined;
    const slotType =
      kind === 'SlotTypes' ? locale.slotTypes.find((candidate) => candidate.file.name === name) : undefined;
    const slot =
      intent && rest[0] === 'Slots' && rest.length > 2
        ? intent.slots.find((candidate) => candidate.file.name === rest[1])
        : undefined;
    if (slot) give(slot, rest.slice(2).join('/'), data);
    else if (intent && rest.length > 0) give(intent, rest.join('/'), data);
    else if (slotType && rest.length > 0) give(slotType, rest.join('/'), data);
    else give(locale, path.split('/').slice(2).join('/'), data);
  }
  return botExtras;
}

/** The LexJson files of DRAFT or of a numbered version, ids written as identifiers. */
function botFiles(bot: BotRecord, botVersion: string): BotFiles {
  const version = botVersion === DRAFT ? undefined : bot.versions.get(botVersion);
  const settings = version?.settings ?? bot.settings;
  const locales = version?.locales ?? bot.draft;
  return {
    extras: collectExtras(version ? version.extras : bot.extras, locales),
    bot: {
      dataPrivacy: settings.dataPrivacy,
      description: settings.description ?? null,
      errorLogSettings: settings.errorLogSettings ?? null,
      identifier: bot.id,
      idleSessionTTLInSeconds: settings.idleSessionTTLInSeconds,
      name: settings.botName,
      version: botVersion,
    },
    locales: locales.map((locale): LocaleFiles => ({
      locale: { ...locale.file, identifier: locale.localeId },
      intents: locale.intents.map((intent) => ({
        intent: { ...intent.file, identifier: intent.id },
        slots: intent.slots.map((slot) => ({ ...slot.file, identifier: slot.id })),
      })),
      slotTypes: locale.slotTypes.map((slotType) => ({ ...slotType.file, identifier: slotType.id })),
    })),
  };
}

function contentRecord(file: JsonObject, now: Date): ContentRecord {
  return { id: newId(), file, created: now, updated: now };
}

function localeRecord(files: LocaleFiles, now: Date): LocaleRecord {
  const fallbackIndex = files.intents.findIndex(
    ({ intent }) => intent.parentIntentSignature === FALLBACK_INTENT_SIGNATURE,
  );
  return {
    localeId: String(files.locale.identifier),
    file: files.locale,
    intents: files.intents.map(({ intent, slots }, index) => ({
      ...contentRecord(intent, now),
      // Lex gives every locale's fallback intent the same id; a second one, which Lex would refuse, keeps its own.
      ...(index === fallbackIndex ? { id: FALLBACK_INTENT_ID } : {}),
      slots: slots.map((slot) => contentRecord(slot, now)),
    })),
    slotTypes: files.slotTypes.map((slotType) => contentRecord(slotType, now)),
    created: now,
    updated: now,
    build: { status: 'NotBuilt', failureReasons: [] },
  };
}

/** Keeps the ids (and creation times) of what an overwrite replaces under the same name. */
function keepIdentity<T extends ContentRecord>(replacement: T, previous: readonly ContentRecord[]): T {
  const match = previous.find((candidate) => candidate.file.name === replacement.file.name);
  return match ? { ...replacement, id: match.id, created: match.created } : replacement;
}

function overwriteLocale(replacement: LocaleRecord, previous: LocaleRecord | undefined): LocaleRecord {
  if (!previous) return replacement;
  return {
    ...replacement,
    created: previous.created,
    intents: replacement.intents.map((intent) => {
      const kept = keepIdentity(intent, previous.intents);
      const before = previous.intents.find((candidate) => candidate.id === kept.id);
      return { ...kept, slots: kept.slots.map((slot) => keepIdentity(slot, before?.slots ?? [])) };
    }),
    slotTypes: replacement.slotTypes.map((slotType) => keepIdentity(slotType, previous.slotTypes)),
  };
}

/**
 * Lex V2's exports and imports. Archives travel through presigned S3 URLs to buckets Lex keeps for itself: an
 * export's `downloadUrl` and CreateUploadUrl's `uploadUrl` are ordinary S3 URLs that expire after five minutes. An
 * import reads the archive when it starts and changes the bot when it completes.
 */
export class LexTransfers {
  private settling = false;

  constructor(
    private readonly bots: LexBots,
    private readonly objects: ObjectStore,
    private readonly clock: LexClock,
    private readonly fail: LexErrorFactory,
    private readonly check: ContentCheck,
  ) {
    objects.reserveServiceBucket(LEX_SERVICE_PRINCIPAL, EXPORT_BUCKET, SERVICE_BUCKET_REGION);
    objects.reserveServiceBucket(LEX_SERVICE_PRINCIPAL, IMPORT_BUCKET, SERVICE_BUCKET_REGION);
    bots.beforeRead = (scope, account) => this.settleImports(scope, account);
  }

  private presign(origin: string, method: 'GET' | 'PUT', location: ServiceObjectLocation): string {
    return this.objects.presignServiceUrl(LEX_SERVICE_PRINCIPAL, {
      origin,
      method,
      location,
      expiresSeconds: URL_LIFETIME_SECONDS,
    });
  }

  // ---- exports

  private exportStatus(record: ExportRecord): string {
    return this.clock.now() < record.readyAt ? 'InProgress' : 'Completed';
  }

  private exportOutput(record: ExportRecord): JsonObject {
    return {
      exportId: record.id,
      resourceSpecification: { botExportSpecification: { botId: record.botId, botVersion: record.botVersion } },
      fileFormat: record.fileFormat,
      exportStatus: this.exportStatus(record),
      creationDateTime: record.created,
    };
  }

  createExport(scope: Scope, input: Input): JsonObject {
    const specification = (input.resourceSpecification ?? {}) as JsonObject;
    const botSpecification = specification.botExportSpecification as { botId: string; botVersion: string } | undefined;
    if (!botSpecification) unsupported(this.fail, 'exports of bot locales, custom vocabularies or test sets');
    if (input.fileFormat !== 'LexJson') unsupported(this.fail, `the ${String(input.fileFormat)} export format`);
    if (input.filePassword !== undefined) unsupported(this.fail, 'password-protected archives');
    const bot = this.bots.bot(scope, botSpecification.botId, 'ResourceNotFoundException');
    const { botVersion } = botSpecification;
    if (botVersion !== DRAFT && !bot.versions.has(botVersion)) {
      throw this.fail('ResourceNotFoundException', `Could not find version ${botVersion} of the bot ${bot.id}.`);
    }
    const id = newId();
    const record: ExportRecord = {
      id,
      botId: bot.id,
      botVersion,
      fileFormat: 'LexJson',
      created: new Date(),
      readyAt: this.clock.after(this.bots.timings.exportMs),
      objectKey: `${scope.account}/${id}/${bot.settings.botName}-${botVersion}-${id}-LexJson.zip`,
    };
    this.objects.putServiceObject(
      LEX_SERVICE_PRINCIPAL,
      { bucket: EXPORT_BUCKET, key: record.objectKey },
      Buffer.from(writeArchive(botFiles(bot, botVersion))),
    );
    this.bots.account(scope).exports.set(id, record);
    return this.exportOutput(record);
  }

  private existingExport(
    scope: Scope,
    exportId: string,
    missing: 'ResourceNotFoundException' | 'PreconditionFailedException',
  ): ExportRecord {
    const record = this.bots.account(scope).exports.get(exportId);
    if (!record) throw this.fail(missing, `Could not find the export ${exportId}.`);
    return record;
  }

  describeExport(scope: Scope, input: Input, origin: string): JsonObject {
    const record = this.existingExport(scope, input.exportId as string, 'ResourceNotFoundException');
    const completed = this.exportStatus(record) === 'Completed';
    return {
      ...this.exportOutput(record),
      downloadUrl: completed
        ? this.presign(origin, 'GET', { bucket: EXPORT_BUCKET, key: record.objectKey })
        : undefined,
      lastUpdatedDateTime: completed ? new Date(record.readyAt) : record.created,
    };
  }

  deleteExport(scope: Scope, input: Input): JsonObject {
    const record = this.existingExport(scope, input.exportId as string, 'PreconditionFailedException');
    this.bots.account(scope).exports.delete(record.id);
    this.objects.deleteServiceObject(LEX_SERVICE_PRINCIPAL, { bucket: EXPORT_BUCKET, key: record.objectKey });
    return { exportId: record.id, exportStatus: 'Deleting' };
  }

  // ---- imports

  private uploadLocation(scope: Scope, importId: string): ServiceObjectLocation {
    return { bucket: IMPORT_BUCKET, key: `${scope.account}/${scope.region}/${importId}.zip` };
  }

  createUploadUrl(scope: Scope, origin: string): JsonObject {
    const importId = newId();
    this.bots.account(scope).uploads.set(importId, { created: new Date() });
    return { importId, uploadUrl: this.presign(origin, 'PUT', this.uploadLocation(scope, importId)) };
  }

  /** Reads the uploaded archive and checks every resource in it against the model. */
  private parse(scope: Scope, importId: string, botName: string): ParsedImport {
    const archive = this.objects.serviceObject(LEX_SERVICE_PRINCIPAL, this.uploadLocation(scope, importId));
    if (!archive) return { locales: [], reasons: ['No file was uploaded to the upload URL of this import.'] };
    let files: BotFiles;
    try {
      files = readArchive(archive);
    } catch (error) {
      if (error instanceof ArchiveProblems) return { locales: [], reasons: error.reasons };
      throw error;
    }
    const now = new Date();
    const locales = files.locales.map((locale) => localeRecord(locale, now));
    const botExtras = distributeExtras(files.extras ?? {}, locales);
    const reasons: string[] = [];
    const report = (where: string, problem: string | undefined) => {
      if (problem) reasons.push(`${where}: ${problem}`);
    };
    report(
      `${botName}/Bot.json`,
      this.check('DescribeBotResponse', {
        description: files.bot.description,
        idleSessionTTLInSeconds: files.bot.idleSessionTTLInSeconds,
        dataPrivacy: files.bot.dataPrivacy,
      }),
    );
    for (const locale of locales) {
      const folder = `${botName}/BotLocales/${locale.localeId}`;
      report(`${folder}/BotLocale.json`, this.check('DescribeBotLocaleResponse', localeView(locale)));
      for (const slotType of locale.slotTypes) {
        report(
          `${folder}/SlotTypes/${String(slotType.file.name)}/SlotType.json`,
          this.check('DescribeSlotTypeResponse', slotTypeView(slotType)),
        );
      }
      for (const intent of locale.intents) {
        const intentFolder = `${folder}/Intents/${String(intent.file.name)}`;
        report(`${intentFolder}/Intent.json`, this.check('DescribeIntentResponse', intentView(intent)));
        for (const slot of intent.slots) {
          report(
            `${intentFolder}/Slots/${String(slot.file.name)}/Slot.json`,
            this.check('DescribeSlotResponse', slotView(slot, locale.slotTypes)),
          );
        }
      }
    }
    return { files: { ...files, extras: botExtras }, locales, reasons };
  }

  startImport(scope: Scope, input: Input): JsonObject {
    const account = this.bots.account(scope);
    const importId = input.importId as string;
    if (account.imports.has(importId))
      throw this.fail('ConflictException', `The import ${importId} was already started.`);
    if (!account.uploads.has(importId)) {
      throw this.fail(
        'ResourceNotFoundException',
        `Could not find the import ${importId}; create it with CreateUploadUrl.`,
      );
    }
    const specification = (input.resourceSpecification ?? {}) as JsonObject;
    const botSpecification = specification.botImportSpecification as JsonObject | undefined;
    if (!botSpecification) unsupported(this.fail, 'imports of bot locales, custom vocabularies or test sets');
    if (input.filePassword !== undefined) unsupported(this.fail, 'password-protected archives');
    this.bots.checkRole(scope, botSpecification.roleArn as string);
    account.uploads.delete(importId);
    const botName = botSpecification.botName as string;
    const parsed = this.parse(scope, importId, botName);
    const record: ImportRecord = {
      id: importId,
      specification,
      mergeStrategy: input.mergeStrategy as string,
      created: new Date(),
      readyAt: this.clock.after(this.bots.timings.importMs),
      status: 'InProgress',
      failureReasons: parsed.reasons,
      botName,
      pending: parsed,
    };
    const existing = this.bots.botByName(scope, botName);
    if (existing && parsed.reasons.length === 0 && record.mergeStrategy !== 'FailOnConflict') existing.importing = true;
    account.imports.set(importId, record);
    return {
      importId,
      resourceSpecification: specification,
      mergeStrategy: record.mergeStrategy,
      importStatus: 'InProgress',
      creationDateTime: record.created,
    };
  }

  /** Applies an import whose time has come: creates or changes the bot, or fails with the reasons why not. */
  private complete(scope: Scope, record: ImportRecord, specification: JsonObject, parsed: ParsedImport): void {
    const existing = this.bots.botByName(scope, record.botName);
    if (existing) existing.importing = false;
    if (parsed.reasons.length > 0 || !parsed.files) {
      record.status = 'Failed';
      return;
    }
    if (existing && record.mergeStrategy === 'FailOnConflict') {
      record.status = 'Failed';
      record.failureReasons = [
        `A bot named ${record.botName} already exists (${existing.id}); the FailOnConflict merge strategy imports nothing.`,
      ];
      return;
    }
    const file = parsed.files.bot;
    const settings = {
      botName: record.botName,
      description: (file.description as string | null) ?? undefined,
      roleArn: specification.roleArn as string,
      dataPrivacy: specification.dataPrivacy as JsonObject,
      idleSessionTTLInSeconds: (specification.idleSessionTTLInSeconds ?? file.idleSessionTTLInSeconds ?? 300) as number,
      botType: existing?.settings.botType ?? 'Bot',
      errorLogSettings: (specification.errorLogSettings ?? file.errorLogSettings ?? undefined) as
        JsonObject | undefined,
    } satisfies BotSettings;
    if (existing && record.mergeStrategy === 'Append') {
      const conflicts = this.appendConflicts(existing, parsed.locales);
      if (conflicts.length > 0) {
        record.status = 'Failed';
        record.failureReasons = conflicts;
        return;
      }
    }
    const bot =
      existing ??
      this.bots.addBot(scope, settings, {
        bot: specification.botTags as Record<string, string> | undefined,
        testAlias: specification.testBotAliasTags as Record<string, string> | undefined,
      });
    if (!existing) bot.readyAt = this.clock.now();
    bot.settings = settings;
    bot.updated = new Date();
    const appending = existing !== undefined && record.mergeStrategy === 'Append';
    bot.draft = appending ? this.appended(existing.draft, parsed.locales) : this.overwritten(bot.draft, parsed.locales);
    const extras = parsed.files.extras ?? {};
    bot.extras = appending ? { ...existing.extras, ...extras } : extras;
    record.status = 'Completed';
    record.botId = bot.id;
  }

  private overwritten(draft: LocaleRecord[], replacements: LocaleRecord[]): LocaleRecord[] {
    return replacements.map((locale) =>
      overwriteLocale(
        locale,
        draft.find((candidate) => candidate.localeId === locale.localeId),
      ),
    );
  }

  /** The intents and slot types an Append would add under names the bot already uses. */
  private appendConflicts(bot: BotRecord, additions: LocaleRecord[]): string[] {
    return additions.flatMap((locale) => {
      const current = bot.draft.find((candidate) => candidate.localeId === locale.localeId);
      if (!current) return [];
      const names = (records: readonly ContentRecord[]) => new Set(records.map((record) => record.file.name));
      const intentNames = names(current.intents);
      const slotTypeNames = names(current.slotTypes);
      return [
        ...locale.intents
          .filter((intent) => intentNames.has(intent.file.name))
          .map((intent) => `The intent ${String(intent.file.name)} already exists in locale ${locale.localeId}.`),
        ...locale.slotTypes
          .filter((slotType) => slotTypeNames.has(slotType.file.name))
          .map(
            (slotType) => `The slot type ${String(slotType.file.name)} already exists in locale ${locale.localeId}.`,
          ),
      ];
    });
  }

  private appended(draft: LocaleRecord[], additions: LocaleRecord[]): LocaleRecord[] {
    const result = draft.map((locale) => {
      const addition = additions.find((candidate) => candidate.localeId === locale.localeId);
      if (!addition) return locale;
      return {
        ...locale,
        intents: [...locale.intents, ...addition.intents],
        slotTypes: [...locale.slotTypes, ...addition.slotTypes],
        extras: { ...locale.extras, ...addition.extras },
        updated: new Date(),
        build: { status: 'NotBuilt' as const, failureReasons: [] },
      };
    });
    return [
      ...result,
      ...additions.filter((addition) => !draft.some((locale) => locale.localeId === addition.localeId)),
    ];
  }

  /** Completes every import of the account whose time has come. */
  private settleImports(scope: Scope, account: LexAccount): void {
    if (this.settling) return;
    this.settling = true;
    try {
      for (const record of account.imports.values()) {
        if (record.status !== 'InProgress' || this.clock.now() < record.readyAt) continue;
        const parsed = record.pending;
        record.pending = undefined;
        if (parsed) {
          const specification = record.specification.botImportSpecification as JsonObject;
          this.complete(scope, record, specification, parsed);
        }
      }
    } finally {
      this.settling = false;
    }
  }

  describeImport(scope: Scope, input: Input): JsonObject {
    const record = this.bots.account(scope).imports.get(input.importId as string);
    if (!record) throw this.fail('ResourceNotFoundException', `Could not find the import ${String(input.importId)}.`);
    return {
      importId: record.id,
      resourceSpecification: record.specification,
      importedResourceId: record.botId,
      importedResourceName: record.botName,
      mergeStrategy: record.mergeStrategy,
      importStatus: record.status,
      failureReasons: record.status === 'Failed' ? record.failureReasons : undefined,
      creationDateTime: record.created,
      lastUpdatedDateTime: record.status === 'InProgress' ? record.created : new Date(record.readyAt),
    };
  }
}
