// Library entry for application repositories: the verbs as functions, and the types of the export format.
export {
  changes,
  deploy,
  ensureInstance,
  exportInstance,
  plan,
  validateExport,
  type CallCounts,
  type ChangesOptions,
  type ChangesResult,
  type DeployOptions,
  type DeployResult,
  type ExportOptions,
  type ExportResult,
  type InstanceOptions,
  type InstanceResult,
  type PlanOptions,
  type PlanResult,
  type ReportedSetting,
  type StepCall,
  type ValidateOptions,
  type ValidateResult,
} from './api.js';
export type { ExportChange, ExportChangeKind } from './export/changes.js';
export type { InferredRule } from './export/infer-config.js';
export type { ConnectDeployConfig } from './model/config.js';
export type { ExportedType } from './model/layout.js';
export type { InstanceFile } from './model/schemas.js';
export type { ChangeSet } from './plan/saved-plan.js';
export type {
  InstanceRef,
  InstanceResourceType,
  LambdaRef,
  LexRef,
  PhoneNumberRef,
  RefType,
  SymbolicRef,
  UnmappedRef,
  ValueRef,
} from './references/types.js';
export type { PlanDocument } from '@edd/core';
