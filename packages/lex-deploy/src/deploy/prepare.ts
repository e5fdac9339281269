import { ValidationError, expandPlaceholders, type Problem } from '@edd/core';
import { environmentKey, type EnvironmentRecord } from '@edd/environments';
import type { ImportSettings } from '../aws/lex.js';
import { botSourceWarnings, readBotSource, validateBotSource, type BotSource } from '../model/bot-source.js';
import { CONFIG_FILE, type LexDeployConfig } from '../model/config.js';
import { contentOfTree } from '../model/content.js';
import { contentHash } from '../model/content-hash.js';
import { isObject } from '../model/json.js';
import {
  botNameIn,
  checkName,
  exportName,
  functionRef,
  roleArn,
  type FunctionRef,
  type Place,
} from '../model/names.js';
import { targetBot } from '../model/normalize.js';
import { EnvironmentRules, type RuleEnvironment } from '../model/rules.js';
import { MAX_ARCHIVE_BYTES, readSourceTree, zipTree, type FileTree } from '../model/tree.js';
import type { DeployRequest } from './plan.js';

export const DEFAULT_ROLE = 'AWSServiceRoleForLexV2Bots_Common';
export const DEFAULT_ALIAS = 'live';
export const DEFAULT_KEEP_VERSIONS = 5;

export interface PrepareOptions {
  /** A bot folder (`lex/EDDBot`, holding `Manifest.json`) or a zip of one. */
  source: string;
  config: LexDeployConfig;
  records: readonly EnvironmentRecord[];
  environment: RuleEnvironment;
  place: Place;
  /** Bot name template (`${name}` is the name in the export); default the config's `botName`, else `${name}`. */
  botName?: string;
  aliasName?: string;
  role?: string;
  connectInstanceAlias?: string;
  keepVersions?: number;
}

/** Everything a deploy needs, checked offline: the request, and the archive to import when the content is new. */
export interface PreparedDeploy {
  source: BotSource;
  /** The source's files as read, rooted at the manifest: what a saved plan fingerprints file by file. */
  files: FileTree;
  /** What Lex accepts but is worth a word (a bot folder renamed after the export). */
  warnings: Problem[];
  request: DeployRequest;
  archive: Uint8Array;
  importSettings: ImportSettings;
  roleArn: string;
  /**
   * Strings of the bot that cannot go to the target as they are (naming another account, a `${ref:...}` without a
   * value for it), with file and JSON path: they block the deploy, but the plan is still worth showing.
   */
  blockers: Problem[];
}

/** The one-line summary of what blocks a deploy of `source` into the target, as validate and deploy say it. */
export function blockedSummary(source: string, values: { Environment: string; AccountNumber: string }): string {
  return `${source} cannot be deployed to ${values.Environment}/${values.AccountNumber}; nothing was written (for strings naming another account: add a rule to ${CONFIG_FILE}: references, arnTemplates or sharedAccounts)`;
}

/**
 * Reads the source, checks it is a valid LexJson bot, rewrites it for the target and checks that nothing in it
 * names another account, resolves names, role and code hooks. A source that is not a valid bot throws a
 * ValidationError listing every problem with its file and JSON path (exit 3) before anything touches AWS; strings
 * that cannot go to the target come back as `blockers`, so the plan can still be shown before the refusal.
 */
export async function prepareDeploy(options: PrepareOptions): Promise<PreparedDeploy> {
  const { config, environment, place } = options;
  const values = environment.values;
  const files = await readSourceTree(options.source);
  const { source, problems } = readBotSource(files, options.source);
  if (!source) throw new ValidationError(`${options.source} is not a LexJson bot; nothing was written`, problems);
  problems.push(...validateBotSource(source));

  // A console export (Lex's ids still in it) is named after the bot it came from, e.g. EDDBot-dev: the botName rule
  // reads its export name back. An export written by `lex-deploy export` already carries the export name.
  const environments = options.records.flatMap((r) => [environmentKey(r), r.eddName ?? r.ivName]);
  const fromConsole = 'identifier' in source.documents.get('Bot.json')!;
  const exported = fromConsole ? exportName(config.botName, source.folder, values, environments) : source.folder;
  const botName = botNameIn(options.botName ?? config.botName, exported, values, '--bot-name');
  const aliasName = checkName(
    expandPlaceholders(options.aliasName ?? config.aliasName ?? DEFAULT_ALIAS, values, '--alias-name'),
    'alias',
    '--alias-name',
  );
  const role = roleArn(expandPlaceholders(options.role ?? config.role ?? DEFAULT_ROLE, values, '--role'), place);

  const codeHooks: Record<string, FunctionRef> = {};
  for (const [locale, text] of Object.entries(config.aliases?.[aliasName]?.codeHooks ?? {})) {
    const where = `${CONFIG_FILE} aliases.${aliasName}.codeHooks.${locale}`;
    if (!source.locales.includes(locale)) {
      problems.push({
        file: CONFIG_FILE,
        path: `aliases.${aliasName}.codeHooks.${locale}`,
        message: `the bot has no locale ${locale} (it has ${source.locales.join(', ')})`,
      });
      continue;
    }
    codeHooks[locale] = functionRef(expandPlaceholders(text, values, where), place, where);
  }

  const rules = new EnvironmentRules(config, options.records);
  const prepared = targetBot(source, { name: botName, rules, environment });
  // A source with problems of its own cannot be planned: they are listed with the strings that block it, at once.
  if (problems.length > 0)
    throw new ValidationError(
      prepared.problems.length > 0
        ? blockedSummary(options.source, values)
        : `${options.source} cannot be deployed to ${values.Environment}/${values.AccountNumber}; nothing was written`,
      [...problems, ...prepared.problems],
    );

  const archive = zipTree(prepared.tree);
  if (archive.byteLength > MAX_ARCHIVE_BYTES)
    throw new ValidationError(`${options.source} cannot be deployed; nothing was written`, [
      {
        file: options.source,
        message: `zips to ${archive.byteLength} bytes; Lex imports a .zip file of at most ${MAX_ARCHIVE_BYTES} bytes (50 MB)`,
      },
    ]);

  const bot = source.documents.get('Bot.json')!;
  const dataPrivacy = isObject(bot.dataPrivacy)
    ? { childDirected: bot.dataPrivacy.childDirected as boolean }
    : { childDirected: false };
  const ttl =
    typeof bot.idleSessionTTLInSeconds === 'number' ? { idleSessionTTLInSeconds: bot.idleSessionTTLInSeconds } : {};
  const connectInstanceAlias = options.connectInstanceAlias ?? config.connectInstanceAlias;
  return {
    source,
    files,
    warnings: botSourceWarnings(source),
    roleArn: role,
    blockers: prepared.problems,
    archive,
    importSettings: { botName, roleArn: role, dataPrivacy, ...ttl },
    request: {
      botName,
      aliasName,
      locales: source.locales,
      codeHooks,
      contentHash: contentHash(prepared.tree, role),
      content: contentOfTree(prepared.tree, botName, role),
      ...(connectInstanceAlias
        ? { connectInstanceAlias: expandPlaceholders(connectInstanceAlias, values, '--connect-instance-alias') }
        : {}),
      keepVersions: options.keepVersions ?? config.keepVersions ?? DEFAULT_KEEP_VERSIONS,
    },
  };
}
