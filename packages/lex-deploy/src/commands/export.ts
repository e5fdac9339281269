import { join } from 'node:path';
import {
  AwsOperationError,
  UnsafeInputError,
  UsageError,
  ValidationError,
  expandPlaceholders,
  formatProblem,
  type StepContext,
} from '@edd/core';
import { registry } from '@edd/environments';
import { LexApi } from '../aws/lex.js';
import { exportBot } from '../export/exporter.js';
import { checkName } from '../model/names.js';
import type { ExportOptions } from '../cli.js';
import { loadConfig, targetOf, waitSettings } from './shared.js';

export async function exportCommand(options: ExportOptions, ctx: StepContext): Promise<number> {
  const out = options.out;
  const config = await loadConfig(options, out);
  const { environment, place } = targetOf(ctx);
  const name = checkName(expandPlaceholders(options.botName, environment.values, '--bot-name'), 'bot', '--bot-name');
  const botVersion = options.botVersion;
  const lex = new LexApi(ctx.aws, place, waitSettings(options, config), ctx.logger);
  const bot = await lex.findBot(name);
  if (!bot)
    throw new UsageError(
      `no Lex V2 bot named '${name}' in ${environment.values.Environment}/${place.account} (${place.region}); check --bot-name`,
    );
  const started = Date.now();
  let result;
  try {
    result = await exportBot(lex, bot, botVersion, { config, records: registry.records, environment, out });
  } catch (error) {
    // The archive came from Lex: if it cannot be read, AWS failed, not the caller's input.
    if (error instanceof ValidationError && !(error instanceof UnsafeInputError))
      throw new AwsOperationError(`Lex's export of ${name} cannot be read: ${error.summary}`, {
        operation: 'Lex:CreateExport',
        items: error.problems.map(formatProblem),
      });
    throw error;
  }
  for (const warning of result.warnings) ctx.logger.warn(`${warning.file} ${warning.path}: ${warning.message}`);
  ctx.logger.action(
    'export',
    'bot',
    name,
    `version ${botVersion} -> ${join(out, result.exportName)} (${result.files} files, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  ctx.report.set('bot', { name, id: bot.id });
  ctx.report.set('botVersion', botVersion);
  ctx.report.set('exportName', result.exportName);
  ctx.report.set('directory', result.directory);
  ctx.report.set('files', result.files);
  ctx.report.set('warnings', result.warnings);
  ctx.report.addResource({ type: 'bot', name, action: 'export', durationMs: Date.now() - started });
  return 0;
}
