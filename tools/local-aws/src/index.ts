export { startLocalAws, type LocalAws, type LocalAwsOptions } from './local-aws.js';
export { type CallFilter, type CallRecord } from './call-log.js';
export { type FaultRule } from './faults.js';
export { type QuotaSettings, type RequestQuota } from './quotas.js';
export { LocalAwsConfigError, LocalAwsStateError } from './errors.js';
export { BASE_PRINCIPAL, BASE_ROLE_ARN, SHARED_ACCOUNT_ID, type Principal } from './identity.js';
export { clientConfig, credentialsFor, stepEnvironment, toneWav, type AccountCredentials } from './testing.js';
