import type { StepReport } from '@edd/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as library from '../src/index.js';
import type { AssumeOptions, AssumeResult, AssumeRoleRequest, AssumedRole, StepCall } from '../src/index.js';

describe('the library entry', () => {
  it('exports the verb, the assumption and the hand-off formats, nothing of the command line', () => {
    expect(Object.keys(library).sort()).toEqual([
      'assume',
      'assumeRole',
      'formatCredentialProcess',
      'formatEnv',
      'roleArn',
      'writeProfile',
    ]);
  });

  it('types the verb by its options and its report', () => {
    expectTypeOf(library.assume).toEqualTypeOf<(o: AssumeOptions, c?: StepCall) => Promise<AssumeResult>>();
    expectTypeOf<AssumeOptions['format']>().toEqualTypeOf<'env' | 'json' | 'profile' | undefined>();
    expectTypeOf<AssumeOptions>().not.toHaveProperty('dryRun');
    expectTypeOf<AssumeResult>().toMatchTypeOf<StepReport>();
    expectTypeOf<AssumeResult['output']>().toEqualTypeOf<string>();
    expectTypeOf(library.assumeRole).parameter(1).toEqualTypeOf<AssumeRoleRequest>();
    expectTypeOf(library.assumeRole).returns.resolves.toEqualTypeOf<AssumedRole>();
  });
});
