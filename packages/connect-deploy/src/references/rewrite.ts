import { RESOURCES } from '../resources/index.js';
import {
  UUID,
  findAccountArn,
  isDynamicRegion,
  parseInstanceResourceArn,
  parseLambdaArn,
  parseLexAliasArn,
  parsePhoneNumberArn,
} from './arns.js';
import {
  isPortableQualifier,
  isRefObject,
  refShapeProblem,
  type InstanceResourceType,
  type SymbolicRef,
  type UnmappedRef,
  type ValueRef,
} from './types.js';

export { formatPath, type JsonPath } from './json-path.js';
import type { JsonPath } from './json-path.js';

export interface ReferenceProblem {
  path: JsonPath;
  message: string;
}

/** What the exporter knows about the source instance, to turn its identifiers into symbolic references. */
export interface SourceIndex {
  instanceId: string;
  /**
   * The instance's account. Any other string that names it (whatever its form) is not portable: unless the config
   * maps it, it becomes an `unmapped` reference that validate and deploy refuse.
   */
  account?: string;
  /** Every resource of the instance by id (all types), with its name. */
  resources: ReadonlyMap<string, { type: InstanceResourceType; name: string }>;
  /**
   * Ids and ARNs of instance- or domain-scoped things that connect-deploy does not deploy (security keys, domains of
   * the instance's integrations, resources of kinds it does not know), with what they are.
   */
  unportable?: ReadonlyMap<string, string>;
  /** Claimed phone numbers by id, already turned into their logical names. */
  phoneNumbers: ReadonlyMap<string, string>;
  /** Lex V2 aliases by `botId/aliasId`: the bot as the export names it (logical `bot` or literal `name`), the alias. */
  lexAliases: ReadonlyMap<string, { bot?: string; name?: string; alias: string }>;
  /** A function name of this environment as the export writes it: logical (follows the template) or literal. */
  lambdaName(functionName: string): { function: string } | { name: string };
  /** The config's `environmentValues`: a concrete value of this environment -> its name. */
  valueName?(value: string): string | undefined;
  /** The config's `allowAccountArns`: strings naming an account that may stay literal. */
  allowLiteral?(value: string): boolean;
}

/**
 * Flow parameters that hold the id of something of the instance or of a domain associated with it (Cases, security
 * keys, task templates, views): a literal value there is never portable, even when the instance's own listings do
 * not show it (a Cases template lives in the Cases domain).
 */
export const INSTANCE_SCOPED_PARAMETERS: Readonly<Record<string, string>> = {
  CaseTemplateId: 'Cases template',
  // A rule's CREATE_CASE action names its template so.
  TemplateId: 'Cases template',
  EncryptionKeyId: 'security key',
  TaskTemplateId: 'task template',
  EvaluationFormId: 'evaluation form',
  ViewId: 'view',
  AssistantArn: 'Amazon Q in Connect assistant',
  WisdomAssistantArn: 'Amazon Q in Connect assistant',
};

/** Where content names a resource by its name (a descriptor's `namedAt`): the last keys of the path, and the type. */
const NAMED_AT = RESOURCES.flatMap((r) => (r.namedAt ?? []).map((keys) => ({ keys, type: r.type })));

/** The type a string at `path` names by its name, if any; list positions are not part of the match. */
function namedTypeAt(path: JsonPath): InstanceResourceType | undefined {
  if (NAMED_AT.length === 0) return undefined;
  const keys = path.filter((p): p is string => typeof p === 'string');
  return NAMED_AT.find(
    (n) => n.keys.length <= keys.length && n.keys.every((k, i) => keys[keys.length - n.keys.length + i] === k),
  )?.type;
}

function isDynamicValue(value: string): boolean {
  return value.startsWith('$.');
}

/** Whether `text` names `account` (the 12 digits standing alone, not inside a longer number). */
export function namesAccount(text: string, account: string): boolean {
  let at = text.indexOf(account);
  while (at !== -1) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 0;
    const after = text.charCodeAt(at + account.length);
    const digit = (c: number) => c >= 0x30 && c <= 0x39;
    if (!digit(before) && !digit(after)) return true;
    at = text.indexOf(account, at + 1);
  }
  return false;
}

/**
 * Replaces every instance-specific identifier in `value` with a symbolic reference. Full ARNs (a dynamic region such
 * as `$.AwsRegion` kept) and bare ids of the instance's resources, phone number ARNs and ids, Lambda function ARNs
 * and Lex V2 alias ARNs are rewritten; values of this environment declared in `environmentValues` become `value`
 * references; ids of things that are not deployed, and any other string that names the instance's account, become
 * `unmapped` references (reported); dynamic values (`$.Attributes.x`) and AWS-managed ARNs are left alone.
 */
