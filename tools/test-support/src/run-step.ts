import { spawn } from 'node:child_process';
import { stepEnvironment, type LocalAws } from '@edd/local-aws';

/** What one run of a step executable did. */
export interface StepRun {
  /** Exit code; null when the process was killed (see `timedOut`). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The run outlived its time limit and was killed: a hang. */
  timedOut: boolean;
  durationMs: number;
  /** The environment it ran with (its credentials are the secrets that must not come out). */
  env: Record<string, string>;
  /** The last sequence number of local-aws's call log before the run: the run's calls come after it. */
  since: number;
  /** The account the step's credentials act in. */
  account?: string;
}

export interface RunStepOptions {
  /** The built executable, e.g. `packages/lex-deploy/dist/lex-deploy.js`. */
  exe: string;
  args: readonly string[];
  /** The account whose credentials the step gets (through STS AssumeRole, as in a pipeline). */
  account?: string;
  region?: string;
  /** Added to the environment: `Environment`, `AccountNumber`, anything the step reads. */
  env?: Record<string, string>;
  cwd?: string;
  /** A run that takes longer is killed and reported as a hang; default 30 s. */
  timeoutMs?: number;
}

/** The last sequence number of the call log (0 when it is empty). */
export function lastSeq(localAws: LocalAws): number {
  return Math.max(0, ...localAws.calls().map((c) => c.seq));
}

/**
 * Runs a step executable against local-aws (asynchronously: local-aws runs in this process and must keep
 * answering), with a time limit: a step that blocks on a FIFO or a device must fail the test, not hang it.
 */
export async function runStep(localAws: LocalAws, options: RunStepOptions): Promise<StepRun> {
  const env = {
    ...(await stepEnvironment(localAws.url, {
      ...(options.account ? { account: options.account } : {}),
      ...(options.region ? { region: options.region } : {}),
    })),
    ...options.env,
  };
  const since = lastSeq(localAws);
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.exe, ...options.args], {
      env,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        timedOut,
        durationMs: Date.now() - started,
        env,
        since,
        ...(options.account ? { account: options.account } : {}),
      });
    });
  });
}
