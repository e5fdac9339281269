// The engine's building blocks, for a step that deploys Connect resources of its own through connect-deploy
// (virtual-callback-deploy): read and check an export, read the target, plan, print, apply. Application
// repositories use the verbs of the main entry instead.
export { ConnectApi, type Pacing } from './aws/connect-api.js';
export { resolveInstance, type InstanceRef as ConnectInstance } from './aws/instance.js';
export { describeResource, type Described } from './aws/read.js';
export { canonicalOrder } from './export/canonical.js';
export { ExternalNames, type NameRule } from './model/external-names.js';
export { FOLDER } from './model/layout.js';
export { readSource, resourceKey, validateSource, type SourceModel, type SourceResource } from './model/source.js';
export { applyPlan, type ApplyOptions } from './plan/apply.js';
export { planDocument } from './plan/document.js';
export { isNoop, planDeployment, type Plan, type PlannedChange } from './plan/planner.js';
export { printPlan } from './plan/render.js';
export { ExternalResolver, readTarget, targetIndex, type TargetState } from './plan/target.js';
export { concretize, symbolize, type SourceIndex } from './references/rewrite.js';
