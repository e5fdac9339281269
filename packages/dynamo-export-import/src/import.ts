import { createHash } from 'node:crypto';
import {
  AwsOperationError,
  findDuplicateKey,
  silentLogger,
  ValidationError,
  type Logger,
  type PlaceholderValues,
  type Problem,
} from '@edd/core';
import { BatchWriter, DEFAULT_RETRY_POLICY, type BatchRetryPolicy, type UnwrittenItem } from './aws/batch-writer.js';
import { scanTable } from './aws/scan.js';
import type { DynamoDBClient } from './aws/table.js';
import { DEFAULT_PROGRESS_INTERVAL_MS, DEFAULT_SEGMENTS } from './export.js';
import { readLines } from './files/lines.js';
import { canonicalJson } from './items/canonical.js';
import { formatKey, keyOf, keyProblems } from './items/keys.js';
import { expandValuePlaceholders } from './items/placeholders.js';
import { parseItemLine } from './items/line.js';
import { itemSize, MAX_ITEM_BYTES } from './items/size.js';
import { mapStrings } from './items/transform.js';
import type { Item, KeySchema } from './items/types.js';
import { checkItem } from './items/validate.js';
import { Progress } from './progress.js';
import { requireTable } from './tables.js';

export const DEFAULT_CONCURRENCY = 8;
/** Keys listed per kind of change (added, changed, deleted) in logs and reports; the counts are always exact. */
export const DEFAULT_LIST_LIMIT = 1000;
/** Problems listed per file; the rest are counted. */
const MAX_PROBLEMS = 100;
const MAX_WARNINGS = 5;

export interface ImportTableOptions {
  client: DynamoDBClient;
  /** Table name (placeholders already expanded). */
  table: string;
  /** File of typed DynamoDB JSON lines. */
  file: string;
  /** Values for `${Environment}`, `${AccountNumber}`, `${Region}` in string values; without them the text is kept. */
  placeholders?: PlaceholderValues;
  /** BatchWriteItem calls in flight; default 8. */
  concurrency?: number;
  /** Parallel Scan segments for reading the table's current items; default 4. */
  segments?: number;
  /** Also delete the items whose keys are not in the file. */
  prune?: boolean;
  retry?: Partial<BatchRetryPolicy>;
  logger?: Logger;
  progressIntervalMs?: number;
  /** Keys listed per kind of change; default 1000. */
  listLimit?: number;
}

/** The change set of one table: what the import writes, found by comparing the file with the table. */
export interface ImportSummary {
  table: string;
  file: string;
  /** Items in the file. */
  items: number;
  added: number;
  changed: number;
  unchanged: number;
  /** Items deleted by --prune (0 without it). */
  deleted: number;
  /** Items in the table whose keys are not in the file (deleted only with --prune). */
  notInFile: number;
  /** Keys of the changes, up to the list limit each. */
  keys: { added: string[]; changed: string[]; deleted: string[] };
  /** Unknown `${...}` placeholders left as written. */
  warnings: string[];
}

export interface ImportResult extends ImportSummary {
  dryRun: boolean;
  /** Write requests DynamoDB confirmed. */
  written: number;
  unwritten: UnwrittenItem[];
}

/** Some items could not be written after every retry: exit 4, each listed by key. */
export class UnwrittenItemsError extends AwsOperationError {
  constructor(readonly result: ImportResult) {
    const reasons = new Set(result.unwritten.map((u) => u.reason));
    const shown = result.unwritten.slice(0, 100);
    const items = shown.map((u) => (reasons.size === 1 ? u.key : `${u.key}: ${u.reason}`));
    if (result.unwritten.length > shown.length) items.push(`... and ${result.unwritten.length - shown.length} more`);
    super(
      `import ${result.table}: ${result.unwritten.length} of ${result.added + result.changed + result.deleted} writes did not happen` +
        `${reasons.size === 1 ? ` (${[...reasons][0]})` : ''}; running the import again writes only what still differs`,
      { operation: 'BatchWriteItem', items },
    );
  }
}

// An entry of the file's key map is one number, line * 4 + state: numbers are stored in the map itself, where an
// object per key would cost another 40 bytes or so.
const NEW = 0;
const CHANGED = 1;
const UNCHANGED = 2;
type State = typeof NEW | typeof CHANGED | typeof UNCHANGED;
const entryOf = (line: number, state: State): number => line * 4 + state;
const lineOf = (entry: number): number => Math.floor(entry / 4);
const stateOf = (entry: number): State => (entry % 4) as State;

// A digest per key keeps memory at O(keys), not O(bytes): 16 bytes of SHA-256 tell changed items apart.
const digestOf = (canonical: string): string =>
  createHash('sha256').update(canonical).digest().subarray(0, 16).toString('base64');