export function symbolize(
  value: unknown,
  index: SourceIndex,
  problems: ReferenceProblem[],
  path: JsonPath = [],
): unknown {
  if (typeof value === 'string') return symbolizeString(value, index, problems, path);
  if (Array.isArray(value)) return value.map((v, i) => symbolize(v, index, problems, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = symbolize(v, index, problems, [...path, k]);
    return out;
  }
  return value;
}

function unmapped(kind: string, value: string, problems: ReferenceProblem[], path: JsonPath, why: string): UnmappedRef {
  problems.push({
    path,
    message: `${why}; it is exported as an unmapped reference, which validate and deploy refuse until ${CONFIG_NAME} "environmentValues" maps it per environment (or "allowAccountArns" allows it as it is)`,
  });
  return { $ref: 'unmapped', kind, value };
}

const CONFIG_NAME = 'connect-deploy.json';

function symbolizeString(value: string, index: SourceIndex, problems: ReferenceProblem[], path: JsonPath): unknown {
  const declared = index.valueName?.(value);
  if (declared !== undefined) return { $ref: 'value', name: declared } satisfies ValueRef;
  if (value === '' || isDynamicValue(value)) return value;
  const named = namedTypeAt(path);
  if (named) {
    const known = index.resources.get(value);
    if (known?.type === named) return { $ref: named, name: known.name, form: 'id' } satisfies SymbolicRef;
  }
  const typed = symbolizeIdentifier(value, index, problems, path);
  if (typed !== undefined) return typed;
  const parameter = path[path.length - 1];
  const scopedKind = typeof parameter === 'string' ? INSTANCE_SCOPED_PARAMETERS[parameter] : undefined;
  if (scopedKind && (UUID.test(value) || value.startsWith('arn:')) && !index.allowLiteral?.(value))
    return unmapped(scopedKind, value, problems, path, `${value} is a ${scopedKind} of the source instance`);
  if (index.account && namesAccount(value, index.account) && !index.allowLiteral?.(value)) {
    const kind = value.startsWith('arn:') ? `${value.split(':')[2] ?? 'AWS'} resource` : 'account-specific value';
    return unmapped(kind, value, problems, path, `${value} names the source account ${index.account}`);
  }
  const other = findAccountArn(value);
  if (other && !index.allowLiteral?.(value))
    problems.push({
      path,
      message:
        other === value
          ? `${value} names another account's resource; validate and deploy refuse it unless ${CONFIG_NAME} "allowAccountArns" allows it`
          : `ARN ${other} inside a longer string names an account; validate and deploy refuse it unless ${CONFIG_NAME} "allowAccountArns" allows it`,
    });
  return value;
}

/** Ids and ARNs of the instance and its resources, phone numbers, functions and bots; undefined for anything else. */
function symbolizeIdentifier(
  value: string,
  index: SourceIndex,
  problems: ReferenceProblem[],
  path: JsonPath,
): SymbolicRef | string | undefined {
  if (UUID.test(value)) {
    const known = index.resources.get(value);
    if (known) return { $ref: known.type, name: known.name, form: 'id' } satisfies SymbolicRef;
    const phone = index.phoneNumbers.get(value);
    if (phone !== undefined) return { $ref: 'phone-number', number: phone, form: 'id' } satisfies SymbolicRef;
    const other = index.unportable?.get(value);
    if (other !== undefined && !index.allowLiteral?.(value))
      return unmapped(other, value, problems, path, `${value} is the id of a ${other} of the source instance`);
    return undefined;
  }
  if (!value.startsWith('arn:')) return undefined;
  const dynamic = (region: string) => (isDynamicRegion(region) ? { region } : {});
  const resource = parseInstanceResourceArn(value);
  if (resource) {
    const known = index.resources.get(resource.id);
    if (resource.instanceId !== index.instanceId) {
      if (index.allowLiteral?.(value)) return value;
      if (index.account && resource.account === index.account)
        return unmapped(
          `${resource.kind} of another instance`,
          value,
          problems,
          path,
          `${value} belongs to another Connect instance (${resource.instanceId}) of the source account`,
        );
      problems.push({
        path,
        message: `${value} belongs to another Connect instance (${resource.instanceId}); it cannot be carried to another account`,
      });
      return value;
    }
    const qualifier = resource.qualifier?.slice(1);
    const portable = qualifier === undefined || isPortableQualifier(qualifier);
    if (known && (!resource.type || known.type === resource.type) && portable)
      return {
        $ref: known.type,
        name: known.name,
        ...(qualifier !== undefined && isPortableQualifier(qualifier) ? { qualifier } : {}),
        ...dynamic(resource.region),
      } satisfies SymbolicRef;
    const other = index.unportable?.get(value) ?? index.unportable?.get(resource.id) ?? resource.kind;
    return unmapped(
      other,
      value,
      problems,
      path,
      known
        ? `${value} names a version or draft of ${LABEL_OF[known.type] ?? known.type} "${known.name}", which cannot be carried over`
        : `${value} is a ${other} of the source instance that connect-deploy does not deploy`,
    );
  }
  const phone = parsePhoneNumberArn(value);
  if (phone) {
    const number = index.phoneNumbers.get(phone.id);
    if (number !== undefined) return { $ref: 'phone-number', number } satisfies SymbolicRef;
    return unmapped('phone number', value, problems, path, `${value} is not a phone number claimed by this instance`);
  }
  const lambda = parseLambdaArn(value);
  if (lambda) {
    if (index.account && lambda.account !== index.account) return undefined;
    return {
      $ref: 'lambda',
      ...index.lambdaName(lambda.name),
      ...(lambda.qualifier ? { qualifier: lambda.qualifier } : {}),
      ...dynamic(lambda.region),
    } satisfies SymbolicRef;
  }
  const lex = parseLexAliasArn(value);
  if (lex) {
    if (index.account && lex.account !== index.account) return undefined;
    const alias = index.lexAliases.get(`${lex.botId}/${lex.aliasId}`);
    if (!alias)
      return unmapped(
        'Lex V2 bot alias',
        value,
        problems,
        path,
        `${value} is not a Lex V2 bot alias associated with this instance`,
      );
    return {
      $ref: 'lex',
      ...(alias.bot !== undefined ? { bot: alias.bot } : { name: alias.name! }),
      alias: alias.alias,
      ...dynamic(lex.region),
    } satisfies SymbolicRef;
  }
  return undefined;
}

const LABEL_OF: Partial<Record<InstanceResourceType, string>> = {
  'hours-of-operation': 'hours of operation',
  'flow-module': 'flow module',
  'quick-connect': 'quick connect',
  'routing-profile': 'routing profile',
};

/** Calls `visit` for every `$ref` object in `value` (depth-first, document order). */
export function forEachRef(
  value: unknown,
  visit: (ref: Record<string, unknown>, path: JsonPath) => void,
  path: JsonPath = [],
): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => forEachRef(v, visit, [...path, i]));
  } else if (isRefObject(value)) {
    visit(value, path);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) forEachRef(v, visit, [...path, k]);
  }
}

