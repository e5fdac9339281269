import { randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_CALL_LOG_SIZE, type CallFilter, type CallRecord } from './call-log.js';
import { Emulator } from './emulator.js';
import { LocalAwsConfigError } from './errors.js';
import type { FaultRule } from './faults.js';
import { timeScaleProblem } from './quotas.js';
import { createRequestListener } from './server.js';
import { StateDirectory } from './state-dir.js';

export interface LocalAwsOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Seed of the fault dice, for reproducible runs; random by default (reported by GET /_local/health). */
  seed?: number;
  /** Fault rules in force from the start and again after every reset. */
  faults?: FaultRule[];
  /** How many calls the call log keeps before dropping the oldest; default 50,000. */
  callLogSize?: number;
  /**
   * How many times faster than AWS emulated time runs (default 1): request quotas refill that much faster and every
   * emulated delay (instance creation, eventual consistency, builds) is that much shorter. Changeable at runtime
   * through `POST /_local/quotas`.
   */
  timeScale?: number;
  /** Whether per-API request quotas (Connect: 2 requests/s, burst 5) are enforced; default true. */
  quotas?: boolean;
  /** How long (AWS milliseconds, scaled) a new Connect resource reads as missing by id and stays out of lists; default 0. */
  consistencyDelayMs?: number;
  /**
   * A directory to keep the state in across runs: loaded at start when it holds a saved state (a corrupt or
   * incompatible one fails the start with LocalAwsStateError), saved a couple of seconds after changes and on
   * close. Without it (the default) everything stays in memory.
   */
  stateDir?: string;
}

export interface LocalAws {
  /** `http://<host>:<port>`: the value for `AWS_ENDPOINT_URL` or a client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening and releases everything; with `stateDir`, saves the state first. */
  close(): Promise<void>;
  /** Forgets all tables, issued credentials and denied roles, restores the startup fault rules, clears the log. */
  reset(): Promise<void>;
  calls(filter?: CallFilter): CallRecord[];
  /** Replaces the fault rules; throws LocalAwsConfigError listing every problem. */
  setFaults(rules: FaultRule[]): void;
}

const MAX_CONSISTENCY_DELAY_MS = 600_000;

function optionProblems(options: LocalAwsOptions): string[] {
  const problems: string[] = [];
  const { port, seed, callLogSize, timeScale, consistencyDelayMs } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    problems.push(`port must be a whole number from 0 to 65535 (got ${port})`);
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) problems.push(`seed must be an integer (got ${seed})`);
  if (callLogSize !== undefined && !(Number.isSafeInteger(callLogSize) && callLogSize >= 1)) {
    problems.push(`callLogSize must be a whole number of at least 1 (got ${callLogSize})`);
  }
  const timeScaleIssue = timeScale === undefined ? undefined : timeScaleProblem(timeScale);
  if (timeScaleIssue) problems.push(timeScaleIssue);
  if (
    consistencyDelayMs !== undefined &&
    !(
      Number.isSafeInteger(consistencyDelayMs) &&
      consistencyDelayMs >= 0 &&
      consistencyDelayMs <= MAX_CONSISTENCY_DELAY_MS
    )
  ) {
    problems.push(
      `consistencyDelayMs must be a whole number from 0 to ${MAX_CONSISTENCY_DELAY_MS} (got ${consistencyDelayMs})`,
    );
  }
  if (options.quotas !== undefined && typeof options.quotas !== 'boolean') {
    problems.push(`quotas must be true or false (got ${JSON.stringify(options.quotas)})`);
  }
  if (options.stateDir !== undefined && !(typeof options.stateDir === 'string' && options.stateDir !== '')) {
    problems.push(`stateDir must be a directory path (got ${JSON.stringify(options.stateDir)})`);
  }
  return problems;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the emulator; resolves once it listens. */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const problems = optionProblems(options);
  if (problems.length > 0) throw new LocalAwsConfigError('local-aws options', problems);
  const { port = 0, host = '127.0.0.1' } = options;
  const emulator = new Emulator({
    seed: options.seed ?? randomInt(2 ** 31),
    faults: options.faults ?? [],
    callLogSize: options.callLogSize ?? DEFAULT_CALL_LOG_SIZE,
    timeScale: options.timeScale ?? 1,
    quotas: options.quotas ?? true,
    consistencyDelayMs: options.consistencyDelayMs ?? 0,
  });
  const state = options.stateDir === undefined ? undefined : new StateDirectory(options.stateDir, emulator);
  const server = createServer(createRequestListener(emulator));
  try {
    await state?.open();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl(host)}:${actualPort}`,
    port: actualPort,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
        try {
          // While the services still run: DynamoDB's tables are read from its servers.
          await state?.close();
        } finally {
          await emulator.close();
        }
      })();
      return closing;
    },
    reset: () => emulator.reset(),
    calls: (filter) => emulator.calls.list(filter),
    setFaults(rules) {
      emulator.setFaults(rules);
    },
  };
}
