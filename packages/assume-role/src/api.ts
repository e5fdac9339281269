// The verb as a function: runs the executable's own handler (options, target, account check) and returns its
// report with what it would have printed, instead of printing it and exiting.
import { invokeStep, type StepCall, type StepInput, type StepReport } from '@edd/core';
import { definition, type AssumeOptions as AssumeValues } from './cli.js';

export type { StepCall };

/** `environment` and/or `account` name the target; `format` chooses the hand-off (`env`, `json`, `profile`). */
export type AssumeOptions = Omit<StepInput<AssumeValues>, 'dryRun'>;

export interface AssumeResult extends StepReport {
  /** The role assumed: `arn:aws:iam::<account>:role/<roleName>`. */
  roleArn: string;
  /** The session's ARN (`arn:aws:sts::<account>:assumed-role/<roleName>/<session>`). */
  assumedRoleArn: string;
  /** ISO 8601. */
  expiration: string;
  /**
   * What the executable prints for the chosen format: export lines (holding the keys), credential_process JSON
   * (holding the keys), or the export lines of the profile written. Never log it.
   */
  output: string;
}

/** Assumes the target's deployment role, checks the credentials act in the target account, and hands them over. */
export async function assume(options: AssumeOptions, call?: StepCall): Promise<AssumeResult> {
  const { report, stdout } = await invokeStep<Omit<AssumeResult, 'output'>>(definition, 'assume', options, call);
  return { ...report, output: stdout };
}
