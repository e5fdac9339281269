// Library entry of the shared runtime, for step packages: errors, logging, report, AWS clients and pacing, input
// and output roots, placeholders, the plan grammar, and a verb called as a function. The command line is
// @edd/core/cli.
export * from './errors.js';
export { createLogger, silentLogger, type Logger, type LoggerOptions, type LogSink } from './logger.js';
export { redact, registerSecret } from './redact.js';
export { RunReport, type ResourceEntry } from './report.js';
export { AwsClients, type AwsClientSettings, type ClientConstructor, type WritePolicy } from './aws/clients.js';
export { pacingPlugin, type CallCounter, type PacingOptions } from './aws/pacing.js';
export { getCallerIdentity, verifyAccount, type CallerIdentity } from './aws/account-guard.js';
export { poll, sleep, type PollOptions, type PollState } from './poller.js';
export { KeyedRateLimiter, Semaphore, mapConcurrent } from './limiter.js';
export { backoffDelay, retry, type BackoffOptions, type RetryOptions } from './retry.js';
export { expandDeep, expandPlaceholders, templatize, type PlaceholderValues } from './placeholders.js';
export {
  InputRoot,
  UnsafeInputError,
  normaliseRelativePath,
  type InputEntry,
  type InputRootOptions,
  type ReadOptions,
} from './input/input-root.js';
export { OutputRoot } from './input/output-root.js';
export { findDuplicateKey, parseJsonStrict, type JsonParseResult, type JsonProblem } from './input/strict-json.js';
export { readJsonConfig, stableStringify, writeFileAtomic, writeStableJsonAtomic, type JsonSchema } from './json.js';
export { planTargetOf, requireTarget, type StepContext, type Target } from './context.js';
export { invokeStep, type StepCall, type StepOutcome } from './cli/runner.js';
export type { StepInput, StepReport, StepTarget } from './step-call.js';
export * from './plan/index.js';
