// The part of @edd/core a bin file needs. It never loads the AWS SDK, so `--help` and `--version` stay instant.
export { runCli, COMMON_OPTIONS, type CliIO } from './runner.js';
export { resolveOptions, type OptionSpec, type OptionKind, type OptionValue } from './options.js';
export type { CliDefinition, VerbDefinition, VerbHandler } from './definition.js';
export { renderCliHelp, renderVerbHelp } from './help.js';
