// The library: the verbs of the executable as functions on a DynamoDB client, and the formats they read and write.
export { exportTable, type ExportTableOptions, type ExportTableResult } from './export.js';
export {
  importTable,
  planImport,
  ImportPlan,
  UnwrittenItemsError,
  type ImportListing,
  type ImportTableOptions,
  type ImportSummary,
  type ImportResult,
  type ItemChange,
} from './import.js';
export type { TableFingerprints } from './items/digest.js';
export { validateFile, type FileCheck } from './check-file.js';
export { importPlanDocument, renderImportPlan, unlistedCounts, type PlanDocumentOptions } from './plan-document.js';
export { SECRET_ATTRIBUTE } from './items/diff.js';
export type { BatchRetryPolicy, UnwrittenItem } from './aws/batch-writer.js';
export { describeTable, type TableDescription } from './aws/table.js';
export { readManifest, type Manifest, type ManifestEntry } from './manifest.js';
export { itemSize, MAX_ITEM_BYTES } from './items/size.js';
export type { AttributeValue, Binary, Item, KeyAttribute, KeySchema } from './items/types.js';
export { ValidationError, type FieldChange, type PlanDocument, type PlannedResource, type Problem } from '@edd/core';
export { definition } from './cli.js';
