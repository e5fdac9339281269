import {
  AwsOperationError,
  silentLogger,
  ValidationError,
  type FieldChange,
  type Logger,
  type PlaceholderValues,
  type PlanAction,
  type PlanCounts,
  type Problem,
} from '@edd/core';
import { BatchWriter, DEFAULT_RETRY_POLICY, type BatchRetryPolicy, type UnwrittenItem } from './aws/batch-writer.js';
import { scanTable } from './aws/scan.js';
import type { DynamoDBClient } from './aws/table.js';
import { DEFAULT_PROGRESS_INTERVAL_MS, DEFAULT_SEGMENTS } from './export.js';
import { readLines } from './files/lines.js';
import { checkLine, expander, MAX_PROBLEMS, MAX_WARNINGS, unreadableLine } from './check-file.js';
import { canonicalJson } from './items/canonical.js';
import { digestOf, tableFingerprint, type TableFingerprints } from './items/digest.js';
import { diffItems } from './items/diff.js';
import { displayKey } from './items/display.js';
import { formatKey, keyOf } from './items/keys.js';
import { keyComparator, keyPartsOf } from './items/order.js';
import { parseItemLine } from './items/line.js';
import type { Item, KeySchema } from './items/types.js';
import { Progress } from './progress.js';
import { requireTable } from './tables.js';

export const DEFAULT_CONCURRENCY = 8;
/** Keys listed per kind of change (added, changed, deleted) in logs and reports; the counts are always exact. */
export const DEFAULT_LIST_LIMIT = 1000;
/**
 * What a plan keeps of the table's items to show changed attributes old -> new: their text, up to this many bytes.
 * A larger table is read a second time for the old versions of the listed changed items only.
 */
export const DEFAULT_COMPARE_CACHE_BYTES = 32 * 1024 * 1024;
/** Text of the listed items whose attributes the plan shows; changes beyond it are counted, not listed. */
const MAX_LISTED_BYTES = 16 * 1024 * 1024;

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
  /** List the unchanged items too (up to the list limit), not only count them. */
  listUnchanged?: boolean;
  /** Bytes of the table's items kept to show changed attributes without reading the table again; default 32 MiB. */
  compareCacheBytes?: number;
  /** Also fingerprint what the plan read and writes, for a saved plan; apply then writes only the planned items. */
  fingerprint?: boolean;
}

/** One item of a plan: its key as people read it and, for created and changed items, the attributes that differ. */
export interface ItemChange {
  action: PlanAction;
  /** `pk=queue#billing, sk=1` */
  key: string;
  /** Created: every attribute it gets; changed: the attributes added, removed and changed, old -> new. */
  fields?: FieldChange[];
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

/** The items of a plan, listed up to the list limit per action, and how many more there are of each. */
export interface ImportListing {
  changes: ItemChange[];
  unlisted: PlanCounts;
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
  /** The items that change (and, with `listUnchanged`, those that do not), with their attributes. */
  readonly listing: ImportListing;
  /** What stops this import from being applied; the plan is still worth reading. */
  readonly blockers: Problem[];
  /** With the `fingerprint` option: what a saved plan of this table holds. */
  readonly fingerprints: TableFingerprints | undefined;

