export { REGISTRY, type EnvironmentRecord } from './registry.js';
export {
  EnvironmentError,
  Registry,
  describeRecord,
  environmentKey,
  formatTargetAccount,
  isValidAccountNumber,
  parseTargetAccount,
  registry,
  validateRegistry,
  type EnvironmentErrorCode,
  type ResolveInput,
} from './lookup.js';
