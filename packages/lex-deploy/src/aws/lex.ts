import {
  BuildBotLocaleCommand,
  ConflictException,
  CreateBotAliasCommand,
  CreateBotVersionCommand,
  CreateExportCommand,
  CreateUploadUrlCommand,
  DeleteBotVersionCommand,
  DeleteExportCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeBotVersionCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  LexModelsV2Client,
  ListTagsForResourceCommand,
  PreconditionFailedException,
  ServiceQuotaExceededException,
  StartImportCommand,
  TagResourceCommand,
  UpdateBotAliasCommand,
  paginateListBotAliases,
  paginateListBotVersions,
  paginateListBots,
  type BotAliasLocaleSettings,
  type ConversationLogSettings,
  type DataPrivacy,
  type SentimentAnalysisSettings,
} from '@aws-sdk/client-lex-models-v2';
import {
  AwsOperationError,
  Semaphore,
  WaitTimeoutError,
  backoffDelay,
  poll,
  sleep,
  toAwsOperationError,
  type AwsClients,
  type Logger,
} from '@edd/core';
import type { AliasSettings } from '../deploy/alias.js';
import { botArn, type Place } from '../model/names.js';
import { download, upload } from './transfer.js';

/** How long to wait for Lex's asynchronous work, and how often to look. */
export interface WaitSettings {
  timeoutMs: number;
  intervalMs: number;
}

/** Lex builds at most this many locales at once per account and region; more answer ServiceQuotaExceededException. */
export const MAX_CONCURRENT_BUILDS = 5;
const UPLOAD_ATTEMPTS = 3;

export interface BotSummary {
  id: string;
  name: string;
}

export interface VersionSummary {
  version: string;
  description?: string;
}

export interface AliasSummary {
  id: string;
  name: string;
  botVersion?: string;
}

/** The bot settings an import takes from the archive's Bot.json. */
export interface ImportSettings {
  botName: string;
  roleArn: string;
  dataPrivacy: DataPrivacy;
  idleSessionTTLInSeconds?: number;
}

export interface LocaleBuild {
  localeId: string;
  status: 'Built' | 'Failed';
  durationMs: number;
  failureReasons: string[];
  recommendedActions: string[];
}

async function call<T>(operation: string, resource: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toAwsOperationError(error, `Lex:${operation}`, resource);
  }
}