  /** @internal built by {@link planImport} */
  constructor(
    private readonly options: ImportTableOptions,
    private readonly schema: KeySchema,
    private readonly entries: Map<string, number>,
    private readonly deletions: Item[],
    counts: Pick<ImportPlan, 'items' | 'notInFile' | 'warnings' | 'listing' | 'blockers' | 'fingerprints'>,
  ) {
    this.table = options.table;
    this.file = options.file;
    this.items = counts.items;
    this.notInFile = counts.notInFile;
    this.warnings = counts.warnings;
    this.listing = counts.listing;
    this.blockers = counts.blockers;
    this.fingerprints = counts.fingerprints;
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

  /** What an apply that left `unwritten` behind did write, by action. */
  appliedCounts(unwritten: readonly UnwrittenItem[] = []): Omit<PlanCounts, 'unchanged'> {
    const done = { create: this.added, update: this.changed, delete: this.deleted };
    for (const { key } of unwritten) {
      const entry = this.entries.get(key);
      if (entry === undefined) done.delete--;
      else if (stateOf(entry) === NEW) done.create--;
      else done.update--;
    }
    return done;
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
    if (this.blockers.length > 0)
      throw new ValidationError(`${file}: not imported into ${table}, nothing was written`, this.blockers);
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
    // The file is read again to write: an item that is not the next one planned (the file changed meanwhile) is not
    // written but reported, so a fingerprinted plan writes exactly what it holds. Both lists are in file order.
    const next = { create: 0, update: 0 };
    const moved: UnwrittenItem[] = [];
    let unwritten: UnwrittenItem[];
    try {
      if (this.added + this.changed > 0) {
        for await (const { text } of readLines(file)) {
          if (text === undefined || text.trim() === '') continue;
          const item = expand(parseItemLine(text) as Item);
          const key = formatKey(item, this.schema);
          const entry = this.entries.get(key);
          if (entry === undefined || stateOf(entry) === UNCHANGED) continue;
          if (this.fingerprints) {
            const list = stateOf(entry) === NEW ? 'create' : 'update';
            const expected = this.fingerprints[list][next[list]++];
            const digest = digestOf(canonicalJson(item, this.schema));
            if (!expected?.startsWith(`${digest} `) || !expected.endsWith(` ${key}`)) {
              moved.push({ key, reason: `${file} changed after the plan was made; this item is not the planned one` });
              continue;
            }
          }
          await writer.put(item, Buffer.byteLength(text));
        }
      }
      for (const key of this.deletions) await writer.delete(key);
      unwritten = [...moved, ...(await writer.close())];
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
  const segments = options.segments ?? DEFAULT_SEGMENTS;

  // Key -> digest of what the table holds; with --prune also key -> key attributes, for the deletes. The items'
  // text is kept while it fits the cache, to show what changes in the items that turn out changed.
  const current = new Map<string, string>();
  const prunable = new Map<string, Item>();
  const cacheBytes = options.compareCacheBytes ?? DEFAULT_COMPARE_CACHE_BYTES;
  let cache: Map<string, string> | undefined = new Map();
  let cached = 0;
  const progress = new Progress({
    label: `import ${table}: reading the table`,
    intervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    print: (line) => logger.info(line),
  });
  try {
    await scanTable(client, {
      table,
      segments,
      onPage: (page) => {
        for (const item of page) {
          const key = formatKey(item, schema);
          const canonical = canonicalJson(item, schema);
          current.set(key, digestOf(canonical));
          if (prune) prunable.set(key, keyOf(item, schema));
          if (cache) {
            cached += canonical.length;
            if (cached <= cacheBytes) cache.set(key, canonical);
            else cache = undefined;
          }
        }
        progress.add(page.length);
      },
    });
  } finally {
    progress.stop();
  }
  const fingerprints: TableFingerprints | undefined = options.fingerprint
    ? { table: tableFingerprint(current), tableItems: current.size, create: [], update: [], delete: [] }
    : undefined;

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

  const limit = options.listLimit ?? DEFAULT_LIST_LIMIT;
  const listed: PlanCounts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  const unlisted: PlanCounts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  let listedBytes = 0;
  // The listed items in file order; a changed one keeps its key until the table's version of it is at hand.
  const rows: { action: PlanAction; key: string; id?: string; after?: string }[] = [];

  const entries = new Map<string, number>();
  let items = 0;
  for await (const { number, text, problem: lineProblem } of readLines(file)) {
    currentLine = number;
    if (text === undefined) {
      problem({ line: number, message: unreadableLine(lineProblem) });
      continue;
    }
    if (text.trim() === '') continue;
    const checked = checkLine(text, expand, schema);
    for (const p of checked.problems) problem({ line: number, ...p });
    if (!checked.item) continue;
    const { item } = checked;
    const key = checked.key!;
    const first = entries.get(key);
    if (first !== undefined) {
      problem({ line: number, resource: key, message: `duplicate key: line ${lineOf(first)} has the same key` });
      continue;
    }
    const digest = current.get(key);
    let state: State = NEW;
    let canonical: string | undefined;
    if (digest !== undefined) {
      canonical = canonicalJson(item, schema);
      const written = digestOf(canonical);
      state = written === digest ? UNCHANGED : CHANGED;
      current.delete(key);
      prunable.delete(key);
      if (fingerprints && state === CHANGED) fingerprints.update.push(`${written} ${digest} ${key}`);
    } else if (fingerprints) {
      canonical = canonicalJson(item, schema);
      fingerprints.create.push(`${digestOf(canonical)} ${key}`);
    }
    entries.set(key, entryOf(number, state));
    items++;
    if (problems.length > 0) continue;
    if (state === UNCHANGED) {
      if (!options.listUnchanged) continue;
      if (listed.unchanged < limit) {
        listed.unchanged++;
        rows.push({ action: 'unchanged', key: displayKey(item, schema) });
      } else unlisted.unchanged++;
      continue;
    }
    const action = state === NEW ? 'create' : 'update';
    if (listed[action] < limit && listedBytes + text.length <= MAX_LISTED_BYTES) {
      listed[action]++;
      listedBytes += text.length;
      rows.push({ action, key: displayKey(item, schema), id: key, after: canonical ?? canonicalJson(item, schema) });
    } else unlisted[action]++;
  }
  if (extraProblems > 0) problems.push({ file, message: `... and ${extraProblems} more problems` });
  if (problems.length > 0) {
    throw new ValidationError(`${file}: not imported into ${table}, nothing was written`, problems);
  }
  if (unknownPlaceholders > warnings.length)
    warnings.push(`${file}: ${unknownPlaceholders - warnings.length} more unknown placeholders left as written`);
  const blockers: Problem[] = [];
  if (prune && items === 0)
    blockers.push({
      file,
      message: `the file has no items; with --prune it would empty ${table}. Give the items, or import without prune`,
    });

  // Changed items whose table version did not fit the cache: one more Scan fetches exactly those.
  const missing = new Set(rows.filter((r) => r.action === 'update' && !cache?.has(r.id!)).map((r) => r.id!));
  const before = cache ?? new Map<string, string>();
  if (missing.size > 0) {
    await scanTable(client, {
      table,
      segments,
      onPage: (page) => {
        for (const item of page) {
          const key = formatKey(item, schema);
          if (missing.has(key)) before.set(key, canonicalJson(item, schema));
        }
      },
    });
  }
  const changes: ItemChange[] = rows.map(({ action, key, id, after }) => {
    if (action === 'unchanged') return { action, key };
    const old = action === 'update' ? before.get(id!) : undefined;
    // An item deleted from the table between the two reads is shown with its new attributes.
    return {
      action,
      key,
      fields: diffItems(old ? (JSON.parse(old) as Item) : undefined, JSON.parse(after!) as Item, schema),
    };
  });
  cache = undefined;

  // What is left of the table's keys is not in the file.
  const deletions = [...prunable.values()];
  if (fingerprints)
    for (const key of [...prunable.keys()].sort()) fingerprints.delete.push(`${current.get(key)!} ${key}`);
  if (deletions.length > 0) {
    const compare = keyComparator(schema);
    const shown = deletions
      .map((key) => ({ key, parts: keyPartsOf(key, schema) }))
      .sort((a, b) => compare(a.parts, b.parts))
      .slice(0, limit);
    for (const { key } of shown) changes.push({ action: 'delete', key: displayKey(key, schema) });
    unlisted.delete = deletions.length - shown.length;
  }
  return new ImportPlan(options, schema, entries, deletions, {
    items,
    notInFile: current.size,
    warnings,
    listing: { changes, unlisted },
    blockers,
    fingerprints,
  });
}

/** Plans and, unless `dryRun`, applies the import of one file into one table. */
export async function importTable(options: ImportTableOptions & { dryRun?: boolean }): Promise<ImportResult> {
  const plan = await planImport(options);
  if (plan.blockers.length > 0)
    throw new ValidationError(
      `${options.file}: not imported into ${options.table}, nothing was written`,
      plan.blockers,
    );
  if (options.dryRun) return { ...plan.summary(), dryRun: true, written: 0, unwritten: [] };
  return plan.apply();
}
