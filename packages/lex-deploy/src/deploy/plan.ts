import { ValidationError, type Logger, type Problem } from '@edd/core';
import type { ConnectBots, ConnectInstance } from '../aws/connect.js';
import type { LambdaPermissions } from '../aws/lambda.js';
import type { AliasSummary, BotSummary, LexApi, VersionSummary } from '../aws/lex.js';
import { CONTENT_TAG, VERSION_TAG, hashOfDescription } from '../model/content-hash.js';
import { botAliasArn, type FunctionRef, type Place } from '../model/names.js';
import { aliasDifferences, desiredAlias, type AliasSettings } from './alias.js';
import { versionsToPrune } from './prune.js';

/** What a deploy needs to know about the bot to deploy, all of it checked before the first AWS call. */
export interface DeployRequest {
  botName: string;
  aliasName: string;
  locales: readonly string[];
  /** Locale -> the Lambda function the alias calls for it. */
  codeHooks: Record<string, FunctionRef>;
  contentHash: string;
  connectInstanceAlias?: string;
  keepVersions: number;
}

/** The services a deploy talks to. */
export interface DeployServices {
  lex: LexApi;
  lambda: LambdaPermissions;
  connect: ConnectBots;
  place: Place;
  logger: Logger;
}

/** Stands for the version a deploy is about to create, in plans and in version arithmetic. */
export const NEW_VERSION = 'new';

/** The change set of a deploy: computed from reads only, printed, then applied (or not, in a dry run). */
export interface DeployPlan {
  request: DeployRequest;
  /** Undefined when the import creates the bot. */
  bot: BotSummary | undefined;
  /** The existing version holding exactly this content, when there is one: no import, build or version then. */
  reuseVersion: string | undefined;
  versions: VersionSummary[];
  aliases: AliasSummary[];
  alias: {
    id: string | undefined;
    action: 'create' | 'update' | 'unchanged';
    current: AliasSettings | undefined;
    differences: string[];
  };
  permissions: { fn: FunctionRef; action: 'add' | 'unchanged' }[];
  connect: { instance: ConnectInstance; action: 'associate' | 'unchanged' } | undefined;
  prune: string[];
}

/** The version that already holds this content: recorded in its description, or in the bot's tags. */
export function versionWithContent(
  versions: readonly VersionSummary[],
  tags: Record<string, string>,
  hash: string,
): string | undefined {
  const numbered = versions
    .filter((v) => /^\d+$/.test(v.version))
    .sort((a, b) => Number(b.version) - Number(a.version));
  const described = numbered.find((v) => hashOfDescription(v.description) === hash);
  if (described) return described.version;
  const tagged = tags[VERSION_TAG];
  return tags[CONTENT_TAG] === hash && numbered.some((v) => v.version === tagged) ? tagged : undefined;
}

/** Which versions pruning would delete once the alias points at `aliasVersion`. */
export function plannedPrune(
  versions: readonly VersionSummary[],
  aliases: readonly AliasSummary[],
  aliasName: string,
  aliasVersion: string,
  keep: number,
): string[] {
  const numbers = versions.map((v) => v.version).filter((v) => /^\d+$/.test(v));
  const next = String(Math.max(0, ...numbers.map(Number)) + 1);
  const resolved = aliasVersion === NEW_VERSION ? next : aliasVersion;
  const inUse = new Set(aliases.filter((a) => a.name !== aliasName && a.botVersion).map((a) => a.botVersion!));
  inUse.add(resolved);
  const all = aliasVersion === NEW_VERSION ? [...numbers, next] : numbers;
  return versionsToPrune(all, inUse, keep);
}

/**
 * Reads the target and decides every change. Code hook functions must exist in the target (exit 3 otherwise, before
 * any write); an unknown Connect instance alias is a configuration error (exit 2).
 */
