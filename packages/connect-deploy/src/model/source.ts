import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError, type Problem } from '@edd/core';
import { formatPath, forEachRef, refShapeProblems, type JsonPath } from '../references/rewrite.js';
import { describeRef, type SymbolicRef } from '../references/types.js';
import { CONFIG_FILE, readConfig, type ConnectDeployConfig } from './config.js';
import { describeContentPath, flowStructureProblems, isLegacyConsoleExport } from './flow-content.js';
import { EXPORTED_TYPES, FOLDER, LABEL, selectorKey, type ExportedType } from './layout.js';
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
function unwrapDescribeOutput(type: ExportedType, raw: Record<string, unknown>): Record<string, unknown> {
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
    try {
      body.Content = JSON.parse(body.Content) as unknown;
    } catch {
      // left as a string: the schema check reports it
    }
  }
  for (const key of ['Status', 'State'] as const) {
    if (typeof body[key] === 'string') body[key] = (body[key] as string).toUpperCase();
  }
  if (body.Tags && typeof body.Tags === 'object' && Object.keys(body.Tags).length === 0) delete body.Tags;
  if (body.Description === '') delete body.Description;
  return body;
}

function jsonErrorLine(text: string, error: Error): number | undefined {
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (position === undefined)
    return /line (\d+)/.exec(error.message)?.[1] ? Number(/line (\d+)/.exec(error.message)![1]) : undefined;
  return text.slice(0, Number(position)).split('\n').length;
}

async function listJson(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Reads an export directory and checks everything that can be checked offline. Problems are collected, not
 * thrown, so one run reports all of them.
 */
export async function readSource(dir: string, problems: Problem[]): Promise<SourceModel> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new UsageError(
      `source directory ${dir} does not exist or cannot be read; pass the directory written by 'connect-deploy export'`,
    );
  }
  const config = await readConfig(dir);
  const model: SourceModel = { dir, config, resources: [] };
  if (entries.includes(INSTANCE_FILE)) {
    const instance = await readJsonFile(dir, INSTANCE_FILE, problems);
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
    for (const fileName of await listJson(join(dir, folder))) {
      const file = `${folder}/${fileName}`;
      const raw = await readJsonFile(dir, file, problems);
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
      const body = unwrapDescribeOutput(type, raw as Record<string, unknown>);
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
        const audioFile = `${folder}/${parsed.data.File as string}`;
        try {
          const bytes = await readFile(join(dir, audioFile));
          resource.audio = { file: audioFile, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
        } catch {
          problems.push({
            file,
            resource: `prompt "${resource.name}"`,
            path: 'File',
            message: `audio file ${audioFile} is missing`,
          });
        }
      }
      model.resources.push(resource);
    }
  }
  return model;
}

async function readJsonFile(dir: string, file: string, problems: Problem[]): Promise<unknown> {
  const text = await readFile(join(dir, file), 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const line = jsonErrorLine(text, error as Error);
    problems.push({
      file,
      ...(line !== undefined ? { line } : {}),
      message: `invalid JSON: ${(error as Error).message}`,
    });
    return undefined;
  }
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
  }
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
    default:
      if (typeof ref.name !== 'string') return undefined;
      if (mayBeInTarget || seen.has(resourceKey(ref.$ref, ref.name)) || externalTypes.has(ref.$ref)) return undefined;
      return `${describeRef(ref)} is not in the export; export it too, or create it in every target first`;
  }
}
