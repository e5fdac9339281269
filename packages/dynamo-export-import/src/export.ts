import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { silentLogger, templatize, ValidationError, type Logger, type PlaceholderValues } from '@edd/core';
import { scanTable } from './aws/scan.js';
import type { DynamoDBClient } from './aws/table.js';
import { ExternalSorter, writeLines, type SortRecord } from './files/external-sort.js';
import { canonicalJson } from './items/canonical.js';
import { formatKey } from './items/keys.js';
import { keyComparator, keyPartsOf, type KeyParts } from './items/order.js';
import { mapStrings } from './items/transform.js';
import type { Item } from './items/types.js';
import { Progress } from './progress.js';
import { requireTable } from './tables.js';

export const DEFAULT_SEGMENTS = 4;
export const DEFAULT_SORT_MEMORY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_PROGRESS_INTERVAL_MS = 5000;

export interface ExportTableOptions {
  client: DynamoDBClient;
  /** Table name (placeholders already expanded). */
  table: string;
  /** The file to write (replaced atomically). */
  file: string;
  /** Parallel Scan segments; default 4. */
  segments?: number;
  /** Writes `${AccountNumber}` where a string value contains this account number. */
  templatize?: Pick<PlaceholderValues, 'AccountNumber'>;
  logger?: Logger;
  /** Memory for sorting before sorted runs are spilled to temporary files; default 64 MiB. */
  sortMemoryBytes?: number;
  /** Where the sorted runs go; default the OS temporary directory. */
  tempDir?: string;
  progressIntervalMs?: number;
}

export interface ExportTableResult {
  table: string;
  file: string;
  items: number;
  bytes: number;
  /** Sorted runs spilled to disk (0 when the table fit in the sort memory). */
  sortedRuns: number;
}

/**
 * Writes every item of a table to a file, one item per line in canonical typed DynamoDB JSON, lines in key order:
 * exporting unchanged data again gives the same bytes. Reads with a parallel Scan and sorts with bounded memory.
 */
export async function exportTable(options: ExportTableOptions): Promise<ExportTableResult> {
  const { client, table, file, logger = silentLogger } = options;
  const { schema, approximateItemCount } = await requireTable(client, table);
  const templatized = options.templatize;
  const prepare = templatized
    ? (item: Item) => mapStrings(item, (s) => templatize(s, templatized))
    : (item: Item) => item;
  const compareKeys = keyComparator(schema);
  const sorter = new ExternalSorter<KeyParts>({
    compare: compareKeys,
    keyOfLine: (line) => keyPartsOf(JSON.parse(line) as Item, schema),
    memoryBytes: options.sortMemoryBytes ?? DEFAULT_SORT_MEMORY_BYTES,
    ...(options.tempDir ? { tempDir: options.tempDir } : {}),
  });
  const progress = new Progress({
    label: `export ${table}: reading`,
    total: approximateItemCount,
    approximate: true,
    intervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    print: (line) => logger.info(line),
  });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await scanTable(client, {
      table,
      segments: options.segments ?? DEFAULT_SEGMENTS,
      onPage: async (items) => {
        for (const scanned of items) {
          const item = prepare(scanned);
          const spilling = sorter.add({ key: keyPartsOf(item, schema), line: canonicalJson(item, schema) });
          if (spilling) await spilling;
        }
        progress.add(items.length);
      },
    });
    progress.stop();
    if (sorter.runCount > 0) logger.debug(`export ${table}: merging ${sorter.runCount} sorted runs`);
    let items = 0;
    let previous: SortRecord<KeyParts> | undefined;
    const lineOf = (record: SortRecord<KeyParts>) => {
      if (previous && compareKeys(previous.key, record.key) === 0) {
        const key = formatKey(JSON.parse(record.line) as Item, schema);
        throw new ValidationError(
          `export ${table}: two items have the key ${key} once --templatize has written \${AccountNumber}; export without --templatize`,
        );
      }
      previous = record;
      items++;
      return record.line;
    };
    const sorted = await sorter.sorted();
    const lines = Array.isArray(sorted)
      ? sorted.map(lineOf)
      : (async function* () {
          for await (const record of sorted) yield lineOf(record);
        })();
    await mkdir(dirname(file), { recursive: true });
    const bytes = await writeLines(temp, lines);
    await rename(temp, file);
    return { table, file, items, bytes, sortedRuns: sorter.runCount };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    progress.stop();
    await sorter.dispose();
  }
}
