import { spawn } from 'node:child_process';
import { UsageError } from '@edd/core';
import type { TemporaryCredentials } from './output.js';

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs `command` with the assumed credentials in its environment and resolves to its exit code. */
export function runWithCredentials(
  command: readonly string[],
  credentials: TemporaryCredentials,
  region: string,
  env: Record<string, string | undefined>,
): Promise<number> {
  const childEnv: Record<string, string | undefined> = {
    ...env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
  };
  delete childEnv.AWS_PROFILE;
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env: childEnv as NodeJS.ProcessEnv });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const s of FORWARDED_SIGNALS) process.on(s, forward);
    const cleanup = () => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(
        error.code === 'ENOENT'
          ? new UsageError(`command not found: ${command[0]}; check the command after '--' and PATH`)
          : error,
      );
    });
    child.on('exit', (code, signal) => {
      cleanup();
      // A command killed by a signal exits like a shell reports it: 128 + signal number.
      resolve(code ?? 128 + (signal ? (osSignals[signal] ?? 1) : 1));
    });
  });
}

const osSignals: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
