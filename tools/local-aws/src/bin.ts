import { parseCommandLine, HELP } from './cli-options.js';
import { LocalAwsConfigError, LocalAwsStateError } from './errors.js';

const EXIT_USAGE = 2;
const EXIT_INTERNAL = 1;

async function main(): Promise<number> {
  const command = parseCommandLine(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${__EDD_PACKAGE_VERSION__}\n`);
    return 0;
  }
  // Loaded only now, so that --help and --version stay instant.
  const { startLocalAws } = await import('./local-aws.js');
  const localAws = await startLocalAws(command.options);
  process.stderr.write(`local-aws listening on ${localAws.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await localAws.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof LocalAwsConfigError) {
      process.stderr.write(`local-aws: ${error.message} (see local-aws --help)\n`);
      process.exitCode = EXIT_USAGE;
    } else if (error instanceof LocalAwsStateError) {
      process.stderr.write(`local-aws: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`local-aws: ${(error as Error).message}: choose another --port\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      process.stderr.write(`local-aws: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_INTERNAL;
    }
  },
);
