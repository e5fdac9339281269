import { ABSENT, fingerprint, type Logger, type PlannedResource, type Problem } from '@edd/core';
import type { BotContentReader } from '../aws/bot-content.js';
import type { ConnectBots, ConnectInstance } from '../aws/connect.js';
import type { LambdaPermissions } from '../aws/lambda.js';
import type { AliasSummary, BotSummary, LexApi, VersionSummary } from '../aws/lex.js';
import { CONTENT_TAG, VERSION_TAG, hashOfDescription } from '../model/content-hash.js';
import type { BotContent } from '../model/content.js';
import { botAliasArn, type FunctionRef, type Place } from '../model/names.js';
import { aliasDifferences, desiredAlias, type AliasSettings } from './alias.js';
import { contentResources } from './content-diff.js';
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
  /** What the import would bring, to compare with what the target serves; without it the plan shows no content. */
  content?: BotContent;
}

/** The services a deploy talks to. */
export interface DeployServices {
  lex: LexApi;
  lambda: LambdaPermissions;
  connect: ConnectBots;
  /** Reads what the target's bot holds, for the plan's content diff; without it the plan shows no content. */
  content?: BotContentReader;
  place: Place;
  logger: Logger;
}

/** Stands for the version a deploy is about to create, in plans and in version arithmetic. */
export const NEW_VERSION = 'new';
/** How a printed plan names the version a deploy is about to create. */
export const NEW_VERSION_LABEL = '(new version)';

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
  /**
   * The bot's content, compared with what the alias serves now (or, without the alias, the DRAFT the import
   * overwrites): the bot's settings, locales, slot types, intents and slots, each created, changed, deleted or
   * unchanged. Empty when the request carries no content.
   */
  content: PlannedResource[];
  /** What the content was compared with: `version 3`, `the DRAFT`, or nothing when there was no need. */
  comparedWith: string | undefined;
  /** What stops the deploy, found while planning (a code hook function missing in the target). */
  blockers: Problem[];
  /**
   * Everything read from the target that the plan depends on, `<kind>/<name>` -> fingerprint (or `absent`): a saved
   * plan is applied only while none of them moved.
   */
  fingerprints: Record<string, string>;
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

/** A bot's content as plain JSON (its maps as objects), to fingerprint what the plan compared with. */
function plainContent(content: BotContent): unknown {
  return {
    settings: content.settings,
    locales: Object.fromEntries(
      [...content.locales].map(([id, locale]) => [
        id,
        {
          settings: locale.settings,
          intents: Object.fromEntries(
            [...locale.intents].map(([name, { intent, slots }]) => [
              name,
              { intent, slots: Object.fromEntries(slots) },
            ]),
          ),
          slotTypes: Object.fromEntries(locale.slotTypes),
        },
      ]),
    ),
  };
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
 * Reads the target and decides every change. A code hook function missing in the target is a blocker: the plan is
 * still made, and deploy refuses it (exit 3, before any write). An unknown Connect instance alias is a
 * configuration error (exit 2). The target's content is read (Describe and List calls only) when the version the
 * alias serves does not already hold this content.
 */
export async function planDeploy(services: DeployServices, request: DeployRequest): Promise<DeployPlan> {
  const { lex, lambda, connect, place } = services;
  const functions = [...new Map(Object.values(request.codeHooks).map((fn) => [fn.qualifiedArn, fn])).values()];
  const blockers: Problem[] = [];
  const missing = new Set<string>();
  const fingerprints: Record<string, string> = {};
  for (const fn of functions) {
    const exists = await lambda.exists(fn);
    fingerprints[`lambda-function/${fn.qualifiedArn}`] = exists ? fingerprint({ exists }) : ABSENT;
    if (!exists) {
      missing.add(fn.qualifiedArn);
      blockers.push({
        resource: `Lambda function ${fn.qualifiedArn}`,
        message: 'does not exist in the target account; deploy it first or fix the code hook in the configuration',
      });
    }
  }

  const bot = await lex.findBot(request.botName);
  const versions = bot ? await lex.listVersions(bot.id) : [];
  const tags = bot ? await lex.botTags(bot.id) : {};
  const aliases = bot ? await lex.listAliases(bot.id) : [];
  const reuseVersion = versionWithContent(versions, tags, request.contentHash);
  const summary = aliases.find((a) => a.name === request.aliasName);
  const current = bot && summary ? await lex.describeAlias(bot.id, summary.id) : undefined;
  fingerprints[`bot/${request.botName}`] = bot ? fingerprint({ id: bot.id }) : ABSENT;
  if (bot)
    // What decides whether a version is reused and which versions are pruned.
    fingerprints[`versions/${request.botName}`] = fingerprint({
      versions,
      tags: { content: tags[CONTENT_TAG] ?? null, version: tags[VERSION_TAG] ?? null },
      aliases: aliases.map((a) => ({ name: a.name, version: a.botVersion ?? null })),
    });
  fingerprints[`alias/${request.aliasName}`] = current ? fingerprint({ id: summary!.id, ...current }) : ABSENT;
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
    const allowed = aliasArn !== undefined && !missing.has(fn.qualifiedArn) && (await lambda.allows(fn, aliasArn));
    fingerprints[`lambda-permission/${fn.qualifiedArn}`] = fingerprint({ allowed });
    permissions.push({ fn, action: allowed ? 'unchanged' : 'add' });
  }
  let connectPlan: DeployPlan['connect'];
  if (request.connectInstanceAlias) {
    const instance = await connect.instance(request.connectInstanceAlias);
    const associated = aliasArn !== undefined && (await connect.associated(instance, aliasArn));
    connectPlan = { instance, action: associated ? 'unchanged' : 'associate' };
    fingerprints[`connect-association/${instance.alias}`] = fingerprint({ instance: instance.id, associated });
  }

  // Callers get what the alias serves; without the alias, the import overwrites the DRAFT.
  const served = summary?.botVersion ?? reuseVersion ?? 'DRAFT';
  let comparedWith: string | undefined;
  let content: PlannedResource[] = [];
  if (request.content) {
    if (!bot) content = contentResources(request.botName, undefined, request.content);
    else if (served === reuseVersion) content = contentResources(request.botName, request.content, request.content);
    else if (services.content) {
      comparedWith = served === 'DRAFT' ? 'the DRAFT' : `version ${served}`;
      const before = await services.content.read(bot.id, served, bot.name);
      fingerprints[`content/${request.botName}`] = fingerprint({ version: served, content: plainContent(before) });
      content = contentResources(request.botName, before, request.content);
    }
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
    content,
    comparedWith,
    blockers,
    fingerprints: Object.fromEntries(Object.entries(fingerprints).sort(([a], [b]) => a.localeCompare(b))),
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