export async function planDeploy(services: DeployServices, request: DeployRequest): Promise<DeployPlan> {
  const { lex, lambda, connect, place } = services;
  const functions = [...new Map(Object.values(request.codeHooks).map((fn) => [fn.qualifiedArn, fn])).values()];
  const missing: Problem[] = [];
  for (const fn of functions) {
    if (!(await lambda.exists(fn)))
      missing.push({
        resource: `Lambda function ${fn.qualifiedArn}`,
        message: 'does not exist in the target account; deploy it first or fix the code hook in the configuration',
      });
  }
  if (missing.length > 0) throw new ValidationError('a code hook function is missing; nothing was written', missing);

  const bot = await lex.findBot(request.botName);
  const versions = bot ? await lex.listVersions(bot.id) : [];
  const tags = bot ? await lex.botTags(bot.id) : {};
  const aliases = bot ? await lex.listAliases(bot.id) : [];
  const reuseVersion = versionWithContent(versions, tags, request.contentHash);
  const summary = aliases.find((a) => a.name === request.aliasName);
  const current = bot && summary ? await lex.describeAlias(bot.id, summary.id) : undefined;
  const targetVersion = reuseVersion ?? NEW_VERSION;
  const desired = desiredAlias(current, {
    name: request.aliasName,
    botVersion: targetVersion,
    locales: request.locales,
    codeHooks: Object.fromEntries(Object.entries(request.codeHooks).map(([l, fn]) => [l, fn.qualifiedArn])),
  });
  const differences = current ? aliasDifferences(current, desired) : [];
  const aliasArn = bot && summary ? botAliasArn(place, bot.id, summary.id) : undefined;

  const permissions: DeployPlan['permissions'] = [];
  for (const fn of functions) {
    const allowed = aliasArn !== undefined && (await lambda.allows(fn, aliasArn));
    permissions.push({ fn, action: allowed ? 'unchanged' : 'add' });
  }
  let connectPlan: DeployPlan['connect'];
  if (request.connectInstanceAlias) {
    const instance = await connect.instance(request.connectInstanceAlias);
    const associated = aliasArn !== undefined && (await connect.associated(instance, aliasArn));
    connectPlan = { instance, action: associated ? 'unchanged' : 'associate' };
  }
  return {
    request,
    bot,
    reuseVersion,
    versions,
    aliases,
    alias: {
      id: summary?.id,
      action: !summary ? 'create' : differences.length > 0 ? 'update' : 'unchanged',
      current,
      differences,
    },
    permissions,
    connect: connectPlan,
    prune: plannedPrune(versions, aliases, request.aliasName, targetVersion, request.keepVersions),
  };
}

/** True when applying the plan would write nothing. */
export function isNoop(plan: DeployPlan): boolean {
  return (
    plan.reuseVersion !== undefined &&
    plan.alias.action === 'unchanged' &&
    plan.permissions.every((p) => p.action === 'unchanged') &&
    (plan.connect?.action ?? 'unchanged') === 'unchanged' &&
    plan.prune.length === 0
  );
}

/** One line per change on stderr, in the order deploy applies them. */
export function printPlan(plan: DeployPlan, logger: Logger): void {
  const { request } = plan;
  const hash = request.contentHash.slice(0, 12);
  if (plan.reuseVersion !== undefined) {
    logger.action(
      'unchanged',
      'bot content',
      request.botName,
      `version ${plan.reuseVersion} holds content ${hash}: no import, build or version`,
    );
  } else {
    logger.action('import', 'bot', request.botName, `content ${hash}${plan.bot ? '' : ', creates the bot'}`);
    logger.action('build', 'locales', request.botName, request.locales.join(', '));
    logger.action('create', 'version', request.botName);
  }
  const target = plan.reuseVersion !== undefined ? `version ${plan.reuseVersion}` : 'the new version';
  if (plan.alias.action === 'create')
    logger.action('create', 'alias', `${request.botName} ${request.aliasName}`, `-> ${target}`);
  else if (plan.alias.action === 'update')
    logger.action('update', 'alias', `${request.botName} ${request.aliasName}`, plan.alias.differences.join('; '));
  else logger.action('unchanged', 'alias', `${request.botName} ${request.aliasName}`, `-> ${target}`);
  for (const { fn, action } of plan.permissions)
    logger.action(action, 'lambda permission', fn.qualifiedArn, `lexv2.amazonaws.com for alias ${request.aliasName}`);
  if (plan.connect)
    logger.action(
      plan.connect.action,
      'connect bot',
      plan.connect.instance.alias,
      `${request.botName} ${request.aliasName}`,
    );
  for (const version of plan.prune)
    logger.action('delete', 'version', `${request.botName} ${version}`, 'no alias uses it');
}
