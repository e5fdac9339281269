import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws, stepEnvironment, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const EXE = join(import.meta.dirname, '../../dist/assume-role.js');
const QA = { Environment: 'qa', AccountNumber: '640079793484' };
const hasAwsCli = spawnSync('aws', ['--version']).status === 0;

let localAws: LocalAws;
let baseEnv: Record<string, string>;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: local-aws runs in this process, and a synchronous spawn would block it.
function exec(command: string, args: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...baseEnv, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const run = (args: string[], env: Record<string, string> = {}) => exec(process.execPath, [EXE, ...args], env);
const shell = (script: string, env: Record<string, string>) => exec('bash', ['-c', script], env);

beforeAll(async () => {
  localAws = await startLocalAws();
  baseEnv = await stepEnvironment(localAws.url);
});
afterAll(() => localAws.close());
beforeEach(() => localAws.reset());

describe('assume-role executable against local-aws', () => {
  it.runIf(hasAwsCli)('env form: eval then the AWS CLI acts as codebuild-connect in the target account', async () => {
    const r = await shell(`eval "$(node ${EXE} --format env)" && aws sts get-caller-identity --output json`, QA);
    expect(r.code, r.stderr).toBe(0);
    const identity = JSON.parse(r.stdout) as { Account: string; Arn: string };
    expect(identity.Account).toBe('640079793484');
    expect(identity.Arn).toMatch(/^arn:aws:sts::640079793484:assumed-role\/codebuild-connect\//);
  });

  it('env form prints shell-quoted exports and unsets AWS_PROFILE', async () => {
    const r = await run([], QA);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^unset AWS_PROFILE\nexport AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]+'\n/);
    expect(r.stderr).toMatch(
      /assumed arn:aws:sts::640079793484:assumed-role\/codebuild-connect\/edd-local-\d{8}T\d{6} for qa\/640079793484/,
    );
  });

  it('names both values and writes nothing when environment and account disagree', async () => {
    const r = await run([], { Environment: 'qa', AccountNumber: '658456346551' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("Environment 'qa' and AccountNumber 658456346551 disagree");
    expect(localAws.calls({ service: 'sts' })).toEqual([]);
  });

  it('refuses RND, naming the unconfirmed account number', async () => {
    const r = await run([], { Environment: 'rnd', AccountNumber: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('90541811020');
    expect(r.stderr).toContain('unconfirmed');
  });

  it('refuses an account number that is not 12 digits', async () => {
    const r = await run(['--account', '64007979348'], { Environment: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("AccountNumber '64007979348' is not a 12-digit AWS account number");
  });

  it('exits 4 with AWS message when STS denies the role', async () => {
    await fetch(`${localAws.url}/_local/sts/deny`, {
      method: 'POST',
      body: JSON.stringify({ roleArn: 'arn:aws:iam::640079793484:role/codebuild-connect' }),
    });
    const r = await run([], QA);
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /AssumeRole arn:aws:iam::640079793484:role\/codebuild-connect was refused: User: .* is not authorized to perform: sts:AssumeRole/,
    );
  });

  it('passes on STS refusing a duration over the role-chaining limit', async () => {
    const r = await run(['--duration', '7200'], QA);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('exceeds the 1 hour session limit for roles assumed by role chaining');
  });

  it('never prints the secret key or the session token on stderr or in the JSON report', async () => {
    const r = await run(['--format', 'json', '--debug'], QA);
    expect(r.code, r.stderr).toBe(0);
    const credentials = JSON.parse(r.stdout) as Record<string, string>;
    expect(credentials).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
    expect(r.stderr).not.toContain(credentials.SecretAccessKey);
    expect(r.stderr).not.toContain(credentials.SessionToken);
    const report = await run(
      ['--format', 'profile', '--json', '--aws-config-file', join(mkdtempSync(join(tmpdir(), 'edd-')), 'config')],
      QA,
    );
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).not.toMatch(/SecretAccessKey|SessionToken/);
  });

  it('names the session after the CodeBuild build id', async () => {
    const r = await run(['--format', 'json'], {
      ...QA,
      CODEBUILD_BUILD_ID: 'edd-connect-qa:1f2e3d4c-0000-1111-2222-333344445555',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('assumed-role/codebuild-connect/edd-connect-qa-1f2e3d4c-0000-1111-2222-333344445555');
  });

  it('runs a command with the credentials and passes its exit code through', async () => {
    // A profile left over from an earlier eval: the command must get the new keys, not that profile.
    const dir = mkdtempSync(join(tmpdir(), 'edd-cmd-'));
    writeFileSync(join(dir, 'credentials'), '[stale]\naws_access_key_id = test\naws_secret_access_key = test\n');
    const ok = await run(
      ['--', process.execPath, '-e', 'console.log(process.env.AWS_ACCESS_KEY_ID, process.env.AWS_PROFILE ?? "none")'],
      {
        ...QA,
        AWS_PROFILE: 'stale',
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_CONFIG_FILE: join(dir, 'config'),
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ASIA[A-Z0-9]+ none\n$/);
    expect((await run(['--', process.execPath, '-e', 'process.exit(7)'], QA)).code).toBe(7);
    const missing = await run(['--', 'no-such-command-edd'], QA);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('command not found: no-such-command-edd');
  });

  it.runIf(hasAwsCli)(
    'profile form: no secrets on disk, and the CLI assumes the role from container credentials',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'edd-profile-'));
      const config = join(dir, 'config');
      writeFileSync(config, '[default]\nregion = us-west-2\n');
      const env = { ...QA, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
      const r = await shell(
        `eval "$(node ${EXE} --format profile --profile-name edd-target)" && unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN && echo "profile=$AWS_PROFILE" && aws sts get-caller-identity --output json`,
        { ...env, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${localAws.url}/_local/container-credentials` },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('profile=edd-target');
      const identity = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { Account: string; Arn: string };
      expect(identity.Account).toBe('640079793484');
      expect(identity.Arn).toContain(':assumed-role/codebuild-connect/');
      const written = readFileSync(config, 'utf8');
      expect(written).toContain('[default]\nregion = us-west-2');
      expect(written).toContain(
        '[profile edd-target]\nrole_arn = arn:aws:iam::640079793484:role/codebuild-connect\ncredential_source = EcsContainer',
      );
      expect(written).not.toMatch(/aws_secret_access_key|aws_session_token/);
    },
  );

  it.runIf(hasAwsCli)('json form works as a credential_process for the AWS CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edd-process-'));
    const config = join(dir, 'config');
    writeFileSync(
      config,
      `[profile target]\ncredential_process = ${process.execPath} ${EXE} --format json --environment qa --account 640079793484\nregion = us-east-1\n`,
    );
    // The CLI runs the executable, which assumes the role with the container's (CodeBuild's) credentials.
    const r = await shell(
      'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN; aws sts get-caller-identity --profile target --output json',
      {
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${localAws.url}/_local/container-credentials`,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Account: '640079793484' });
  });
});
