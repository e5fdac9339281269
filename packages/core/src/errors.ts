import { EnvironmentError } from '@edd/environments';
import { EddError, ExitCode as BaseExitCode, brandError, exitCodeOf as exitCodeOfBranded, isEddError } from '@edd/cli';

/**
 * Process exit codes of every step: those of every executable, and `ChangesPending` (6), which only
 * `plan --detailed-exitcode` returns, so a scheduled job can tell drift from failure.
 */
export const ExitCode = { ...BaseExitCode, ChangesPending: 6 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export {
  EddError,
  UsageError,
  ValidationError,
  WaitTimeoutError,
  errorKind,
  explainError,
  formatProblem,
  isEddError,
  type Problem,
} from '@edd/cli';

/** AWS refused or kept failing an operation after retries (exit 4). AWS's own error, when there is one, is `cause`. */
export class AwsOperationError extends EddError {
  override readonly name = 'AwsOperationError';
  readonly exitCode = ExitCode.AwsFailure;
  constructor(
    message: string,
    readonly details: { operation?: string; code?: string; requestId?: string; items?: readonly string[] } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  override explain(): readonly string[] {
    return [this.message, ...(this.details.items ?? []).map((item) => `  ${item}`)];
  }
}
brandError(AwsOperationError, 'aws');

interface ServiceErrorShape {
  name?: string;
  message?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number };
  $fault?: 'client' | 'server';
  /** Set by the clients of `AwsClients` on every error: the operation the SDK was sending. */
  $operation?: string;
}

/** True for errors thrown by an AWS SDK client (modeled or not). */
export function isAwsServiceError(error: unknown): error is Error & ServiceErrorShape {
  return error instanceof Error && typeof (error as ServiceErrorShape).$metadata === 'object';
}

export function awsErrorCode(error: unknown): string | undefined {
  return isAwsServiceError(error) ? error.name : undefined;
}

/**
 * The API operation of an SDK command (`CreatePrompt`), from the operation schema the SDK attaches to every command
 * instance. Never from the class name: a minified bundle renames classes (`tN`), but keeps these strings.
 */
export function awsOperationName(command: unknown): string | undefined {
  const schema = (command as { schema?: unknown } | undefined)?.schema;
  if (Array.isArray(schema) && typeof schema[2] === 'string') return schema[2];
  const name = (schema as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Turns an SDK error into a one-line AwsOperationError naming the operation, the resource, AWS's own code and
 * message, and the request id (what AWS Support asks for); AWS's error stays as `cause` for `--debug`.
 * `operation` is a name (`Lex:BuildBotLocale`) or the command that failed; without either, the operation the
 * client recorded on the error is used.
 */
export function toAwsOperationError(error: unknown, operation?: string | object, resource?: string): EddError {
  if (isEddError(error)) return error;
  if (!isAwsServiceError(error)) throw error;
  const name =
    (typeof operation === 'string' ? operation : awsOperationName(operation)) ?? error.$operation ?? 'AWS operation';
  const requestId = error.$metadata?.requestId;
  const target = resource ? ` ${resource}` : '';
  const id = requestId ? ` (request id ${requestId})` : '';
  return new AwsOperationError(
    `${name}${target} failed: ${error.name}: ${error.message}${id}`,
    { operation: name, code: error.name, ...(requestId ? { requestId } : {}) },
    { cause: error },
  );
}

/** Exit code for any thrown value: branded errors by their brand, registry errors 2, AWS errors 4, else 1. */
export function exitCodeOf(error: unknown): ExitCode {
  if (isEddError(error)) return exitCodeOfBranded(error);
  if (error instanceof EnvironmentError) return ExitCode.Usage;
  if (isAwsServiceError(error)) return ExitCode.AwsFailure;
  return ExitCode.Internal;
}
