import { join } from 'node:path';
import { OutputRoot, ValidationError, type Problem } from '@edd/core';
import type { EnvironmentRecord } from '@edd/environments';
import type { BotSummary, LexApi } from '../aws/lex.js';
import { readBotSource } from '../model/bot-source.js';
import type { LexDeployConfig } from '../model/config.js';
import { exportName } from '../model/names.js';
import { neutralBot } from '../model/normalize.js';
import { EnvironmentRules, type RuleEnvironment } from '../model/rules.js';
import { MANIFEST, replaceFolder, rootAtManifest, unzipTree } from '../model/tree.js';

export interface ExportOptions {
  config: LexDeployConfig;
  /** The account registry (`registry.records`). */
  records: readonly EnvironmentRecord[];
  /** The environment the bot is exported from. */
  environment: RuleEnvironment;
  /** The folder of the bots: the bot is written to `<out>/<export name>/`. */
  out: string;
}

export interface ExportResult {
  /** The bot's name in the export: its name without the environment part of the `botName` rule. */
  exportName: string;
  directory: string;
  files: number;
  /** Strings that still name the source account. */
  warnings: Problem[];
}

/**
 * Exports a bot version as LexJson and writes it environment-neutral and deterministic to `<out>/<export name>/`,
 * replacing what was there: the same content exported from any environment gives the same files.
 */
export async function exportBot(
  lex: LexApi,
  bot: BotSummary,
  botVersion: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const rules = new EnvironmentRules(options.config, options.records);
  const { values } = options.environment;
  const name = exportName(options.config.botName, bot.name, values, [values.Environment]);
  // Where the files go is checked before Lex is asked for anything: a link in --out that leads elsewhere stops here.
  const out = await OutputRoot.open(options.out, '--out');
  await out.target(`${name}/${MANIFEST}`);
  const archive = await lex.exportBot(bot, botVersion);
  const label = `the export of ${bot.name}`;
  const { source, problems } = readBotSource(rootAtManifest(unzipTree(archive, label), label), label);
  if (!source) throw new ValidationError(`${label} is not a LexJson bot`, problems);
  const neutral = neutralBot(source, { name, rules, environment: options.environment });
  const directory = join(options.out, name);
  await replaceFolder(out, name, neutral.tree);
  return { exportName: name, directory, files: neutral.tree.size, warnings: neutral.warnings };
}
