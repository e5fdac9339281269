import { dirname } from 'node:path';
import { ValidationError, formatProblem, type StepContext } from '@edd/core';
import { registry } from '@edd/environments';
import { blockedSummary, prepareDeploy } from '../deploy/prepare.js';
import { botSourceWarnings, readBotSource, validateBotSource } from '../model/bot-source.js';
import { readSourceTree } from '../model/tree.js';
import type { ValidateOptions } from '../cli.js';
import { loadConfig, targetOf } from './shared.js';

/**
 * `validate`: what deploy checks before its first AWS call, without AWS. With an environment, the whole preparation
 * runs (the rewrite for that environment, the check that no other account remains); without one, the bot itself.
 */
export async function validateCommand(options: ValidateOptions, ctx: StepContext): Promise<number> {
  const sourcePath = options.source;
  const config = await loadConfig(options, dirname(sourcePath));
  try {
    if (ctx.target) {
      const { environment, place } = targetOf(ctx);
      const prepared = await prepareDeploy({
        source: sourcePath,
        config,
        records: registry.records,
        environment,
        place,
        botName: options.botName,
        aliasName: options.aliasName,
        role: options.role,
      });
      for (const warning of prepared.warnings) ctx.logger.warn(formatProblem(warning));
      if (prepared.blockers.length > 0)
        throw new ValidationError(blockedSummary(sourcePath, environment.values), prepared.blockers);
      ctx.report.set('bot', { name: prepared.request.botName });
      ctx.report.set('contentSha256', prepared.request.contentHash);
      ctx.report.set('archiveBytes', prepared.archive.byteLength);
      ctx.logger.info(
        `${sourcePath} is valid for ${ctx.target.label}: bot ${prepared.request.botName}, locales ${prepared.request.locales.join(', ')}`,
      );
      return 0;
    }
    const { source, problems } = readBotSource(await readSourceTree(sourcePath), sourcePath);
    if (!source) throw new ValidationError(`${sourcePath} is not a LexJson bot; nothing was written`, problems);
    const invalid = validateBotSource(source);
    if (invalid.length > 0) throw new ValidationError(`${sourcePath} is not a valid LexJson bot`, invalid);
    for (const warning of botSourceWarnings(source)) ctx.logger.warn(formatProblem(warning));
    ctx.logger.info(
      `${sourcePath} is a valid LexJson bot (${source.folder}: locales ${source.locales.join(', ')}); give an environment to check it for one`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) ctx.report.set('problems', error.problems);
    throw error;
  }
}