function expander(
  placeholders: PlaceholderValues | undefined,
  onUnknown?: (name: string) => void,
): (item: Item) => Item {
  if (!placeholders) return (item) => item;
  return (item) => mapStrings(item, (s) => expandValuePlaceholders(s, placeholders, onUnknown));
}

function listed(keys: Iterable<string>, limit: number): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (out.length >= limit) break;
    out.push(key);
  }
  return out;
}

/**
 * One table's import, planned: the file validated, the table read and compared. {@link ImportPlan.apply} writes
 * the difference. Planning never writes, so a dry run is a plan that is not applied.
 */
export class ImportPlan implements ImportSummary {
  readonly table: string;
  readonly file: string;
  readonly items: number;
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly deleted: number;
  readonly notInFile: number;
  readonly keys: ImportSummary['keys'];
  readonly warnings: string[];

  /** @internal built by {@link planImport} */
  constructor(
    private readonly options: ImportTableOptions,
    private readonly schema: KeySchema,
    private readonly entries: Map<string, number>,
    private readonly deletions: Item[],
    counts: { items: number; notInFile: number; warnings: string[] },
  ) {
    this.table = options.table;
    this.file = options.file;
    this.items = counts.items;
    this.notInFile = counts.notInFile;
    this.warnings = counts.warnings;
    let added = 0;
    let changed = 0;
    for (const entry of entries.values()) {
      if (stateOf(entry) === NEW) added++;
      else if (stateOf(entry) === CHANGED) changed++;
    }
    this.added = added;
    this.changed = changed;
    this.unchanged = counts.items - added - changed;
    this.deleted = deletions.length;
    const limit = options.listLimit ?? DEFAULT_LIST_LIMIT;
    const withState = function* (state: State) {
      for (const [id, entry] of entries) if (stateOf(entry) === state) yield id;
    };
    this.keys = {
      added: listed(withState(NEW), limit),
      changed: listed(withState(CHANGED), limit),
      deleted: listed(
        deletions.map((key) => formatKey(key, schema)),
        limit,
      ),
    };
  }

  /** Writes nothing to do: the table already matches the file. */
  get upToDate(): boolean {
    return this.added + this.changed + this.deleted === 0;
  }

  summary(): ImportSummary {
    const { table, file, items, added, changed, unchanged, deleted, notInFile, keys, warnings } = this;
    return { table, file, items, added, changed, unchanged, deleted, notInFile, keys, warnings };
  }

  /**
   * Writes the added and changed items (read again from the file, streaming) and deletes what --prune removes.
   * Throws {@link UnwrittenItemsError} when anything is left unwritten after retries.
   */
  async apply(): Promise<ImportResult> {
    const { client, table, file, logger = silentLogger, placeholders } = this.options;
    if (this.upToDate) return { ...this.summary(), dryRun: false, written: 0, unwritten: [] };
    const progress = new Progress({
      label: `import ${table}: writing`,
      total: this.added + this.changed + this.deleted,
      intervalMs: this.options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
      print: (line) => logger.info(line),
    });
    const writer = new BatchWriter(client, {
      table,
      schema: this.schema,
      concurrency: this.options.concurrency ?? DEFAULT_CONCURRENCY,
      retry: { ...DEFAULT_RETRY_POLICY, ...this.options.retry },
      onWritten: (count) => progress.add(count),
      onRetry: (reason, pending, delayMs) =>
        logger.debug(`import ${table}: ${pending} requests again in ${delayMs} ms: ${reason}`),
    });
    const expand = expander(placeholders);
    let unwritten: UnwrittenItem[];
    try {
      if (this.added + this.changed > 0) {
        for await (const { text } of readLines(file)) {
          if (text === undefined || text.trim() === '') continue;
          const item = expand(parseItemLine(text) as Item);
          const entry = this.entries.get(formatKey(item, this.schema));
          if (entry !== undefined && stateOf(entry) !== UNCHANGED) await writer.put(item, Buffer.byteLength(text));
        }
      }
      for (const key of this.deletions) await writer.delete(key);
      unwritten = await writer.close();
    } finally {
      progress.stop();
    }
    const result: ImportResult = { ...this.summary(), dryRun: false, written: progress.count, unwritten };
    if (unwritten.length > 0) throw new UnwrittenItemsError(result);
    return result;
  }
}

/**
 * Reads the table, then validates the whole file (typed JSON, key attributes and their types, index key types,
 * duplicate keys, the 400 KB item limit) and compares it item by item. Nothing is written; a file with problems
 * throws a {@link ValidationError} listing them by file, line and key.
 *
 * The table is read first so that only items whose key is already in the table need a canonical form and a
 * digest: a first import into an empty table skips that work entirely.
 */
