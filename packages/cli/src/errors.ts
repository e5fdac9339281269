/** Process exit codes shared by every executable. */
export const ExitCode = {
  Success: 0,
  Internal: 1,
  Usage: 2,
  Validation: 3,
  AwsFailure: 4,
  Timeout: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

// Registered symbols are shared by every copy of this module in a process: an application that ends up with two
// versions of @edd/cli (or @edd/core) still recognises the errors of the other, where `instanceof` would not.
const BRAND = Symbol.for('edd.error');
const CLASS_KIND = Symbol.for('edd.error.kind');

type Branded = { [BRAND]?: unknown };

/** The kind an error was branded with (`usage`, `validation`, `aws`, `timeout`, ...), or undefined. */
export function errorKind(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = (value as Branded)[BRAND];
  return typeof kind === 'string' ? kind : undefined;
}

/** True for an EddError of any copy of this module; with `kind`, only for that kind. */
export function isEddError(value: unknown, kind?: string): value is EddError {
  const actual = errorKind(value);
  return actual !== undefined && (kind === undefined || actual === kind);
}

/**
 * Marks a class and its instances with a kind. `instanceof` on the class then also accepts errors of that kind
 * made by another copy of the module; subclasses that are not branded themselves keep plain `instanceof`.
 */
export function brandError(errorClass: abstract new (...args: never[]) => Error, kind: string): void {
  Object.defineProperty(errorClass.prototype, BRAND, { value: kind });
  Object.defineProperty(errorClass, CLASS_KIND, { value: kind });
}

/** A failure the executable understands: it has an exit code and a one-line message that says what to do. */
export abstract class EddError extends Error {
  abstract readonly exitCode: ExitCode;

  /** The lines printed for this error: the message, then one line per detail (problems, items). */
  explain(): readonly string[] {
    return [this.message];
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!Object.hasOwn(this, CLASS_KIND)) return false;
    const kind = (this as unknown as Record<symbol, string>)[CLASS_KIND];
    return kind === 'error' ? isEddError(value) : errorKind(value) === kind;
  }
}
brandError(EddError, 'error');

/** Bad flags, environment variables or configuration files (exit 2). */
export class UsageError extends EddError {
  override readonly name = 'UsageError';
  readonly exitCode = ExitCode.Usage;
}
brandError(UsageError, 'usage');

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

  override explain(): readonly string[] {
    if (this.problems.length <= 1) return [this.message];
    return [
      `${this.summary} (${this.problems.length} problems):`,
      ...this.problems.map((p) => `  ${formatProblem(p)}`),
    ];
  }
}
brandError(ValidationError, 'validation');

/** Something awaited did not reach the expected state in time (exit 5). */
export class WaitTimeoutError extends EddError {
  override readonly name = 'WaitTimeoutError';
  readonly exitCode = ExitCode.Timeout;
}
brandError(WaitTimeoutError, 'timeout');

/** Exit code of a thrown value by its brand: an EddError's own code, anything else is an internal error (1). */
export function exitCodeOf(error: unknown): ExitCode {
  if (isEddError(error)) {
    const code = (error as { exitCode?: unknown }).exitCode;
    if (typeof code === 'number') return code as ExitCode;
  }
  return ExitCode.Internal;
}

/** The lines to print for an error: its own explanation when it is an EddError, else its message. */
export function explainError(error: unknown): readonly string[] {
  if (isEddError(error) && typeof (error as { explain?: unknown }).explain === 'function') return error.explain();
  return [error instanceof Error ? error.message : String(error)];
}
