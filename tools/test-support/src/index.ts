export { runStep, lastSeq, type StepRun, type RunStepOptions } from './run-step.js';
export { secretsIn, secretsOf, type SecretFinding } from './secrets.js';
export { createBucket, s3ObjectsOf, type StoredObject } from './s3.js';
export { expectRefusedCleanly, writeCallsSince, type RefusalExpectation } from './refusal.js';
export {
  arn,
  buildContactCenter,
  id,
  lambda,
  lexAlias,
  resolveRefs,
  type Action,
  type BuildRef,
  type BuildTarget,
  type BuiltPart,
  type ContactCenterSpec,
  type FlowSpec,
  type ModuleSpec,
  type PartType,
} from './contact-center.js';
export { expectGolden, planText } from './golden.js';
