export {
  NewEnvironmentError,
  REGISTRY_FILE,
  addEnvironment,
  type NewEnvironmentOptions,
  type NewEnvironmentResult,
} from './new-environment.js';
export { parseNewEnvironmentArgs, runNewEnvironment, USAGE } from './cli.js';
