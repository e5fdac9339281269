// The generic command-line layer of every EDD executable: no AWS, no registry. @edd/core builds its step runner
// on it; tools use it directly.
export {
  BASE_OPTIONS,
  defineVerb,
  type AnyVerb,
  type BaseValues,
  type CliIO,
  type Invocation,
  type ProgramDefinition,
  type RunLayer,
  type RunStart,
  type ToolContext,
  type ToolVerb,
  type VerbHandler,
  type VerbSpec,
} from './definition.js';
export {
  EddError,
  ExitCode,
  UsageError,
  ValidationError,
  WaitTimeoutError,
  brandError,
  errorKind,
  exitCodeOf,
  explainError,
  formatProblem,
  isEddError,
  type Problem,
} from './errors.js';
export { envPrefixFor, renderHelpIndex, renderProgramHelp, renderVerbHelp, verbSpecs, type HelpIndex } from './help.js';
export {
  envNameFor,
  envPrefixOf,
  option,
  resolveOptions,
  specsOf,
  type OptionDef,
  type OptionFields,
  type OptionKind,
  type OptionRecord,
  type OptionSources,
  type OptionSpec,
  type OptionsOf,
  type OptionValue,
  type RawValues,
} from './options.js';
export type { LineSink } from './output.js';
export { pathProblem, type PathRequirement } from './paths.js';
export {
  findDuplicateKey,
  jsonSyntaxError,
  parseJsonStrict,
  type JsonParseResult,
  type JsonProblem,
} from './strict-json.js';
export {
  parseCommandLine,
  printError,
  resolveVerbOptions,
  runCli,
  runProgram,
  suggestion,
  toolLayer,
} from './runner.js';
