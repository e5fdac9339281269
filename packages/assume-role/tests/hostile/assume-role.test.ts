import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws, type LocalAws } from '@edd/local-aws';
import { expectRefusedCleanly, runStep, type StepRun } from '@edd/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// assume-role runs first in every build, with the build's own credentials, and hands the target account's to the
// rest. What it is given (flags, the config file path, the pipeline's variables) must never make it hang, print a
// secret, or assume a role it was not meant to.

const EXE = join(import.meta.dirname, '../../dist/assume-role.js');
const QA = { Environment: 'qa', AccountNumber: '640079793484' };

let localAws: LocalAws;
const work = mkdtempSync(join(tmpdir(), 'edd-assume-hostile-'));

beforeAll(async () => {
  localAws = await startLocalAws();
});
afterAll(() => localAws?.close());

// The build's own credentials act in the Shared account, as in CodeBuild.
function assumeRole(args: string[], env: Record<string, string> = QA): Promise<StepRun> {
  return runStep(localAws, { exe: EXE, args, env });
}

/** Accounts AssumeRole was called from during the run (ask before searching S3, which assumes a role itself). */
function assumed(outcome: StepRun): string[] {
  return localAws.calls({ since: outcome.since, service: 'sts', operation: 'AssumeRole' }).map((c) => c.account);
}

describe('assume-role refuses a config file it cannot write, before assuming anything (exit 2)', () => {
  const cases: [string, () => string, string][] = [
    [
      'a folder',
      () => {
        mkdirSync(join(work, 'folder'), { recursive: true });
        return join(work, 'folder');
      },
      'is a directory',
    ],
    [
      'a FIFO, at once instead of blocking',
      () => {
        execFileSync('mkfifo', [join(work, 'pipe')]);
        return join(work, 'pipe');
      },
      'is a named pipe',
    ],
    ['a file under /proc', () => '/proc/self/environ', 'kernel file system'],
    ['a device', () => '/dev/null', 'kernel file system'],
    [
      'a path through a regular file',
      () => {
        writeFileSync(join(work, 'plain'), '');
        return join(work, 'plain', 'config');
      },
      'is not a directory',
    ],
  ];
  for (const [name, arrange, why] of cases) {
    it(`refuses ${name}`, async () => {
      const file = arrange();
      const outcome = await assumeRole(['--format', 'profile', '--aws-config-file', file]);
      expect(assumed(outcome)).toEqual([]);
      await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['--aws-config-file', file, why] });
    });
  }

  it('refuses the same through AWS_CONFIG_FILE', async () => {
    const outcome = await assumeRole(['--format', 'profile'], { ...QA, AWS_CONFIG_FILE: '/proc/self/environ' });
    expect(assumed(outcome)).toEqual([]);
    await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['/proc/self/environ', 'kernel file system'] });
  });
});

describe('assume-role refuses hostile flags and variables without a secret coming out', () => {
  it('refuses a role the target account denies (exit 4), naming it', async () => {
    const role = `arn:aws:iam::${QA.AccountNumber}:role/codebuild-denied`;
    const response = await fetch(`${localAws.url}/_local/sts/deny`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roleArn: role }),
    });
    expect(response.ok).toBe(true);
    const outcome = await assumeRole(['--role-name', 'codebuild-denied', '--format', 'json']);
    await expectRefusedCleanly({ outcome, localAws, code: 4, mentions: [`AssumeRole ${role} was refused`] });
    expect(outcome.stdout).toBe('');
  });

  it('refuses an account that is not the environment (exit 2)', async () => {
    const outcome = await assumeRole([], { Environment: 'qa', AccountNumber: '658456346551' });
    expect(assumed(outcome)).toEqual([]);
    await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['qa', '658456346551'] });
  });

  it('refuses a profile name that would inject a section into the config file (exit 2)', async () => {
    const outcome = await assumeRole([
      '--format',
      'profile',
      '--aws-config-file',
      join(work, 'config'),
      '--profile-name',
      'target]\n[profile prod',
    ]);
    expect(assumed(outcome)).toEqual([]);
    await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['--profile-name'] });
  });

  it('refuses a session name that would break out of the shell line (exit 2)', async () => {
    const outcome = await assumeRole(['--session-name', "x'; curl evil #"]);
    expect(assumed(outcome)).toEqual([]);
    await expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['--session-name'] });
  });
});
