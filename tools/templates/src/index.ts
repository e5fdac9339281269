export {
  readWorkspace,
  pinnedSteps,
  undeclaredSteps,
  type StepDeclaration,
  type WorkspaceFacts,
} from './declarations.js';
export {
  APPROVAL_ENVIRONMENTS,
  CODEBUILD_ROLE_NAME,
  DEPLOYMENT_ORDER,
  PIPELINE_KINDS,
  TARGET_ROLE_NAME,
  type PipelineKind,
} from './pipelines.js';
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
