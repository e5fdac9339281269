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
  planTargetOf,
  readStepPlan,
  saveRequestedPlan,
  type PlanDocument,
  type Problem,
  type StepContext,
} from '@edd/core';
import { writeRequestedReport, type ReportKind } from '@edd/plan-report';
import { dynamoClient } from '../aws/client.js';
import type { DynamoDBClient } from '../aws/table.js';
import { planImport, UnwrittenItemsError, type ImportPlan, type ImportResult, type ImportSummary } from '../import.js';
import { importPlanDocument, renderImportPlan, unlistedCounts } from '../plan-document.js';
import { requireTables } from '../tables.js';
import type { ImportOptions, PlanOptions } from '../cli.js';
import {
  changeSetSchema,
  checkSavedSource,
  checkSavedTarget,
  savedPlanOf,
  selectionOf,
  sourceFingerprints,
} from '../saved-plan.js';
import { resolveJobs, type TableJob } from './jobs.js';

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

interface Planned {
  plans: ImportPlan[];
  document: PlanDocument;
}

/**
 * Reads every table and validates every file, then compares: one plan for all of them. A bad file anywhere stops
 * everything before the first write (exit 3). Printing is left to {@link showPlan}, so a saved plan is checked
 * before its plan is shown as the one to apply.
 */
async function planTables(
  options: CommandOptions,
  jobs: readonly TableJob[],
  client: DynamoDBClient,
  ctx: StepContext,
  { fingerprint = false } = {},
): Promise<Planned> {
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
          fingerprint,
        }),
      );
    } catch (error) {
      if (!(error instanceof ValidationError) || jobs.length === 1) throw error;
      problems.push(...(error.problems.length > 0 ? error.problems : [{ message: error.message }]));
    }
  }
  if (problems.length > 0)
    throw new ValidationError('the files have problems; nothing was written to any table', problems);
  const target = planTargetOf(ctx);
  const document = importPlanDocument(plans, { version: ctx.version, ...(target ? { target } : {}) });
  return { plans, document };
}

/** The plan on the log and in the report; what blocks it (an empty file with --prune) comes after it. */
function showPlan({ plans, document }: Planned, ctx: StepContext, verbose: boolean): void {
  for (const plan of plans) {
    for (const warning of plan.warnings) ctx.logger.warn(warning);
    const kept = plan.notInFile - plan.deleted;
    if (kept > 0)
      ctx.logger.info(
        `${plan.table}: ${kept === 1 ? '1 item' : `${kept} items`} not in ${plan.file} kept (--prune deletes ${kept === 1 ? 'it' : 'them'})`,
      );
  }
  // One write for the whole listing: thousands of separate lines cost more than the plan they print.
  const lines = renderImportPlan(document, { verbose });
  if (lines.length > 0) ctx.logger.info(lines.join('\n'));
  ctx.report.set('plan', document);
  const unlisted = unlistedCounts(document);
  if (Object.keys(unlisted).length > 0) ctx.report.set('unlisted', unlisted);
  ctx.report.set(
    'tables',
    plans.map((plan) => tableReport(plan.summary())),
  );
}

async function withClient<T>(ctx: StepContext, run: (client: DynamoDBClient) => Promise<T>): Promise<T> {
  const { client, close } = dynamoClient(ctx.aws);
  try {
    return await run(client);
  } finally {
    close();
  }
}

/** `plan`: the change set of every table, item by item; writes nothing. With `--out`, saves it for `deploy --plan`. */
export async function planCommand(options: PlanOptions, ctx: StepContext): Promise<number> {
  const jobs = await resolveJobs(options, '--in', ctx);
  const selection = selectionOf(jobs, options.prune);
  // Flags and manifest are checked before the account guard, so a usage mistake costs no AWS call.
  await ctx.verifyAccount();
  return withClient(ctx, async (client) => {
    const planned = await planTables(options, jobs, client, ctx, { fingerprint: options.out !== undefined });
    showPlan(planned, ctx, options.verbose);
    const { document } = planned;
    // The files are read again to fingerprint them, after the plan: a file changed in between makes the saved plan
    // refused, never applied.
    await saveRequestedPlan(
      options.out,
      document,
      async () =>
        savedPlanOf(document, planned.plans, selection, await sourceFingerprints(selection, options.manifest)),
      ctx.logger,
    );
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
  let saved = options.plan ? await readStepPlan(ctx, options.plan, changeSetSchema) : undefined;
  const jobs = await resolveJobs(options, '--in', ctx);
  const selection = selectionOf(jobs, options.prune);
  // The source is checked before any AWS call: a plan made from other files or options costs none.
  if (saved) checkSavedSource(options.plan!, saved, selection, await sourceFingerprints(selection, options.manifest));
  await ctx.verifyAccount();
  return withClient(ctx, async (client) => {
    const planned = await planTables(options, jobs, client, ctx, { fingerprint: saved !== undefined });
    if (saved) {
      checkSavedTarget(options.plan!, saved, planned.plans, selection);
      // Its change set can be as large as the table: what is written from here on is the plan just checked.
      saved = undefined;
      ctx.logger.info(`applying the saved plan ${options.plan}: neither the source nor the target moved since`);
    }
    showPlan(planned, ctx, options.verbose);
    const { plans, document } = planned;
    // A blocked plan is reported too: the page says what stops it, which is what its reviewer needs.
    const report = (kind: ReportKind, outcome?: string) =>
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
        if (!(error instanceof UnwrittenItemsError)) {
          // The page of a deploy that stopped says what it had written and why it stopped.
          const reason = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0];
          const sofar = appliedLine(done, Date.now() - started)
            .replace(/^Applied: /, '')
            .replace(/\.$/, '');
          await report(
            'stopped',
            `Stopped after ${sofar} at table ${plan.table}: ${reason}. Deploy again to apply the rest.`,
          ).catch((e: unknown) => ctx.logger.warn((e as Error).message));
          throw error;
        }
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
    const unwritten = failures.reduce((n, f) => n + f.result.unwritten.length, 0);
    await report(
      failures.length > 0 ? 'stopped' : 'deploy',
      failures.length > 0
        ? `${applied} ${unwritten === 1 ? '1 item was' : `${unwritten} items were`} not written (listed in the log): deploy again to write ${unwritten === 1 ? 'it' : 'them'}.`
        : applied,
    );
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
