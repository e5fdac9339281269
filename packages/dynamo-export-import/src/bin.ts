// Library consumers and tests run the CLI through this module; the built executable wraps the same definition.
import { runCli } from '@edd/core/cli';
import { definition } from './cli.js';

export const main = (argv: readonly string[]): Promise<number> => runCli(definition, argv);
