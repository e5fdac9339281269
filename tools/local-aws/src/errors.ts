/** Who caused an error, as AWS reports it: `Sender` errors are the caller's to fix, `Receiver` errors are AWS's. */
export type ErrorFault = 'Sender' | 'Receiver';

export interface AwsErrorSpec {
  code: string;
  message: string;
  status?: number;
  fault?: ErrorFault;
  /**
   * Namespace of the JSON protocols' `__type` (`com.amazon.coral.validate` in
   * `com.amazon.coral.validate#ValidationException`) where it is not the service's own.
   */
  namespace?: string;
  /** Members of the error shape besides the message, as the model names them (`problems`, `Reason`). */
  fields?: Record<string, unknown>;
}

/** An error response of an emulated service; each protocol renders it in its own wire format. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: ErrorFault;
  readonly namespace: string | undefined;
  readonly fields: Readonly<Record<string, unknown>>;

  constructor({ code, message, status = 400, fault, namespace, fields = {} }: AwsErrorSpec) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = status;
    this.fault = fault ?? (status >= 500 ? 'Receiver' : 'Sender');
    this.namespace = namespace;
    this.fields = fields;
  }
}

/** A wrong local-aws configuration (options, flags, fault rules): every problem found, not just the first. */
export class LocalAwsConfigError extends Error {
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(`${subject}: ${problems.join('; ')}`);
    this.name = 'LocalAwsConfigError';
    this.problems = problems;
  }
}

/** The state file of `--state-dir` cannot be used: unreadable, corrupt, of another format version, or unwritable. */
export class LocalAwsStateError extends Error {
  readonly file: string;

  constructor(file: string, problem: string) {
    // One line, so that the command line can print it as it prints every start-up error.
    super(`state file ${file}: ${problem.replace(/\s*\n\s*/g, ' ')}`);
    this.name = 'LocalAwsStateError';
    this.file = file;
  }
}
