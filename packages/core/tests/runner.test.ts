import { describe, expect, it } from 'vitest';
import { defineVerb, option, runCli, type CliDefinition, type OptionsOf, type StepValues } from '../src/cli/index.js';
import { AwsOperationError, ValidationError, type StepContext } from '../src/index.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: (env: Record<string, string | undefined> = {}) => ({
      stdout: { write: (c: string) => out.push(c) },
      stderr: { write: (c: string) => err.push(c) },
      env,
    }),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

let seen: { options: Record<string, unknown>; ctx: StepContext } | undefined;

const applyOptions = {
  source: option.string({ required: true, env: ['SOURCE_DIR'], valueName: 'dir', description: 'Source directory' }),
  limit: option.integer({ default: 5, min: 1, description: 'Limit' }),
};

async function apply(options: OptionsOf<typeof applyOptions> & StepValues, ctx: StepContext): Promise<void> {
  seen = { options, ctx };
  ctx.report.addResource({ type: 'queue', name: 'EDD Billing', action: 'create' });
  if (options.source === 'invalid')
    throw new ValidationError('source is invalid', [
      {
        file: 'flows/a.json',
        resource: 'flow "A"',
        path: 'Actions[2].Parameters.QueueId',
        message: 'queue "X" does not exist',
      },
      { file: 'flows/b.json', message: 'not JSON' },
    ]);
  if (options.source === 'aws')
    throw new AwsOperationError('BatchWriteItem failed for 2 items', { items: ['pk=a', 'pk=b'] });
  if (options.source === 'bug') throw new TypeError('x is undefined');
}

const definition: CliDefinition = {
  name: 'sample-step',
  version: '1.4.0',
  summary: 'A step used to test the runner',
  verbs: {
    apply: defineVerb({
      summary: 'Apply things',
      target: 'optional',
      writes: true,
      options: applyOptions,
      load: async () => apply,
    }),
    check: defineVerb({
      summary: 'Check offline',
      target: 'none',
      options: {},
      load: async () => async () => 3,
    }),
  },
};

describe('runCli', () => {
  it('prints the verb list for --help and the version for --version', async () => {
    const c = capture();
    expect(await runCli(definition, ['--help'], c.io())).toBe(0);
    expect(c.stdout()).toContain('sample-step 1.4.0: A step used to test the runner');
    expect(c.stdout()).toMatch(/apply\s+Apply things/);
    const v = capture();
    expect(await runCli(definition, ['--version'], v.io())).toBe(0);
    expect(v.stdout()).toBe('1.4.0\n');
  });

  it('generates verb help from the option schema, with environment variables, defaults and exit codes', async () => {
    const c = capture();
    expect(await runCli(definition, ['apply', '--help'], c.io())).toBe(0);
    const help = c.stdout();
    expect(help).toMatch(/--source <dir>\s+Source directory \(env \$EDD_SAMPLE_STEP_SOURCE; required\)/);
    expect(help).toMatch(/--limit <n>\s+Limit \(env \$EDD_SAMPLE_STEP_LIMIT; default 5\)/);
    expect(help).toContain('--dry-run');
    expect(help).toMatch(/--environment <name>.*\$Environment/);
    expect(help).toContain('Exit codes: 0 success');
  });

  it('exits 2 with a suggestion for an unknown option', async () => {
    const c = capture();
    expect(await runCli(definition, ['apply', '--sourse', 'x'], c.io())).toBe(2);
    expect(c.stderr()).toContain('unknown option --sourse (did you mean --source?)');
  });

  it('exits 2 for an unknown verb', async () => {
    const c = capture();
    expect(await runCli(definition, ['aply'], c.io())).toBe(2);
    expect(c.stderr()).toContain("unknown verb 'aply' (did you mean apply?)");
  });

  it('exits 2 listing every option problem', async () => {
    const c = capture();
    expect(await runCli(definition, ['apply', '--limit', '0'], c.io())).toBe(2);
    expect(c.stderr()).toContain('--limit must be at least 1');
    expect(c.stderr()).toContain('--source is required (or set $EDD_SAMPLE_STEP_SOURCE)');
  });

  it('resolves the target and passes options, dry run and placeholders to the handler', async () => {
    const c = capture();
    expect(
      await runCli(
        definition,
        ['apply', '--dry-run'],
        c.io({ SOURCE_DIR: 'src', Environment: 'qa', AccountNumber: '640079793484' }),
      ),
    ).toBe(0);
    expect(seen?.options).toMatchObject({ source: 'src', limit: 5, dryRun: true });
    expect(seen?.ctx.dryRun).toBe(true);
    expect(seen?.ctx.target?.label).toBe('qa/640079793484 (us-east-1)');
    expect(seen?.ctx.placeholders()).toEqual({ Environment: 'qa', AccountNumber: '640079793484', Region: 'us-east-1' });
  });

  it('exits 2 naming both values when environment and account disagree', async () => {
    const c = capture();
    expect(
      await runCli(definition, ['apply', '--source', 's'], c.io({ Environment: 'qa', AccountNumber: '658456346551' })),
    ).toBe(2);
    expect(c.stderr()).toMatch(/Environment 'qa' and AccountNumber 658456346551 disagree/);
  });

  it('exits 3 and prints one line per validation problem', async () => {
    const c = capture();
    expect(await runCli(definition, ['apply', '--source', 'invalid'], c.io())).toBe(3);
    const lines = c.stderr().trim().split('\n');
    expect(lines[0]).toBe('error: source is invalid (2 problems):');
    expect(lines[1]).toBe('error:   flows/a.json flow "A" Actions[2].Parameters.QueueId: queue "X" does not exist');
  });

  it('exits 4 listing the items AWS did not accept', async () => {
    const c = capture();
    expect(await runCli(definition, ['apply', '--source', 'aws'], c.io())).toBe(4);
    expect(c.stderr()).toContain('error:   pk=b');
  });

  it('exits 1 for an unexpected error, with the stack only under --debug', async () => {
    const c = capture();
    expect(await runCli(definition, ['apply', '--source', 'bug'], c.io())).toBe(1);
    expect(c.stderr()).toContain('internal error: x is undefined (run again with --debug for the stack trace)');
    const d = capture();
    expect(await runCli(definition, ['apply', '--source', 'bug', '--debug'], d.io())).toBe(1);
    expect(d.stderr()).toContain('at ');
  });

  it('writes the JSON report on stdout with --json, also on failure', async () => {
    const ok = capture();
    expect(await runCli(definition, ['apply', '--source', 's', '--json'], ok.io())).toBe(0);
    const report = JSON.parse(ok.stdout()) as Record<string, unknown>;
    expect(report).toMatchObject({
      step: 'sample-step',
      verb: 'apply',
      exitCode: 0,
      summary: { create: 1 },
      dryRun: false,
    });
    const bad = capture();
    expect(await runCli(definition, ['apply', '--source', 'aws', '--json'], bad.io())).toBe(4);
    expect(JSON.parse(bad.stdout())).toMatchObject({ exitCode: 4, error: 'BatchWriteItem failed for 2 items' });
  });

  it('returns the exit code a handler returns', async () => {
    expect(await runCli(definition, ['check'], capture().io())).toBe(3);
  });
});
