import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeBotAliasCommand, DescribeBotCommand } from '@aws-sdk/client-lex-models-v2';
import {
  InputRoot,
  OutputRoot,
  expandPlaceholders,
  mapConcurrent,
  stableStringify,
  type Logger,
  type PlaceholderValues,
} from '@edd/core';
import { UNBOUNDED, type ConnectApi } from '../aws/connect-api.js';
import { readApprovedOrigins, readInstanceAttributes, type InstanceRef } from '../aws/instance.js';
import {
  describeResource,
  listIntegrationAssociations,
  listLambdaAssociations,
  listLexV2Associations,
  listPhoneNumbers,
  type IntegrationSummary,
} from '../aws/read.js';
import { CONFIG_FILE, PhoneMapping, type ConnectDeployConfig } from '../model/config.js';
import { ExternalNames } from '../model/external-names.js';
import { UUID, parseLambdaArn, parseLexAliasArn } from '../references/arns.js';
import { inferConfig, type InferredRule } from './infer-config.js';
import { fileNameFor, selectorKey } from '../model/layout.js';
import {
  EXPORTED,
  RESOURCES,
  isResourceType,
  resourceOf,
  type AnyResource,
  type InstanceResourceType,
  type ReadContext,
  type ResourceSummary,
} from '../resources/index.js';
import { INSTANCE_FILE, resourceKey } from '../model/source.js';
import { forEachRef, symbolize, type ReferenceProblem, type SourceIndex } from '../references/rewrite.js';
import { canonicalOrder } from './canonical.js';

export interface ExportOptions {
  instance: InstanceRef;
  out: string;
  config: ConnectDeployConfig;
  /** There is no connect-deploy.json yet: infer the naming rules from the environment (see infer-config.ts). */
  inferConfig?: boolean;
  include?: string[];
  exclude?: string[];
  /** The source environment's values, for turning its names back into logical ones. */
  placeholders?: PlaceholderValues;
  logger: Logger;
}

export interface ExportedResource {
  type: InstanceResourceType;
  name: string;
  file: string;
}

export interface ExportResult {
  resources: ExportedResource[];
  warnings: string[];
  removedFiles: string[];
  /** The configuration the export used (the inferred one on a first export). */
  config: ConnectDeployConfig;
  /** Rules inferred on a first export. */
  inferred: InferredRule[];
}

/**
 * Everything the instance holds, by type: ids and names of every resource of every type (users included).
 * `phoneName` names what is known by its phone number as exports do (the config's `phoneNumbers`).
 */
export async function listInstance(
  api: ConnectApi,
  instance: InstanceRef,
  phoneName?: (number: string) => string,
): Promise<Map<InstanceResourceType, ResourceSummary[]>> {
  const ctx: ReadContext = { api, instanceId: instance.id, ...(phoneName ? { phoneName } : {}) };
  const lists = await Promise.all(RESOURCES.map(async (r) => [r.type, await r.list(ctx)] as const));
  return new Map(lists);
}

/**
 * The resources a reference can name, by id: those of the types with an ARN of their own, and those content names by
 * their name (a predefined attribute, whose id is its name). What Connect gives no ARN (an override) or another
 * type's id (a phone number's flow is known by the number's id) is never referenced.
 */
export function referenceable(
  listing: Map<InstanceResourceType, ResourceSummary[]>,
): Map<string, { type: InstanceResourceType; name: string }> {
  return new Map(
    [...listing.values()]
      .flat()
      .filter((s) => resourceOf(s.type).arnKind !== undefined || resourceOf(s.type).namedAt !== undefined)
      .map((s) => [s.id, { type: s.type as InstanceResourceType, name: s.name }]),
  );
}

/**
 * Reads an instance and writes the export directory: one deterministic file per resource with symbolic
 * references, prompt audio beside its prompt, `instance.json`, and the config (kept when it already exists).
 */
