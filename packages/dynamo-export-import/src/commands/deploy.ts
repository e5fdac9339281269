import {
  APPLYING_HEADING,
  AwsOperationError,
  ExitCode,
  PlanBlockedError,
  ValidationError,
  appliedLine,
  applyLine,
  hasChanges,
  planExitCode,
  type PlanDocument,
  type Problem,
  type StepContext,
} from '@edd/core';
import { writeRequestedReport } from '@edd/plan-report';
import { dynamoClient } from '../aws/client.js';
import type { DynamoDBClient } from '../aws/table.js';
import { planImport, UnwrittenItemsError, type ImportPlan, type ImportResult, type ImportSummary } from '../import.js';
import { importPlanDocument, renderImportPlan, unlistedCounts } from '../plan-document.js';
import { requireTables } from '../tables.js';
import type { ImportOptions, PlanOptions } from '../cli.js';
import { resolveJobs } from './jobs.js';

export type { ImportOptions as ImportCommandOptions, PlanOptions as PlanCommandOptions } from '../cli.js';

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

type CommandOptions = Pick<PlanOptions, 'table' | 'file' | 'manifest' | 'segments' | 'prune' | 'verbose'> &
  Partial<Pick<ImportOptions, 'concurrency' | 'batchAttempts'>>;

/**
 * Validates every file and reads every table, then prints one plan for all of them: a bad file anywhere stops
 * everything before the first write (exit 3), and what blocks the import (an empty file with --prune) is printed
 * after the plan, never instead of it.
 */
async function planTables(
  options: CommandOptions,
  client: DynamoDBClient,
  ctx: StepContext,
): Promise<{ plans: ImportPlan[]; document: PlanDocument }> {
  const jobs = await resolveJobs(options, '--in', ctx);
  // Flags and manifest are checked before the account guard, so a usage mistake costs no AWS call.
  await ctx.verifyAccount();
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
          retry: options.batchAttempts !== undefined ? { attempts: options.batchAttempts } : {},
          logger: ctx.logger,
          listUnchanged: options.verbose,
        }),
      );
    } catch (error) {
      if (!(error instanceof ValidationError) || jobs.length === 1) throw error;
      problems.push(...(error.problems.length > 0 ? error.problems : [{ message: error.message }]));
    }
  }
  if (problems.length > 0)
    throw new ValidationError('the files have problems; nothing was written to any table', problems);

  for (const plan of plans) {
    for (const warning of plan.warnings) ctx.logger.warn(warning);
    const kept = plan.notInFile - plan.deleted;
    if (kept > 0)
      ctx.logger.info(
        `${plan.table}: ${kept === 1 ? '1 item' : `${kept} items`} not in ${plan.file} kept (--prune deletes ${kept === 1 ? 'it' : 'them'})`,
      );
  }
  const target = ctx.target;
  const document = importPlanDocument(plans, {
    version: ctx.version,
    ...(target ? { target: { environment: target.environment, account: target.account, region: target.region } } : {}),
  });
  // One write for the whole listing: thousands of separate lines cost more than the plan they print.
  const lines = renderImportPlan(document, { verbose: options.verbose });
  if (lines.length > 0) ctx.logger.info(lines.join('\n'));
  ctx.report.set('plan', document);
  const unlisted = unlistedCounts(document);
  if (Object.keys(unlisted).length > 0) ctx.report.set('unlisted', unlisted);
  ctx.report.set(
    'tables',
    plans.map((plan) => tableReport(plan.summary())),
  );
  return { plans, document };
}

async function withClient<T>(ctx: StepContext, run: (client: DynamoDBClient) => Promise<T>): Promise<T> {
  const { client, close } = dynamoClient(ctx.aws);
  try {
    return await run(client);
  } finally {
    close();
  }
}

/** `plan`: the change set of every table, item by item; writes nothing. */
export async function planCommand(options: PlanOptions, ctx: StepContext): Promise<number> {
  return withClient(ctx, async (client) => {
    const { document } = await planTables(options, client, ctx);
    await writeRequestedReport(options.report, [document], { kind: 'plan', logger: ctx.logger });
    const code = planExitCode(document, { detailedExitcode: options.detailedExitcode });
    ctx.logger.info('dry run: nothing was written');
    return code;
  });
}

/**
 * `deploy` (and its older name `import`): the plan, then the writes table by table. A table whose writes fail
 * does not stop the others (they are independent, and a re-run writes only what still differs); the exit code is
 * then 4. With `--dry-run` it stops after the plan.
 */
export async function deployCommand(options: ImportOptions, ctx: StepContext): Promise<number> {
  return withClient(ctx, async (client) => {
    const { plans, document } = await planTables(options, client, ctx);
    // A blocked plan is reported too: the page says what stops it, which is what its reviewer needs.
    const report = (kind: 'plan' | 'deploy', outcome?: string) =>
      writeRequestedReport(options.report, [document], { kind, ...(outcome ? { outcome } : {}), logger: ctx.logger });
    if (document.blockers.length > 0) {
      await report('plan');
      throw new PlanBlockedError(document);
    }
    if (ctx.dryRun) {
      await report('plan');
      ctx.logger.info('dry run: nothing was written');
      return ExitCode.Success;
    }
    if (!hasChanges(document)) {
      await report('deploy', 'Nothing to do: the tables already held the items of the files.');
      return ExitCode.Success;
    }

    const started = Date.now();
    ctx.logger.info(APPLYING_HEADING);
    const done = { create: 0, update: 0, delete: 0 };
    const reports: ReturnType<typeof tableReport>[] = [];
    const failures: UnwrittenItemsError[] = [];
    for (const plan of plans) {
      const tableStarted = Date.now();
      let result: ImportResult;
      try {
        result = await plan.apply();
      } catch (error) {
        if (!(error instanceof UnwrittenItemsError)) throw error;
        failures.push(error);
        result = error.result;
      }
      const durationMs = Date.now() - tableStarted;
      const applied = plan.appliedCounts(result.unwritten);
      done.create += applied.create;
      done.update += applied.update;
      done.delete += applied.delete;
      reports.push(tableReport(result));
      const failed = result.unwritten.length > 0;
      ctx.report.addResource({
        type: 'dynamodb-table',
        name: plan.table,
        action: failed ? 'failed' : plan.upToDate ? 'unchanged' : 'update',
        durationMs,
        detail: tableReport(result),
      });
      if (!plan.upToDate) {
        const planned = plan.added + plan.changed + plan.deleted;
        const detail = `${result.written} of ${planned} ${planned === 1 ? 'write' : 'writes'} in ${(durationMs / 1000).toFixed(1)} s`;
        ctx.logger.info(applyLine('update', 'table', plan.table, failed ? `${detail}, some failed` : detail));
      }
    }
    ctx.report.set('tables', reports);
    const applied = appliedLine(done, Date.now() - started);
    ctx.logger.info(applied);
    // Written before a partial failure is raised: the page then says what was written, and the log what was not.
    await report('deploy', applied);
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
    return ExitCode.Success;
  });
}
