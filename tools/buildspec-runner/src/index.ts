export { runBuild, type BuildOptions, type BuildResult, type PhaseResult } from './runner.js';
export {
  parseBuildspec,
  BuildspecError,
  PHASE_NAMES,
  type Buildspec,
  type Phase,
  type PhaseName,
} from './buildspec.js';
export { collectArtifacts, globToRegExp, unpackArtifacts, type Artifact } from './artifacts.js';
