import type { StepContext } from '../context.js';
import type { OptionSpec } from './options.js';

export type VerbHandler = (options: Record<string, unknown>, ctx: StepContext) => Promise<number | void>;

export interface VerbDefinition {
  summary: string;
  description?: string;
  options: readonly OptionSpec[];
  /**
   * `required`: the verb acts on an environment and AWS (the account guard runs before the handler).
   * `optional`: an environment is used when given (placeholders) but AWS is not touched.
   * `none`: offline.
   */
  target: 'required' | 'optional' | 'none';
  /** The verb plans changes: it accepts `--dry-run`, and with it every write call is refused. */
  writes?: boolean;
  /** Always a dry run (a `plan` verb). */
  planOnly?: boolean;
  /** The account guard runs before the handler unless the verb verifies the account itself. */
  verifiesAccountItself?: boolean;
  /** Accepts `-- <command> [args]`, passed to the handler as `options.command`. */
  passthrough?: boolean;
  /** Optional configuration file read for option values (layer between environment variables and defaults). */
  configFile?: (early: Record<string, unknown>) => string | undefined;
  examples?: readonly string[];
  /** Loaded only when the verb runs, so `--help` never loads the AWS SDK. */
  load: () => Promise<VerbHandler>;
}

export interface CliDefinition {
  /** Executable name, e.g. `connect-deploy`; the user agent is `edd-<name>/<version>`. */
  name: string;
  version: string;
  summary: string;
  verbs: Record<string, VerbDefinition>;
  /** Verb used when the first argument is not a verb (single-purpose executables like assume-role). */
  defaultVerb?: string;
}
