// Library entry: the same engine the executable runs, for application repositories and other steps.
export { CONNECT_DEFAULT_PACING, ConnectApi, type Pacing } from './aws/connect-api.js';
export { describeInstance, findInstanceByAlias, resolveInstance, type InstanceRef } from './aws/instance.js';
export {
  describeResource,
  listPhoneNumbers,
  listResources,
  type Described,
  type PhoneNumberSummary,
  type ResourceSummary,
} from './aws/read.js';
export { exportChanges, type ExportChange, type ExportChangeKind, type ExportChanges } from './export/changes.js';
export { exportInstance, type ExportOptions, type ExportResult } from './export/exporter.js';
export {
  CONFIG_FILE,
  NameMapping,
  PhoneMapping,
  configSchema,
  readConfig,
  type ConnectDeployConfig,
} from './model/config.js';
export { EXPORTED_TYPES, FOLDER, LABEL, fileNameFor, nameOfFile, type ExportedType } from './model/layout.js';
export {
  INSTANCE_FILE,
  readSource,
  resourceKey,
  selectResources,
  validateSource,
  type SourceModel,
  type SourceResource,
} from './model/source.js';
export { instanceSchema, type InstanceFile } from './model/schemas.js';
export * from './references/arns.js';
export { concretize, forEachRef, symbolize, type SourceIndex } from './references/rewrite.js';
export * from './references/types.js';
export { applyPlan, checkPromptBucket, type ApplyOptions } from './plan/apply.js';
export { isNoop, planDeployment, summarize, type Plan, type PlannedChange } from './plan/planner.js';
export { planDocument, plannedResource, type DocumentOptions } from './plan/document.js';
export { describeValue, fieldChanges, type ListKey } from './plan/field-diff.js';
export { blockLabel, diffFlowContent, type FlowDiff } from './plan/flow-diff.js';
export { printPlan, renderPlanText } from './plan/render.js';
export {
  changeSetOf,
  changeSetSchema,
  checkSavedSource,
  checkSavedTarget,
  describeFingerprintKey,
  savedPlan,
  sourceFingerprints,
  type ChangeSet,
  type Selection,
} from './plan/saved-plan.js';
export { ExternalNames, type NameRule } from './model/external-names.js';
export { ExternalResolver, readTarget, targetIndex, type TargetState } from './plan/target.js';
export { canonicalOrder } from './export/canonical.js';
export { type Difference } from './plan/diff.js';
export { type Association, type ChangeAction } from './plan/planner.js';
export { PROMPT_AUDIO_TAG } from './resources/prompt.js';
export { RESOURCES, resourceOf, type AnyResource, type ResourceType } from './resources/index.js';
export { definition } from './cli.js';
