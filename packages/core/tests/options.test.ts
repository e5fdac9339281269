import { describe, expect, it } from 'vitest';
import { UsageError, resolveOptions, type OptionSpec } from '../src/index.js';

const specs: OptionSpec[] = [
  {
    key: 'instanceAlias',
    flag: 'instance-alias',
    kind: 'string',
    env: ['INSTANCE_ALIAS'],
    description: 'alias',
    required: true,
  },
  {
    key: 'concurrency',
    flag: 'concurrency',
    kind: 'integer',
    env: ['CONCURRENCY'],
    default: 4,
    min: 1,
    max: 16,
    description: 'n',
  },
  { key: 'prune', flag: 'prune', kind: 'boolean', env: ['PRUNE'], default: false, description: 'prune' },
  { key: 'format', flag: 'format', kind: 'string', choices: ['env', 'json'], default: 'env', description: 'format' },
  { key: 'include', flag: 'include', kind: 'list', description: 'patterns' },
];

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('resolveOptions', () => {
  it('prefers the flag over the environment variable over the config file over the default', () => {
    const config = { instanceAlias: 'from-config', concurrency: 2 };
    expect(
      resolveOptions(specs, { flags: { instanceAlias: 'from-flag' }, env: { INSTANCE_ALIAS: 'from-env' }, config }),
    ).toMatchObject({ instanceAlias: 'from-flag', concurrency: 2 });
    expect(
      resolveOptions(specs, { flags: {}, env: { INSTANCE_ALIAS: 'from-env', CONCURRENCY: '8' }, config }),
    ).toMatchObject({
      instanceAlias: 'from-env',
      concurrency: 8,
    });
    expect(resolveOptions(specs, { flags: {}, env: {}, config })).toMatchObject({
      instanceAlias: 'from-config',
      concurrency: 2,
    });
    expect(resolveOptions(specs, { flags: { instanceAlias: 'x' }, env: {} })).toMatchObject({
      concurrency: 4,
      prune: false,
      format: 'env',
    });
  });

  it('parses booleans, integers and lists from text', () => {
    const out = resolveOptions<Record<string, unknown>>(specs, {
      flags: { instanceAlias: 'x', include: ['a,b', 'c'] },
      env: { PRUNE: 'true', CONCURRENCY: '3' },
    });
    expect(out).toMatchObject({ prune: true, concurrency: 3, include: ['a', 'b', 'c'] });
  });

  it('reports every problem at once, naming flags and environment variables', () => {
    const message = usageMessage(() =>
      resolveOptions(specs, { flags: { format: 'yaml' }, env: { CONCURRENCY: 'many', PRUNE: 'maybe' } }),
    );
    expect(message).toContain('$CONCURRENCY (for --concurrency) must be a whole number');
    expect(message).toContain('$PRUNE (for --prune) must be true or false');
    expect(message).toContain('--format must be one of env, json');
    expect(message).toContain('--instance-alias is required (or set $INSTANCE_ALIAS)');
  });

  it('enforces ranges', () => {
    expect(
      usageMessage(() => resolveOptions(specs, { flags: { instanceAlias: 'x', concurrency: '99' }, env: {} })),
    ).toContain('--concurrency must be at most 16');
  });

  it('names the configuration file when one of its values has the wrong type', () => {
    const message = usageMessage(() =>
      resolveOptions(specs, {
        flags: { instanceAlias: 'x' },
        env: {},
        config: { prune: 3 },
        configFile: 'src/connect-deploy.json',
      }),
    );
    expect(message).toContain("'prune' in src/connect-deploy.json");
  });
});
