import { expandPlaceholders, pathProblem, UsageError, type StepContext } from '@edd/core';
import { readManifest } from '../manifest.js';
import { TABLE_NAME } from '../tables.js';

/** One table and its file, with the options that apply to it. */
export interface TableJob {
  table: string;
  file: string;
  prune?: boolean;
  templatize?: boolean;
  segments?: number;
  concurrency?: number;
}

/**
 * The tables a command acts on: `--table` with its file, or every entry of `--manifest`. Table names get their
 * placeholders expanded for the target; a name that is not a valid DynamoDB table name, or a table or file listed
 * twice, is a usage error.
 */
export async function resolveJobs(
  options: { table?: string; file?: string; manifest?: string },
  fileFlag: '--in' | '--out',
  ctx: StepContext,
): Promise<TableJob[]> {
  let jobs: TableJob[];
  if (options.manifest) {
    if (options.table || options.file)
      throw new UsageError(`--manifest lists the tables and files: drop --table and ${fileFlag}`);
    jobs = (await readManifest(options.manifest)).entries;
  } else {
    if (!options.table || !options.file) {
      throw new UsageError(`give --table and ${fileFlag} for one table, or --manifest for several`);
    }
    jobs = [{ table: options.table, file: options.file }];
  }
  const values = ctx.placeholders();
  const problems: string[] = [];
  const tables = new Set<string>();
  const files = new Set<string>();
  const resolved = jobs.map((job) => {
    const table = expandPlaceholders(job.table, values, `table name '${job.table}'`);
    if (!TABLE_NAME.test(table))
      problems.push(`table name '${table}' is not valid: 3-255 of letters, digits, '_', '-', '.'`);
    if (tables.has(table)) problems.push(`table ${table} is listed twice`);
    if (files.has(job.file)) problems.push(`file ${job.file} is listed twice`);
    // The files a manifest imports get the check --in gets, before anything is read (export creates its folders).
    const fileProblem = options.manifest && fileFlag === '--in' && pathProblem(job.file, 'file');
    if (fileProblem) problems.push(`${options.manifest}: ${fileProblem}`);
    tables.add(table);
    files.add(job.file);
    return { ...job, table };
  });
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return resolved;
}
