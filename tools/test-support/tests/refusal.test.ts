import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, startLocalAws, type LocalAws } from '@edd/local-aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusedCleanly, runStep, secretsIn } from '../src/index.js';

const ACCOUNT = '640079793484';
let localAws: LocalAws;
const dir = mkdtempSync(join(tmpdir(), 'edd-test-support-'));

/** A stand-in executable: what it prints and does is the test's to choose. */
function script(name: string, body: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, body);
  return file;
}

const refuses = script(
  'refuses',
  `process.stderr.write('error: bot.zip: Bot/../../x.json leads out\\n'); process.exit(3);`,
);
const leaks = script(
  'leaks',
  `process.stderr.write('error: cannot parse ' + process.env.AWS_SECRET_ACCESS_KEY + '\\n'); process.exit(3);`,
);
const hangs = script('hangs', `setTimeout(() => {}, 60_000);`);
const writes = script(
  'writes',
  `const r = await fetch(process.env.AWS_ENDPOINT_URL + '/edd-connect-prompts-${ACCOUNT}/x', { method: 'PUT', body: 'x',
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=' + process.env.AWS_ACCESS_KEY_ID + '/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0', 'x-amz-security-token': process.env.AWS_SESSION_TOKEN } });
  process.stderr.write('error: refused after writing ' + r.status + '\\n'); process.exit(3);`,
);

async function failure(work: Promise<void>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the expectation must fail').toBeInstanceOf(Error);
  return (error as Error).message;
}

beforeAll(async () => {
  localAws = await startLocalAws();
  const s3 = new S3Client(await clientConfig(localAws.url, ACCOUNT));
  await s3.send(new CreateBucketCommand({ Bucket: `edd-connect-prompts-${ACCOUNT}` }));
  s3.destroy();
});
afterAll(() => localAws?.close());

describe('expectRefusedCleanly', () => {
  it('passes a refusal with the right code, one line naming the file, no write and no secret', async () => {
    const outcome = await runStep(localAws, { exe: refuses, args: [], account: ACCOUNT });
    await expectRefusedCleanly({ outcome, localAws, code: 3, mentions: ['bot.zip', 'Bot/../../x.json'] });
  });

  it('fails on the wrong exit code, or a message that does not name the file', async () => {
    const outcome = await runStep(localAws, { exe: refuses, args: [], account: ACCOUNT });
    await failure(expectRefusedCleanly({ outcome, localAws, code: 2, mentions: ['bot.zip'] }));
    await failure(expectRefusedCleanly({ outcome, localAws, code: 3, mentions: ['other.zip'] }));
  });

  it('fails when the credentials come out', async () => {
    const outcome = await runStep(localAws, { exe: leaks, args: [], account: ACCOUNT });
    expect(await failure(expectRefusedCleanly({ outcome, localAws, code: 3, mentions: ['cannot parse'] }))).toMatch(
      /no secret/,
    );
  });

  it('fails on a hang, killing the process', async () => {
    const outcome = await runStep(localAws, { exe: hangs, args: [], account: ACCOUNT, timeoutMs: 500 });
    expect(outcome.timedOut).toBe(true);
    await failure(expectRefusedCleanly({ outcome, localAws, code: 3, mentions: [] }));
  });

  it('fails on a write call, and finds a secret written to the prompt bucket', async () => {
    const outcome = await runStep(localAws, { exe: writes, args: [], account: ACCOUNT });
    expect(outcome.stderr).toContain('writing 200');
    expect(await failure(expectRefusedCleanly({ outcome, localAws, code: 3, mentions: ['refused'] }))).toMatch(
      /zero write calls/,
    );
    const s3 = new S3Client(await clientConfig(localAws.url, ACCOUNT));
    await s3.send(
      new PutObjectCommand({
        Bucket: `edd-connect-prompts-${ACCOUNT}`,
        Key: 'environ.wav',
        Body: `AWS_SESSION_TOKEN=${outcome.env.AWS_SESSION_TOKEN}`,
      }),
    );
    s3.destroy();
    const clean = await runStep(localAws, { exe: refuses, args: [], account: ACCOUNT });
    const message = await failure(
      expectRefusedCleanly({ outcome: clean, localAws, code: 3, mentions: ['bot.zip'], secrets: secretsFrom(outcome) }),
    );
    expect(message).toContain(`s3://edd-connect-prompts-${ACCOUNT}/environ.wav`);
  });
});

describe('secretsIn', () => {
  it('finds given values and anything shaped like a key or token, and nothing in plain messages', () => {
    expect(secretsIn('error: flows/a.json: key "x" appears twice', ['abcdefghij'], 'stderr')).toEqual([]);
    expect(secretsIn('x abcdefghij y', ['abcdefghij'], 'stderr')).toHaveLength(1);
    expect(secretsIn('aws_secret_access_key = zzzz', [], 'stderr')).toHaveLength(1);
  });
});

function secretsFrom(outcome: { env: Record<string, string> }): string[] {
  return [outcome.env.AWS_SESSION_TOKEN!];
}
