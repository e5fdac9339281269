// The part of @edd/core a bin file needs. It never loads the AWS SDK, so `--help` and `--version` stay instant.
export { runCli, type CliIO } from './runner.js';
export { COMMON_OPTIONS, commonOptionsFor } from './common-options.js';
export { resolveOptions, type OptionSpec, type OptionKind, type OptionValue } from './options.js';
export type { CliDefinition, VerbDefinition, VerbHandler } from './definition.js';
export { renderCliHelp, renderHelpIndex, renderVerbHelp } from './help.js';
