import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PlanDocument } from '@edd/core';
import type { ReportOptions } from './content.js';
import { renderHtmlReport } from './html.js';
import { renderMarkdownReport } from './markdown.js';

export type ReportFormat = 'html' | 'markdown';

// The command line recognises its errors by this registered symbol rather than by class, so that this error exits 2
// with its one line in every step while the package needs nothing of @edd/core but its types (DESIGN.md §1).
const EDD_ERROR = Symbol.for('edd.error');

/** A report that cannot be written: a usage error (exit 2), since the file is what the user named. */
export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
  readonly exitCode = 2;
  readonly [EDD_ERROR] = 'usage';
}

/**
 * The format a report file name asks for, from its extension; undefined when it names neither. Steps refuse such a
 * name while parsing their options (`REPORT_OPTION` of `@edd/core/cli` takes the same extensions).
 */
export function reportFormatOf(file: string): ReportFormat | undefined {
  const match = /\.(html?|md|markdown)$/i.exec(file);
  if (!match) return undefined;
  return match[1]!.toLowerCase().startsWith('htm') ? 'html' : 'markdown';
}

export function renderReport(
  format: ReportFormat,
  plans: readonly PlanDocument[],
  options: ReportOptions = {},
): string {
  return format === 'html' ? renderHtmlReport(plans, options) : renderMarkdownReport(plans, options);
}

/**
 * Writes the report of these plans to `file`, as HTML or Markdown by its extension. The file appears whole or not
 * at all (written beside it, then renamed), and its folder is created. Throws a RangeError for a name that is
 * neither: steps check it with `REPORT_OPTION` before any AWS call, so that this is a usage error there. A link at
 * `file` is replaced by the report, never written through, so the report lands where it was asked for.
 */
export async function writeReport(
  file: string,
  plans: readonly PlanDocument[],
  options: ReportOptions = {},
): Promise<{ file: string; format: ReportFormat; bytes: number }> {
  const format = reportFormatOf(file);
  if (!format)
    throw new RangeError(
      `report file '${file}' must name an .html file (a page for a browser) or an .md file (Markdown for a pull request)`,
    );
  const text = renderReport(format, plans, options);
  await mkdir(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    // 'wx': a file or link already at the temporary name is an error, not something to write through.
    await writeFile(temporary, text, { mode: 0o644, flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { file, format, bytes: Buffer.byteLength(text) };
}

/**
 * What a step's plan or deploy verb calls with its `--report` value: writes the report when one was asked for and
 * says where on the log. One call, so that every step writes and announces it the same way. A report that cannot be
 * written (the folder went away or became read-only since the options were checked) is a usage error (exit 2).
 */
export async function writeRequestedReport(
  file: string | undefined,
  plans: readonly PlanDocument[],
  options: ReportOptions & { logger: { info(message: string): void } },
): Promise<void> {
  if (!file) return;
  const { logger, ...report } = options;
  let written: Awaited<ReturnType<typeof writeReport>>;
  try {
    written = await writeReport(file, plans, report);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : (error as Error).message;
    throw new ReportWriteError(`--report: cannot write ${file}: ${why}; choose a file in a folder you can write`);
  }
  logger.info(`review page: ${written.file} (${written.format === 'html' ? 'HTML' : 'Markdown'})`);
}
