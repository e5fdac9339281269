import { describe, expect, it } from 'vitest';
import {
  EnvironmentError,
  REGISTRY,
  Registry,
  formatTargetAccount,
  parseTargetAccount,
  registry,
  validateRegistry,
  type EnvironmentRecord,
} from '../src/index.js';

function errorOf(fn: () => unknown): EnvironmentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvironmentError) return error;
    throw error;
  }
  throw new Error('expected an EnvironmentError');
}

const base: EnvironmentRecord = {
  ivName: 'QA',
  eddName: 'QA',
  account: '640079793484',
  purpose: 'testing',
  branch: 'qa',
  defaultRegion: 'us-east-1',
  confirmed: true,
};

describe('registry data', () => {
  it('holds all fifteen accounts of the seed table and is valid', () => {
    expect(REGISTRY).toHaveLength(15);
    expect(validateRegistry(REGISTRY)).toEqual([]);
  });

  it('keeps the leading zero of UAT-FIX', () => {
    expect(registry.findByName('uat-fix')[0]?.account).toBe('058264286667');
  });

  it('marks Prod and Prod-FIX, and only them, as production', () => {
    expect(registry.productionTargets().map((r) => r.ivName)).toEqual(['Prod', 'Prod-FIX']);
  });

  it('records RND as unconfirmed with the seed number unchanged', () => {
    const rnd = registry.findByName('RND')[0]!;
    expect(rnd.confirmed).toBe(false);
    expect(rnd.account).toBe('90541811020');
  });
});

describe('validateRegistry', () => {
  it('rejects an account that is not 12 digits', () => {
    expect(validateRegistry([{ ...base, account: '64007979348' }])).toEqual([
      "environment 'QA': account '64007979348' must be exactly 12 digits",
    ]);
  });

  it('rejects an account given as a number', () => {
    const problems = validateRegistry([{ ...base, account: 640079793484 as unknown as string }]);
    expect(problems[0]).toContain('must be a string');
  });

  it('rejects duplicate IV names regardless of case', () => {
    const problems = validateRegistry([base, { ...base, ivName: 'qa', eddName: null, account: '111111111111' }]);
    expect(problems).toEqual(["environment 'qa': IV name 'qa' is also used by environment 'QA'"]);
  });

  it('rejects duplicate EDD names and duplicate accounts', () => {
    const problems = validateRegistry([base, { ...base, ivName: 'Other' }]);
    expect(problems).toContain("environment 'Other': EDD name 'qa' is also used by environment 'QA'");
    expect(problems).toContain("environment 'Other': account '640079793484' is also used by environment 'QA'");
  });

  it('rejects names with spaces, bad branches and bad regions', () => {
    const problems = validateRegistry([{ ...base, eddName: 'Performan ce', branch: 'a b', defaultRegion: 'virginia' }]);
    expect(problems).toHaveLength(3);
  });

  it('allows only one pipeline account', () => {
    const problems = validateRegistry([
      { ...base, pipelineAccount: true },
      { ...base, ivName: 'B', eddName: null, account: '222222222222', pipelineAccount: true },
    ]);
    expect(problems).toContain('only one environment can be the pipeline account');
  });

  it('takes production as a boolean, and never on the pipeline account', () => {
    const problems = validateRegistry([
      { ...base, production: 'yes' as unknown as boolean },
      { ...base, ivName: 'B', eddName: null, account: '222222222222', pipelineAccount: true, production: true },
    ]);
    expect(problems).toEqual([
      "environment 'QA': production must be true or false",
      "environment 'B': the pipeline account is not a deployment target and cannot be production",
    ]);
  });

  it('makes the Registry constructor refuse invalid data', () => {
    expect(() => new Registry([{ ...base, account: '1' }])).toThrow(/registry is invalid/);
  });
});