export async function exportInstance(api: ConnectApi, options: ExportOptions): Promise<ExportResult> {
  const { instance, out, logger } = options;
  // Only ever writes inside --out: a link committed into the export folder cannot redirect the export elsewhere.
  const output = await OutputRoot.open(out, '--out');
  const phoneMapping = new PhoneMapping(options.config.phoneNumbers, options.placeholders?.Environment);
  const [listing, phones, lexAliasArns, lambdaArns, integrations] = await Promise.all([
    listInstance(api, instance, (number) => phoneMapping.toLogical(number)),
    listPhoneNumbers(api, instance.arn),
    listLexV2Associations(api, instance.id),
    listLambdaAssociations(api, instance.id),
    listIntegrationAssociations(api, instance.id),
  ]);
  const lexAliases = await lexAliasNames(api, lexAliasArns);
  let config = options.config;
  let inferred: InferredRule[] = [];
  if (options.inferConfig && options.placeholders) {
    ({ config, rules: inferred } = inferConfig({
      values: options.placeholders,
      instanceAlias: instance.alias,
      lambdaFunctions: lambdaArns.map((arn) => parseLambdaArn(arn)?.name).filter((n): n is string => Boolean(n)),
      lexBots: [...lexAliases.values()].map((a) => a.botName),
    }));
  }
  const names = new ExternalNames(config, options.placeholders ?? { Environment: '', AccountNumber: '', Region: '' });
  const allowed = (config.allowAccountArns ?? []).map((p) => new RegExp(p));
  const index: SourceIndex = {
    instanceId: instance.id,
    account: instance.scope.account,
    resources: referenceable(listing),
    unportable: unportableIds(integrations),
    phoneNumbers: new Map(phones.map((p) => [p.id, phoneMapping.toLogical(p.number)])),
    lexAliases: new Map(
      [...lexAliases].map(([key, a]) => [key, { ...names.lexExportName(a.botName), alias: a.aliasName }]),
    ),
    lambdaName: (name) => names.lambdaExportName(name),
    ...(options.placeholders ? { valueName: (value: string) => names.values.nameOf(value) } : {}),
    allowLiteral: (value) => allowed.some((p) => p.test(value)),
  };

  const includeText = options.include ?? config.include;
  const include = includeText?.map((p) => new RegExp(p));
  const exclude = (options.exclude ?? config.exclude)?.map((p) => new RegExp(p));
  // A singleton is the instance's own setting, not one of many to pick: only --exclude leaves it out.
  const selected = (type: InstanceResourceType, name: string) => {
    const key = selectorKey(type, name);
    const picked = !include || resourceOf(type).singleton !== undefined || include.some((p) => p.test(key));
    return picked && !exclude?.some((p) => p.test(key));
  };
  // Opt-in types (users) only when an --include pattern names their folder.
  const optedIn = (r: AnyResource) => includeText?.some((p) => p.includes(`${r.folder}/`)) ?? false;
  const byKey = new Map([...listing.values()].flat().map((s) => [resourceKey(s.type, s.name), s]));
  const queue: ResourceSummary[] = EXPORTED.filter(
    (r) => r.export === 'always' || (r.export === 'opt-in' && optedIn(r)),
  ).flatMap((r) => (listing.get(r.type) ?? []).filter((s) => selected(r.type, s.name)));
  const chosen = new Map(queue.map((s) => [resourceKey(s.type, s.name), s]));
  const bodies = new Map<string, Record<string, unknown>>();
  const warnings: string[] = [];

  // Describe in waves: whatever an exported resource references is exported too, so the export is complete.
  let wave = queue;
  while (wave.length > 0) {
    const described = await mapConcurrent(wave, UNBOUNDED, async (summary) => {
      const descriptor = resourceOf(summary.type);
      const { body: concrete } = await describeResource(api, instance.id, summary);
      const problems: ReferenceProblem[] = [];
      const symbolic = canonicalOrder(summary.type, symbolize(concrete, index, problems) as Record<string, unknown>);
      const file = `${descriptor.folder}/${fileNameFor(summary.name)}.json`;
      for (const p of problems)
        warnings.push(`${file} ${descriptor.label} "${summary.name}" ${p.path.join('.')}: ${p.message}`);
      return { summary, symbolic };
    });
    const next: ResourceSummary[] = [];
    for (const { summary, symbolic } of described) {
      bodies.set(resourceKey(summary.type, summary.name), symbolic);
      forEachRef(symbolic, (ref) => {
        if (typeof ref.name !== 'string' || typeof ref.$ref !== 'string' || !isResourceType(ref.$ref)) return;
        const referenced = resourceOf(ref.$ref);
        // Types exported with what references them; opt-in and reference-only types (users) never are.
        if (referenced.export !== 'always' && referenced.export !== 'referenced') return;
        const key = resourceKey(ref.$ref, ref.name);
        const target = byKey.get(key);
        if (target && !chosen.has(key)) {
          chosen.set(key, target);
          next.push(target);
          if (referenced.export === 'always') {
            warnings.push(
              `${selectorKey(referenced.type, target.name)} is excluded by the filters but referenced, so it is exported too`,
            );
          }
        }
      });
    }
    wave = next;
  }

  const written = new Set<string>();
  const resources: ExportedResource[] = [];
  const order = (type: string) => RESOURCES.findIndex((r) => r.type === type);
  const ordered = [...chosen.values()].sort((a, b) => order(a.type) - order(b.type) || a.name.localeCompare(b.name));
  await mapConcurrent(ordered, UNBOUNDED, async (summary) => {
    const descriptor = resourceOf(summary.type);
    const base = `${descriptor.folder}/${fileNameFor(summary.name)}`;
    const body = { ...bodies.get(resourceKey(summary.type, summary.name))! };
    if (descriptor.attachment) {
      const file = await writeAttachment(output, descriptor, { api, instanceId: instance.id }, summary);
      body[descriptor.attachment.field] = file.name;
      written.add(file.path);
    }
    await output.write(`${base}.json`, stableStringify(body));
    written.add(`${base}.json`);
    resources.push({ type: descriptor.type, name: summary.name, file: `${base}.json` });
    logger.action('export', descriptor.label, summary.name);
  });

  await output.write(INSTANCE_FILE, stableStringify(await instanceFile(api, instance, config, options.placeholders)));
  const removedFiles = await removeStaleFiles(out, written);
  for (const file of removedFiles) logger.action('remove', 'file', file, '(no longer in the instance)');
  resources.sort((a, b) => a.file.localeCompare(b.file));
  return { resources, warnings: [...new Set(warnings)].sort(), removedFiles, config, inferred };
}

