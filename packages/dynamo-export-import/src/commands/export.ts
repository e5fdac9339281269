import { AwsOperationError, type StepContext } from '@edd/core';
import { dynamoClient } from '../aws/client.js';
import type { DynamoDBClient } from '../aws/table.js';
import { exportTable, type ExportTableResult } from '../export.js';
import { requireTables } from '../tables.js';
import type { ExportOptions as ExportCommandOptions } from '../cli.js';
import { resolveJobs, type TableJob } from './jobs.js';

export type { ExportOptions as ExportCommandOptions } from '../cli.js';

/**
 * `export`: every table to its file. All tables are checked to exist before the first export; a table whose
 * export fails does not stop the others (their files are independent), and the exit code is then 4.
 */
export async function exportCommand(options: ExportCommandOptions, ctx: StepContext): Promise<number> {
  const jobs = await resolveJobs(options, '--out', ctx);
  // Flags and manifest are checked before the account guard, so a usage mistake costs no AWS call.
  await ctx.verifyAccount();
  const { client, close } = dynamoClient(ctx.aws);
  try {
    return await exportTables(jobs, options, client, ctx);
  } finally {
    close();
  }
}

async function exportTables(
  jobs: TableJob[],
  options: ExportCommandOptions,
  client: DynamoDBClient,
  ctx: StepContext,
): Promise<number> {
  await requireTables(
    client,
    jobs.map((j) => j.table),
  );
  const results: (ExportTableResult & { error?: string })[] = [];
  const failures: string[] = [];
  for (const job of jobs) {
    const started = Date.now();
    const templatize = job.templatize ?? options.templatize;
    try {
      const result = await exportTable({
        client,
        table: job.table,
        file: job.file,
        segments: job.segments ?? options.segments,
        ...(templatize ? { templatize: ctx.placeholders() } : {}),
        logger: ctx.logger,
      });
      const durationMs = Date.now() - started;
      ctx.logger.action(
        'export',
        'dynamodb-table',
        job.table,
        `${result.items} items -> ${job.file} (${durationMs} ms)`,
      );
      ctx.report.addResource({
        type: 'dynamodb-table',
        name: job.table,
        action: 'export',
        durationMs,
        detail: { file: job.file, items: result.items, bytes: result.bytes },
      });
      results.push(result);
    } catch (error) {
      if (!(error instanceof AwsOperationError) || jobs.length === 1) throw error;
      ctx.logger.error(error.message);
      ctx.report.addResource({
        type: 'dynamodb-table',
        name: job.table,
        action: 'failed',
        detail: { file: job.file, error: error.message },
      });
      failures.push(`${job.table}: ${error.message}`);
    }
  }
  ctx.report.set('tables', results);
  if (failures.length > 0) {
    throw new AwsOperationError(
      `export failed for ${failures.length} of ${jobs.length} tables; the others were written`,
      { items: failures },
    );
  }
  return 0;
}
