import { ValidationError, type Problem, type StepContext } from '@edd/core';
import { validateFile } from '../check-file.js';
import type { ValidateOptions } from '../cli.js';
import { resolveJobs } from './jobs.js';

export type { ValidateOptions as ValidateCommandOptions } from '../cli.js';

/**
 * `validate`: every file of the manifest (or `--in`) checked line by line, offline and without credentials, with
 * the messages deploy gives. The key schema belongs to the table, so keys are checked by plan and deploy.
 */
export async function validateCommand(options: ValidateOptions, ctx: StepContext): Promise<number> {
  const jobs = await resolveJobs(options, '--in', ctx, { offline: true });
  const placeholders = ctx.target ? ctx.placeholders() : undefined;
  const problems: Problem[] = [];
  const files = [];
  for (const job of jobs) {
    const check = await validateFile(job.file, placeholders);
    for (const warning of check.warnings) ctx.logger.warn(warning);
    problems.push(...check.problems);
    files.push({ file: job.file, ...(job.table ? { table: job.table } : {}), items: check.items });
  }
  ctx.report.set('files', files);
  if (problems.length > 0) {
    ctx.report.set('problems', problems);
    throw new ValidationError(
      jobs.length === 1 ? `${jobs[0]!.file} is not valid` : 'the files have problems',
      problems,
    );
  }
  const items = files.reduce((sum, f) => sum + f.items, 0);
  const where = ctx.target ? ` for ${ctx.target.label}` : '';
  ctx.logger.info(
    `${files.length === 1 ? files[0]!.file : `${files.length} files`}: ${items} ${items === 1 ? 'item' : 'items'} valid${where}; keys are checked against each table's key schema by plan`,
  );
  return 0;
}