/** Validates the shape of every `$ref` in `value`. */
export function refShapeProblems(value: unknown): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  forEachRef(value, (ref, path) => {
    const message = refShapeProblem(ref);
    if (message) problems.push({ path, message });
  });
  return problems;
}

/**
 * Replaces every symbolic reference with the concrete identifier `resolve` returns (an ARN, or an id where the
 * reference has `form: "id"`). References it cannot resolve are reported and left in place.
 */
export function concretize(
  value: unknown,
  resolve: (ref: SymbolicRef) => string | undefined,
  problems: (ReferenceProblem & { ref: SymbolicRef })[],
  path: JsonPath = [],
): unknown {
  if (Array.isArray(value)) return value.map((v, i) => concretize(v, resolve, problems, [...path, i]));
  if (isRefObject(value)) {
    const ref = value as unknown as SymbolicRef;
    const concrete = resolve(ref);
    if (concrete === undefined) {
      problems.push({ path, ref, message: 'unresolved' });
      return value;
    }
    return concrete;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = concretize(v, resolve, problems, [...path, k]);
    return out;
  }
  return value;
}

/** Strings that still name an account after concretizing (they would point into another account). */
export function accountArns(
  value: unknown,
  path: JsonPath = [],
  out: { path: JsonPath; arn: string }[] = [],
): { path: JsonPath; arn: string }[] {
  if (typeof value === 'string') {
    const arn = findAccountArn(value);
    if (arn) out.push({ path, arn });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => accountArns(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object' && !isRefObject(value)) {
    for (const [k, v] of Object.entries(value)) accountArns(v, [...path, k], out);
  }
  return out;
}
