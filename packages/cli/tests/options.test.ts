import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { UsageError, option, resolveOptions, specsOf, type OptionsOf } from '../src/index.js';

const options = {
  instanceAlias: option.string({ description: 'alias', env: ['INSTANCE_ALIAS'], required: true }),
  concurrency: option.integer({ description: 'n', env: ['CONCURRENCY'], default: 4, min: 1, max: 16 }),
  prune: option.boolean({ description: 'prune', env: ['PRUNE'] }),
  format: option.choice(['env', 'json'], { description: 'format', default: 'env' }),
  include: option.list({ description: 'names' }),
  match: option.regexList({ description: 'patterns' }),
  region: option.region({ description: 'region' }),
  scale: option.number({ description: 'scale', min: 0.1 }),
};
const specs = specsOf(options, 'EDD_SAMPLE');

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('option definitions', () => {
  it("give the handler's input type: required and defaulted options are set, the others optional", () => {
    type Options = OptionsOf<typeof options>;
    expectTypeOf<Options['instanceAlias']>().toEqualTypeOf<string>();
    expectTypeOf<Options['concurrency']>().toEqualTypeOf<number>();
    expectTypeOf<Options['prune']>().toEqualTypeOf<boolean>();
    expectTypeOf<Options['format']>().toEqualTypeOf<'env' | 'json'>();
    expectTypeOf<Options['include']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<Options['region']>().toEqualTypeOf<string | undefined>();
    const read = (o: Options) => {
      // @ts-expect-error a misspelt option is not part of the type
      return o.instanceAlais;
    };
    expect(read).toBeTypeOf('function');
  });

  it('generate the canonical environment variable from the prefix and key, older names after it', () => {
    expect(specs.find((s) => s.key === 'instanceAlias')).toMatchObject({
      flag: 'instance-alias',
      env: ['EDD_SAMPLE_INSTANCE_ALIAS', 'INSTANCE_ALIAS'],
    });
    const resolved = resolveOptions<Record<string, unknown>>(specs, {
      flags: {},
      env: { EDD_SAMPLE_INSTANCE_ALIAS: 'new', INSTANCE_ALIAS: 'old' },
    });
    expect(resolved.instanceAlias).toBe('new');
    expect(resolveOptions<Record<string, unknown>>(specs, { flags: {}, env: { INSTANCE_ALIAS: 'old' } })).toMatchObject(
      { instanceAlias: 'old' },
    );
  });
});

describe('resolveOptions', () => {
  it('prefers the flag over the environment variable over the config file over the default', () => {
    const config = { instanceAlias: 'from-config', concurrency: 2 };
    expect(
      resolveOptions(specs, { flags: { instanceAlias: 'from-flag' }, env: { INSTANCE_ALIAS: 'from-env' }, config }),
    ).toMatchObject({ instanceAlias: 'from-flag', concurrency: 2 });
    expect(
      resolveOptions(specs, { flags: {}, env: { INSTANCE_ALIAS: 'from-env', CONCURRENCY: '8' }, config }),
    ).toMatchObject({ instanceAlias: 'from-env', concurrency: 8 });
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

  it('parses booleans, numbers and lists from text; regular expressions keep their commas', () => {
    const out = resolveOptions<Record<string, unknown>>(specs, {
      flags: { instanceAlias: 'x', include: ['a,b', 'c'], match: ['^a{1,3}$'], scale: '2.5' },
      env: { PRUNE: 'true', CONCURRENCY: '3' },
    });
    expect(out).toMatchObject({
      prune: true,
      concurrency: 3,
      include: ['a', 'b', 'c'],
      match: ['^a{1,3}$'],
      scale: 2.5,
    });
  });

  it('reports every problem at once, naming flags and environment variables', () => {
    const message = usageMessage(() =>
      resolveOptions(specs, { flags: { format: 'yaml' }, env: { CONCURRENCY: 'many', PRUNE: 'maybe' } }),
    );
    expect(message).toContain('$CONCURRENCY (for --concurrency) must be a whole number');
    expect(message).toContain('$PRUNE (for --prune) must be true or false');
    expect(message).toContain('--format must be one of env, json');
    expect(message).toContain('--instance-alias is required (or set $EDD_SAMPLE_INSTANCE_ALIAS)');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('enforces ranges', () => {
    expect(
      usageMessage(() => resolveOptions(specs, { flags: { instanceAlias: 'x', concurrency: '99' }, env: {} })),
    ).toContain('--concurrency must be at most 16');
  });

  it('names the flag and the pattern of an invalid regular expression', () => {
    expect(
      usageMessage(() =>
        resolveOptions(specs, { flags: { instanceAlias: 'x', match: ['ok', 'flows/(EDD'] }, env: {} }),
      ),
    ).toMatch(/^--match 'flows\/\(EDD' is not a valid regular expression: .*Unterminated group/);
  });

  it('accepts AWS region names of every partition and refuses anything else', () => {
    for (const region of [
      'eu-west-2',
      'us-gov-west-1',
      'cn-north-1',
      'us-iso-east-1',
      'us-isob-east-1',
      'ap-southeast-5',
    ]) {
      expect(resolveOptions(specs, { flags: { instanceAlias: 'x', region }, env: {} })).toMatchObject({ region });
    }
    for (const region of ['eu-west', 'EU-WEST-2', 'us-east-1; rm -rf /', 'http://x']) {
      expect(
        usageMessage(() =>
          resolveOptions(specs, { flags: { instanceAlias: 'x' }, env: { EDD_SAMPLE_REGION: region } }),
        ),
      ).toBe('--region must be an AWS region name such as eu-west-2 or us-gov-west-1');
    }
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

describe('path options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edd-cli-paths-'));
  const file = join(dir, 'items.jsonl');
  writeFileSync(file, '');
  mkdirSync(join(dir, 'sub'));
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const paths = specsOf({
    input: option.path({ description: 'in', must: 'file' }),
    folder: option.path({ description: 'dir', must: 'dir' }),
    output: option.path({ description: 'out', must: 'writable-file' }),
  });
  const check = (flags: Record<string, string>) => () => resolveOptions(paths, { flags, env: {} });

  it('accepts an existing file, an existing directory and a new file in an existing directory', () => {
    expect(check({ input: file, folder: dir, output: join(dir, 'new.json') })()).toMatchObject({ input: file });
  });

  it('refuses a missing file, a directory, a pipe and /proc without opening them', () => {
    expect(usageMessage(check({ input: join(dir, 'missing') }))).toBe(
      `--input: '${join(dir, 'missing')}' does not exist`,
    );
    expect(usageMessage(check({ input: dir }))).toBe(`--input: '${dir}' is a directory, not a file`);
    expect(usageMessage(check({ input: fifo }))).toBe(`--input: '${fifo}' is a named pipe, not a file`);
    expect(usageMessage(check({ input: '/proc/self/status' }))).toContain('kernel file system');
    expect(usageMessage(check({ folder: file }))).toBe(`--folder: '${file}' is not a directory`);
  });

  it('refuses to write where no file can be written', () => {
    expect(usageMessage(check({ output: join(dir, 'sub') }))).toContain(
      'is a directory, not a file that can be written',
    );
    expect(usageMessage(check({ output: join(file, 'x.json') }))).toContain(`${file} is not a directory`);
    expect(usageMessage(check({ output: join(dir, 'no/such/x.json') }))).toContain('does not exist');
    expect(usageMessage(check({ output: '/proc/self/x' }))).toContain('kernel file system');
  });
});
