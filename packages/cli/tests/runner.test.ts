import { describe, expect, it } from 'vitest';
import {
  UsageError,
  defineVerb,
  option,
  resolveVerbOptions,
  runCli,
  toolLayer,
  type OptionsOf,
  type ProgramDefinition,
  type ToolContext,
} from '../src/index.js';

function capture(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (c: string) => out.push(c) }, stderr: { write: (c: string) => err.push(c) }, env },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

const serveOptions = {
  port: option.integer({ description: 'TCP port', default: 4566, min: 0, max: 65535 }),
  host: option.string({ description: 'Interface', default: '127.0.0.1', valueName: 'address' }),
  fault: option.list({ description: 'A fault rule', valueName: 'rule' }),
};
type ServeOptions = OptionsOf<typeof serveOptions>;
let seen: ServeOptions | undefined;

async function serve(options: ServeOptions, ctx: ToolContext): Promise<number> {
  seen = options;
  if (options.host === 'bad') throw new UsageError('cannot listen on bad');
  if (options.host === 'bug') throw new TypeError('x is undefined');
  ctx.stdout.write(`listening on ${options.host}:${options.port}\n`);
  return 0;
}

const definition: ProgramDefinition = {
  name: 'sample-tool',
  version: '2.0.0',
  summary: 'A tool used to test the runner',
  defaultVerb: 'serve',
  verbs: {
    serve: defineVerb({ summary: 'Serve things', options: serveOptions, load: async () => serve }),
  },
};

describe('runCli for tools', () => {
  it('renders the help of a single-verb tool with its options, the common ones and the exit codes', async () => {
    const c = capture();
    expect(await runCli(definition, ['--help'], c.io)).toBe(0);
    expect(c.stdout()).toContain('sample-tool 2.0.0: Serve things');
    expect(c.stdout()).toContain('Usage: sample-tool [options]');
    expect(c.stdout()).toMatch(/--port <n>\s+TCP port \(env \$EDD_SAMPLE_TOOL_PORT; default 4566\)/);
    expect(c.stdout()).toMatch(/-h, --help\s+Show this help/);
    expect(c.stdout()).toContain('Exit codes: 0 success, 1 internal error, 2 usage or configuration error');
  });

  it('passes typed options from flags and environment variables to the handler', async () => {
    const c = capture({ EDD_SAMPLE_TOOL_HOST: '0.0.0.0' });
    expect(await runCli(definition, ['--port', '0', '--fault', 'a=1', '--fault', 'b=2'], c.io)).toBe(0);
    expect(seen).toMatchObject({ port: 0, host: '0.0.0.0', fault: ['a=1', 'b=2'] });
    expect(c.stdout()).toBe('listening on 0.0.0.0:0\n');
  });

  it('exits 2 with one line and a suggestion for an unknown option or a bad value', async () => {
    const c = capture();
    expect(await runCli(definition, ['--prot', '1'], c.io)).toBe(2);
    expect(c.stderr()).toBe(
      "error: unknown option --prot (did you mean --port?); run 'sample-tool --help' for the options\n",
    );
    const d = capture();
    expect(await runCli(definition, ['--port', 'x'], d.io)).toBe(2);
    expect(d.stderr()).toBe("error: --port must be a whole number, got 'x'\n");
  });

  it('maps errors to exit codes: a usage error 2 in one line, anything else 1 with the stack under --debug', async () => {
    const c = capture();
    expect(await runCli(definition, ['--host', 'bad'], c.io)).toBe(2);
    expect(c.stderr()).toBe('error: cannot listen on bad\n');
    const d = capture();
    expect(await runCli(definition, ['--host', 'bug'], d.io)).toBe(1);
    expect(d.stderr()).toBe('error: internal error: x is undefined (run again with --debug for the stack trace)\n');
    const e = capture();
    expect(await runCli(definition, ['--host', 'bug', '--debug'], e.io)).toBe(1);
    expect(e.stderr()).toMatch(/^debug: TypeError: x is undefined\n\s+at /m);
  });

  it('refuses a handler whose options do not match the verb at compile time', () => {
    const verb = () =>
      defineVerb({
        summary: 'x',
        options: serveOptions,
        // @ts-expect-error the handler reads an option the verb does not define
        load: async () => async (options: { prot: number }) => options.prot,
      });
    expect(verb).toBeTypeOf('function');
  });
});

describe('resolveVerbOptions', () => {
  const verb = definition.verbs[Object.keys(definition.verbs)[0]!]!;

  it('resolves values given by key as flags are: defaults filled, numbers kept, checks applied', () => {
    expect(resolveVerbOptions(definition, toolLayer, verb, { port: 8080 } as never, {})).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
    });
    expect(() => resolveVerbOptions(definition, toolLayer, verb, { port: 70000 } as never, {})).toThrow(
      /--port must be at most 65535/,
    );
  });

  it('refuses a key the verb does not take, suggesting the one meant', () => {
    expect(() => resolveVerbOptions(definition, toolLayer, verb, { prot: '1' }, {})).toThrow(UsageError);
    expect(() => resolveVerbOptions(definition, toolLayer, verb, { prot: '1' }, {})).toThrow(
      "unknown option 'prot' (did you mean port?); see sample-tool --help",
    );
  });
});
