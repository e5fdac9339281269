import {
  refuseSourceDrift,
  SAVED_PLAN_FORMAT,
  ValidationError,
  describeDrift,
  fingerprint,
  fingerprintDrift,
  redact,
  type PlanDocument,
  type PlanFingerprints,
  type PlannedResource,
  type SavedPlan,
} from '@edd/core';
import { z } from 'zod';
import type { LexDeployConfig } from '../model/config.js';
import type { FileTree } from '../model/tree.js';
import type { DeployPlan } from './plan.js';
import type { PreparedDeploy } from './prepare.js';

/**
 * lex-deploy's part of a saved plan: the options that named the bot and its surroundings, and the change set in the
 * applier's terms (each content resource's action and the fields it changes, whether an import happens, the alias,
 * the permissions, the association and the versions pruned). A saved plan is applied only when the change set
 * computed from the current source and target is exactly this one and no fingerprint moved.
 */
const contentChange = z
  .object({
    resource: z.string(),
    action: z.enum(['create', 'update', 'delete']),
    fields: z.array(z.string()),
  })
  .strict();

export const changeSetSchema = z
  .object({
    options: z
      .object({
        botName: z.string(),
        aliasName: z.string(),
        role: z.string(),
        connectInstanceAlias: z.string().nullable(),
        keepVersions: z.number().int().min(0),
      })
      .strict(),
    bot: z.object({ name: z.string(), id: z.string().nullable() }).strict(),
    content: z.array(contentChange),
    import: z.boolean(),
    reuseVersion: z.string().nullable(),
    alias: z.object({ action: z.enum(['create', 'update', 'unchanged']), fields: z.array(z.string()) }).strict(),
    permissions: z.array(z.string()),
    connect: z
      .object({ instance: z.string(), action: z.enum(['associate', 'unchanged']) })
      .strict()
      .nullable(),
    prune: z.array(z.string()),
  })
  .strict();
export type ChangeSet = z.infer<typeof changeSetSchema>;
export type SavedOptions = ChangeSet['options'];

/** A content resource as the plan prints it: `intent "CheckBalance" [en_US]`. */
function resourceLabel(r: Pick<PlannedResource, 'kind' | 'name' | 'group'>): string {
  return `${r.kind} "${r.name}"${r.group ? ` [${r.group}]` : ''}`;
}

/** The options that shape the change set, as resolved for the target (flags, then lex-deploy.json, then defaults). */
export function savedOptionsOf(prepared: PreparedDeploy): SavedOptions {
  const { request } = prepared;
  return {
    botName: request.botName,
    aliasName: request.aliasName,
    role: prepared.roleArn,
    connectInstanceAlias: request.connectInstanceAlias ?? null,
    keepVersions: request.keepVersions,
  };
}

export function changeSetOf(plan: DeployPlan, document: PlanDocument, options: SavedOptions): ChangeSet {
  const alias = document.resources.find((r) => r.kind === 'alias');
  return {
    options,
    bot: { name: plan.request.botName, id: plan.bot?.id ?? null },
    content: plan.content
      .filter((r) => r.action !== 'unchanged')
      .map((r) => ({
        resource: resourceLabel(r),
        action: r.action as 'create' | 'update' | 'delete',
        fields: [...new Set((r.fields ?? []).map((f) => f.path))].sort(),
      })),
    import: plan.reuseVersion === undefined,
    reuseVersion: plan.reuseVersion ?? null,
    alias: { action: plan.alias.action, fields: (alias?.fields ?? []).map((f) => f.path).sort() },
    permissions: plan.permissions.filter((p) => p.action === 'add').map((p) => p.fn.qualifiedArn),
    connect: plan.connect ? { instance: plan.connect.instance.alias, action: plan.connect.action } : null,
    prune: [...plan.prune],
  };
}

const CONFIG_KEY = 'config';
const FILE_KEY = 'source/';

/** Where the source is in this run, to name its files in messages. */
export interface SourceNames {
  /** `--source`: a bot folder or a zip. */
  source: string;
  isZip: boolean;
  /** The configuration file read. */
  configFile: string;
}

/** A source fingerprint key as this run names the file: `lex/EDDBot/EDDBot/Bot.json`, `EDDBot.zip: EDDBot/Bot.json`. */
export function sourceFileName(key: string, names: SourceNames): string {
  if (key === CONFIG_KEY) return names.configFile;
  if (!key.startsWith(FILE_KEY)) return key;
  const path = key.slice(FILE_KEY.length);
  return names.isZip ? `${names.source}: ${path}` : `${names.source}/${path}`;
}

/**
 * The source as the plan read it: each file of the bot (by its path in the bot folder or the zip, so the plan can be
 * applied from another checkout of the same commit), the configuration, and the options that name the bot in the
 * target. File contents are fingerprinted, never stored, so a secret in the source never reaches the saved plan.
 */
