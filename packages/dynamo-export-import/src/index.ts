export {
  exportTable,
  DEFAULT_SEGMENTS,
  DEFAULT_SORT_MEMORY_BYTES,
  type ExportTableOptions,
  type ExportTableResult,
} from './export.js';
export {
  importTable,
  planImport,
  ImportPlan,
  UnwrittenItemsError,
  DEFAULT_CONCURRENCY,
  DEFAULT_COMPARE_CACHE_BYTES,
  type ImportListing,
  type ImportTableOptions,
  type ImportSummary,
  type ImportResult,
  type ItemChange,
} from './import.js';
export { checkLine, validateFile, type FileCheck, type LineCheck } from './check-file.js';
export { importPlanDocument, planSubject, type PlanDocumentOptions } from './plan-document.js';
export { diffItems, SECRET_ATTRIBUTE } from './items/diff.js';
export { describeAttribute, displayKey, plainText } from './items/display.js';
export {
  BatchWriter,
  DEFAULT_RETRY_POLICY,
  isRetryableWriteError,
  type BatchRetryPolicy,
  type BatchWriterOptions,
  type UnwrittenItem,
} from './aws/batch-writer.js';
export { describeTable, type TableDescription } from './aws/table.js';
export { scanTable, type ScanTableOptions } from './aws/scan.js';
export { requireTable, requireTables } from './tables.js';
export { readManifest, type Manifest, type ManifestEntry } from './manifest.js';
export { canonicalJson } from './items/canonical.js';
export { checkItem, type ItemProblem } from './items/validate.js';
export { formatKey, keyOf, keyProblems } from './items/keys.js';
export { compareStrings, keyComparator, keyPartsOf, type KeyPart, type KeyParts } from './items/order.js';
export { compareDecimals, normalizeNumber, parseDecimal, type Decimal } from './items/number.js';
export { itemSize, MAX_ITEM_BYTES } from './items/size.js';
export { mapStrings, toSdkItem } from './items/transform.js';
export { expandValuePlaceholders } from './items/placeholders.js';
export type { AttributeValue, Binary, Item, KeyAttribute, KeySchema } from './items/types.js';
export { exportCommand, type ExportCommandOptions } from './commands/export.js';
export {
  deployCommand,
  deployCommand as importCommand,
  planCommand,
  type ImportCommandOptions,
  type PlanCommandOptions,
} from './commands/deploy.js';
export { validateCommand, type ValidateCommandOptions } from './commands/validate.js';
export { definition } from './cli.js';
