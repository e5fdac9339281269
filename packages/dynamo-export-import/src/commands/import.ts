import { AwsOperationError, ValidationError, type Problem, type StepContext } from '@edd/core';
import { dynamoClient } from '../aws/client.js';
import type { DynamoDBClient } from '../aws/table.js';
import { planImport, UnwrittenItemsError, type ImportPlan, type ImportResult, type ImportSummary } from '../import.js';
import { requireTables } from '../tables.js';
import type { ImportOptions as ImportCommandOptions } from '../cli.js';
import { resolveJobs, type TableJob } from './jobs.js';

export type { ImportOptions as ImportCommandOptions } from '../cli.js';

function logPlan(ctx: StepContext, plan: ImportSummary): void {
  const list = (action: string, keys: string[], total: number) => {
    for (const key of keys) ctx.logger.action(action, 'item', `${plan.table} ${key}`);
    if (total > keys.length) ctx.logger.info(`${' '.repeat(10)}... and ${total - keys.length} more to ${action}`);
  };
  list('add', plan.keys.added, plan.added);
  list('change', plan.keys.changed, plan.changed);
  list('delete', plan.keys.deleted, plan.deleted);
  for (const warning of plan.warnings) ctx.logger.warn(warning);
  const kept =
    plan.notInFile > plan.deleted
      ? `; ${plan.notInFile - plan.deleted} items not in the file kept (--prune deletes them)`
      : '';
  ctx.logger.info(
    `import ${plan.table} <- ${plan.file}: ${plan.items} items; ${plan.added} to add, ${plan.changed} to change, ${plan.deleted} to delete, ${plan.unchanged} unchanged${kept}`,
  );
}

function tableReport(result: ImportSummary & Partial<Pick<ImportResult, 'written' | 'unwritten'>>) {
  const { table, file, items, added, changed, deleted, unchanged, notInFile, keys, written, unwritten } = result;
  return {
    table,
    file,
    items,
    added,
    changed,
    deleted,
    unchanged,
    notInFile,
    keys,
    written: written ?? 0,
    unwritten: unwritten ?? [],
  };
}

/**
 * `import`: validates every file and reads every table before the first write, so a bad file anywhere writes
 * nothing anywhere (exit 3). Then writes table by table; a table whose writes fail does not stop the others
 * (they are independent, and a re-run writes only what still differs), and the exit code is then 4.
 */
export async function importCommand(options: ImportCommandOptions, ctx: StepContext): Promise<number> {
  const jobs = await resolveJobs(options, '--in', ctx);
  // Flags and manifest are checked before the account guard, so a usage mistake costs no AWS call.
  await ctx.verifyAccount();
  const { client, close } = dynamoClient(ctx.aws);
  try {
    return await importTables(jobs, options, client, ctx);
  } finally {
    close();
  }
}

async function importTables(
  jobs: TableJob[],
  options: ImportCommandOptions,
  client: DynamoDBClient,
  ctx: StepContext,
): Promise<number> {
  await requireTables(
    client,
    jobs.map((j) => j.table),
  );

  const plans: ImportPlan[] = [];
  const problems: Problem[] = [];
  for (const job of jobs) {
    try {
      plans.push(
        await planImport({
          client,
          table: job.table,
          file: job.file,
          placeholders: ctx.placeholders(),
          concurrency: job.concurrency ?? options.concurrency,
          segments: job.segments ?? options.segments,
          prune: job.prune ?? options.prune,
          retry: { attempts: options.batchAttempts },
          logger: ctx.logger,
        }),
      );
    } catch (error) {
      if (!(error instanceof ValidationError) || jobs.length === 1) throw error;
      problems.push(...(error.problems.length > 0 ? error.problems : [{ message: error.message }]));
    }
  }
  if (problems.length > 0)
    throw new ValidationError('the files have problems; nothing was written to any table', problems);
  for (const plan of plans) logPlan(ctx, plan);

  if (ctx.dryRun) {
    ctx.report.set(
      'tables',
      plans.map((plan) => tableReport(plan.summary())),
    );
    for (const plan of plans) {
      ctx.report.addResource({
        type: 'dynamodb-table',
        name: plan.table,
        action: plan.upToDate ? 'unchanged' : 'update',
        detail: tableReport(plan.summary()),
      });
    }
    ctx.logger.info('dry run: nothing was written');
    return 0;
  }

  const reports: ReturnType<typeof tableReport>[] = [];
  const failures: UnwrittenItemsError[] = [];
  for (const plan of plans) {
    const started = Date.now();
    let result: ImportResult;
    try {
      result = await plan.apply();
    } catch (error) {
      if (!(error instanceof UnwrittenItemsError)) throw error;
      failures.push(error);
      result = error.result;
    }
    const durationMs = Date.now() - started;
    const report = tableReport(result);
    reports.push(report);
    const failed = result.unwritten.length > 0;
    ctx.report.addResource({
      type: 'dynamodb-table',
      name: plan.table,
      action: failed ? 'failed' : plan.upToDate ? 'unchanged' : 'update',
      durationMs,
      detail: report,
    });
    if (!plan.upToDate)
      ctx.logger.action(
        failed ? 'failed' : 'import',
        'dynamodb-table',
        plan.table,
        `${result.written} writes (${durationMs} ms)`,
      );
  }
  ctx.report.set('tables', reports);
  if (failures.length === 1 && plans.length === 1) throw failures[0];
  if (failures.length > 0) {
    throw new AwsOperationError(
      `import left items unwritten in ${failures.length} of ${plans.length} tables; the other tables were written`,
      {
        operation: 'BatchWriteItem',
        items: failures.flatMap((f) => [f.message, ...(f.details.items ?? []).map((i) => `  ${i}`)]),
      },
    );
  }
  return 0;
}
