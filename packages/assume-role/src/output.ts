import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@edd/core';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** POSIX shell single-quoting: safe for any value inside `eval`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `export` lines for `eval`. AWS_PROFILE is unset because a profile and exported keys in one shell make the
 * SDKs and the CLI disagree about which identity is used.
 */
export function formatEnv(credentials: TemporaryCredentials, region: string): string {
  return [
    'unset AWS_PROFILE',
    `export AWS_ACCESS_KEY_ID=${shellQuote(credentials.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${shellQuote(credentials.secretAccessKey)}`,
    `export AWS_SESSION_TOKEN=${shellQuote(credentials.sessionToken)}`,
    `export AWS_REGION=${shellQuote(region)}`,
    `export AWS_DEFAULT_REGION=${shellQuote(region)}`,
    '',
  ].join('\n');
}

/** The `credential_process` output shape of the AWS CLI and SDKs. */
export function formatCredentialProcess(credentials: TemporaryCredentials): string {
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration.toISOString(),
  })}\n`;
}

export interface ProfileSpec {
  name: string;
  roleArn: string;
  region: string;
  sessionName: string;
  durationSeconds: number;
  credentialSource: string;
  externalId?: string;
}

/** The lines of one `[profile name]` section: a role to assume from the build's own credentials, no secrets. */
export function profileSection(spec: ProfileSpec): string {
  const lines = [
    `[profile ${spec.name}]`,
    `role_arn = ${spec.roleArn}`,
    `credential_source = ${spec.credentialSource}`,
    `role_session_name = ${spec.sessionName}`,
    `duration_seconds = ${spec.durationSeconds}`,
    `region = ${spec.region}`,
  ];
  if (spec.externalId) lines.push(`external_id = ${spec.externalId}`);
  return `${lines.join('\n')}\n`;
}

/** Replaces the section of the same profile (or appends it), leaving every other section as it was. */
export function upsertProfile(configText: string, spec: ProfileSpec): string {
  const header =
    spec.name === 'default'
      ? /^\[(profile\s+)?default\]\s*$/
      : new RegExp(`^\\[profile\\s+${escapeRegExp(spec.name)}\\]\\s*$`);
  const lines = configText.split('\n');
  const out: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (/^\s*\[/.test(line)) skipping = header.test(line.trim());
    if (!skipping) out.push(line);
  }
  const kept = out.join('\n').replace(/\n*$/, '');
  return `${kept ? `${kept}\n\n` : ''}${profileSection(spec)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function writeProfile(configFile: string, spec: ProfileSpec): Promise<void> {
  let current = '';
  try {
    current = await readFile(configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFileAtomic(configFile, upsertProfile(current, spec));
}
