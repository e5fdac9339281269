import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PlanDocument as CorePlanDocument, PlaceholderValues } from '@edd/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as library from '../src/index.js';
import type {
  AttributeValue,
  ExportTableOptions,
  ExportTableResult,
  FileCheck,
  ImportPlan,
  ImportResult,
  ImportTableOptions,
  Item,
  Manifest,
  PlanDocument,
  TableFingerprints,
} from '../src/index.js';

// What application repositories (and virtual-callback-deploy) build on: a change here is a change of the API.
describe('the public surface', () => {
  it('exports the verbs, the plan document, the formats and the errors, nothing internal', () => {
    expect(Object.keys(library).sort()).toEqual([
      'ImportPlan',
      'MAX_ITEM_BYTES',
      'SECRET_ATTRIBUTE',
      'UnwrittenItemsError',
      'ValidationError',
      'definition',
      'describeTable',
      'exportTable',
      'importPlanDocument',
      'importTable',
      'itemSize',
      'planImport',
      'readManifest',
      'renderImportPlan',
      'unlistedCounts',
      'validateFile',
    ]);
  });

  it('types each verb by its options and result', () => {
    expectTypeOf(library.validateFile).parameters.toEqualTypeOf<[string, PlaceholderValues?]>();
    expectTypeOf(library.validateFile).returns.resolves.toEqualTypeOf<FileCheck>();
    expectTypeOf(library.planImport).parameters.toEqualTypeOf<[ImportTableOptions]>();
    expectTypeOf(library.planImport).returns.resolves.toEqualTypeOf<ImportPlan>();
    expectTypeOf<ImportPlan['apply']>().returns.resolves.toEqualTypeOf<ImportResult>();
    expectTypeOf(library.importTable).parameters.toEqualTypeOf<[ImportTableOptions & { dryRun?: boolean }]>();
    expectTypeOf(library.importTable).returns.resolves.toEqualTypeOf<ImportResult>();
    expectTypeOf(library.exportTable).parameters.toEqualTypeOf<[ExportTableOptions]>();
    expectTypeOf(library.exportTable).returns.resolves.toEqualTypeOf<ExportTableResult>();
    expectTypeOf(library.readManifest).returns.resolves.toEqualTypeOf<Manifest>();
  });

  it('keeps the options an application gives and the results it reads', () => {
    expectTypeOf<ImportTableOptions['client']>().toEqualTypeOf<DynamoDBClient>();
    expectTypeOf<ImportTableOptions['table']>().toEqualTypeOf<string>();
    expectTypeOf<ImportTableOptions['file']>().toEqualTypeOf<string>();
    expectTypeOf<ImportTableOptions>().toHaveProperty('prune').toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ImportResult['written']>().toEqualTypeOf<number>();
    expectTypeOf<ImportResult['unwritten'][number]['key']>().toEqualTypeOf<string>();
    expectTypeOf<ImportTableOptions>().toHaveProperty('fingerprint').toEqualTypeOf<boolean | undefined>();
    expectTypeOf<ImportPlan['fingerprints']>().toEqualTypeOf<TableFingerprints | undefined>();
    expectTypeOf<TableFingerprints['create']>().toEqualTypeOf<string[]>();
    expectTypeOf(library.importPlanDocument).returns.toEqualTypeOf<CorePlanDocument>();
    expectTypeOf<PlanDocument>().toEqualTypeOf<CorePlanDocument>();
    expectTypeOf(library.renderImportPlan).returns.toEqualTypeOf<string[]>();
    expectTypeOf<Item>().toEqualTypeOf<Record<string, AttributeValue>>();
    expectTypeOf<Extract<AttributeValue, { S: string }>>().toEqualTypeOf<{ S: string }>();
  });
});
