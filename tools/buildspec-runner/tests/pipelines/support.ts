import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { credentialsFor, startLocalAws, type LocalAws } from '@edd/local-aws';
import { runBuild, unpackArtifacts, type BuildResult } from '../../src/index.js';

export const ROOT = join(import.meta.dirname, '../../../..');
export const SAMPLE_APP = join(ROOT, 'examples/sample-app');
/** The edd-virtual-callback-queue repository's content is virtual-callback-deploy's example. */
export const CALLBACK_APP = join(ROOT, 'packages/virtual-callback-deploy/examples/scheduled-callback');
export const REGION = 'us-east-1';
export const DEV = { Environment: 'dev', AccountNumber: '658456346551' };
export const QA = { Environment: 'qa', AccountNumber: '640079793484' };
export type Target = typeof DEV;

// Emulated time runs this much faster: instance creation, stack deployments, Lex builds and the Connect quotas (2
// requests/s, burst 5, per API) shrink with it, and connect-deploy is told to pace itself to the scaled quota.
const pacing = new WeakMap<LocalAws, Record<string, string>>();

const exec = promisify(execFile);

/**
 * local-aws for a pipeline test. The AWS CLI's stack waiter sleeps 30 s whenever a deployment is still running at
 * its first look, so tests that deploy stacks run time much faster; presigned URLs (Lex uploads) shrink with it.
 */
export async function startPipelineAws(timeScale = 200): Promise<LocalAws> {
  const localAws = await startLocalAws({ timeScale });
  pacing.set(localAws, {
    EDD_CONNECT_RATE: String(Math.min(1000, Math.floor(2 * timeScale * 0.8))),
    EDD_CONNECT_BURST: '5',
    // lex-deploy re-reads what Lex is working on after 2 s by default; the emulated work is done far sooner.
    LEX_POLL_INTERVAL: '50',
  });
  return localAws;
}

/** Whether the executables a pipeline installs are built; pipelines of steps still being written are skipped. */
export function stepsBuilt(...steps: string[]): boolean {
  return steps.every((step) => existsSync(join(ROOT, 'packages', step, 'dist', `${step}.js`)));
}

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec(
    'git',
    ['-c', 'user.name=EDD developer', '-c', 'user.email=developer@edd.invalid', ...args],
    { cwd },
  );
  return stdout;
}

/**
 * The application repository as CodeBuild checks it out: a clone of the sample app's `branch`, whose origin is a
 * bare repository standing in for CodeCommit (the export pipeline pushes there).
 */
export async function checkout(branch = 'dev'): Promise<{ dir: string; origin: string }> {
  const work = mkdtempSync(join(tmpdir(), 'edd-app-'));
  const seed = join(work, 'seed');
  cpSync(SAMPLE_APP, seed, { recursive: true });
  cpSync(CALLBACK_APP, join(seed, 'callback'), { recursive: true });
  await git(seed, 'init', '--quiet', '--initial-branch', branch);
  await git(seed, 'add', '-A');
  await git(seed, 'commit', '--quiet', '-m', 'Sample application');
  const origin = join(work, 'origin.git');
  await git(work, 'clone', '--quiet', '--bare', seed, origin);
  const dir = join(work, 'checkout');
  await git(work, 'clone', '--quiet', '--branch', branch, origin, dir);
  return { dir, origin };
}

export interface PipelineRun {
  kind: string;
  target: Target;
  sourceDir: string;
  variables?: Record<string, string>;
  /** The Plan action's build, whose artifact a production pipeline's Deploy action gets after the approval. */
  approved?: BuildResult;
}

/** Runs buildspecs/<kind>.yml as the pipeline's CodeBuild project would, for one target environment. */
export async function runPipeline(localAws: LocalAws, run: PipelineRun): Promise<BuildResult> {
  return runBuild({
    buildspecFile: join(ROOT, 'buildspecs', `${run.kind}.yml`),
    sourceDir: run.sourceDir,
    workspaceRoot: ROOT,
    localAwsUrl: localAws.url,
    region: REGION,
    projectName: `edd-sample-${run.kind}-${run.target.Environment}`,
    projectVariables: { ...run.target, ...pacing.get(localAws), ...run.variables },
    ...(run.approved
      ? {
          secondarySources: {
            Plan: await unpackArtifacts(run.approved.artifacts, mkdtempSync(join(tmpdir(), 'edd-plan-'))),
          },
        }
      : {}),
    timeoutMs: 150_000,
  });
}

/** The JSON report artifact every deployment pipeline ends with. */
/** An artifact of a build as text; a missing one fails with the build's log. */
export function artifactText(result: BuildResult, path: string): string {
  const artifact = result.artifacts.find((a) => a.path === path);
  if (!artifact) throw new Error(`no ${path} among the artifacts; build log:\n${result.log}`);
  return artifact.content.toString();
}

export function buildReport(result: BuildResult): {
  pipeline: string;
  environment: string;
  account: string;
  succeeded: boolean;
  steps: { step?: string; verb?: string; exitCode?: number; summary?: Record<string, number> }[];
} {
  const report = result.artifacts.find((artifact) => artifact.path === 'reports/build.json');
  if (!report) throw new Error(`no reports/build.json among the artifacts; build log:\n${result.log}`);
  return JSON.parse(report.content.toString());
}

/** What an environment has before its pipelines run and that no pipeline of the sample app creates. */
export async function prepareAccount(localAws: LocalAws, target: Target): Promise<void> {
  const keys = await credentialsFor(localAws.url, target.AccountNumber);
  const s3 = new S3Client({
    endpoint: localAws.url,
    region: REGION,
    forcePathStyle: true,
    credentials: {
      accessKeyId: keys.AWS_ACCESS_KEY_ID,
      secretAccessKey: keys.AWS_SECRET_ACCESS_KEY,
      sessionToken: keys.AWS_SESSION_TOKEN,
    },
  });
  await s3.send(new CreateBucketCommand({ Bucket: `edd-connect-prompts-${target.AccountNumber}` }));
  await admin(localAws, 'lambda/functions', {
    account: target.AccountNumber,
    region: REGION,
    name: `edd-lookup-${target.Environment}`,
  });
}

export async function admin(localAws: LocalAws, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${localAws.url}/_local/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /_local/${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
