import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';

type ErrorsModule = typeof errors;

/** A second, separately evaluated copy of the errors module, as when an application bundles two versions. */
async function secondCopy(): Promise<ErrorsModule> {
  // The query makes the module loader evaluate the file again as a module of its own.
  const specifier = '../src/errors.ts?second-copy';
  const copy = (await import(/* @vite-ignore */ specifier)) as ErrorsModule;
  expect(copy.UsageError).not.toBe(errors.UsageError);
  return copy;
}

describe('branded errors', () => {
  it('recognises the errors of another copy of the module by their brand', async () => {
    const other = await secondCopy();
    const usage = new other.UsageError('--region must be an AWS region name');
    const validation = new other.ValidationError('bad export', [{ file: 'a.json', message: 'x' }]);

    expect(Function.prototype[Symbol.hasInstance].call(errors.UsageError, usage)).toBe(false);
    expect(errors.isEddError(usage)).toBe(true);
    expect(errors.exitCodeOf(usage)).toBe(2);
    expect(errors.exitCodeOf(validation)).toBe(3);
    expect(errors.exitCodeOf(new other.WaitTimeoutError('slow'))).toBe(5);
    expect(usage instanceof errors.UsageError).toBe(true);
    expect(usage instanceof errors.EddError).toBe(true);
    expect(validation instanceof errors.UsageError).toBe(false);
    expect(errors.isEddError(validation, 'validation')).toBe(true);
    expect(errors.explainError(validation)).toEqual(['bad export: a.json: x']);
  });

  it('maps anything without the brand to an internal error, even when it looks like one', () => {
    const lookalike = Object.assign(new Error('x'), { exitCode: 2 });
    expect(errors.isEddError(lookalike)).toBe(false);
    expect(errors.exitCodeOf(lookalike)).toBe(1);
    expect(errors.exitCodeOf('thrown string')).toBe(1);
    expect(lookalike instanceof errors.EddError).toBe(false);
  });

  it('keeps plain instanceof for subclasses that are not branded themselves', () => {
    class ConfigError extends errors.UsageError {}
    expect(new ConfigError('x') instanceof errors.UsageError).toBe(true);
    expect(new errors.UsageError('x') instanceof ConfigError).toBe(false);
    expect(errors.exitCodeOf(new ConfigError('x'))).toBe(2);
  });

  it('explains a validation error with several problems one line each', () => {
    const error = new errors.ValidationError('source is invalid', [
      { file: 'flows/a.json', line: 3, resource: 'flow "A"', path: 'Actions[2]', message: 'queue "X" does not exist' },
      { file: 'flows/b.json', message: 'not JSON' },
    ]);
    expect(error.explain()).toEqual([
      'source is invalid (2 problems):',
      '  flows/a.json:3 flow "A" Actions[2]: queue "X" does not exist',
      '  flows/b.json: not JSON',
    ]);
  });
});
