import { createHash } from 'node:crypto';
import { InputRoot, parseJsonStrict, type Problem } from '@edd/core';
import { registry } from '@edd/environments';
import { findAccountArn } from '../references/arns.js';
import { formatPath, forEachRef, namesAccount, refShapeProblems, type JsonPath } from '../references/rewrite.js';
import { describeRef, isRefObject, unmappedMessage, type SymbolicRef } from '../references/types.js';
import { CONFIG_FILE, readConfig, type ConnectDeployConfig } from './config.js';
import { describeContentPath, flowStructureProblems } from './flow-content.js';
import { LABEL, selectorKey, type ExportedType } from './layout.js';
import { EXPORTED, resourceOf, type AnyResource, type Attachment } from '../resources/index.js';
import { instanceSchema, type InstanceFile } from './schemas.js';

export const INSTANCE_FILE = 'instance.json';

/** One resource of an export: its type, name, file and the allowlisted fields (with symbolic references). */
export interface SourceResource {
  type: ExportedType;
  name: string;
  /** Path relative to the export directory, for messages: `flows/Main_IVR.json`. */
  file: string;
  body: Record<string, unknown>;
  /** The file that goes with it (a prompt's audio), read and checked. */
  attachment?: Attachment;
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

/** Where a problem sits in a resource: flow-language content is named by action, anything else by JSON path. */
export function describeResourcePath(resource: SourceResource, path: JsonPath): string {
  const field = resourceOf(resource.type).flowContent;
  if (field && path[0] === field) {
    return describeContentPath(resource.body[field] as Record<string, unknown>, path.slice(1));
  }
  return formatPath(path);
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
  for (const descriptor of EXPORTED) {
    const { type, folder } = descriptor;
    const entries = (await root.list(folder)) ?? [];
    for (const entry of entries) {
      if (entry.kind !== 'file' || !entry.name.endsWith('.json')) continue;
      const file = entry.path;
      if (descriptor.singleton !== undefined && entry.name !== `${descriptor.singleton}.json`) {
        problems.push({
          file,
          message: `an instance has one ${descriptor.label}: ${folder}/ holds only ${descriptor.singleton}.json; move its content there or remove this file`,
        });
        continue;
      }
      const raw = await readJsonFile(root, file, problems);
      if (raw === undefined) continue;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        problems.push({ file, message: 'must hold a JSON object' });
        continue;
      }
      // Other shapes the type's files take in the wild (a describe output, a designer export) become the file's own.
      const adapted = descriptor.adaptFile ? descriptor.adaptFile(raw as Record<string, unknown>) : { body: raw };
      if ('problem' in adapted) {
        problems.push({ file, ...(adapted.path ? { path: adapted.path } : {}), message: adapted.problem });
        continue;
      }
      const body = adapted.body as Record<string, unknown>;
      const name = descriptor.singleton ?? body.Name;
      const parsed = descriptor.schema.safeParse(body);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({
            file,
            resource: typeof name === 'string' ? `${LABEL[type]} "${name}"` : undefined,
            path: issue.path.join('.') || undefined,
            message: issue.message,
          });
        }
        continue;
      }
      const data = parsed.data as Record<string, unknown>;
      const resource: SourceResource = {
        type,
        name: descriptor.singleton ?? (descriptor.identity ? descriptor.identity(data) : (data.Name as string)),
        file,
        body: data,
      };
      if (descriptor.attachment) {
        const attachment = await readAttachment(
          root,
          descriptor,
          `${folder}/${String(data[descriptor.attachment.field])}`,
          resource,
          problems,
        );
        if (attachment) resource.attachment = attachment;
      }
      model.resources.push(resource);
    }
  }
  return model;
}

/** A resource's attachment (a prompt's audio), read through the root and checked before anything is written. */
async function readAttachment(
  root: InputRoot,
  descriptor: AnyResource,
  path: string,
  resource: SourceResource,
  problems: Problem[],
): Promise<Attachment | undefined> {
  const spec = descriptor.attachment!;
  const where = { file: path, resource: `${descriptor.label} "${resource.name}"` };
  const bytes = await root.readFile(path, { maxBytes: spec.maxBytes, tooLarge: spec.tooLarge });
  if (!bytes) {
    problems.push({ ...where, file: resource.file, path: spec.field, message: `file ${path} is missing` });
    return undefined;
  }
  const problem = spec.check(bytes);
  if (problem) {
    problems.push({ ...where, message: problem });
    return undefined;
  }
  return { file: path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
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

/** Applies the config's include/exclude patterns (on `<folder>/<name>`); --include does not narrow singletons. */
export function selectResources(resources: readonly SourceResource[], config: ConnectDeployConfig): SourceResource[] {
  const include = config.include?.map((p) => new RegExp(p));
  const exclude = config.exclude?.map((p) => new RegExp(p));
  return resources.filter((r) => {
    const key = selectorKey(r.type, r.name);
    // A singleton (the hierarchy's levels, which every group needs) is left out only by --exclude.
    if (include && resourceOf(r.type).singleton === undefined && !include.some((p) => p.test(key))) return false;
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
      problems.push({ file: r.file, resource, path: describeResourcePath(r, p.path), message: p.message });
    const contentField = resourceOf(r.type).flowContent;
    if (contentField) {
      const content = r.body[contentField] as Record<string, unknown>;
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
      if (message) problems.push({ file: r.file, resource, path: describeResourcePath(r, path), message });
    });
    for (const { path, message } of literalAccountProblems(r.body, allowed))
      problems.push({ file: r.file, resource, path: describeResourcePath(r, path), message });
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
