import type { EnvironmentRecord } from '@edd/environments';
import type { AwsClients } from './aws/clients.js';
import type { Logger } from './logger.js';
import type { PlaceholderValues } from './placeholders.js';
import type { RunReport } from './report.js';

/** Where a step acts: resolved from `$Environment`/`$AccountNumber` against the registry, plus the region. */
export interface Target {
  record: EnvironmentRecord;
  /** The environment name as the pipeline gave it (`$Environment`), or the registry key when only the account was given. */
  environment: string;
  account: string;
  region: string;
  /** `qa/640079793484 (us-east-1)` */
  label: string;
}

/** Everything a verb handler gets besides its options. */
export interface StepContext {
  step: string;
  version: string;
  verb: string;
  logger: Logger;
  report: RunReport;
  dryRun: boolean;
  /** Present for verbs that act on an environment. */
  target?: Target;
  /** SDK clients with the step's retry, user-agent and write policy. */
  aws: AwsClients;
  /** Checks the credentials act in the target account (once; later calls return at once). */
  verifyAccount(): Promise<void>;
  /** `${Environment}`, `${AccountNumber}`, `${Region}` of the target. */
  placeholders(): PlaceholderValues;
  /** Output stream for results that are not the report (e.g. assume-role's credentials). */
  stdout: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
}

export function requireTarget(ctx: StepContext): Target {
  if (!ctx.target) throw new Error(`verb ${ctx.verb} needs a target environment but none was resolved`);
  return ctx.target;
}

/** Where a plan acts, as a plan document and a saved plan name it: the target's environment, account and region. */
export function planTargetOf(
  ctx: Pick<StepContext, 'target'>,
): { environment: string; account: string; region: string } | undefined {
  const { target } = ctx;
  return target ? { environment: target.environment, account: target.account, region: target.region } : undefined;
}
