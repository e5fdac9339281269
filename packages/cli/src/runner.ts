import { lstatSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BASE_OPTIONS,
  type AnyVerb,
  type CliIO,
  type Invocation,
  type ProgramDefinition,
  type RunLayer,
  type ToolContext,
} from './definition.js';
import { ExitCode, UsageError, ValidationError, exitCodeOf, explainError, isEddError } from './errors.js';
import { pathProblem } from './paths.js';
import { parseJsonStrict } from './strict-json.js';
import { renderProgramHelp, renderVerbHelp, verbSpecs } from './help.js';
import { resolveOptions, specsOf, type OptionSpec, type RawValues } from './options.js';

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** ` (did you mean X?)` for the closest candidate, when it is close enough to be a typo. */
export function suggestion(word: string, candidates: readonly string[]): string {
  const best = candidates.map((c) => ({ c, d: editDistance(word, c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean ${best.c}?)` : '';
}

function parseFlags(where: string, specs: readonly OptionSpec[], args: string[]): RawValues {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const s of specs) {
    config[s.flag] = {
      type: s.kind === 'boolean' ? 'boolean' : 'string',
      ...(s.short ? { short: s.short } : {}),
      ...(s.kind === 'list' || s.kind === 'regex-list' ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const hint = suggestion(
        unknown,
        specs.map((s) => `--${s.flag}`),
      );
      throw new UsageError(`unknown option ${unknown}${hint}; run '${where}' for the options`);
    }
    throw new UsageError(`${message.replace(/\. To specify.*$/s, '')}; run '${where}' for the options`);
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unexpected argument '${parsed.positionals[0]}'; run '${where}' for usage`);
  }
  const values: RawValues = {};
  for (const s of specs) values[s.key] = parsed.values[s.flag] as string | boolean | string[] | undefined;
  return values;
}

/**
 * A verb's configuration file comes from the repository: untrusted. It is read only when it is a regular file of its
 * own folder (a link leading out of it, into /proc, a FIFO or a device stops the step, exit 3, without reading it),
 * a key given twice is refused, and no message ever quotes its content.
 */
function readConfigFile(path: string): Record<string, unknown> {
  const link = lstatOrUndefined(path);
  if (!link) return {};
  const problem = pathProblem(path, 'file');
  if (problem)
    throw new ValidationError(`configuration file ${path} cannot be used`, [{ file: path, message: problem }]);
  const folder = realpathSync(dirname(resolve(path)));
  const real = realpathSync(path);
  if (dirname(real) !== folder && !real.startsWith(`${folder}${sep}`))
    throw new ValidationError(`configuration file ${path} cannot be used`, [
      { file: path, message: `is a link that leaves its folder (to ${real}); replace it with the file itself` },
    ]);
  let text: string;
  try {
    text = readFileSync(real, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read configuration file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const parsed = parseJsonStrict(text);
  if (!parsed.ok) throw new UsageError(`configuration file ${path}:${parsed.problem.line}: ${parsed.problem.message}`);
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`configuration file ${path}: the top level must be a JSON object`);
  return value as Record<string, unknown>;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw new UsageError(`cannot read configuration file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/**
 * The options a command line gives a verb, resolved and validated as a run would (flags, environment variables,
 * defaults; no configuration file), without running anything: for tests and for callers that start work themselves.
 * Throws a UsageError listing every problem.
 */
export function parseCommandLine<V extends AnyVerb>(
  def: ProgramDefinition<V>,
  argv: readonly string[],
  {
    layer = toolLayer as unknown as RunLayer<V>,
    env = {},
  }: { layer?: RunLayer<V>; env?: Record<string, string | undefined> } = {},
): { verbName: string; options: Record<string, unknown> } {
  const args = [...argv];
  const verbName = args[0] !== undefined && Object.hasOwn(def.verbs, args[0]) ? args.shift()! : def.defaultVerb;
  if (!verbName) throw new UsageError(`unknown verb '${args[0]}'`);
  const verb = def.verbs[verbName]!;
  const specs = [...verbSpecs(def, verb), ...layer.commonOptions(def, verb)];
  const flags = parseFlags(`${def.name} --help`, specs, args);
  return { verbName, options: resolveOptions<Record<string, unknown>>(specs, { flags, env }) };
}

/**
 * A verb's options from values given by option key (parsed flags, or a library call's values), resolved as a run
 * resolves them: value > environment variable > the verb's configuration file > default, validated at once.
 * Throws a UsageError listing every problem, a key the verb does not take among them.
 */
export function resolveVerbOptions<V extends AnyVerb>(
  def: ProgramDefinition<V>,
  layer: RunLayer<V>,
  verb: V,
  values: RawValues,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  const specs = [...verbSpecs(def, verb), ...layer.commonOptions(def, verb)];
  const keys = specs.map((s) => s.key);
  const unknown = Object.keys(values).filter((key) => values[key] !== undefined && !keys.includes(key));
  if (unknown.length > 0)
    throw new UsageError(
      unknown.map((key) => `unknown option '${key}'${suggestion(key, keys)}`).join('; ') + `; see ${def.name} --help`,
    );
  let config: Record<string, unknown> | undefined;
  let configFile: string | undefined;
  if (verb.configFile) {
    // Only to find the configuration file: the resolution below reports every problem, this one none.
    let early: Record<string, unknown> | undefined;
    try {
      early = resolveOptions<Record<string, unknown>>(
        specs.map((s) => ({ ...s, required: false })),
        { flags: values, env },
      );
    } catch (error) {
      if (!isEddError(error)) throw error;
    }
    configFile = early && verb.configFile(early);
    if (configFile) config = readConfigFile(configFile);
  }
  return resolveOptions<Record<string, unknown>>(specs, { flags: values, env, config, configFile });
}

const defaultIO = (): CliIO => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/**
 * Prints an error: its own lines when it is a known (branded) error or maps to a known exit code, else one line
 * marked as internal with a hint at `--debug`; the stack only with `--debug`.
 */
export function printError(
  log: { error(line: string): void; debug(line: string): void },
  error: unknown,
  code: number,
  debug: boolean,
): void {
  if (isEddError(error) || code !== ExitCode.Internal) {
    for (const line of explainError(error)) log.error(line);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`internal error: ${message}${debug ? '' : ' (run again with --debug for the stack trace)'}`);
  }
  if (debug && error instanceof Error && error.stack) log.debug(error.stack);
}

/**
 * Runs one invocation of an executable and returns its exit code: verb, flags, help, version, options resolved
 * flag > environment variable > configuration file > default and validated at once, the handler, and every error
 * mapped to its exit code with a one-line message. `layer` adds the executable's own common options and context.
 */
export async function runProgram<V extends AnyVerb>(
  def: ProgramDefinition<V>,
  argv: readonly string[],
  layer: RunLayer<V>,
  io: CliIO = defaultIO(),
): Promise<number> {
  const separator = argv.indexOf('--');
  const args = separator >= 0 ? argv.slice(0, separator) : [...argv];
  const command = separator >= 0 ? argv.slice(separator + 1) : undefined;
  const fallbackLog = {
    error: (line: string) => io.stderr.write(`error: ${line}\n`),
    debug: (line: string) => io.stderr.write(`debug: ${line}\n`),
  };

  if (args.length === 0 && !def.defaultVerb) {
    io.stdout.write(renderProgramHelp(def, layer));
    return ExitCode.Usage;
  }
  if (args[0] === '--version') {
    io.stdout.write(`${def.version}\n`);
    return ExitCode.Success;
  }
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout.write(renderProgramHelp(def, layer));
    return ExitCode.Success;
  }

  const verbName = args[0] !== undefined && Object.hasOwn(def.verbs, args[0]) ? args.shift()! : def.defaultVerb;
  if (!verbName) {
    const verbs = Object.keys(def.verbs);
    fallbackLog.error(`unknown verb '${args[0]}'${suggestion(args[0] ?? '', verbs)}; verbs: ${verbs.join(', ')}`);
    return ExitCode.Usage;
  }
  const verb = def.verbs[verbName]!;
  const specs = [...verbSpecs(def, verb), ...layer.commonOptions(def, verb)];
  const where = `${def.name}${def.defaultVerb === verbName ? '' : ` ${verbName}`} --help`;
  let debug = args.includes('--debug');
  let invocation: Invocation | undefined;
  let options: Record<string, unknown> | undefined;
  try {
    invocation = layer.invocation({ def, verbName, verb, args, io });
    if (command && !verb.passthrough) throw new UsageError(`'${verbName}' does not run a command after '--'`);
    const flags = parseFlags(where, specs, args);
    if (flags.help) {
      io.stdout.write(renderVerbHelp(def, layer, verbName));
      return ExitCode.Success;
    }
    if (flags.version) {
      io.stdout.write(`${def.version}\n`);
      return ExitCode.Success;
    }
    options = resolveVerbOptions(def, layer, verb, flags, io.env);
    debug = options.debug === true;
    if (command) {
      if (command.length === 0) throw new UsageError("nothing to run after '--'");
      options.command = command;
    }
    const ctx = await invocation.open(options);
    const handler = await verb.load();
    await invocation.beforeHandler?.();
    const code = (await handler(options as never, ctx as never)) ?? ExitCode.Success;
    invocation.finish?.({ code, options });
    return code;
  } catch (error) {
    const code = invocation?.exitCodeOf?.(error) ?? exitCodeOf(error);
    printError(invocation?.log ?? fallbackLog, error, code, debug);
    invocation?.finish?.({ code, error, ...(options ? { options } : {}) });
    return code;
  } finally {
    invocation?.dispose?.();
  }
}

const TOOL_EXIT_CODES = 'Exit codes: 0 success, 1 internal error, 2 usage or configuration error';
const baseSpecs = specsOf(BASE_OPTIONS);

/** The layer of plain executables (tools): the base options, and a context of the output streams. */
export const toolLayer: RunLayer = {
  commonOptions: () => baseSpecs,
  exitCodes: TOOL_EXIT_CODES,
  invocation: ({ io }) => ({
    open: (options): ToolContext => ({
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      debug: options.debug === true,
    }),
  }),
};

/** Runs a plain executable (a tool) and returns its exit code: `process.exitCode = await runCli(definition, argv)`. */
export function runCli(def: ProgramDefinition, argv: readonly string[], io?: CliIO): Promise<number> {
  return runProgram(def, argv, toolLayer, io);
}
