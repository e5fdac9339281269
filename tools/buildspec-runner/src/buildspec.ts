import { parse } from 'yaml';

export const PHASE_NAMES = ['install', 'pre_build', 'build', 'post_build'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

export interface Phase {
  commands: string[];
  finally: string[];
  /** CodeBuild's `on-failure`: ABORT (the default) ends the build after this phase; CONTINUE goes on. */
  onFailure: 'ABORT' | 'CONTINUE';
}

export interface Artifacts {
  files: string[];
  baseDirectory?: string;
  discardPaths: boolean;
}

export interface Buildspec {
  variables: Record<string, string>;
  exportedVariables: string[];
  phases: Partial<Record<PhaseName, Phase>>;
  artifacts?: Artifacts;
}

/** A buildspec this runner cannot run faithfully: every problem found, so one run shows them all. */
export class BuildspecError extends Error {
  override readonly name = 'BuildspecError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// CodeBuild coerces scalars in env.variables to strings; YAML reads `FOO: 1` as a number.
const scalar = (value: unknown): value is string | number | boolean =>
  ['string', 'number', 'boolean'].includes(typeof value);

const truthy = (value: unknown): boolean => value === true || value === 'yes' || value === 'true';

// A command such as `- true` is a YAML boolean; CodeBuild runs it as the command it spells.
function stringList(value: unknown, where: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(scalar)) {
    problems.push(`${where} must be a list of strings`);
    return [];
  }
  return value.map(String);
}

function unknownKeys(object: Json, known: string[], where: string, problems: string[]): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) problems.push(`${where}: unknown key '${key}' (known: ${known.join(', ')})`);
  }
}

function readEnv(env: unknown, problems: string[]): Pick<Buildspec, 'variables' | 'exportedVariables'> {
  const result = { variables: {} as Record<string, string>, exportedVariables: [] as string[] };
  if (env === undefined) return result;
  if (!isObject(env)) {
    problems.push('env must be a map');
    return result;
  }
  unknownKeys(
    env,
    ['shell', 'variables', 'exported-variables', 'git-credential-helper', 'parameter-store', 'secrets-manager'],
    'env',
    problems,
  );
  if (env.shell !== undefined && env.shell !== 'bash') {
    problems.push(`env.shell '${String(env.shell)}': only bash is run here`);
  }
  for (const key of ['parameter-store', 'secrets-manager']) {
    if (env[key] !== undefined) problems.push(`env.${key}: not available locally; pass the value as a variable`);
  }
  if (env.variables !== undefined) {
    if (!isObject(env.variables)) problems.push('env.variables must be a map');
    else {
      for (const [name, value] of Object.entries(env.variables)) {
        if (scalar(value)) result.variables[name] = String(value);
        else problems.push(`env.variables.${name} must be a string`);
      }
    }
  }
  result.exportedVariables = stringList(env['exported-variables'], 'env.exported-variables', problems);
  return result;
}

function readPhase(name: PhaseName, value: unknown, problems: string[]): Phase | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isObject(value)) {
    problems.push(`phases.${name} must be a map`);
    return undefined;
  }
  const known = ['commands', 'finally', 'on-failure', 'runas', ...(name === 'install' ? ['runtime-versions'] : [])];
  unknownKeys(value, known, `phases.${name}`, problems);
  const onFailure = value['on-failure'] ?? 'ABORT';
  if (onFailure !== 'ABORT' && onFailure !== 'CONTINUE') {
    problems.push(`phases.${name}.on-failure must be ABORT or CONTINUE`);
  }
  return {
    commands: stringList(value.commands, `phases.${name}.commands`, problems),
    finally: stringList(value.finally, `phases.${name}.finally`, problems),
    onFailure: onFailure === 'CONTINUE' ? 'CONTINUE' : 'ABORT',
  };
}

function readArtifacts(value: unknown, problems: string[]): Artifacts | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    problems.push('artifacts must be a map');
    return undefined;
  }
  unknownKeys(value, ['files', 'name', 'base-directory', 'discard-paths', 'exclude-paths'], 'artifacts', problems);
  const files = stringList(value.files, 'artifacts.files', problems);
  if (files.length === 0) problems.push('artifacts.files lists no files');
  const base = value['base-directory'];
  if (base !== undefined && typeof base !== 'string') problems.push('artifacts.base-directory must be a string');
  return {
    files,
    ...(typeof base === 'string' ? { baseDirectory: base } : {}),
    discardPaths: truthy(value['discard-paths']),
  };
}

/** Reads a buildspec of version 0.2, refusing what CodeBuild would refuse and what this runner cannot run. */
export function parseBuildspec(text: string, file = 'buildspec.yml'): Buildspec {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new BuildspecError(file, [`not valid YAML: ${(error as Error).message}`]);
  }
  if (!isObject(document)) throw new BuildspecError(file, ['a buildspec is a YAML map']);
  const problems: string[] = [];
  unknownKeys(
    document,
    ['version', 'run-as', 'env', 'proxy', 'batch', 'phases', 'reports', 'artifacts', 'cache'],
    '(top level)',
    problems,
  );
  if (String(document.version) !== '0.2') {
    problems.push(`version must be 0.2 (got ${JSON.stringify(document.version)})`);
  }
  const env = readEnv(document.env, problems);
  const phases: Buildspec['phases'] = {};
  if (!isObject(document.phases)) problems.push('phases must be a map');
  else {
    unknownKeys(document.phases, [...PHASE_NAMES], 'phases', problems);
    for (const name of PHASE_NAMES) {
      const phase = readPhase(name, document.phases[name], problems);
      if (phase) phases[name] = phase;
    }
  }
  const artifacts = readArtifacts(document.artifacts, problems);
  if (problems.length > 0) throw new BuildspecError(file, problems);
  return { ...env, phases, ...(artifacts ? { artifacts } : {}) };
}
