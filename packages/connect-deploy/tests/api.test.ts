import type { PlanDocument, StepReport, ValidationError } from '@edd/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as engine from '../src/engine.js';
import * as library from '../src/index.js';
import type {
  ChangesOptions,
  ChangesResult,
  DeployOptions,
  DeployResult,
  ExportOptions,
  ExportResult,
  PlanOptions,
  PlanResult,
  StepCall,
  SymbolicRef,
  ValidateOptions,
  ValidateResult,
} from '../src/index.js';

describe('the library entry', () => {
  it('exports the verbs as functions and nothing of the engine', () => {
    expect(Object.keys(library).sort()).toEqual([
      'changes',
      'deploy',
      'ensureInstance',
      'exportInstance',
      'plan',
      'validateExport',
    ]);
  });

  it('exports the building blocks of the engine only through @edd/connect-deploy/engine', () => {
    expect(Object.keys(engine).sort()).toEqual([
      'ConnectApi',
      'ExternalNames',
      'ExternalResolver',
      'FOLDER',
      'applyPlan',
      'canonicalOrder',
      'concretize',
      'describeResource',
      'isNoop',
      'planDeployment',
      'planDocument',
      'printPlan',
      'readSource',
      'readTarget',
      'resolveInstance',
      'resourceKey',
      'symbolize',
      'targetIndex',
      'validateSource',
    ]);
  });

  it('types each verb by its options and its report', () => {
    expectTypeOf(library.exportInstance).toEqualTypeOf<(o: ExportOptions, c?: StepCall) => Promise<ExportResult>>();
    expectTypeOf(library.validateExport).toEqualTypeOf<(o: ValidateOptions, c?: StepCall) => Promise<ValidateResult>>();
    expectTypeOf(library.plan).toEqualTypeOf<(o: PlanOptions, c?: StepCall) => Promise<PlanResult>>();
    expectTypeOf(library.deploy).toEqualTypeOf<(o: DeployOptions, c?: StepCall) => Promise<DeployResult>>();
    expectTypeOf(library.changes).toEqualTypeOf<(o: ChangesOptions, c?: StepCall) => Promise<ChangesResult>>();
    expectTypeOf<ChangesOptions>().toEqualTypeOf<{ before: string; after: string; debug?: boolean }>();

    expectTypeOf<DeployOptions['source']>().toEqualTypeOf<string>();
    expectTypeOf<DeployOptions>().toHaveProperty('plan');
    expectTypeOf<DeployOptions>().toHaveProperty('dryRun');
    expectTypeOf<PlanOptions>().not.toHaveProperty('dryRun');
    expectTypeOf<ValidateOptions>().not.toHaveProperty('environment');
    expectTypeOf<{ out: string }>().toMatchTypeOf<ExportOptions>();
    expectTypeOf<{ environment: string }>().not.toMatchTypeOf<DeployOptions>();

    expectTypeOf<DeployResult>().toMatchTypeOf<StepReport>();
    expectTypeOf<PlanResult['plan']>().toEqualTypeOf<PlanDocument>();
    expectTypeOf<ValidateResult['counts']>().toEqualTypeOf<Record<string, number>>();
    expectTypeOf<SymbolicRef['$ref']>().toEqualTypeOf<library.RefType>();
    expectTypeOf<ValidationError>().toHaveProperty('problems');
  });
});
