import { describe, expect, expectTypeOf, it } from 'vitest';
import * as library from '../src/index.js';
import type { EnvironmentErrorCode, EnvironmentRecord, ResolveInput } from '../src/index.js';

describe('the library entry', () => {
  it('exports the registry, its lookups and its rules', () => {
    expect(Object.keys(library).sort()).toEqual([
      'EnvironmentError',
      'REGISTRY',
      'Registry',
      'describeRecord',
      'environmentKey',
      'formatTargetAccount',
      'isValidAccountNumber',
      'parseTargetAccount',
      'registry',
      'validateRegistry',
    ]);
  });

  it('types the lookups', () => {
    expectTypeOf(library.registry.resolveTarget).toEqualTypeOf<(input: ResolveInput) => EnvironmentRecord>();
    expectTypeOf(library.registry.targetAccountValues).returns.toEqualTypeOf<string[]>();
    expectTypeOf(library.parseTargetAccount).returns.toEqualTypeOf<{ environment: string; account: string }>();
    expectTypeOf(library.validateRegistry).toEqualTypeOf<(records: readonly EnvironmentRecord[]) => string[]>();
    expectTypeOf<library.EnvironmentError['code']>().toEqualTypeOf<EnvironmentErrorCode>();
    expectTypeOf<EnvironmentRecord['account']>().toEqualTypeOf<string>();
  });
});
