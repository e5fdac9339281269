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
 * twice, is a usage error. `offline` (validate): `--in` needs no `--table`, and without a target the names keep
 * their placeholders.
 */
export async function resolveJobs(
  options: { table?: string; file?: string; manifest?: string },
  fileFlag: '--in' | '--out',
  ctx: StepContext,
  { offline = false }: { offline?: boolean } = {},
): Promise<TableJob[]> {
  let jobs: TableJob[];
  // Files are checked with the names, so one message lists every mistake of the manifest.
  let checkFiles: () => Promise<string[]>;
  if (options.manifest) {
    if (options.table || options.file)
      throw new UsageError(`--manifest lists the tables and files: drop --table and ${fileFlag}`);
    const manifest = await readManifest(options.manifest);
    jobs = manifest.entries;
    const base = dirname(manifest.path);
    checkFiles = async () => {
      const missing: string[] = [];
      if (fileFlag === '--in') {
        for (const job of jobs) {
          // Through the manifest's folder: a file that is a link out of it, a FIFO or a device is refused (exit 3).
          if (!(await manifest.root.resolve(relative(base, job.file), 'file')))
            missing.push(`manifest ${manifest.path} names ${job.file}, which does not exist; fix its "file"`);
        }
      } else {
        const out = await OutputRoot.open(base, `manifest ${manifest.path}`);
        for (const job of jobs) await out.target(relative(base, job.file));
      }
      return missing;
    };
  } else {
    const file = options.file;
    if (!file || (!offline && !options.table)) {
      throw new UsageError(
        offline
          ? `give ${fileFlag} for one file, or --manifest for several`
          : `give --table and ${fileFlag} for one table, or --manifest for several`,
      );
    }
    checkFiles = async () => {
      if (fileFlag === '--in') await InputRoot.openFile(file, { what: '--in' });
      else await (await OutputRoot.open(dirname(file), '--out')).target(basename(file));
      return [];
    };
    jobs = [{ table: options.table ?? '', file }];
  }
  const values = offline && !ctx.target ? undefined : ctx.placeholders();
  const problems: string[] = [];
  const tables = new Set<string>();
  const files = new Set<string>();
  const resolved = jobs.map((job) => {
    const table = values ? expandPlaceholders(job.table, values, `table name '${job.table}'`) : job.table;
    if (table !== '' && !TABLE_NAME.test(table.replace(/\$\{[A-Za-z]+\}/g, 'x')))
      problems.push(`table name '${table}' is not valid: 3-255 of letters, digits, '_', '-', '.'`);
    if (table !== '' && tables.has(table)) problems.push(`table ${table} is listed twice`);
    if (files.has(job.file)) problems.push(`file ${job.file} is listed twice`);
    tables.add(table);
    files.add(job.file);
    return { ...job, table };
  });
  problems.push(...(await checkFiles()));
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return resolved;
}
