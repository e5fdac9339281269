import type { CallRecord, LocalAws } from '@edd/local-aws';
import { expect } from 'vitest';
import type { StepRun } from './run-step.js';
import { s3ObjectsOf } from './s3.js';
import { secretsIn, secretsOf, type SecretFinding } from './secrets.js';

export interface RefusalExpectation {
  outcome: StepRun;
  localAws: LocalAws;
  /** The exit code the refusal must have: 2 usage, 3 validation, 4 AWS refused. */
  code: number;
  /** What the one-line message must name (the file, the resource, the field): all of them on one line of stderr. */
  mentions: readonly (string | RegExp)[];
  /** The account whose S3 objects are searched for secrets (default: the one the step acted in, if any). */
  account?: string;
  /** Buckets of that account to search; the prompt bucket `edd-connect-prompts-<account>` is always searched. */
  buckets?: readonly string[];
  /** More values that must not come out (a canary planted in a file the step must not read). */
  secrets?: readonly string[];
  region?: string;
}

/** The write calls made since a sequence number, by any client in any account (calls AWS made for itself excluded). */
export function writeCallsSince(localAws: LocalAws, since: number): CallRecord[] {
  return localAws.calls({ since, write: true }).filter((c) => !c.invokedBy);
}

const matches = (line: string, mention: string | RegExp): boolean =>
  typeof mention === 'string' ? line.includes(mention) : mention.test(line);

/**
 * The step refused its input the way every step must: in time, with the expected exit code, one line on stderr that
 * names what is wrong, no stack trace, zero write calls to AWS, and no secret in its output or in S3.
 */
export async function expectRefusedCleanly(expectation: RefusalExpectation): Promise<void> {
  const { outcome, localAws, code, mentions } = expectation;
  const context = `exit ${outcome.code}${outcome.timedOut ? ' (killed: it hung)' : ''}\nstderr:\n${outcome.stderr}`;
  expect(outcome.timedOut, context).toBe(false);
  expect(outcome.code, context).toBe(code);

  const lines = outcome.stderr.split('\n');
  const errorLines = lines.filter((l) => l.startsWith('error: '));
  expect(errorLines.length, `one error line expected\n${context}`).toBeGreaterThan(0);
  expect(
    lines.some((line) => mentions.every((m) => matches(line, m))),
    `one line of stderr names ${mentions.map(String).join(', ')}\n${context}`,
  ).toBe(true);
  expect(outcome.stderr, 'no stack trace without --debug').not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(outcome.stderr).not.toContain('internal error');

  const writes = writeCallsSince(localAws, outcome.since);
  const written = writes.map((c) => `${c.service}:${c.operation} in ${c.account} (${c.status})`);
  expect(written.length, `zero write calls, not ${written.join(', ')}`).toBe(0);

  const secrets = [...secretsOf(outcome.env), ...(expectation.secrets ?? [])];
  const findings: SecretFinding[] = [
    ...secretsIn(outcome.stdout, secrets, 'stdout'),
    ...secretsIn(outcome.stderr, secrets, 'stderr'),
  ];
  const account = expectation.account ?? outcome.account ?? outcome.env.AccountNumber;
  if (account) {
    const buckets = [...new Set([`edd-connect-prompts-${account}`, ...(expectation.buckets ?? [])])];
    for (const object of await s3ObjectsOf(localAws, account, buckets, expectation.region)) {
      findings.push(...secretsIn(object.body.toString('latin1'), secrets, `s3://${object.bucket}/${object.key}`));
    }
  }
  const leaks = findings.map((f) => `${f.where}: ${f.what}`);
  expect(leaks.length, `no secret in stdout, stderr or S3, but ${leaks.join('; ')}`).toBe(0);
}
