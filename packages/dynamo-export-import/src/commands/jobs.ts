import { basename, dirname, relative } from 'node:path';
import { expandPlaceholders, InputRoot, OutputRoot, UsageError, type StepContext } from '@edd/core';
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
  let checkFiles: () => Promise<void>;
  if (options.manifest) {
    if (options.table || options.file)
      throw new UsageError(`--manifest lists the tables and files: drop --table and ${fileFlag}`);
    const manifest = await readManifest(options.manifest);
    jobs = manifest.entries;
    const base = dirname(manifest.path);
    checkFiles = async () => {
      if (fileFlag === '--in') {
        for (const job of jobs) {
          // Through the manifest's folder: a file that is a link out of it, a FIFO or a device is refused (exit 3).
          if (!(await manifest.root.resolve(relative(base, job.file), 'file')))
            throw new UsageError(`manifest ${manifest.path} names ${job.file}, which does not exist; fix its "file"`);
        }
      } else {
        const out = await OutputRoot.open(base, `manifest ${manifest.path}`);
        for (const job of jobs) await out.target(relative(base, job.file));
      }
    };
  } else {
    if (!options.table || !options.file) {
      throw new UsageError(`give --table and ${fileFlag} for one table, or --manifest for several`);
    }
    const file = options.file;
    checkFiles = async () => {
      if (fileFlag === '--in') await InputRoot.openFile(file, { what: '--in' });
      else await (await OutputRoot.open(dirname(file), '--out')).target(basename(file));
    };
    jobs = [{ table: options.table, file }];
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
    tables.add(table);
    files.add(job.file);
    return { ...job, table };
  });
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  await checkFiles();
  return resolved;
}
