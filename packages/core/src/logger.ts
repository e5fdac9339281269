import { redact } from './redact.js';

export interface LogSink {
  write(chunk: string): unknown;
}

/** Human progress on stderr, one line per event (CodeBuild logs are not a terminal), secrets masked. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** One line per resource action: `create  queue  "EDD Billing"  (120 ms)`. */
  action(action: string, resourceType: string, name: string, detail?: string): void;
  readonly debugEnabled: boolean;
}

export interface LoggerOptions {
  sink?: LogSink;
  debug?: boolean;
  quiet?: boolean;
}

export function createLogger({ sink = process.stderr, debug = false, quiet = false }: LoggerOptions = {}): Logger {
  const write = (line: string) => {
    sink.write(`${redact(line)}\n`);
  };
  return {
    debugEnabled: debug,
    info: (message) => {
      if (!quiet) write(message);
    },
    warn: (message) => write(`warning: ${message}`),
    error: (message) => write(`error: ${message}`),
    debug: (message) => {
      if (debug) write(`debug: ${message}`);
    },
    action: (action, resourceType, name, detail) => {
      if (!quiet) write(`${action.padEnd(11)} ${resourceType.padEnd(18)} ${name}${detail ? `  ${detail}` : ''}`);
    },
  };
}

/** A logger that drops everything: for library callers who do not want output. */
export const silentLogger: Logger = {
  debugEnabled: false,
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  action: () => {},
};
