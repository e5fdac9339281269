import type {
  BaseValues,
  OptionRecord,
  OptionsOf,
  ProgramDefinition,
  VerbHandler as GenericVerbHandler,
  VerbSpec,
} from '@edd/cli';
import type { StepContext } from '../context.js';

/** What a step verb declares besides its options. */
export interface StepVerbFields {
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
}

/** Values of the options every step verb has (see `COMMON_OPTIONS`), besides its own. */
export type StepValues = BaseValues & {
  json: boolean;
  dryRun?: boolean;
  environment?: string;
  account?: string;
  region?: string;
};

export type VerbHandler<Options = Record<string, unknown>> = GenericVerbHandler<Options, StepContext>;

/** A step verb whose handler is typed by its options. */
export type VerbDefinition<O extends OptionRecord = OptionRecord> = VerbSpec<
  O,
  OptionsOf<O> & StepValues,
  StepContext
> &
  StepVerbFields;

/** A step verb with its option types erased: what the runner and help work on. */
export type AnyStepVerb = VerbSpec<OptionRecord, never, never> & StepVerbFields;

export type CliDefinition = ProgramDefinition<AnyStepVerb>;

/**
 * A step verb: `load` must give a handler that takes exactly these options, so a handler reading an option the verb
 * does not define (a renamed flag) does not compile.
 */
export function defineVerb<const O extends OptionRecord>(verb: VerbDefinition<O>): VerbDefinition<O> {
  return verb;
}
