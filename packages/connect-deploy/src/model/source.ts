import { createHash } from 'node:crypto';
import { InputRoot, parseJsonStrict, type Problem } from '@edd/core';
import { registry } from '@edd/environments';
import { findAccountArn } from '../references/arns.js';
import { formatPath, forEachRef, namesAccount, refShapeProblems, type JsonPath } from '../references/rewrite.js';
import { describeRef, isRefObject, unmappedMessage, type SymbolicRef } from '../references/types.js';
import { CONFIG_FILE, readConfig, type ConnectDeployConfig } from './config.js';
import { describeContentPath, flowStructureProblems, isLegacyConsoleExport } from './flow-content.js';
import { EXPORTED_TYPES, FOLDER, LABEL, selectorKey, type ExportedType } from './layout.js';
import { MAX_PROMPT_BYTES, checkPromptAudio } from './prompt-audio.js';
import { RESOURCE_SCHEMAS, instanceSchema, type InstanceFile } from './schemas.js';

export const INSTANCE_FILE = 'instance.json';

export interface PromptAudio {
  file: string;
  bytes: Buffer;
  sha256: string;
}

/** One resource of an export: its type, name, file and the allowlisted fields (with symbolic references). */
export interface SourceResource {
  type: ExportedType;
  name: string;
  /** Path relative to the export directory, for messages: `flows/Main_IVR.json`. */
  file: string;
  body: Record<string, unknown>;
  audio?: PromptAudio;
}

export interface SourceModel {
  dir: string;
  config: ConnectDeployConfig;
  instance?: InstanceFile;
  resources: SourceResource[];
}

export function resourceKey(type: string, name: string): string {
  return `${type}\u0000${name.toLowerCase()}`;
}

/** Indexes resources by type and case-insensitive name (Connect names are unique per type regardless of case). */
export function indexResources(resources: readonly SourceResource[]): Map<string, SourceResource> {
  return new Map(resources.map((r) => [resourceKey(r.type, r.name), r]));
}

function isContentType(type: ExportedType): boolean {
  return type === 'flow' || type === 'flow-module';
}

function describeRefPath(resource: SourceResource, path: JsonPath): string {
  if (isContentType(resource.type) && path[0] === 'Content') {
    return describeContentPath(resource.body.Content as Record<string, unknown>, path.slice(1));
  }
  return formatPath(path);
}

/** The console's flow types (in a flow exported from the flow designer) and the API's. */
const CONSOLE_FLOW_TYPES: Record<string, string> = {
  contactFlow: 'CONTACT_FLOW',
  customerQueue: 'CUSTOMER_QUEUE',
  customerHold: 'CUSTOMER_HOLD',
  customerWhisper: 'CUSTOMER_WHISPER',
  agentHold: 'AGENT_HOLD',
  agentWhisper: 'AGENT_WHISPER',
  outboundWhisper: 'OUTBOUND_WHISPER',
  agentTransfer: 'AGENT_TRANSFER',
  queueTransfer: 'QUEUE_TRANSFER',
  campaign: 'CAMPAIGN',
};

/**
 * A flow exported from the console's flow designer is flow-language content whose Metadata names the flow
 * (`Metadata.name`, `.type`, `.description`, `.status`): turned into our format so it validates like any other.
 */
function fromDesignerExport(type: ExportedType, raw: Record<string, unknown>): Record<string, unknown> | undefined {
  const metadata = raw.Metadata as Record<string, unknown> | undefined;
  if (type !== 'flow' || 'Name' in raw || !Array.isArray(raw.Actions) || typeof metadata?.name !== 'string')
    return undefined;
  const flowType = typeof metadata.type === 'string' ? (CONSOLE_FLOW_TYPES[metadata.type] ?? metadata.type) : undefined;
  return {
    Name: metadata.name,
    ...(flowType ? { Type: flowType } : {}),
    ...(typeof metadata.description === 'string' && metadata.description ? { Description: metadata.description } : {}),
    Status: typeof metadata.status === 'string' ? metadata.status.toUpperCase() : 'PUBLISHED',
    Content: raw,
  };
}

