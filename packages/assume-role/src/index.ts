export { assumeRole, type AssumeRoleRequest, type AssumedRole } from './assume.js';
export {
  checkConfigFileWritable,
  formatCredentialProcess,
  formatEnv,
  profileSection,
  shellQuote,
  upsertProfile,
  writeProfile,
  type ProfileSpec,
  type TemporaryCredentials,
} from './output.js';
export { runWithCredentials } from './run-command.js';
export { defaultConfigFile, partitionOf, roleArn, sessionNameFrom } from './session.js';
export { assumeCommand } from './commands/assume.js';
export type { AssumeOptions } from './cli.js';
export { definition, ROLE_NAME_DEFAULT } from './cli.js';
