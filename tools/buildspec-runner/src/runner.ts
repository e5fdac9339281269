import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { collectArtifacts, type Artifact } from './artifacts.js';
import { PHASE_NAMES, parseBuildspec, type Phase, type PhaseName } from './buildspec.js';
import { ShellSession } from './shell.js';

/** The Shared account, where CodeBuild runs: local-aws's container credentials act in it. */
const SHARED_ACCOUNT = '318484875904';
const NPM_SHIM = fileURLToPath(new URL('../shim/npm.mjs', import.meta.url));

export interface BuildOptions {
  /** The buildspec file (YAML, version 0.2). */
  buildspecFile: string;
  /** The checked-out source: `CODEBUILD_SRC_DIR` and the commands' working directory. */
  sourceDir: string;
  /**
   * The action's other input artifacts, by artifact name -> the folder holding it unpacked. CodeBuild puts each at
   * `CODEBUILD_SRC_DIR_<name>`; the primary one is {@link sourceDir}.
   */
  secondarySources?: Record<string, string>;
  /** The project's environment variables (`Environment`, `AccountNumber`, ...); they win over `env.variables`. */
  projectVariables?: Record<string, string>;
  /** local-aws: the endpoint of every AWS call and of the container credentials. */
  localAwsUrl: string;
  /** The monorepo whose built packages the npm shim installs. */
  workspaceRoot: string;
  region?: string;
  projectName?: string;
  timeoutMs?: number;
  /** Directories put first on the PATH, before the npm shim: stand-ins for tools a test must not run for real. */
  extraPath?: string[];
  /** Live build log (the same text ends up in {@link BuildResult.log}). */
  onOutput?: (text: string) => void;
}

export interface PhaseResult {
  name: PhaseName;
  status: 'SUCCEEDED' | 'FAILED';
  /** The command that failed, and its exit status (null when the shell itself ended). */
  failure?: { command: string; status: number | null };
}

export interface BuildResult {
  buildId: string;
  succeeded: boolean;
  timedOut: boolean;
  /** Phases that ran, in order; phases the buildspec leaves out or the build skipped are absent. */
  phases: PhaseResult[];
  log: string;
  exportedVariables: Record<string, string>;
  /** `artifacts.files`, read after post_build; empty when the build stopped in install or pre_build. */
  artifacts: Artifact[];
}

const execFileAsync = promisify(execFile);