/**
 * Ids of things the instance's integrations point at (a Cases domain, a Customer Profiles domain, an Amazon Q
 * assistant, ...): the association id and every id segment of the integration's ARN.
 */
function unportableIds(integrations: IntegrationSummary[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of integrations) {
    const kind = `${i.type.toLowerCase().replace(/_/g, ' ')} integration`;
    out.set(i.id, kind);
    if (i.arn) {
      out.set(i.arn, kind);
      for (const part of i.arn.split(/[:/]/)) if (UUID.test(part)) out.set(part, kind);
    }
  }
  return out;
}

async function lexAliasNames(
  api: ConnectApi,
  aliasArns: string[],
): Promise<Map<string, { botName: string; aliasName: string }>> {
  const out = new Map<string, { botName: string; aliasName: string }>();
  for (const arn of aliasArns) {
    const parsed = parseLexAliasArn(arn);
    if (!parsed) continue;
    const bot = await api.send<{ botName?: string }>(
      new DescribeBotCommand({ botId: parsed.botId }),
      `Lex bot ${parsed.botId}`,
      api.lex as never,
    );
    const alias = await api.send<{ botAliasName?: string }>(
      new DescribeBotAliasCommand({ botId: parsed.botId, botAliasId: parsed.aliasId }),
      `Lex bot alias ${parsed.botId}/${parsed.aliasId}`,
      api.lex as never,
    );
    if (bot.botName && alias.botAliasName)
      out.set(`${parsed.botId}/${parsed.aliasId}`, { botName: bot.botName, aliasName: alias.botAliasName });
  }
  return out;
}

async function instanceFile(
  api: ConnectApi,
  instance: InstanceRef,
  config: ConnectDeployConfig,
  placeholders: PlaceholderValues | undefined,
) {
  const [attributes, origins] = await Promise.all([
    readInstanceAttributes(api, instance.id),
    readApprovedOrigins(api, instance.id),
  ]);
  // The alias is written as the config's template when it follows it, so every environment exports the same file.
  const templated =
    config.instanceAlias && placeholders
      ? expandPlaceholders(config.instanceAlias, placeholders, `${CONFIG_FILE} instanceAlias`)
      : undefined;
  const alias = templated?.toLowerCase() === instance.alias.toLowerCase() ? config.instanceAlias! : instance.alias;
  return {
    InstanceAlias: alias,
    ...(instance.identityManagementType ? { IdentityManagementType: instance.identityManagementType } : {}),
    ...(instance.inboundCallsEnabled !== undefined ? { InboundCallsEnabled: instance.inboundCallsEnabled } : {}),
    ...(instance.outboundCallsEnabled !== undefined ? { OutboundCallsEnabled: instance.outboundCallsEnabled } : {}),
    ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
    ...(origins.length > 0 ? { ApprovedOrigins: origins } : {}),
  };
}

/** Writes a resource's attachment (a prompt's audio) beside its JSON; returns its file name and path. */
export async function writeAttachment(
  output: OutputRoot,
  descriptor: AnyResource,
  ctx: ReadContext,
  summary: ResourceSummary,
): Promise<{ name: string; path: string }> {
  const { bytes, extension } = await descriptor.attachment!.read(ctx, summary);
  const name = `${fileNameFor(summary.name)}.${extension}`;
  const path = `${descriptor.folder}/${name}`;
  await output.write(path, bytes);
  return { name, path };
}

/**
 * Files of a previous export for resources that no longer exist, so the git diff shows the deletion. Listed through
 * an InputRoot, so a linked folder leading out of the export stops the step instead of having its files deleted.
 */
async function removeStaleFiles(out: string, written: Set<string>): Promise<string[]> {
  const root = await InputRoot.open(out, { what: '--out' });
  const removed: string[] = [];
  for (const { folder } of EXPORTED) {
    for (const entry of (await root.list(folder)) ?? []) {
      if (entry.kind === 'file' && !written.has(entry.path) && /\.(json|wav|mp3)$/i.test(entry.name)) {
        await rm(join(out, entry.path));
        removed.push(entry.path);
      }
    }
  }
  return removed.sort();
}

export { CONFIG_FILE };
