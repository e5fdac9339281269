import { runCli } from '@edd/cli';
import { definition } from './cli-options.js';

process.exitCode = await runCli(definition, process.argv.slice(2));
