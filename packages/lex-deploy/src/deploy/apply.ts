import { AwsOperationError } from '@edd/core';
import type { BotSummary, ImportSettings, LocaleBuild } from '../aws/lex.js';
import { CONTENT_TAG, VERSION_TAG, versionDescription } from '../model/content-hash.js';
import { botAliasArn } from '../model/names.js';
import { desiredAlias } from './alias.js';
import type { DeployPlan, DeployServices } from './plan.js';
import { MAX_VERSIONS_PER_BOT, versionsToPrune } from './prune.js';

export interface DeployResult {
  bot: BotSummary;
  version: string;
  imported: boolean;
  alias: { id: string; name: string; arn: string; action: 'create' | 'update' | 'unchanged' };
  builds: LocaleBuild[];
  permissions: { function: string; action: 'added' | 'exists' | 'unchanged' }[];
  connect?: { instance: string; action: 'associated' | 'exists' | 'unchanged' };
  pruned: string[];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Deletes the versions no alias uses beyond the newest `keep`, from a fresh reading of the bot. */
async function prune(services: DeployServices, bot: BotSummary, keep: number): Promise<string[]> {
  const [versions, aliases] = await Promise.all([services.lex.listVersions(bot.id), services.lex.listAliases(bot.id)]);
  const inUse = new Set(aliases.map((a) => a.botVersion).filter((v): v is string => v !== undefined));
  const deleted: string[] = [];
  for (const version of versionsToPrune(
    versions.map((v) => v.version),
    inUse,
    keep,
  )) {
    const outcome = await services.lex.deleteVersion(bot, version);
    if (outcome === 'deleted') {
      services.logger.action('delete', 'version', `${bot.name} ${version}`);
      deleted.push(version);
    } else if (outcome === 'in use') {
      services.logger.warn(`version ${version} of ${bot.name} was not deleted: an alias started using it`);
    }
  }
  return deleted;
}

/**
 * Applies a plan in the order Lex needs: import, build every locale, version (skipped together when the content
 * is already a version), then the alias, the Lambda permissions, the Connect association, and pruning.
 */
export async function applyDeploy(
  services: DeployServices,
  plan: DeployPlan,
  upload: { archive: Uint8Array; settings: ImportSettings },
): Promise<DeployResult> {
  const { lex, lambda, connect, logger, place } = services;
  const { request } = plan;
  let bot = plan.bot;
  let version = plan.reuseVersion;
  let builds: LocaleBuild[] = [];
  const pruned: string[] = [];

  if (version === undefined) {
    const numbered = plan.versions.filter((v) => /^\d+$/.test(v.version)).length;
    // A bot at Lex's version limit cannot take the new version: make room first.
    if (bot && numbered >= MAX_VERSIONS_PER_BOT - 1) pruned.push(...(await prune(services, bot, request.keepVersions)));
    const started = Date.now();
    const botId = await lex.importBot(upload.archive, upload.settings);
    bot = { id: botId, name: request.botName };
    logger.action('import', 'bot', bot.name, `${botId} in ${seconds(Date.now() - started)}`);
    await lex.waitForBot(bot.id, bot.name);
    builds = await lex.buildLocales(bot, request.locales);
    for (const build of builds)
      logger.action(
        build.status === 'Built' ? 'built' : 'failed',
        'locale',
        `${bot.name} ${build.localeId}`,
        seconds(build.durationMs),
      );
    const failed = builds.filter((b) => b.status === 'Failed');
    if (failed.length > 0) {
      throw new AwsOperationError(
        `the build of ${failed.map((b) => b.localeId).join(', ')} of bot ${bot.name} failed; the alias still points at the previous version`,
        {
          operation: 'Lex:BuildBotLocale',
          items: failed.flatMap((b) => [
            ...(b.failureReasons.length > 0 ? b.failureReasons : ['(Lex gave no reason)']).map(
              (r) => `${b.localeId}: ${r}`,
            ),
            ...b.recommendedActions.map((a) => `${b.localeId}: recommended: ${a}`),
          ]),
        },
      );
    }
    version = await lex.createVersion(bot, request.locales, versionDescription(request.contentHash));
    await lex.tagBot(bot.id, { [CONTENT_TAG]: request.contentHash, [VERSION_TAG]: version });
    logger.action('create', 'version', `${bot.name} ${version}`);
  }
  if (!bot) throw new Error('a plan that reuses a version must name its bot');

  const desired = desiredAlias(plan.alias.current, {
    name: request.aliasName,
    botVersion: version,
    locales: request.locales,
    codeHooks: Object.fromEntries(Object.entries(request.codeHooks).map(([l, fn]) => [l, fn.qualifiedArn])),
  });
  let aliasId = plan.alias.id;
  let aliasAction: DeployResult['alias']['action'] = 'unchanged';
  if (aliasId === undefined) {
    aliasId = await lex.createAlias(bot, desired);
    aliasAction = 'create';
    logger.action('create', 'alias', `${bot.name} ${request.aliasName}`, `-> version ${version}`);
  } else if (plan.alias.action === 'update' || plan.alias.current?.botVersion !== version) {
    await lex.updateAlias(bot, aliasId, desired);
    aliasAction = 'update';
    logger.action('update', 'alias', `${bot.name} ${request.aliasName}`, `-> version ${version}`);
  }
  const aliasArn = botAliasArn(place, bot.id, aliasId);

  const permissions: DeployResult['permissions'] = [];
  for (const { fn, action } of plan.permissions) {
    const outcome = action === 'unchanged' ? 'unchanged' : await lambda.allow(fn, aliasArn);
    if (outcome !== 'unchanged')
      logger.action(outcome === 'added' ? 'add' : 'unchanged', 'lambda permission', fn.qualifiedArn);
    permissions.push({ function: fn.qualifiedArn, action: outcome });
  }

  let connectResult: DeployResult['connect'];
  if (plan.connect) {
    const { instance } = plan.connect;
    const outcome =
      plan.connect.action === 'unchanged'
        ? 'unchanged'
        : (await connect.associated(instance, aliasArn))
          ? 'exists'
          : await connect.associate(instance, aliasArn);
    if (outcome === 'associated') logger.action('associate', 'connect bot', instance.alias, aliasArn);
    connectResult = { instance: instance.alias, action: outcome };
  }

  if (plan.prune.length > 0 || plan.reuseVersion === undefined || aliasAction !== 'unchanged')
    pruned.push(...(await prune(services, bot, request.keepVersions)));

  return {
    bot,
    version,
    imported: plan.reuseVersion === undefined,
    alias: { id: aliasId, name: request.aliasName, arn: aliasArn, action: aliasAction },
    builds,
    permissions,
    ...(connectResult ? { connect: connectResult } : {}),
    pruned,
  };
}
