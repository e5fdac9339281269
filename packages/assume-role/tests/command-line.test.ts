import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/bin.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const previous = { ...process.env };
  Object.assign(process.env, { Environment: 'qa', AccountNumber: '640079793484', ...env });
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), stderr };
  } finally {
    process.stderr.write = write;
    process.env = previous;
  }
}

describe('assume-role command line', () => {
  it('refuses an AWS config file it could not write, in one line, before calling AWS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edd-assume-'));
    for (const file of [dir, join(dir, 'missing/config'), '/proc/self/config']) {
      const r = await run(['--format', 'profile', '--aws-config-file', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: --aws-config-file: .*\n$/);
    }
  });

  it('reads the config file from its canonical variable before the SDK one, and reports every problem at once', async () => {
    const r = await run(['--format', 'profile', '--region', 'us_east_1'], {
      EDD_ASSUME_ROLE_AWS_CONFIG_FILE: '/proc/self/a',
      AWS_CONFIG_FILE: '/proc/self/b',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --region must be an AWS region name such as eu-west-2 or us-gov-west-1; --aws-config-file: '/proc/self/a' is on a kernel file system (/proc, /sys, /dev), not a file of yours\n",
    );
  });
});
