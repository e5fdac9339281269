import type { ResourceEntry } from './report.js';

/** What every library call of a step verb may add to its own options: the target, and `dryRun` for verbs that write. */
export interface StepTarget {
  /** Environment name from the registry (the pipeline's `$Environment`). */
  environment?: string;
  /** Target account; must agree with the environment (the pipeline's `$AccountNumber`). */
  account?: string;
  region?: string;
  /** Plan every change and make no write call. */
  dryRun?: boolean;
  /** Debug lines in the log. */
  debug?: boolean;
}

/**
 * A verb's options as a library call gives them: the `Required` keys must be given; the rest are optional, with the
 * defaults the executable's flags have.
 */
export type StepInput<O, Required extends keyof O = never> = Partial<O> & Pick<O, Required> & StepTarget;

/** What every verb reports (its `--json` output); each step's result type adds the verb's own fields. */
export interface StepReport {
  step: string;
  version: string;
  verb: string;
  exitCode: number;
  durationMs: number;
  /** Resources by action (`create`, `update`, `unchanged`, ...). */
  summary: Record<string, number>;
  resources: ResourceEntry[];
  environment?: string;
  account?: string;
  region?: string;
  dryRun?: boolean;
}
