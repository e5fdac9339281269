export {
  NewEnvironmentError,
  REGISTRY_FILE,
  addEnvironment,
  type NewEnvironmentOptions,
  type NewEnvironmentResult,
} from './new-environment.js';
export {
  addOptions,
  newEnvironmentDefinition,
  runNewEnvironment,
  toNewEnvironmentOptions,
  type AddOptions,
} from './cli.js';