/**
 * Accepts a DescribeContactFlow / DescribeContactFlowModule output (`{"ContactFlow": {... "Content": "<string>"}}`)
 * or a flow exported from the console's designer dropped into `flows/`, as well as our own format: the wrapper is
 * removed and the content parsed.
 */
function unwrapDescribeOutput(
  type: ExportedType,
  raw: Record<string, unknown>,
  file: string,
  problems: Problem[],
): Record<string, unknown> | undefined {
  const designed = fromDesignerExport(type, raw);
  if (designed) return designed;
  const wrapperKey = type === 'flow' ? 'ContactFlow' : type === 'flow-module' ? 'ContactFlowModule' : undefined;
  const inner = wrapperKey ? raw[wrapperKey] : undefined;
  const body =
    inner && typeof inner === 'object' && Object.keys(raw).length === 1
      ? { ...(inner as Record<string, unknown>) }
      : raw;
  if (wrapperKey && body !== raw) {
    for (const volatile of [
      'Arn',
      'Id',
      'FlowContentSha256',
      'FlowModuleContentSha256',
      'LastModifiedTime',
      'LastModifiedRegion',
      'Version',
      'VersionDescription',
    ]) {
      delete body[volatile];
    }
  }
  if (typeof body.Content === 'string') {
    const content = parseJsonStrict(body.Content);
    if (!content.ok) {
      problems.push({ file, path: 'Content', message: content.problem.message });
      return undefined;
    }
    body.Content = content.value;
  }
  for (const key of ['Status', 'State'] as const) {
    if (typeof body[key] === 'string') body[key] = (body[key] as string).toUpperCase();
  }
  if (body.Tags && typeof body.Tags === 'object' && Object.keys(body.Tags).length === 0) delete body.Tags;
  if (body.Description === '') delete body.Description;
  return body;
}

/** Where a prompt's audio and JSON files may be at most: Connect's own limits. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Reads an export directory and checks everything that can be checked offline. The directory is untrusted input
 * (it comes from a repository): it is read through an InputRoot, so a link leaving it, a device or a FIFO stops the
 * step naming the file. Other problems are collected, not thrown, so one run reports all of them.
 */
export async function readSource(dir: string, problems: Problem[]): Promise<SourceModel> {
  const root = await InputRoot.open(dir, { what: '--source' });
  const config = await readConfig(root);
  const model: SourceModel = { dir, config, resources: [] };
  if (await root.exists(INSTANCE_FILE, 'file')) {
    const instance = await readJsonFile(root, INSTANCE_FILE, problems);
    if (instance !== undefined) {
      const parsed = instanceSchema.safeParse(instance);
      if (parsed.success) model.instance = parsed.data;
      else
        for (const issue of parsed.error.issues)
          problems.push({ file: INSTANCE_FILE, path: issue.path.join('.'), message: issue.message });
    }
  }
  for (const type of EXPORTED_TYPES) {
    const folder = FOLDER[type];
    const entries = (await root.list(folder)) ?? [];
    for (const entry of entries) {
      if (entry.kind !== 'file' || !entry.name.endsWith('.json')) continue;
      const file = entry.path;
      const raw = await readJsonFile(root, file, problems);
      if (raw === undefined) continue;
      if (
        isLegacyConsoleExport(raw) ||
        (raw && typeof raw === 'object' && isLegacyConsoleExport((raw as { Content?: unknown }).Content))
      ) {
        problems.push({
          file,
          message:
            'this is the legacy console export format ({"modules": [...], "version": "1"}), which the Connect API cannot import; open the flow in the console, save it once so it is converted to the flow language, and export it again with connect-deploy export',
        });
        continue;
      }
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        problems.push({ file, message: 'must hold a JSON object' });
        continue;
      }
      const bare = bareFlowDocumentHint(type, raw as Record<string, unknown>);
      if (bare) {
        problems.push({ file, message: bare });
        continue;
      }
      const body = unwrapDescribeOutput(type, raw as Record<string, unknown>, file, problems);
      if (!body) continue;
      const parsed = RESOURCE_SCHEMAS[type].safeParse(body);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({
            file,
            resource: typeof body.Name === 'string' ? `${LABEL[type]} "${body.Name}"` : undefined,
            path: issue.path.join('.') || undefined,
            message: issue.message,
          });
        }
        continue;
      }
      const resource: SourceResource = { type, name: parsed.data.Name as string, file, body: parsed.data };
      if (type === 'prompt') {
        const audio = await readPromptAudio(root, `${folder}/${parsed.data.File as string}`, resource, problems);
        if (audio) resource.audio = audio;
      }
      model.resources.push(resource);
    }
  }
  return model;
}