export async function planImport(options: ImportTableOptions): Promise<ImportPlan> {
  const { client, table, file, logger = silentLogger, prune = false } = options;
  const { schema } = await requireTable(client, table);

  // Key -> digest of what the table holds; with --prune also key -> key attributes, for the deletes.
  const current = new Map<string, string>();
  const prunable = new Map<string, Item>();
  const progress = new Progress({
    label: `import ${table}: reading the table`,
    intervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    print: (line) => logger.info(line),
  });
  try {
    await scanTable(client, {
      table,
      segments: options.segments ?? DEFAULT_SEGMENTS,
      onPage: (page) => {
        for (const item of page) {
          const key = formatKey(item, schema);
          current.set(key, digestOf(canonicalJson(item, schema)));
          if (prune) prunable.set(key, keyOf(item, schema));
        }
        progress.add(page.length);
      },
    });
  } finally {
    progress.stop();
  }

  const problems: Problem[] = [];
  let extraProblems = 0;
  const problem = (p: Omit<Problem, 'file'>) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, ...p });
    else extraProblems++;
  };
  const warnings: string[] = [];
  let unknownPlaceholders = 0;
  let currentLine = 0;
  const expand = expander(options.placeholders, (name) => {
    unknownPlaceholders++;
    if (warnings.length < MAX_WARNINGS)
      warnings.push(`${file}:${currentLine}: ${name} is not a placeholder this tool knows; imported as written`);
  });

  const entries = new Map<string, number>();
  let items = 0;
  for await (const { number, text, problem: lineProblem } of readLines(file)) {
    currentLine = number;
    if (text === undefined) {
      problem({
        line: number,
        message:
          lineProblem === 'not-utf8'
            ? 'the line is not valid UTF-8; save the file as UTF-8'
            : 'the line is longer than 16 MB; no DynamoDB item is that large',
      });
      continue;
    }
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = parseItemLine(text);
    } catch (error) {
      problem({ line: number, message: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    // JSON.parse keeps the last of two equal keys: the reviewed line would not be the written item.
    const duplicate = findDuplicateKey(text);
    if (duplicate) {
      problem({ line: number, message: duplicate.message });
      continue;
    }
    const checked = checkItem(json);
    if (!checked.item) {
      for (const p of checked.problems) problem({ line: number, ...p });
      continue;
    }
    const item = expand(checked.item);
    const keyIssues = keyProblems(item, schema);
    if (keyIssues.length > 0) {
      for (const p of keyIssues) problem({ line: number, ...p });
      continue;
    }
    const key = formatKey(item, schema);
    const size = itemSize(item);
    if (size > MAX_ITEM_BYTES) {
      problem({
        line: number,
        resource: key,
        message: `the item is ${size} bytes (attribute names count); DynamoDB's limit is 400 KB (${MAX_ITEM_BYTES} bytes) and it would refuse it: ValidationException: Item size has exceeded the maximum allowed size`,
      });
    }
    const first = entries.get(key);
    if (first !== undefined) {
      problem({ line: number, resource: key, message: `duplicate key: line ${lineOf(first)} has the same key` });
      continue;
    }
    const digest = current.get(key);
    let state: State = NEW;
    if (digest !== undefined) {
      state = digestOf(canonicalJson(item, schema)) === digest ? UNCHANGED : CHANGED;
      current.delete(key);
      prunable.delete(key);
    }
    entries.set(key, entryOf(number, state));
    items++;
  }
  if (extraProblems > 0) problems.push({ file, message: `... and ${extraProblems} more problems` });
  if (problems.length > 0) {
    throw new ValidationError(`${file}: not imported into ${table}, nothing was written`, problems);
  }
  if (unknownPlaceholders > warnings.length)
    warnings.push(`${file}: ${unknownPlaceholders - warnings.length} more unknown placeholders left as written`);
  if (prune && items === 0) {
    throw new ValidationError(
      `${file}: the file has no items; with --prune it would empty ${table}. Nothing was written`,
    );
  }
  // What is left of the table's keys is not in the file.
  return new ImportPlan(options, schema, entries, [...prunable.values()], { items, notInFile: current.size, warnings });
}

/** Plans and, unless `dryRun`, applies the import of one file into one table. */
export async function importTable(options: ImportTableOptions & { dryRun?: boolean }): Promise<ImportResult> {
  const plan = await planImport(options);
  if (options.dryRun) return { ...plan.summary(), dryRun: true, written: 0, unwritten: [] };
  return plan.apply();
}
