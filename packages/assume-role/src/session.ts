import { homedir } from 'node:os';
import { join } from 'node:path';

const SESSION_CHARS = /[^\w+=,.@-]/g;

/**
 * A role session name AWS accepts (2-64 of `[\w+=,.@-]`), derived from the CodeBuild build id
 * (`edd-connect-qa:0f3c...`) so CloudTrail ties every call in the target account to its build.
 */
export function sessionNameFrom(buildId: string | undefined, now: Date = new Date()): string {
  const raw = buildId?.trim() || `edd-local-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
  let name = raw.replace(SESSION_CHARS, '-');
  // Keep the unique tail of long build ids (project names come first and can be long).
  if (name.length > 64) name = name.slice(name.length - 64);
  return name.length >= 2 ? name : `${name}--`.slice(0, 2);
}

export function partitionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

export function roleArn(account: string, roleName: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${account}:role/${roleName}`;
}

export function defaultConfigFile(env: Record<string, string | undefined>): string {
  return env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
}