async function readPromptAudio(
  root: InputRoot,
  audioFile: string,
  resource: SourceResource,
  problems: Problem[],
): Promise<PromptAudio | undefined> {
  const where = { file: audioFile, resource: `prompt "${resource.name}"` };
  const bytes = await root.readFile(audioFile, {
    maxBytes: MAX_PROMPT_BYTES - 1,
    tooLarge: (size) => `is ${size} bytes; Connect accepts prompts of less than 50 MB`,
  });
  if (!bytes) {
    problems.push({ ...where, file: resource.file, path: 'File', message: `audio file ${audioFile} is missing` });
    return undefined;
  }
  const check = checkPromptAudio(bytes);
  if (!check.ok) {
    problems.push({ ...where, message: check.message });
    return undefined;
  }
  return { file: audioFile, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * A flow-language document kept on its own (as Terraform repositories keep them): it has no name or type to deploy
 * it under, so say what to add instead of listing every schema problem.
 */
function bareFlowDocumentHint(type: ExportedType, raw: Record<string, unknown>): string | undefined {
  if ((type !== 'flow' && type !== 'flow-module') || 'Name' in raw || 'Content' in raw) return undefined;
  if (!('Actions' in raw) || !('StartAction' in raw)) return undefined;
  if (type === 'flow' && typeof (raw.Metadata as { name?: unknown } | undefined)?.name === 'string') return undefined;
  const wrapper =
    type === 'flow'
      ? '{"Name": "<flow name>", "Type": "CONTACT_FLOW", "Content": <this document>}'
      : '{"Name": "<module name>", "Content": <this document>}';
  return `is a bare flow-language document (Version, StartAction, Actions) with no name or type: wrap it as ${wrapper}, or export the ${LABEL[type]} with connect-deploy export`;
}

async function readJsonFile(root: InputRoot, file: string, problems: Problem[]): Promise<unknown> {
  const text = await root.readText(file, {
    maxBytes: MAX_JSON_BYTES,
    tooLarge: (size) => `is ${size} bytes; an export file is at most ${MAX_JSON_BYTES} bytes`,
  });
  if (text === undefined) return undefined;
  const parsed = parseJsonStrict(text);
  if (!parsed.ok) {
    const { line, message } = parsed.problem;
    problems.push({ file, line, message });
    return undefined;
  }
  return parsed.value;
}

/** Applies the config's include/exclude patterns (on `<folder>/<name>`). */
export function selectResources(resources: readonly SourceResource[], config: ConnectDeployConfig): SourceResource[] {
  const include = config.include?.map((p) => new RegExp(p));
  const exclude = config.exclude?.map((p) => new RegExp(p));
  return resources.filter((r) => {
    const key = selectorKey(r.type, r.name);
    if (include && !include.some((p) => p.test(key))) return false;
    return !exclude?.some((p) => p.test(key));
  });
}

export interface ValidationOptions {
  /**
   * Deploy checks references against the target as well, so an export may be partial (a backup, a hot fix);
   * offline validation requires every instance reference to resolve inside the export.
   */
  referencesMayBeInTarget?: boolean;
}

/**
 * Offline validation: unique names (ignoring case), reference shapes, flow structure, and every reference
 * resolving inside the export or to something the config declares (Lambda and Lex names through their templates,
 * phone numbers through `phoneNumbers` or as literal E.164 numbers, users which always live in the target).
 */
export function validateSource(model: SourceModel, problems: Problem[], options: ValidationOptions = {}): void {
  const allowed = (model.config.allowAccountArns ?? []).map((p) => new RegExp(p));
  const externalTypes = new Set(['user', 'security-profile', 'hierarchy-group']);
  const seen = new Map<string, SourceResource>();
  for (const r of model.resources) {
    const key = resourceKey(r.type, r.name);
    const other = seen.get(key);
    if (other) {
      problems.push({
        file: r.file,
        resource: `${LABEL[r.type]} "${r.name}"`,
        message: `same name as ${other.file} ("${other.name}") ignoring case; Connect treats them as one ${LABEL[r.type]}: rename or remove one`,
      });
    } else seen.set(key, r);
  }
  for (const r of model.resources) {
    const resource = `${LABEL[r.type]} "${r.name}"`;
    for (const p of refShapeProblems(r.body))
      problems.push({ file: r.file, resource, path: describeRefPath(r, p.path), message: p.message });
    if (isContentType(r.type)) {
      const content = r.body.Content as Record<string, unknown>;
      for (const p of flowStructureProblems(content)) {
        problems.push({ file: r.file, resource, path: describeContentPath(content, p.path), message: p.message });
      }
    }
    forEachRef(r.body, (raw, path) => {
      const ref = raw as unknown as SymbolicRef;
      const message = unresolvedOffline(
        ref,
        seen,
        model.config,
        externalTypes,
        options.referencesMayBeInTarget === true,
      );
      if (message) problems.push({ file: r.file, resource, path: describeRefPath(r, path), message });
    });
    for (const { path, message } of literalAccountProblems(r.body, allowed))
      problems.push({ file: r.file, resource, path: describeRefPath(r, path), message });
  }
}

/** Every account of the registry: a literal one in an export is never right for all the environments it goes to. */
const REGISTRY_ACCOUNTS = registry.records.map((r) => r.account).filter((a) => /^\d{12}$/.test(a));

/**
 * Strings left literal that name an account: an ARN with any account in it (whatever its region segment holds),
 * or an account number of the registry anywhere in a string. An export deployed to fifteen accounts can hold
 * neither, unless `allowAccountArns` says it is a shared resource meant to stay as it is.
 */
export function literalAccountProblems(
  value: unknown,
  allowed: readonly RegExp[],
  path: JsonPath = [],
  out: { path: JsonPath; message: string }[] = [],
): { path: JsonPath; message: string }[] {
  if (typeof value === 'string') {
    if (allowed.some((p) => p.test(value))) return out;
    const arn = findAccountArn(value);
    const account = arn ? arn.split(':')[4] : REGISTRY_ACCOUNTS.find((a) => namesAccount(value, a));
    if (account)
      out.push({
        path,
        message: `${arn ?? value} names account ${account}: export the source with connect-deploy export so it becomes a reference, map it per environment in ${CONFIG_FILE} "environmentValues", or list it in "allowAccountArns" if it is a shared resource meant to stay as it is`,
      });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => literalAccountProblems(v, allowed, [...path, i], out));
  } else if (value !== null && typeof value === 'object' && !isRefObject(value)) {
    for (const [k, v] of Object.entries(value)) literalAccountProblems(v, allowed, [...path, k], out);
  }
  return out;
}

function unresolvedOffline(
  ref: SymbolicRef,
  seen: Map<string, SourceResource>,
  config: ConnectDeployConfig,
  externalTypes: ReadonlySet<string>,
  mayBeInTarget: boolean,
): string | undefined {
  switch (ref.$ref) {
    case 'lambda':
    case 'lex':
      return undefined;
    case 'phone-number':
      if (config.phoneNumbers?.[ref.number] || /^\+\d{6,15}$/.test(ref.number)) return undefined;
      return `${describeRef(ref)} is neither an E.164 number nor a name in ${CONFIG_FILE} phoneNumbers`;
    case 'value':
      if (config.environmentValues?.[ref.name] !== undefined) return undefined;
      return `${describeRef(ref)} is not declared in ${CONFIG_FILE} "environmentValues"; add it with its value in every environment`;
    case 'unmapped':
      return unmappedMessage(ref);
    default:
      if (typeof ref.name !== 'string') return undefined;
      if (mayBeInTarget || seen.has(resourceKey(ref.$ref, ref.name)) || externalTypes.has(ref.$ref)) return undefined;
      return `${describeRef(ref)} is not in the export; export it too, or create it in every target first`;
  }
}
