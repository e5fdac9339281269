import { UsageError, exitCodeOf } from '@edd/cli';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as library from '../src/index.js';
import type { NewEnvironmentOptions, NewEnvironmentResult } from '../src/index.js';

describe('the library entry', () => {
  it('exports the addition of an environment and its error, nothing of the command line', () => {
    expect(Object.keys(library).sort()).toEqual(['NewEnvironmentError', 'addEnvironment']);
  });

  it('refuses an entry with a usage error listing every problem (exit 2)', () => {
    const error = new library.NewEnvironmentError(['account too short', 'branch taken']);
    expect(error).toBeInstanceOf(UsageError);
    expect(exitCodeOf(error)).toBe(2);
    expect(error.message).toBe('the environment cannot be added: account too short; branch taken');
  });

  it('types the addition by its options and its result', () => {
    expectTypeOf(library.addEnvironment).toEqualTypeOf<(o: NewEnvironmentOptions) => Promise<NewEnvironmentResult>>();
    expectTypeOf<NewEnvironmentOptions>().toHaveProperty('root').toEqualTypeOf<string>();
    expectTypeOf<NewEnvironmentResult>().toHaveProperty('instructions').toEqualTypeOf<string>();
  });
});
