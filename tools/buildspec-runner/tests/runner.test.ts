import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild, unpackArtifacts, type BuildOptions } from '../src/index.js';

// Nothing listens here: these builds make no AWS call.
const NO_AWS = 'http://127.0.0.1:9';

function sourceWith(buildspec: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'edd-runner-src-'));
  writeFileSync(join(dir, 'buildspec.yml'), buildspec);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function build(buildspec: string, options: Partial<BuildOptions> & { files?: Record<string, string> } = {}) {
  const sourceDir = sourceWith(buildspec, options.files);
  return runBuild({
    buildspecFile: join(sourceDir, 'buildspec.yml'),
    sourceDir,
    localAwsUrl: NO_AWS,
    workspaceRoot: sourceDir,
    ...options,
  });
}

describe('runBuild', () => {
  it("hands a build's artifact to a later build as a second input, at CODEBUILD_SRC_DIR_<name>", async () => {
    const first = await build(`version: 0.2
phases:
  build:
    commands:
      - mkdir -p plans && echo approved > plans/step.json
artifacts:
  files:
    - plans/**/*
`);
    expect(first.artifacts.map((a) => a.path)).toEqual(['plans/step.json']);
    const dir = await unpackArtifacts(first.artifacts, mkdtempSync(join(tmpdir(), 'edd-runner-plan-')));
    const second = await build(
      `version: 0.2
phases:
  build:
    commands:
      - echo "read $(cat "$CODEBUILD_SRC_DIR_Plan/plans/step.json")"
`,
      { secondarySources: { Plan: dir } },
    );
    expect(second.succeeded, second.log).toBe(true);
    expect(second.log).toContain('read approved');
    await expect(
      unpackArtifacts([{ path: '../outside.json', content: Buffer.from('{}') }], mkdtempSync(join(tmpdir(), 'x-'))),
    ).rejects.toThrow('artifact path ../outside.json leaves');
  });

  it('runs every command in one shell: directory, variables and functions carry across commands and phases', async () => {
    const result = await build(`version: 0.2
phases:
  install:
    commands:
      - mkdir -p work && cd work
      - export GREETING=hello
      - greet() { echo "$GREETING from $(basename "$PWD")"; }
  build:
    commands:
      - greet
`);
    expect(result.succeeded).toBe(true);
    expect(result.log).toContain('hello from work');
  });

  it('fails the phase at the first failing command, runs its finally block and still runs post_build', async () => {
    const result = await build(`version: 0.2
phases:
  build:
    commands:
      - echo first
      - test 1 = 2
      - echo never-printed
    finally:
      - echo cleanup ran
  post_build:
    commands:
      - echo "succeeding=$CODEBUILD_BUILD_SUCCEEDING"
`);
    expect(result.succeeded).toBe(false);
    expect(result.phases).toEqual([
      { name: 'build', status: 'FAILED', failure: { command: 'test 1 = 2', status: 1 } },
      { name: 'post_build', status: 'SUCCEEDED' },
    ]);
    expect(result.log).not.toContain('never-printed');
    expect(result.log).toContain('cleanup ran');
    expect(result.log).toContain('succeeding=0');
  });

  it.each(['install', 'pre_build'])('ends the build when %s fails: no later phase, no artifacts', async (failing) => {
    const result = await build(
      `version: 0.2
phases:
  install:
    commands:
      - ${failing === 'install' ? 'false' : 'true'}
  pre_build:
    commands:
      - ${failing === 'pre_build' ? 'false' : 'true'}
  build:
    commands:
      - echo built > out.json
  post_build:
    commands:
      - echo post-build-ran
artifacts:
  files:
    - out.json
`,
      { files: { 'out.json': '{}' } },
    );
    expect(result.succeeded).toBe(false);
    expect(result.phases.map((p) => p.name)).toEqual(failing === 'install' ? ['install'] : ['install', 'pre_build']);
    expect(result.log).not.toContain('post-build-ran');
    expect(result.artifacts).toEqual([]);
  });

  it('goes on to the next phase after a failure when the phase says on-failure: CONTINUE', async () => {
    const result = await build(`version: 0.2
phases:
  pre_build:
    on-failure: CONTINUE
    commands:
      - false
  build:
    commands:
      - echo build-ran
`);
    expect(result.phases.map((p) => [p.name, p.status])).toEqual([
      ['pre_build', 'FAILED'],
      ['build', 'SUCCEEDED'],
    ]);
    expect(result.log).toContain('build-ran');
    expect(result.succeeded).toBe(false);
  });

  it('gives the commands no standard input, so a command that reads it cannot swallow the next ones', async () => {
    const result = await build(`version: 0.2
phases:
  build:
    commands:
      - cat
      - echo after-cat
`);
    expect(result.succeeded).toBe(true);
    expect(result.log).toContain('after-cat');
  });

  it('fails the phase when a command exits the shell, and runs post_build in a new shell', async () => {
    const result = await build(`version: 0.2
phases:
  build:
    commands:
      - export LOST=yes
      - exit 3
  post_build:
    commands:
      - echo "lost=\${LOST:-unset} succeeding=$CODEBUILD_BUILD_SUCCEEDING"
`);
    expect(result.phases[0]).toEqual({ name: 'build', status: 'FAILED', failure: { command: 'exit 3', status: 3 } });
    expect(result.log).toContain('lost=unset succeeding=0');
  });

  it('sets the CodeBuild variables and lets project variables win over env.variables', async () => {
    const sourceDir = sourceWith(`version: 0.2
env:
  variables:
    Environment: from-buildspec
    KEPT: 7
phases:
  build:
    commands:
      - env | grep -E '^(CODEBUILD_|AWS_|Environment|AccountNumber|KEPT)' | sort
`);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: sourceDir });
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'x'],
      {
        cwd: sourceDir,
      },
    );
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: sourceDir, encoding: 'utf8' }).trim();
    const result = await runBuild({
      buildspecFile: join(sourceDir, 'buildspec.yml'),
      sourceDir,
      localAwsUrl: NO_AWS,
      workspaceRoot: sourceDir,
      projectName: 'edd-connect-qa',
      region: 'eu-west-2',
      projectVariables: { Environment: 'qa', AccountNumber: '640079793484' },
    });
    expect(result.buildId).toMatch(/^edd-connect-qa:[0-9a-f-]{36}$/);
    for (const line of [
      `CODEBUILD_BUILD_ID=${result.buildId}`,
      `CODEBUILD_SRC_DIR=${sourceDir}`,
      `CODEBUILD_RESOLVED_SOURCE_VERSION=${head}`,
      'CODEBUILD_BUILD_SUCCEEDING=1',
      'AWS_REGION=eu-west-2',
      'AWS_DEFAULT_REGION=eu-west-2',
      `AWS_ENDPOINT_URL=${NO_AWS}`,
      `AWS_CONTAINER_CREDENTIALS_FULL_URI=${NO_AWS}/_local/container-credentials`,
      'Environment=qa',
      'AccountNumber=640079793484',
      'KEPT=7',
    ]) {
      expect(result.log).toContain(`\n${line}\n`);
    }
    expect(result.log).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_PROFILE/);
  });

  it('reads the exported variables at the end of the build', async () => {
    const result = await build(`version: 0.2
env:
  exported-variables:
    - DEPLOYED
    - NEVER_SET
phases:
  build:
    commands:
      - export DEPLOYED="qa two words"
  post_build:
    commands:
      - DEPLOYED="$DEPLOYED, final"
`);
    expect(result.exportedVariables).toEqual({ DEPLOYED: 'qa two words, final' });
  });

  it('collects the artifacts the build wrote, even when the build phase failed', async () => {
    const result = await build(`version: 0.2
phases:
  build:
    commands:
      - mkdir -p reports/steps && echo '{"a":1}' > reports/build.json && echo '{"b":2}' > reports/steps/deploy.json
      - echo ignored > notes.txt
      - false
artifacts:
  files:
    - reports/**/*
`);
    expect(result.succeeded).toBe(false);
    expect(result.artifacts.map((a) => [a.path, a.content.toString().trim()])).toEqual([
      ['reports/build.json', '{"a":1}'],
      ['reports/steps/deploy.json', '{"b":2}'],
    ]);
  });

  it('applies base-directory and discard-paths to the artifact paths', async () => {
    const result = await build(
      `version: 0.2
phases:
  build:
    commands:
      - 'true'
artifacts:
  base-directory: reports
  discard-paths: yes
  files:
    - '**/*.json'
`,
      { files: { 'reports/a/one.json': '1', 'reports/two.json': '2', 'reports/skip.txt': 'x' } },
    );
    expect(result.artifacts.map((a) => a.path)).toEqual(['one.json', 'two.json']);
  });

  it('ends the build and what it started when the timeout passes', async () => {
    const started = Date.now();
    const result = await build(
      `version: 0.2
phases:
  build:
    commands:
      - sleep 30 &
      - sleep 30
`,
      { timeoutMs: 500 },
    );
    expect(result.timedOut).toBe(true);
    expect(result.succeeded).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
