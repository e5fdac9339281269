import { UsageError } from '@edd/core';
import { startLocalAws, stepEnvironment, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assume } from '../../src/index.js';

const QA = { environment: 'qa', account: '640079793484' };
let localAws: LocalAws;
let saved: NodeJS.ProcessEnv;

beforeAll(async () => {
  localAws = await startLocalAws();
  saved = { ...process.env };
  // The build's own credentials, found the AWS SDK's usual way.
  Object.assign(process.env, await stepEnvironment(localAws.url));
});
afterAll(async () => {
  process.env = saved;
  await localAws?.close();
});

describe('assume as a library call', () => {
  it('returns the assumed session and the credential_process document, and logs no secret', async () => {
    const lines: string[] = [];
    const result = await assume({ ...QA, format: 'json' }, { log: (line) => lines.push(line) });
    expect(result.exitCode).toBe(0);
    expect(result.roleArn).toBe('arn:aws:iam::640079793484:role/codebuild-connect');
    expect(result.assumedRoleArn).toMatch(/^arn:aws:sts::640079793484:assumed-role\/codebuild-connect\//);
    const document = JSON.parse(result.output) as { Version: number; AccessKeyId: string; SecretAccessKey: string };
    expect(document.Version).toBe(1);
    expect(lines.join('\n')).toContain('assumed arn:aws:sts::640079793484');
    expect(lines.join('\n')).not.toContain(document.SecretAccessKey);
  });

  it('throws a usage error when the account is not the environment’s', async () => {
    await expect(assume({ environment: 'qa', account: '658456346551' })).rejects.toThrow(UsageError);
  });
});