describe('Registry.resolve', () => {
  it('finds an environment by IV name in any case', () => {
    expect(registry.resolve({ environment: 'qa' }).account).toBe('640079793484');
    expect(registry.resolve({ environment: 'Sandbox2' }).account).toBe('123372620210');
  });

  it('finds an environment by account alone', () => {
    expect(registry.resolve({ account: '559550955475' }).ivName).toBe('Prod');
  });

  it('accepts an environment and account that agree', () => {
    expect(registry.resolve({ environment: 'qa', account: '640079793484' }).ivName).toBe('QA');
  });

  it('names both values when environment and account disagree', () => {
    const error = errorOf(() => registry.resolve({ environment: 'qa', account: '658456346551' }));
    expect(error.code).toBe('MISMATCH');
    expect(error.message).toContain("'qa'");
    expect(error.message).toContain('658456346551');
    expect(error.message).toContain('qa/640079793484');
  });

  it('uses the account to tell the IV name UAT from the EDD name UAT', () => {
    expect(registry.resolve({ environment: 'uat', account: '635425321918' }).ivName).toBe('UAT');
    expect(registry.resolve({ environment: 'uat', account: '443054495397' }).ivName).toBe('Staging');
  });

  it('refuses a name that means two accounts when no account is given', () => {
    const error = errorOf(() => registry.resolve({ environment: 'UAT' }));
    expect(error.code).toBe('AMBIGUOUS_ENVIRONMENT');
    expect(error.message).toContain('635425321918');
    expect(error.message).toContain('443054495397');
  });

  it('refuses RND by name and by number, saying the number must be confirmed', () => {
    for (const input of [
      { environment: 'rnd' },
      { account: '90541811020' },
      { environment: 'RND', account: '90541811020' },
    ]) {
      const error = errorOf(() => registry.resolve(input));
      expect(error.code).toBe('UNCONFIRMED_ACCOUNT');
      expect(error.message).toContain('90541811020');
      expect(error.message).toContain('confirm');
    }
  });

  it('refuses an account that is not 12 digits', () => {
    for (const account of ['64007979348', '6400797934840', '64007979348x', '']) {
      if (account === '') continue;
      expect(errorOf(() => registry.resolve({ account })).code).toBe('INVALID_ACCOUNT');
    }
  });

  it('refuses an unknown environment, listing the known ones', () => {
    const error = errorOf(() => registry.resolve({ environment: 'staging2' }));
    expect(error.code).toBe('UNKNOWN_ENVIRONMENT');
    expect(error.message).toContain('qa-fix');
  });

  it('refuses an unknown account', () => {
    expect(errorOf(() => registry.resolve({ account: '000000000000' })).code).toBe('UNKNOWN_ACCOUNT');
  });

  it('refuses to resolve nothing', () => {
    expect(errorOf(() => registry.resolve({ environment: ' ', account: undefined })).code).toBe('MISSING_ENVIRONMENT');
  });

  it('refuses the pipeline account as a deployment target', () => {
    expect(errorOf(() => registry.resolveTarget({ environment: 'shared' })).code).toBe('NOT_A_TARGET');
    expect(registry.resolveTarget({ environment: 'prod' }).account).toBe('559550955475');
  });
});

describe('TargetAccount values', () => {
  it('parses environment/account', () => {
    expect(parseTargetAccount('qa/640079793484')).toEqual({ environment: 'qa', account: '640079793484' });
  });

  it('rejects malformed values', () => {
    for (const value of ['qa', 'qa-640079793484', '/640079793484', 'qa/']) {
      expect(errorOf(() => parseTargetAccount(value)).code).toBe('INVALID_TARGET_ACCOUNT');
    }
  });

  it('lists every confirmed target and neither RND nor the pipeline account', () => {
    const values = registry.targetAccountValues();
    expect(values).toHaveLength(13);
    expect(values).toContain('dev/658456346551');
    expect(values).toContain('uat-fix/058264286667');
    expect(values.some((v) => v.startsWith('rnd/') || v.startsWith('shared/'))).toBe(false);
  });

  it('formats a record as its pipeline value', () => {
    expect(formatTargetAccount(registry.resolve({ environment: 'feature' }))).toBe('feature/441184076731');
  });
});
