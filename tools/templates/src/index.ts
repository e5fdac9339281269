export {
  readWorkspace,
  pinnedSteps,
  undeclaredSteps,
  type StepDeclaration,
  type WorkspaceFacts,
} from './declarations.js';
export {
  BOUNDARY_POLICY_NAME,
  CODEBUILD_ROLE_NAME,
  DEFAULT_DRIFT_SCHEDULE,
  DEPLOYMENT_ORDER,
  PIPELINE_KINDS,
  PROD_CODEBUILD_ROLE_NAME,
  TARGET_ROLE_NAME,
  productionTargets,
  type PipelineKind,
} from './pipelines.js';
export {
  ACTION_SCOPES,
  BOUNDARY_ARN,
  POLICY_SCOPES,
  RESOURCES,
  scopeOf,
  type ResourceKind,
  type Scope,
} from './iam/scopes.js';
export { BACKEND_STACKS } from './iam/backend-stacks.js';
export { allowStatements, type PolicyDeclaration, type PolicyStatement } from './iam/statements.js';
export { PRUNE_POLICY_NAME, policyDeclarations } from './stacks/target-roles.js';
export {
  GENERATED_DIR,
  TEMPLATE_FILES,
  driftedTemplates,
  readRegistry,
  renderTemplates,
  synthesizeTemplates,
  TemplateValidationError,
  writeTemplates,
  type TemplateFile,
} from './synth.js';
