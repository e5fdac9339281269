import type { PlanDocument, StepReport } from '@edd/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as library from '../src/index.js';
import type { CallbackSpec, DeployOptions, DeployResult, PlanOptions, StepCall } from '../src/index.js';

describe('the library entry', () => {
  it('exports the verbs and the offline check of a spec, nothing of the engine', () => {
    expect(Object.keys(library).sort()).toEqual(['deploy', 'loadSpec', 'plan']);
  });

  it('types the verbs by their options and their report', () => {
    expectTypeOf(library.deploy).toEqualTypeOf<(o: DeployOptions, c?: StepCall) => Promise<DeployResult>>();
    expectTypeOf(library.plan).toEqualTypeOf<(o: PlanOptions, c?: StepCall) => Promise<DeployResult>>();
    expectTypeOf<DeployOptions['config']>().toEqualTypeOf<string>();
    expectTypeOf<PlanOptions>().not.toHaveProperty('dryRun');
    expectTypeOf<DeployResult>().toMatchTypeOf<StepReport>();
    expectTypeOf<DeployResult['plan']>().toEqualTypeOf<PlanDocument>();
    expectTypeOf(library.loadSpec).returns.resolves.toHaveProperty('spec').toEqualTypeOf<CallbackSpec>();
  });
});
