import { runNewEnvironment } from './cli.js';

process.exitCode = await runNewEnvironment(process.argv.slice(2), {
  output: { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
  env: process.env,
});