export function sourceFingerprints(
  files: FileTree,
  config: LexDeployConfig,
  options: SavedOptions,
): Pick<PlanFingerprints, 'source' | 'sourceFiles'> {
  const named: Record<string, string> = { [CONFIG_KEY]: fingerprint(config) };
  for (const [path, data] of files) named[`${FILE_KEY}${path}`] = fingerprint(Buffer.from(data));
  const sourceFiles = Object.fromEntries(Object.entries(named).sort(([a], [b]) => a.localeCompare(b)));
  return { source: fingerprint({ files: sourceFiles, options }), sourceFiles };
}

/** Every string of a value with the secrets the logs mask masked too: a saved plan is an artifact like a log. */
function masked<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(masked) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)])) as T;
  return value;
}

export function savedPlan(
  document: PlanDocument,
  plan: DeployPlan,
  options: SavedOptions,
  source: Pick<PlanFingerprints, 'source' | 'sourceFiles'>,
): SavedPlan<ChangeSet> {
  return {
    format: SAVED_PLAN_FORMAT,
    plan: masked(document),
    fingerprints: { ...source, target: plan.fingerprints },
    changeSet: changeSetOf(plan, document, options),
  };
}

/** A fingerprint key in words: `alias/live` -> `alias "live"`. */
export function describeFingerprintKey(key: string): string {
  const slash = key.indexOf('/');
  const type = key.slice(0, slash);
  const name = key.slice(slash + 1);
  switch (type) {
    case 'bot':
      return `bot "${name}"`;
    case 'alias':
      return `alias "${name}"`;
    case 'versions':
      return `the versions and aliases of bot "${name}"`;
    case 'content':
      return `the content of bot "${name}" the plan compared with`;
    case 'lambda-function':
      return `Lambda function ${name}`;
    case 'lambda-permission':
      return `Lambda permission ${name}`;
    case 'connect-association':
      return `Connect association ${name}`;
    default:
      return key;
  }
}

const OPTION_FLAGS: Record<keyof SavedOptions, string> = {
  botName: '--bot-name',
  aliasName: '--alias-name',
  role: '--role',
  connectInstanceAlias: '--connect-instance-alias',
  keepVersions: '--keep-versions',
};

function optionsText(options: SavedOptions, keys: readonly (keyof SavedOptions)[]): string {
  return keys
    .map((key) => {
      const value = options[key];
      return value === null ? `no ${OPTION_FLAGS[key]}` : `${OPTION_FLAGS[key]} ${value}`;
    })
    .join(' ');
}

/**
 * Before any AWS call: the saved plan was made with these options from this source. Refuses (exit 3) naming both
 * options when they differ, and each file that changed, appeared or went away.
 */
export function checkSavedSource(
  file: string,
  saved: SavedPlan<ChangeSet>,
  options: SavedOptions,
  source: Pick<PlanFingerprints, 'source' | 'sourceFiles'>,
  names: SourceNames,
): void {
  const was = saved.changeSet.options;
  const differing = (Object.keys(OPTION_FLAGS) as (keyof SavedOptions)[]).filter((k) => was[k] !== options[k]);
  if (differing.length > 0)
    throw new ValidationError(
      `${file} cannot be applied: it was made with ${optionsText(was, differing)}, and this run gives ${optionsText(options, differing)}; pass the same options or make the plan again; nothing was written`,
    );
  refuseSourceDrift(file, saved.fingerprints, source, (key) => sourceFileName(key, names));
}

/**
 * After planning again from the same source: nothing the plan read in the target moved, and the change set is the
 * one approved. Refuses (exit 3) naming every resource that moved.
 */
export function checkSavedTarget(
  file: string,
  saved: SavedPlan<ChangeSet>,
  plan: DeployPlan,
  document: PlanDocument,
): void {
  const drift = fingerprintDrift(saved.fingerprints.target, plan.fingerprints);
  if (drift.length > 0)
    throw new ValidationError(
      `${file} cannot be applied: the target changed since the plan was made; make the plan again and have it approved; nothing was written`,
      drift.map((d) => ({ resource: describeFingerprintKey(d.key), message: describeDrift(d) })),
    );
  const was = saved.changeSet;
  const now = changeSetOf(plan, document, was.options);
  const key = (c: unknown) => JSON.stringify(c);
  const nowContent = new Set(now.content.map(key));
  const wasContent = new Set(was.content.map(key));
  const moved = [
    ...new Set([
      ...was.content.filter((c) => !nowContent.has(key(c))).map((c) => c.resource),
      ...now.content.filter((c) => !wasContent.has(key(c))).map((c) => c.resource),
    ]),
  ];
  if (key(was.bot) !== key(now.bot)) moved.push(`bot "${now.bot.name}"`);
  if (was.import !== now.import || was.reuseVersion !== now.reuseVersion) moved.push('the new version');
  if (key(was.alias) !== key(now.alias)) moved.push(`alias "${was.options.aliasName}"`);
  if (key(was.permissions) !== key(now.permissions)) moved.push('the Lambda permissions');
  if (key(was.connect) !== key(now.connect)) moved.push('the Connect association');
  if (key(was.prune) !== key(now.prune)) moved.push('the versions to prune');
  if (moved.length > 0)
    throw new ValidationError(
      `${file} cannot be applied: the change it holds is not the change this source makes in this target (${moved.join(', ')}); make the plan again; nothing was written`,
    );
}
