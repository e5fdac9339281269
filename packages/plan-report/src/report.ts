import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PlanDocument } from '@edd/core';
import type { ReportOptions } from './content.js';
import { renderHtmlReport } from './html.js';
import { renderMarkdownReport } from './markdown.js';

export type ReportFormat = 'html' | 'markdown';

/**
 * What a `--report` file name must look like, for a step's option definition:
 * `option.path({ must: 'writable-file', pattern: REPORT_FILE, ... })`.
 */
export const REPORT_FILE = {
  regex: /\.(html?|md|markdown)$/i,
  message: 'must name an .html file (a page to open in a browser) or an .md file (Markdown for a pull request)',
} as const;

/** The format a report file name asks for, from its extension; undefined when it names neither. */
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
 * neither: steps check it with `REPORT_FILE` before any AWS call, so that this is a usage error there.
 */
export async function writeReport(
  file: string,
  plans: readonly PlanDocument[],
  options: ReportOptions = {},
): Promise<{ file: string; format: ReportFormat; bytes: number }> {
  const format = reportFormatOf(file);
  if (!format) throw new RangeError(`report file '${file}' ${REPORT_FILE.message}`);
  const text = renderReport(format, plans, options);
  await mkdir(dirname(file), { recursive: true });
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, { mode: 0o644 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { file, format, bytes: Buffer.byteLength(text) };
}
