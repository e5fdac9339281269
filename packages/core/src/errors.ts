import { EnvironmentError } from '@edd/environments';

/** Process exit codes shared by every step (DESIGN.md §2). */
export const ExitCode = {
  Success: 0,
  Internal: 1,
  Usage: 2,
  Validation: 3,
  AwsFailure: 4,
  Timeout: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the step understands: it has an exit code and a one-line message that says what to do. */
export abstract class EddError extends Error {
  abstract readonly exitCode: ExitCode;
}

/** Bad flags, environment variables or configuration files (exit 2). */
export class UsageError extends EddError {
  override readonly name = 'UsageError';
  readonly exitCode = ExitCode.Usage;
}

/** One thing wrong with the input, located as precisely as the input allows. */
export interface Problem {
  file?: string;
  line?: number;
  /** Resource the problem belongs to, e.g. `queue "EDD Billing"` or a key. */
  resource?: string;
  /** JSON path or field inside the resource. */
  path?: string;
  message: string;
}

export function formatProblem(problem: Problem): string {
  const where = [
    problem.file ? `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}` : undefined,
    problem.resource,
    problem.path,
  ].filter(Boolean);
  return where.length > 0 ? `${where.join(' ')}: ${problem.message}` : problem.message;
}

/** The input was checked before the first write and is wrong (exit 3). Nothing was written. */
export class ValidationError extends EddError {
  override readonly name = 'ValidationError';
  readonly exitCode = ExitCode.Validation;
  constructor(
    readonly summary: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(problems.length === 1 ? `${summary}: ${formatProblem(problems[0]!)}` : summary);
  }
}

/** AWS refused or kept failing an operation after retries (exit 4). */
export class AwsOperationError extends EddError {
  override readonly name = 'AwsOperationError';
  readonly exitCode = ExitCode.AwsFailure;
  constructor(
    message: string,
    readonly details: { operation?: string; code?: string; requestId?: string; items?: readonly string[] } = {},
  ) {
    super(message);
  }
}

/** AWS did not reach the awaited state in time (exit 5). */
export class WaitTimeoutError extends EddError {
  override readonly name = 'WaitTimeoutError';
  readonly exitCode = ExitCode.Timeout;
}

interface ServiceErrorShape {
  name?: string;
  message?: string;
  $metadata?: { requestId?: string; httpStatusCode?: number };
  $fault?: 'client' | 'server';
}

/** True for errors thrown by an AWS SDK client (modeled or not). */
export function isAwsServiceError(error: unknown): error is Error & ServiceErrorShape {
  return error instanceof Error && typeof (error as ServiceErrorShape).$metadata === 'object';
}

export function awsErrorCode(error: unknown): string | undefined {
  return isAwsServiceError(error) ? error.name : undefined;
}

/**
 * Turns an SDK error into a one-line AwsOperationError naming the operation, the resource, AWS's own code and
 * message, and the request id (what AWS Support asks for).
 */
export function toAwsOperationError(error: unknown, operation: string, resource?: string): EddError {
  if (error instanceof EddError) return error;
  if (!isAwsServiceError(error)) throw error;
  const requestId = error.$metadata?.requestId;
  const target = resource ? ` ${resource}` : '';
  const id = requestId ? ` (request id ${requestId})` : '';
  return new AwsOperationError(`${operation}${target} failed: ${error.name}: ${error.message}${id}`, {
    operation,
    code: error.name,
    ...(requestId ? { requestId } : {}),
  });
}

/** Exit code for any thrown value. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof EddError) return error.exitCode;
  if (error instanceof EnvironmentError) return ExitCode.Usage;
  if (isAwsServiceError(error)) return ExitCode.AwsFailure;
  return ExitCode.Internal;
}
