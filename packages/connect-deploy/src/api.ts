// What an application repository calls: each verb of the executable as a function. The function runs the verb's own
// handler with the executable's option resolution, target, account guard and clients; it returns the verb's report
// as a typed value and throws @edd/core's typed errors instead of exiting.
import { invokeStep, type PlanDocument, type StepCall, type StepInput, type StepReport } from '@edd/core';
import {
  definition,
  type ChangesOptions as ChangesValues,
  type DeployOptions as DeployValues,
  type ExportOptions as ExportValues,
  type InstanceOptions as InstanceValues,
  type PlanOptions as PlanValues,
  type ValidateOptions as ValidateValues,
} from './cli.js';
import type { ExportChange, ExportChangeKind } from './export/changes.js';
import type { InferredRule } from './export/infer-config.js';

export type { StepCall };

/** `out` is the export directory; `instanceAlias` or `instanceId` names the instance (else the config's alias). */
export type ExportOptions = StepInput<ExportValues, 'out'>;
export type ValidateOptions = Omit<
  StepInput<ValidateValues, 'source'>,
  'environment' | 'account' | 'region' | 'dryRun'
>;
/** `out` saves the plan for `deploy({ plan })`; `detailedExitcode` makes pending changes exit code 6. */
export type PlanOptions = Omit<StepInput<PlanValues, 'source'>, 'dryRun'>;
/** `plan` applies exactly a saved plan; `dryRun` stops after planning. */
export type DeployOptions = StepInput<DeployValues, 'source'>;
/** `before` and `after` are two versions of an export folder; a missing `before` is an empty one. */
export type ChangesOptions = Omit<
  StepInput<ChangesValues, 'before' | 'after'>,
  'environment' | 'account' | 'region' | 'dryRun'
>;
/** `config` is an instance.json-shaped file. */
export type InstanceOptions = StepInput<InstanceValues, 'config'>;

/** Calls made to each Connect API during the run. */
export type CallCounts = Record<string, number>;

export interface ExportResult extends StepReport {
  /** Files removed because their resource no longer exists in the instance. */
  removedFiles: string[];
  /** References that could not be made portable (an ARN inside a longer string, ...). */
  warnings: string[];
  /** Rules inferred for connect-deploy.json on a first export. */
  inferred?: InferredRule[];
  calls: CallCounts;
}

export interface ValidateResult extends StepReport {
  /** Resources of the export by type (`flow`, `queue`, `hours of operation`, ...). */
  counts: Record<string, number>;
}

/** A setting connect-deploy reports but does not write, where the target differs from the export. */
export interface ReportedSetting {
  type: string;
  name: string;
  file: string;
  state: 'missing' | 'extra' | 'differs';
  /** Paths of the fields that differ. */
  differences: string[];
}

export interface PlanResult extends StepReport {
  /** 0: applied or in sync; 3 never (a blocked plan throws); 6: changes pending with `detailedExitcode`. */
  exitCode: number;
  instance: { id: string; alias: string };
  /** The plan in the grammar every step shares: changes, flow block diffs, blockers. */
  plan: PlanDocument;
  reported: ReportedSetting[];
}

export interface DeployResult extends PlanResult {
  /** Absent when nothing was written (dry run, or the target already matched). */
  calls?: CallCounts;
}

export interface ChangesResult extends StepReport {
  /** Each resource whose files differ, named as people know it, with a line for a commit message. */
  changes: ExportChange[];
  changeCounts: Record<ExportChangeKind, number>;
}

export interface InstanceResult extends StepReport {
  instance: { alias: string; exists: boolean; attributeChanges: string[]; newOrigins: string[] };
  /** Absent on a dry run of an instance still to create. */
  instanceId?: string;
}

async function run<R extends StepReport>(verb: string, options: object, call?: StepCall): Promise<R> {
  return (await invokeStep<R>(definition, verb, options, call)).report;
}

/** Writes an instance to a deterministic, reviewable directory with symbolic references. */
export function exportInstance(options: ExportOptions, call?: StepCall): Promise<ExportResult> {
  return run('export', options, call);
}

/** Checks an export offline (files, names, references, flow structure); throws a ValidationError listing every problem. */
export function validateExport(options: ValidateOptions, call?: StepCall): Promise<ValidateResult> {
  return run('validate', options, call);
}

/** What deploy would change in the target instance; writes nothing. A blocked plan throws a PlanBlockedError. */
export function plan(options: PlanOptions, call?: StepCall): Promise<PlanResult> {
  return run('plan', options, call);
}

/** Makes the target instance match the export: creates what is missing, updates what differs. */
export function deploy(options: DeployOptions, call?: StepCall): Promise<DeployResult> {
  return run('deploy', options, call);
}

/** Names what differs between two versions of an export folder, resource by resource (no AWS calls). */
export function changes(options: ChangesOptions, call?: StepCall): Promise<ChangesResult> {
  return run('changes', options, call);
}

/** Ensures the instance itself exists as configured: alias, identity, calling, attributes, approved origins. */
export function ensureInstance(options: InstanceOptions, call?: StepCall): Promise<InstanceResult> {
  return run('instance', options, call);
}
