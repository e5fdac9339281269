import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LocalAws } from '../src/index.js';

// The AWS CLI and boto3 serialise and parse every protocol with botocore's own code: what they accept is AWS's
// wire format, not whatever the JavaScript SDK happens to tolerate.

export const run = promisify(execFile);

/** Whether a command runs on this machine: the tests of a client that is not installed are skipped. */
export async function available(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

export interface BotocoreSettings {
  /** STS credentials to act with; `test` keys (the Shared account) otherwise. */
  credentials?: { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string };
  /** `AWS_MAX_ATTEMPTS`: 1 where a test looks at exactly what local-aws answers; botocore's default otherwise. */
  maxAttempts?: number;
  /** More variables (`PYTHONPATH`). */
  extra?: NodeJS.ProcessEnv;
}

/**
 * The environment of an AWS CLI or boto3 process that talks to local-aws and nothing else: no profile, credentials
 * file or instance metadata of the machine's.
 */
export function botocoreEnvironment(
  localAws: LocalAws,
  { credentials, maxAttempts, extra }: BotocoreSettings = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    AWS_ENDPOINT_URL: localAws.url,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: credentials?.AccessKeyId ?? 'test',
    AWS_SECRET_ACCESS_KEY: credentials?.SecretAccessKey ?? 'test',
    ...(credentials?.SessionToken ? { AWS_SESSION_TOKEN: credentials.SessionToken } : {}),
    ...(maxAttempts !== undefined ? { AWS_MAX_ATTEMPTS: String(maxAttempts) } : {}),
    ...extra,
  };
}