async function resolvedSourceVersion(sourceDir: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync('git', ['rev-parse', 'HEAD'], { cwd: sourceDir });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

function findOnPath(command: string, path: string, skip: string): string {
  for (const dir of path.split(delimiter)) {
    if (dir && dir !== skip && existsSync(join(dir, command))) return join(dir, command);
  }
  throw new Error(`${command} is not on the PATH`);
}

/**
 * Runs a buildspec the way CodeBuild runs version 0.2: install, pre_build, build and post_build in one shell;
 * a failing command fails its phase (its `finally` commands still run); a failed install or pre_build ends the
 * build, a failed build still runs post_build, and the artifacts are collected whenever build was reached.
 * `on-failure: CONTINUE` carries on to the next phase. `CODEBUILD_BUILD_SUCCEEDING` turns 0 after a failure.
 */
export async function runBuild(options: BuildOptions): Promise<BuildResult> {
  const spec = parseBuildspec(await readFile(options.buildspecFile, 'utf8'), options.buildspecFile);
  const region = options.region ?? 'us-east-1';
  const project = options.projectName ?? 'edd-local';
  const buildUuid = randomUUID();
  const buildId = `${project}:${buildUuid}`;
  const work = await mkdtemp(join(tmpdir(), 'edd-build-'));
  const home = join(work, 'home');
  const shimBin = join(work, 'shim');
  const globalBin = join(work, 'global', 'bin');
  await Promise.all([home, shimBin, globalBin].map((dir) => mkdir(dir, { recursive: true })));
  await writeFile(join(shimBin, 'npm'), `#!/bin/sh\nexec node '${NPM_SHIM}' "$@"\n`);
  await chmod(join(shimBin, 'npm'), 0o755);

  const hostPath = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  const sourceVersion = await resolvedSourceVersion(options.sourceDir);
  const environment: Record<string, string> = {
    PATH: [...(options.extraPath ?? []), shimBin, globalBin, hostPath].join(delimiter),
    HOME: home,
    LANG: 'C.UTF-8',
    CODEBUILD_CI: 'true',
    CODEBUILD_BUILD_ID: buildId,
    CODEBUILD_BUILD_ARN: `arn:aws:codebuild:${region}:${SHARED_ACCOUNT}:build/${buildId}`,
    CODEBUILD_BUILD_NUMBER: '1',
    CODEBUILD_INITIATOR: `codepipeline/${project}`,
    CODEBUILD_SRC_DIR: options.sourceDir,
    ...Object.fromEntries(
      Object.entries(options.secondarySources ?? {}).map(([name, dir]) => [`CODEBUILD_SRC_DIR_${name}`, dir]),
    ),
    CODEBUILD_BUILD_SUCCEEDING: '1',
    ...(sourceVersion ? { CODEBUILD_RESOLVED_SOURCE_VERSION: sourceVersion } : {}),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ENDPOINT_URL: options.localAwsUrl,
    // CodeBuild hands the project role's credentials to the build through this endpoint; local-aws plays it.
    AWS_CONTAINER_CREDENTIALS_FULL_URI: `${options.localAwsUrl}/_local/container-credentials`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    EDD_WORKSPACE_ROOT: options.workspaceRoot,
    EDD_GLOBAL_BIN: globalBin,
    EDD_REAL_NPM: findOnPath('npm', hostPath, shimBin),
    ...spec.variables,
    ...options.projectVariables,
  };

  let log = '';
  const output = (text: string) => {
    log += text;
    options.onOutput?.(text);
  };
  const say = (line: string) => output(`[Container] ${line}\n`);
  const startShell = () =>
    ShellSession.start({ cwd: options.sourceDir, env: environment, workDir: join(work, 'commands'), onOutput: output });

  let shell = await startShell();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    say(`Build timed out after ${options.timeoutMs ?? 600_000} ms`);
    shell.kill();
  }, options.timeoutMs ?? 600_000);

  const runCommands = async (commands: string[]): Promise<PhaseResult['failure']> => {
    for (const command of commands) {
      say(`Running command ${command}`);
      const outcome = await shell.run(command);
      if (outcome.kind === 'exited' && outcome.status === 0) continue;
      const reason = outcome.kind === 'exited' ? `exit status ${outcome.status}` : 'the shell ended';
      say(`Command did not exit successfully ${command} ${reason}`);
      return { command, status: outcome.status };
    }
    return undefined;
  };

  const runPhase = async (name: PhaseName, phase: Phase): Promise<PhaseResult> => {
    say(`Entering phase ${name.toUpperCase()}`);
    const failure = await runCommands(phase.commands);
    const finallyFailure = await runCommands(phase.finally);
    const failed = failure ?? finallyFailure;
    say(`Phase complete: ${name.toUpperCase()} State: ${failed ? 'FAILED' : 'SUCCEEDED'}`);
    if (failed) {
      say(
        `Phase context status code: COMMAND_EXECUTION_ERROR Message: Error while executing command: ${failed.command}`,
      );
    }
    return { name, status: failed ? 'FAILED' : 'SUCCEEDED', ...(failed ? { failure: failed } : {}) };
  };

  const phases: PhaseResult[] = [];
  let abortedIn: PhaseName | undefined;
  let exportedVariables: Record<string, string> = {};
  try {
    for (const name of PHASE_NAMES) {
      if (timedOut) break;
      if (abortedIn === 'install' || abortedIn === 'pre_build') break;
      if (abortedIn === 'build' && name !== 'post_build') continue;
      const phase = spec.phases[name];
      if (!phase) continue;
      const result = await runPhase(name, phase);
      phases.push(result);
      if (result.status === 'FAILED') {
        if (phase.onFailure === 'ABORT') abortedIn = name;
        if (shell.hasEnded && !timedOut) {
          say('The shell ended; later phases run in a new shell with the initial environment');
          shell = await startShell();
        }
        await shell.exportVariable('CODEBUILD_BUILD_SUCCEEDING', '0');
      }
    }
    exportedVariables = await shell.readVariables(spec.exportedVariables);
  } finally {
    clearTimeout(timer);
    await shell.close();
  }

  const reachedBuild = abortedIn !== 'install' && abortedIn !== 'pre_build' && !timedOut;
  const artifacts = reachedBuild && spec.artifacts ? await collectArtifacts(options.sourceDir, spec.artifacts) : [];
  await rm(work, { recursive: true, force: true });
  const succeeded = !timedOut && phases.every((phase) => phase.status === 'SUCCEEDED');
  return { buildId, succeeded, timedOut, phases, log, exportedVariables, artifacts };
}
