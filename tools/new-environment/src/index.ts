// Library entry: the whole of seed §1.10 for one account as a function; the command line is its only other user.
export {
  NewEnvironmentError,
  addEnvironment,
  type NewEnvironmentOptions,
  type NewEnvironmentResult,
} from './new-environment.js';