/** Seconds from a `Retry-After` header, when the error came with one. */
function retryAfterMs(error: unknown): number | undefined {
  const header = (error as { $response?: { headers?: Record<string, string> } }).$response?.headers?.['retry-after'];
  const seconds = Number(header);
  return header !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Lex V2 model building as deploy and export use it. Every wait reads the resource before the first pause and
 * turns Lex's `Failed` states into errors carrying its `failureReasons`, instead of the SDK waiters' habit of
 * retrying any error until the timeout.
 */
export class LexApi {
  private readonly client: LexModelsV2Client;

  constructor(
    clients: AwsClients,
    private readonly place: Place,
    private readonly wait: WaitSettings,
    private readonly logger: Logger,
  ) {
    this.client = clients.get(LexModelsV2Client);
  }

  private pollOptions() {
    return {
      timeoutMs: this.wait.timeoutMs,
      intervalMs: this.wait.intervalMs,
      maxIntervalMs: Math.max(this.wait.intervalMs, Math.min(15_000, this.wait.intervalMs * 8)),
    };
  }

  async findBot(name: string): Promise<BotSummary | undefined> {
    const pages = paginateListBots(
      { client: this.client },
      { filters: [{ name: 'BotName', values: [name], operator: 'EQ' }] },
    );
    return call('ListBots', name, async () => {
      for await (const page of pages) {
        const bot = page.botSummaries?.find((b) => b.botName === name);
        if (bot?.botId) return { id: bot.botId, name };
      }
      return undefined;
    });
  }

  async listVersions(botId: string): Promise<VersionSummary[]> {
    return call('ListBotVersions', botId, async () => {
      const versions: VersionSummary[] = [];
      for await (const page of paginateListBotVersions({ client: this.client }, { botId })) {
        for (const v of page.botVersionSummaries ?? [])
          if (v.botVersion)
            versions.push({ version: v.botVersion, ...(v.description ? { description: v.description } : {}) });
      }
      return versions;
    });
  }

  async listAliases(botId: string): Promise<AliasSummary[]> {
    return call('ListBotAliases', botId, async () => {
      const aliases: AliasSummary[] = [];
      for await (const page of paginateListBotAliases({ client: this.client }, { botId })) {
        for (const a of page.botAliasSummaries ?? [])
          if (a.botAliasId && a.botAliasName)
            aliases.push({
              id: a.botAliasId,
              name: a.botAliasName,
              ...(a.botVersion ? { botVersion: a.botVersion } : {}),
            });
      }
      return aliases;
    });
  }

  /** An alias's settings, in the shape UpdateBotAlias takes them back. */
  async describeAlias(botId: string, aliasId: string): Promise<AliasSettings> {
    const a = await call('DescribeBotAlias', `${botId}/${aliasId}`, () =>
      this.client.send(new DescribeBotAliasCommand({ botId, botAliasId: aliasId })),
    );
    return {
      botAliasName: a.botAliasName!,
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.botVersion !== undefined ? { botVersion: a.botVersion } : {}),
      ...(a.botAliasLocaleSettings !== undefined ? { botAliasLocaleSettings: a.botAliasLocaleSettings } : {}),
      ...(a.conversationLogSettings !== undefined ? { conversationLogSettings: a.conversationLogSettings } : {}),
      ...(a.sentimentAnalysisSettings !== undefined ? { sentimentAnalysisSettings: a.sentimentAnalysisSettings } : {}),
    };
  }

  async botTags(botId: string): Promise<Record<string, string>> {
    const out = await call('ListTagsForResource', botId, () =>
      this.client.send(new ListTagsForResourceCommand({ resourceARN: botArn(this.place, botId) })),
    );
    return out.tags ?? {};
  }

  async tagBot(botId: string, tags: Record<string, string>): Promise<void> {
    await call('TagResource', botId, () =>
      this.client.send(new TagResourceCommand({ resourceARN: botArn(this.place, botId), tags })),
    );
  }

  /** CreateExport of a version as LexJson, wait, download the archive, then delete the export. */
  async exportBot(bot: BotSummary, botVersion: string): Promise<Uint8Array> {
    const what = `bot ${bot.name} version ${botVersion}`;
    const created = await call('CreateExport', what, () =>
      this.client.send(
        new CreateExportCommand({
          resourceSpecification: { botExportSpecification: { botId: bot.id, botVersion } },
          fileFormat: 'LexJson',
        }),
      ),
    );
    const exportId = created.exportId!;
    const url = await poll({
      what: `the export of ${what}`,
      ...this.pollOptions(),
      read: () => call('DescribeExport', exportId, () => this.client.send(new DescribeExportCommand({ exportId }))),
      evaluate: (e) => {
        if (e.exportStatus === 'Completed' && e.downloadUrl) return { state: 'done', value: e.downloadUrl };
        if (e.exportStatus === 'Failed' || e.exportStatus === 'Deleting')
          return {
            state: 'failed',
            error: new AwsOperationError(
              `export of ${what} ${e.exportStatus === 'Failed' ? 'failed' : 'was deleted'}`,
              {
                operation: 'Lex:CreateExport',
                items: e.failureReasons ?? [],
              },
            ),
          };
        return { state: 'pending', detail: e.exportStatus };
      },
    });
    const archive = await download(url, `the export of ${what}`);
    try {
      await this.client.send(new DeleteExportCommand({ exportId }));
    } catch (error) {
      this.logger.warn(
        `could not delete export ${exportId} (Lex removes it after 7 days): ${(error as Error).message}`,
      );
    }
    return archive;
  }

  /**
   * Uploads the archive and imports it over the bot of that name (created when missing), returning the bot id.
   * The upload URL lives five minutes, so it is asked for right before each PUT.
   */
  async importBot(archive: Uint8Array, settings: ImportSettings): Promise<string> {
    let importId: string | undefined;
    for (let attempt = 1; importId === undefined; attempt++) {
      const { importId: id, uploadUrl } = await call('CreateUploadUrl', settings.botName, () =>
        this.client.send(new CreateUploadUrlCommand({})),
      );
      const outcome = await upload(uploadUrl!, archive);
      if (outcome.ok) importId = id!;
      else if (!outcome.transient || attempt >= UPLOAD_ATTEMPTS)
        throw new AwsOperationError(`upload of the bot archive of ${settings.botName} failed: ${outcome.message}`, {
          operation: 'PUT uploadUrl',
        });
      else {
        this.logger.warn(`upload of the bot archive failed (${outcome.message}); retrying with a new upload URL`);
        await sleep(backoffDelay(attempt, { baseDelayMs: this.wait.intervalMs, maxDelayMs: this.wait.intervalMs * 8 }));
      }
    }
    await call('StartImport', settings.botName, () =>
      this.client.send(
        new StartImportCommand({
          importId,
          resourceSpecification: { botImportSpecification: settings },
          mergeStrategy: 'Overwrite',
        }),
      ),
    );
    return poll({
      what: `the import of bot ${settings.botName}`,
      ...this.pollOptions(),
      read: () => call('DescribeImport', importId!, () => this.client.send(new DescribeImportCommand({ importId }))),
      evaluate: (i) => {
        if (i.importStatus === 'Completed' && i.importedResourceId)
          return { state: 'done', value: i.importedResourceId };
        if (i.importStatus === 'Failed' || i.importStatus === 'Deleting')
          return {
            state: 'failed',
            error: new AwsOperationError(`import of bot ${settings.botName} failed (import ${importId})`, {
              operation: 'Lex:StartImport',
              items: i.failureReasons ?? [],
            }),
          };
        return { state: 'pending', detail: i.importStatus };
      },
    });
  }

  async waitForBot(botId: string, name: string): Promise<void> {
    await poll({
      what: `bot ${name} to become available`,
      ...this.pollOptions(),
      read: () => call('DescribeBot', name, () => this.client.send(new DescribeBotCommand({ botId }))),
      evaluate: (b) => {
        if (b.botStatus === 'Available') return { state: 'done', value: undefined };
        if (b.botStatus === 'Failed' || b.botStatus === 'Deleting' || b.botStatus === 'Inactive')
          return {
            state: 'failed',
            error: new AwsOperationError(`bot ${name} is ${b.botStatus}`, {
              operation: 'Lex:DescribeBot',
              items: b.failureReasons ?? [],
            }),
          };
        return { state: 'pending', detail: b.botStatus };
      },
    });
  }

  /**
   * Builds the DRAFT locales, at most five at once. Another pipeline may hold the account's build slots: a build
   * refused with ServiceQuotaExceededException (which the SDK does not retry), or with ConflictException while
   * the bot is busy, is asked again with back-off until the wait timeout. Failed builds are collected, not thrown.
   */
  async buildLocales(bot: BotSummary, locales: readonly string[]): Promise<LocaleBuild[]> {
    const slots = new Semaphore(MAX_CONCURRENT_BUILDS);
    const settled = await Promise.allSettled(
      locales.map((localeId) => slots.run(() => this.buildLocale(bot, localeId))),
    );
    const thrown = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (thrown) throw thrown.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<LocaleBuild>).value);
  }

  private async buildLocale(bot: BotSummary, localeId: string): Promise<LocaleBuild> {
    const started = Date.now();
    const deadline = started + this.wait.timeoutMs;
    const what = `locale ${localeId} of bot ${bot.name}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new BuildBotLocaleCommand({ botId: bot.id, botVersion: 'DRAFT', localeId }));
        break;
      } catch (error) {
        const busy = error instanceof ServiceQuotaExceededException || error instanceof ConflictException;
        if (!busy) throw toAwsOperationError(error, 'Lex:BuildBotLocale', what);
        const remaining = deadline - Date.now();
        if (remaining <= 0)
          throw new WaitTimeoutError(
            `timed out after ${Math.round((Date.now() - started) / 1000)} s waiting to start the build of ${what}: Lex kept answering ${(error as Error).name} (${(error as Error).message}); raise --wait-timeout or try again when other builds are done`,
          );
        if (attempt === 0) this.logger.info(`    waiting to build ${localeId}: ${(error as Error).name}; asking again`);
        const delay =
          retryAfterMs(error) ??
          Math.max(
            this.wait.intervalMs / 2,
            backoffDelay(attempt, { baseDelayMs: this.wait.intervalMs, maxDelayMs: this.wait.intervalMs * 15 }),
          );
        await sleep(Math.min(delay, remaining));
      }
    }
    this.logger.info(`    building ${localeId}`);
    return poll({
      what: `the build of ${what}`,
      ...this.pollOptions(),
      timeoutMs: Math.max(1, deadline - Date.now()),
      read: () =>
        call('DescribeBotLocale', what, () =>
          this.client.send(new DescribeBotLocaleCommand({ botId: bot.id, botVersion: 'DRAFT', localeId })),
        ),
      evaluate: (l) => {
        if (l.botLocaleStatus === 'Built' || l.botLocaleStatus === 'Failed')
          return {
            state: 'done',
            value: {
              localeId,
              status: l.botLocaleStatus,
              durationMs: Date.now() - started,
              failureReasons: l.failureReasons ?? [],
              recommendedActions: l.recommendedActions ?? [],
            },
          };
        return { state: 'pending', detail: l.botLocaleStatus };
      },
    });
  }

  /** Creates a version of the DRAFT's locales and waits until it is available. */
  async createVersion(bot: BotSummary, locales: readonly string[], description: string): Promise<string> {
    const created = await call('CreateBotVersion', bot.name, () =>
      this.client.send(
        new CreateBotVersionCommand({
          botId: bot.id,
          description,
          botVersionLocaleSpecification: Object.fromEntries(locales.map((l) => [l, { sourceBotVersion: 'DRAFT' }])),
        }),
      ),
    );
    const botVersion = created.botVersion!;
    await poll({
      what: `version ${botVersion} of bot ${bot.name}`,
      ...this.pollOptions(),
      read: () =>
        call('DescribeBotVersion', `${bot.name} ${botVersion}`, () =>
          this.client.send(new DescribeBotVersionCommand({ botId: bot.id, botVersion })),
        ),
      evaluate: (v) => {
        if (v.botStatus === 'Available') return { state: 'done', value: undefined };
        if (v.botStatus === 'Failed' || v.botStatus === 'Deleting' || v.botStatus === 'Inactive')
          return {
            state: 'failed',
            error: new AwsOperationError(`version ${botVersion} of bot ${bot.name} is ${v.botStatus}`, {
              operation: 'Lex:CreateBotVersion',
              items: v.failureReasons ?? [],
            }),
          };
        return { state: 'pending', detail: v.botStatus };
      },
    });
    return botVersion;
  }

  private toInput(settings: AliasSettings) {
    return {
      botAliasName: settings.botAliasName,
      description: settings.description,
      botVersion: settings.botVersion,
      botAliasLocaleSettings: settings.botAliasLocaleSettings as Record<string, BotAliasLocaleSettings> | undefined,
      conversationLogSettings: settings.conversationLogSettings as ConversationLogSettings | undefined,
      sentimentAnalysisSettings: settings.sentimentAnalysisSettings as SentimentAnalysisSettings | undefined,
    };
  }

  async createAlias(bot: BotSummary, settings: AliasSettings): Promise<string> {
    const created = await call('CreateBotAlias', `${bot.name} ${settings.botAliasName}`, () =>
      this.client.send(new CreateBotAliasCommand({ botId: bot.id, ...this.toInput(settings) })),
    );
    await this.waitForAlias(bot, created.botAliasId!, settings.botAliasName);
    return created.botAliasId!;
  }

  /** UpdateBotAlias replaces the whole alias: `settings` must be the merged, complete alias. */
  async updateAlias(bot: BotSummary, aliasId: string, settings: AliasSettings): Promise<void> {
    await call('UpdateBotAlias', `${bot.name} ${settings.botAliasName}`, () =>
      this.client.send(new UpdateBotAliasCommand({ botId: bot.id, botAliasId: aliasId, ...this.toInput(settings) })),
    );
    await this.waitForAlias(bot, aliasId, settings.botAliasName);
  }

  private async waitForAlias(bot: BotSummary, aliasId: string, name: string): Promise<void> {
    await poll({
      what: `alias ${name} of bot ${bot.name}`,
      ...this.pollOptions(),
      read: () =>
        call('DescribeBotAlias', `${bot.name} ${name}`, () =>
          this.client.send(new DescribeBotAliasCommand({ botId: bot.id, botAliasId: aliasId })),
        ),
      evaluate: (a) => {
        if (a.botAliasStatus === 'Available') return { state: 'done', value: undefined };
        if (a.botAliasStatus === 'Failed' || a.botAliasStatus === 'Deleting')
          return {
            state: 'failed',
            error: new AwsOperationError(`alias ${name} of bot ${bot.name} is ${a.botAliasStatus}`, {
              operation: 'Lex:UpdateBotAlias',
            }),
          };
        return { state: 'pending', detail: a.botAliasStatus };
      },
    });
  }

  /**
   * Deletes a version; `in use` when an alias started using it meanwhile (another pipeline), `gone` when it was
   * deleted already.
   */
  async deleteVersion(bot: BotSummary, botVersion: string): Promise<'deleted' | 'in use' | 'gone'> {
    try {
      await this.client.send(new DeleteBotVersionCommand({ botId: bot.id, botVersion, skipResourceInUseCheck: false }));
      return 'deleted';
    } catch (error) {
      if (error instanceof ConflictException) return 'in use';
      if (error instanceof PreconditionFailedException) return 'gone';
      throw toAwsOperationError(error, 'Lex:DeleteBotVersion', `${bot.name} ${botVersion}`);
    }
  }
}
