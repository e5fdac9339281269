// The part of @edd/core a bin file needs. It never loads the AWS SDK, so `--help` and `--version` stay instant.
// The generic layer (@edd/cli) comes along, except what the step layer replaces (`defineVerb`, `runCli`).
export {
  BASE_OPTIONS,
  envNameFor,
  envPrefixOf,
  option,
  pathProblem,
  resolveOptions,
  specsOf,
  suggestion,
  type BaseValues,
  type HelpIndex,
  type OptionDef,
  type OptionFields,
  type OptionKind,
  type OptionRecord,
  type OptionSources,
  type OptionSpec,
  type OptionsOf,
  type OptionValue,
  type PathRequirement,
} from '@edd/cli';
export { runCli, renderCliHelp, renderHelpIndex, renderVerbHelp, stepLayer, type CliIO } from './runner.js';
export {
  COMMON_OPTIONS,
  CONNECT_PACING_OPTIONS,
  commonOptionsFor,
  pacingOptions,
  type PacingDefaults,
} from './common-options.js';
export {
  APPLY_PLAN_OPTION,
  DETAILED_EXITCODE_OPTION,
  PLAN_VERBOSE_OPTION,
  REPORT_OPTION,
  SAVE_PLAN_OPTION,
} from '../plan/options.js';
export {
  defineVerb,
  type AnyStepVerb,
  type CliDefinition,
  type StepValues,
  type StepVerbFields,
  type VerbDefinition,
  type VerbHandler,
} from './definition.js';
