import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError, writeFileAtomic } from '@edd/core';

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

const SYSTEM_TREES = ['/proc', '/dev', '/sys'];

/**
 * Checks, without opening it, that the AWS config file can be written: run before the role is assumed, so a wrong
 * --aws-config-file costs no AWS call. A folder, a FIFO or device (reading it would block), anything under /proc,
 * /dev or /sys, or a path whose folder cannot be created or written is a usage error (exit 2).
 */
export async function checkConfigFileWritable(configFile: string): Promise<void> {
  const fail = (why: string): never => {
    throw new UsageError(`--aws-config-file ${configFile} ${why}; pass a file the build can write`);
  };
  let path = resolve(configFile);
  let exists = true;
  // The file, or else the nearest folder on its way that exists: that is where the writing happens.
  for (;;) {
    try {
      path = await realpath(path);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') fail('has a file where a folder should be');
      if (code !== 'ENOENT') fail(`cannot be used: ${(error as Error).message}`);
      exists = false;
      path = dirname(path);
    }
  }
  if (SYSTEM_TREES.some((tree) => path === tree || path.startsWith(`${tree}/`)))
    fail(`is under ${path}, a system folder`);
  const stats = await stat(path);
  if (exists && stats.isDirectory()) fail('is a folder');
  if (exists && !stats.isFile()) fail('is not a regular file');
  if (!exists && !stats.isDirectory()) fail(`cannot be created: ${path} is not a folder`);
  try {
    await access(exists ? dirname(path) : path, constants.W_OK);
    if (exists) await access(path, constants.R_OK | constants.W_OK);
  } catch {
    fail('is not writable');
  }
}

export async function writeProfile(configFile: string, spec: ProfileSpec): Promise<void> {
  let current = '';
  try {
    current = await readFile(configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UsageError(`--aws-config-file ${configFile} cannot be read: ${(error as Error).message}`);
  }
  try {
    await writeFileAtomic(configFile, upsertProfile(current, spec));
  } catch (error) {
    throw new UsageError(`--aws-config-file ${configFile} cannot be written: ${(error as Error).message}`);
  }
}
