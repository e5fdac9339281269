// The verbs as functions: each runs the executable's own handler (options, target, account check, clients) and
// returns its report as a typed value, throwing @edd/core's typed errors instead of exiting.
import { invokeStep, type PlanDocument, type StepCall, type StepInput, type StepReport } from '@edd/core';
import { definition, type DeployOptions as DeployValues } from './cli.js';

export type { StepCall };

/** `config` is the callback.json; `instanceAlias` names the target instance (`${Environment}` is expanded). */
export type DeployOptions = StepInput<DeployValues, 'config'>;
export type PlanOptions = Omit<DeployOptions, 'dryRun'>;

export interface DeployResult extends StepReport {
  instance: { id: string; alias: string };
  /** The plan in the grammar every step shares: queues, flows, associations, the number, blockers. */
  plan: PlanDocument;
  /** The configuration table's items: added, changed and unchanged keys. */
  configTable?: { table: string; added: number; changed: number; unchanged: number };
}

/** Makes the target instance serve scheduled callbacks as callback.json declares, then reads everything back. */
export async function deploy(options: DeployOptions, call?: StepCall): Promise<DeployResult> {
  return (await invokeStep<DeployResult>(definition, 'deploy', options, call)).report;
}

/** Everything deploy would do, with zero write calls. */
export async function plan(options: PlanOptions, call?: StepCall): Promise<DeployResult> {
  return (await invokeStep<DeployResult>(definition, 'plan', options, call)).report;
}
