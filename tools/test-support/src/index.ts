export { runStep, lastSeq, type StepRun, type RunStepOptions } from './run-step.js';
export { secretsIn, secretsOf, type SecretFinding } from './secrets.js';
export { createBucket, s3ObjectsOf, type StoredObject } from './s3.js';
export { expectRefusedCleanly, writeCallsSince, type RefusalExpectation } from './refusal.js';
