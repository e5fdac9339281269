import { AwsOperationError, applyLine, type Logger, type PlanAction } from '@edd/core';
import type { BotSummary, ImportSettings, LocaleBuild } from '../aws/lex.js';
import { CONTENT_TAG, VERSION_TAG, versionDescription } from '../model/content-hash.js';
import { botAliasArn, functionLabel } from '../model/names.js';
import { desiredAlias } from './alias.js';
import { NEW_VERSION_LABEL, type DeployPlan, type DeployServices } from './plan.js';
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

/** One line of the apply, in the plan's grammar: `+ alias "live"  -> version 3`. */
function applied(
  logger: Logger,
  action: Exclude<PlanAction, 'unchanged'>,
  kind: string,
  name: string,
  detail?: string,
): void {
  logger.info(applyLine(action, kind, name, detail));
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
      applied(services.logger, 'delete', 'bot version', version);
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
    // Import, builds and version take minutes on Lex: their progress goes under the version they make.
    applied(logger, 'create', 'bot version', NEW_VERSION_LABEL);
    const botId = await lex.importBot(upload.archive, upload.settings);
    bot = { id: botId, name: request.botName };
    logger.info(`    imported ${plan.bot ? '' : `as bot ${botId} `}in ${seconds(Date.now() - started)}`);
    await lex.waitForBot(bot.id, bot.name);
    builds = await lex.buildLocales(bot, request.locales);
    for (const build of builds)
      logger.info(
        `    ${build.status === 'Built' ? 'built' : 'failed to build'} ${build.localeId} in ${seconds(build.durationMs)}`,
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
    logger.info(`    version ${version} in ${seconds(Date.now() - started)}`);
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
    applied(logger, 'create', 'alias', request.aliasName, `-> version ${version}`);
  } else if (plan.alias.action === 'update' || plan.alias.current?.botVersion !== version) {
    await lex.updateAlias(bot, aliasId, desired);
    aliasAction = 'update';
    applied(logger, 'update', 'alias', request.aliasName, `-> version ${version}`);
  }
  const aliasArn = botAliasArn(place, bot.id, aliasId);

  const permissions: DeployResult['permissions'] = [];
  for (const { fn, action } of plan.permissions) {
    const outcome = action === 'unchanged' ? 'unchanged' : await lambda.allow(fn, aliasArn);
    if (outcome === 'added') applied(logger, 'create', 'Lambda permission', functionLabel(fn));
    else if (outcome === 'exists') logger.info(`= Lambda permission "${functionLabel(fn)}"  (added meanwhile)`);
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
    if (outcome === 'associated') applied(logger, 'create', 'Connect association', instance.alias);
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
