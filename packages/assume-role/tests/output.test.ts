import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@edd/core';
import { describe, expect, it } from 'vitest';
import {
  checkConfigFileWritable,
  formatCredentialProcess,
  formatEnv,
  shellQuote,
  upsertProfile,
} from '../src/output.js';
import { partitionOf, roleArn, sessionNameFrom } from '../src/session.js';

const credentials = {
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: "se'cret",
  sessionToken: 'token',
  expiration: new Date('2026-01-01T00:00:00Z'),
};

describe('sessionNameFrom', () => {
  it('makes a CodeBuild build id a valid session name', () => {
    expect(sessionNameFrom('edd-connect-qa:0f3c5b7e-1111-2222-3333-444455556666')).toBe(
      'edd-connect-qa-0f3c5b7e-1111-2222-3333-444455556666',
    );
  });

  it('keeps the unique tail of ids longer than 64 characters', () => {
    const name = sessionNameFrom(`${'p'.repeat(80)}:abcdef`);
    expect(name).toHaveLength(64);
    expect(name.endsWith('-abcdef')).toBe(true);
  });

  it('pads a one-character name and falls back to a timestamp without a build id', () => {
    expect(sessionNameFrom('x')).toMatch(/^[\w+=,.@-]{2}$/);
    expect(sessionNameFrom(undefined, new Date('2026-11-26T05:00:00Z'))).toBe('edd-local-20261126T050000');
  });
});

describe('role ARNs', () => {
  it('uses the partition of the region', () => {
    expect(roleArn('640079793484', 'codebuild-connect', 'us-east-1')).toBe(
      'arn:aws:iam::640079793484:role/codebuild-connect',
    );
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
  });
});

describe('hand-over formats', () => {
  it('quotes values for eval and unsets AWS_PROFILE', () => {
    const env = formatEnv(credentials, 'us-east-1');
    expect(env.split('\n')[0]).toBe('unset AWS_PROFILE');
    expect(env).toContain(`export AWS_SECRET_ACCESS_KEY='se'\\''cret'`);
    expect(shellQuote('$(rm -rf /)')).toBe(`'$(rm -rf /)'`);
  });

  it('prints the credential_process shape', () => {
    expect(JSON.parse(formatCredentialProcess(credentials))).toEqual({
      Version: 1,
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: "se'cret",
      SessionToken: 'token',
      Expiration: '2026-01-01T00:00:00.000Z',
    });
  });
});

describe('upsertProfile', () => {
  const spec = {
    name: 'target',
    roleArn: 'arn:aws:iam::640079793484:role/codebuild-connect',
    region: 'us-east-1',
    sessionName: 'build-1',
    durationSeconds: 3600,
    credentialSource: 'EcsContainer',
  };

  it('replaces the same profile and keeps the others', () => {
    const before =
      '[default]\nregion = us-west-2\n\n[profile target]\nrole_arn = old\n\n[profile other]\nregion = eu-west-1\n';
    const after = upsertProfile(before, spec);
    expect(after).toContain('[default]\nregion = us-west-2');
    expect(after).toContain('[profile other]\nregion = eu-west-1');
    expect(after).not.toContain('role_arn = old');
    expect(after.match(/\[profile target\]/g)).toHaveLength(1);
    expect(after).toContain('credential_source = EcsContainer');
  });

  it('writes no secrets', () => {
    expect(upsertProfile('', spec)).not.toMatch(/secret|token|aws_access_key_id/i);
  });
});

describe('checkConfigFileWritable', () => {
  it('accepts a file that exists or can be created, and refuses folders, FIFOs, system files and files in the way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edd-config-'));
    writeFileSync(join(dir, 'config'), '');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    await checkConfigFileWritable(join(dir, 'config'));
    await checkConfigFileWritable(join(dir, 'new', 'deeper', 'config'));
    for (const [path, why] of [
      [dir, 'is a folder'],
      [join(dir, 'pipe'), 'is not a regular file'],
      [join(dir, 'config', 'config'), 'has a file where a folder should be'],
      ['/proc/self/environ', 'is under /proc/'],
      ['/proc/nowhere/config', 'is under /proc, a system folder'],
      ['/dev/null', 'is under /dev/null, a system folder'],
    ] as const) {
      const error = await checkConfigFileWritable(path).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(why);
    }
  });
});
