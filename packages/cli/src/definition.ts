import type { LineSink } from './output.js';
import { option, type OptionRecord, type OptionsOf, type OptionSpec } from './options.js';

export type VerbHandler<Options, Context> = (options: Options, ctx: Context) => Promise<number | void>;

/** What every verb of every executable declares. `Options` is what its handler receives. */
export interface VerbSpec<O extends OptionRecord = OptionRecord, Options = never, Context = never> {
  summary: string;
  description?: string;
  options: O;
  /** Accepts `-- <command> [args]`, passed to the handler as `options.command`. */
  passthrough?: boolean;
  /** Optional configuration file read for option values (layer between environment variables and defaults). */
  configFile?: (early: Record<string, unknown>) => string | undefined;
  examples?: readonly string[];
  /** Loaded only when the verb runs, so `--help` loads nothing else. */
  load: () => Promise<VerbHandler<Options, Context>>;
}

/** A verb of any executable, its option types erased: what the runner and help work on. */
export type AnyVerb = VerbSpec<OptionRecord, never, never>;

export interface ProgramDefinition<V extends AnyVerb = AnyVerb> {
  /** Executable name, e.g. `connect-deploy`. */
  name: string;
  version: string;
  summary: string;
  verbs: Record<string, V>;
  /** Verb used when the first argument is not a verb (single-purpose executables). */
  defaultVerb?: string;
  /**
   * Prefix of the environment variables generated for the options (`<PREFIX>_<OPTION>`); by default `EDD_` and
   * the name (`EDD_LOCAL_AWS_PORT`); `false`: options are read from the variables they name, no others.
   */
  envPrefix?: string | false;
}

/** The options every executable accepts. */
export const BASE_OPTIONS = {
  debug: option.boolean({ description: 'Verbose log and stack traces', envName: 'EDD_DEBUG' }),
  help: option.boolean({ short: 'h', description: 'Show this help', envName: false }),
  version: option.boolean({ description: 'Print the version', envName: false }),
};

/** Values of the base options, plus the command after `--` for verbs that take one. */
export type BaseValues = OptionsOf<typeof BASE_OPTIONS> & { command?: string[] };

/** What a verb handler of a plain executable gets besides its options. */
export interface ToolContext {
  stdout: LineSink;
  stderr: LineSink;
  env: Record<string, string | undefined>;
  debug: boolean;
}

export type ToolVerb<O extends OptionRecord> = VerbSpec<O, OptionsOf<O> & BaseValues, ToolContext>;

/** A verb whose handler is typed by its options: a handler reading an option the verb lacks does not compile. */
export function defineVerb<const O extends OptionRecord>(verb: ToolVerb<O>): ToolVerb<O> {
  return verb;
}

/** The part of the runner an executable layer adds: its common options, its context, its exit codes. */
export interface RunLayer<V extends AnyVerb = AnyVerb> {
  /** Options every verb takes besides its own (including `BASE_OPTIONS`), as specs. */
  commonOptions(def: ProgramDefinition<V>, verb: V): readonly OptionSpec[];
  /** The exit-code line of help. */
  exitCodes: string;
  /** One run of a verb: set up once the options are resolved. */
  invocation(run: RunStart<V>): Invocation;
}

export interface RunStart<V extends AnyVerb = AnyVerb> {
  def: ProgramDefinition<V>;
  verbName: string;
  verb: V;
  /** The arguments before `--`, for flags needed before parsing (`--json`). */
  args: readonly string[];
  io: CliIO;
}

export interface Invocation {
  /** The context handed to the handler; may throw (a UsageError for a bad target). */
  open(options: Record<string, unknown>): Promise<unknown> | unknown;
  /** Runs after the handler is loaded and before it is called (an account guard). */
  beforeHandler?(): Promise<void>;
  /** Exit code of an error, when the layer knows more kinds than the branded ones. */
  exitCodeOf?(error: unknown): number;
  /** Where error lines go; default `error: <line>` on stderr. */
  log?: { error(line: string): void; debug(line: string): void };
  /** After the handler, or after a failure: write a report. */
  finish?(outcome: { code: number; error?: unknown; options?: Record<string, unknown> }): void;
  /** Always, last. */
  dispose?(): void;
}

export interface CliIO {
  stdout: LineSink;
  stderr: LineSink;
  env: Record<string, string | undefined>;
}
