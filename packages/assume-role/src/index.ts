// Library entry: the verb as a function, the assumption itself for callers with their own clients, and the
// hand-off formats.
export { assume, type AssumeOptions, type AssumeResult, type StepCall } from './api.js';
export { assumeRole, type AssumeRoleRequest, type AssumedRole } from './assume.js';
export {
  formatCredentialProcess,
  formatEnv,
  writeProfile,
  type ProfileSpec,
  type TemporaryCredentials,
} from './output.js';
export { roleArn } from './session.js';
