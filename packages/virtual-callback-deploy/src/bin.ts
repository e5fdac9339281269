import { runCli } from '@edd/core/cli';
import { definition } from './cli.js';

export const main = (argv: readonly string[]): Promise<number> => runCli(definition, argv);
