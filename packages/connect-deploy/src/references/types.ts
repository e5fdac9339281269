/**
 * Symbolic references: what an instance-specific identifier becomes in an export. A reference is a JSON object in
 * place of the string (`{"$ref": "queue", "name": "EDD Billing"}`): unambiguous, no escaping, readable in a diff,
 * and resolved by name in whichever instance the export is deployed to.
 */

import { RESOURCES, type InstanceResourceType } from '../resources/index.js';

export type { InstanceResourceType };

/** Resources that live inside a Connect instance and are found by name: every resource type. */
export const INSTANCE_RESOURCE_TYPES: readonly InstanceResourceType[] = RESOURCES.map((r) => r.type);

/** The `<kind>` segment of `arn:...:instance/<instanceId>/<kind>/<id>` of each type that has one. */
export const ARN_KIND: Readonly<Partial<Record<InstanceResourceType, string>>> = Object.fromEntries(
  RESOURCES.filter((r) => r.arnKind).map((r) => [r.type, r.arnKind!]),
);

export const TYPE_OF_ARN_KIND: Readonly<Record<string, InstanceResourceType>> = Object.fromEntries(
  RESOURCES.filter((r) => r.arnKind).map((r) => [r.arnKind!, r.type]),
);

/** `form: "id"` records that the source held a bare id rather than an ARN, so the round trip is exact. */
export type RefForm = 'id';

/**
 * A flow attribute in place of an ARN's region (`arn:aws:lambda:$.AwsRegion:...`): kept as written, so the target's
 * ARN has the same dynamic part.
 */
export const DYNAMIC_SEGMENT = /^\$\.[A-Za-z0-9_.[\]'"-]+$/;

export interface InstanceRef {
  $ref: InstanceResourceType;
  name: string;
  form?: RefForm;
  /** The dynamic region the source's ARN had. */
  region?: string;
  /** The qualifier the source's ARN had, when it names the same thing in every instance (see `PORTABLE_QUALIFIERS`). */
  qualifier?: PortableQualifier;
}

/**
 * ARN qualifiers that mean the same in every instance: a resource's saved draft (`$SAVED`), its latest published
 * content (`$LATEST`, as `ShowView` blocks name a view). A version number is the source instance's own and is not one.
 */
export const PORTABLE_QUALIFIERS = ['$SAVED', '$LATEST'] as const;
export type PortableQualifier = (typeof PORTABLE_QUALIFIERS)[number];

export function isPortableQualifier(value: unknown): value is PortableQualifier {
  return (PORTABLE_QUALIFIERS as readonly unknown[]).includes(value);
}

/** An instance resource's id or ARN with the reference's qualifier, as the source held it. */
export function withQualifier(value: string, ref: InstanceRef): string {
  return ref.qualifier ? `${value}:${ref.qualifier}` : value;
}

export interface PhoneNumberRef {
  $ref: 'phone-number';
  /** Logical name from the config's `phoneNumbers` mapping, or the E.164 number itself. */
  number: string;
  form?: RefForm;
}

/**
 * A Lambda function: `function` is a logical name that the config's `lambdaFunctionName` template turns into each
 * environment's name; `name` is a function whose name is the same in every account (it does not follow the
 * template), resolved exactly as written.
 */
export interface LambdaRef {
  $ref: 'lambda';
  function?: string;
  name?: string;
  qualifier?: string;
  region?: string;
}

/** A Lex V2 bot alias: `bot` is a logical name (see `lexBotName`), `name` a bot named the same everywhere. */
export interface LexRef {
  $ref: 'lex';
  bot?: string;
  name?: string;
  alias: string;
  region?: string;
}

/** A value that differs per environment, declared in the config's `environmentValues`. */
export interface ValueRef {
  $ref: 'value';
  name: string;
}

/**
 * Something of the source instance or account that connect-deploy does not deploy (a security key, a Cases
 * template, an ARN of another service naming the account): kept for the record, refused by validate and deploy until
 * `environmentValues` maps it per environment.
 */
export interface UnmappedRef {
  $ref: 'unmapped';
  kind: string;
  value: string;
}

export type SymbolicRef = InstanceRef | PhoneNumberRef | LambdaRef | LexRef | ValueRef | UnmappedRef;
export type RefType = SymbolicRef['$ref'];

const REF_TYPES = new Set<string>([...INSTANCE_RESOURCE_TYPES, 'phone-number', 'lambda', 'lex', 'value', 'unmapped']);

const INSTANCE_TYPES = new Set<string>(INSTANCE_RESOURCE_TYPES);

/** A reference to a resource of the instance, found by name. */
export function isInstanceRef(ref: SymbolicRef): ref is InstanceRef {
  return INSTANCE_TYPES.has(ref.$ref);
}

/** An ARN's key: the same function or bot whichever way the export names it. */
export function externalKey(ref: LambdaRef | LexRef): string {
  return ref.$ref === 'lambda'
    ? `${ref.function !== undefined ? 'f' : 'n'}:${ref.function ?? ref.name}:${ref.qualifier ?? ''}:${ref.region ?? ''}`
    : `${ref.bot !== undefined ? 'b' : 'n'}:${ref.bot ?? ref.name}:${ref.alias}:${ref.region ?? ''}`;
}

export function isRefObject(value: unknown): value is Record<string, unknown> & { $ref: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && '$ref' in value;
}

const KEYS: Record<string, { allowed: string[]; required: string[]; oneOf?: string[] }> = {
  'phone-number': { allowed: ['$ref', 'number', 'form'], required: ['number'] },
  lambda: { allowed: ['$ref', 'function', 'name', 'qualifier', 'region'], required: [], oneOf: ['function', 'name'] },
  lex: { allowed: ['$ref', 'bot', 'name', 'alias', 'region'], required: ['alias'], oneOf: ['bot', 'name'] },
  value: { allowed: ['$ref', 'name'], required: ['name'] },
  unmapped: { allowed: ['$ref', 'kind', 'value'], required: ['kind', 'value'] },
};
const INSTANCE_KEYS: { allowed: string[]; required: string[]; oneOf?: string[] } = {
  allowed: ['$ref', 'name', 'form', 'region', 'qualifier'],
  required: ['name'],
};

/** Checks the shape of a `$ref` object; returns a message when it is malformed. */
export function refShapeProblem(value: Record<string, unknown>): string | undefined {
  const type = value.$ref;
  if (typeof type !== 'string' || !REF_TYPES.has(type)) {
    return `unknown $ref type ${JSON.stringify(type)}; expected one of ${[...REF_TYPES].join(', ')}`;
  }
  const keys = KEYS[type] ?? INSTANCE_KEYS;
  const extra = Object.keys(value).filter((k) => !keys.allowed.includes(k));
  if (extra.length > 0) return `$ref ${type} has unexpected keys ${extra.join(', ')}`;
  for (const key of keys.required) {
    if (typeof value[key] !== 'string' || (value[key] as string).length === 0)
      return `$ref ${type} needs a non-empty "${key}"`;
  }
  if (keys.oneOf) {
    const present = keys.oneOf.filter((k) => value[k] !== undefined);
    if (present.length !== 1 || typeof value[present[0]!] !== 'string' || (value[present[0]!] as string) === '')
      return `$ref ${type} needs exactly one of ${keys.oneOf.map((k) => `"${k}"`).join(' or ')} (a non-empty string)`;
  }
  if (value.form !== undefined && value.form !== 'id') return `$ref form must be "id" when present`;
  if (INSTANCE_TYPES.has(type) && !(type in ARN_KIND) && value.form !== 'id')
    return `$ref ${type} needs "form": "id": a ${type} has no ARN, only its id`;
  if (value.qualifier !== undefined && !isPortableQualifier(value.qualifier))
    return `$ref qualifier, when present, must be ${PORTABLE_QUALIFIERS.map((q) => `"${q}"`).join(' or ')} (a version number is the source instance's own)`;
  if (value.region !== undefined && !(typeof value.region === 'string' && DYNAMIC_SEGMENT.test(value.region)))
    return `$ref region, when present, must be a flow attribute such as "$.AwsRegion" (a literal region is never kept)`;
  return undefined;
}

/** Why an `unmapped` reference stops validate and deploy, and how to fix it. */
export function unmappedMessage(ref: UnmappedRef): string {
  return `${ref.kind} ${ref.value} belongs to the source instance or account and is not deployed by connect-deploy; map it per environment in connect-deploy.json "environmentValues" (e.g. "environmentValues": {"<name>": {"dev": "...", "qa": "..."}}, then export again), or allow it as it is with "allowAccountArns"`;
}

export function describeRef(ref: SymbolicRef): string {
  switch (ref.$ref) {
    case 'phone-number':
      return `phone number ${ref.number}`;
    case 'lambda':
      return `Lambda function ${ref.function ?? ref.name}${ref.qualifier ? `:${ref.qualifier}` : ''}`;
    case 'lex':
      return `Lex bot ${ref.bot ?? ref.name} alias ${ref.alias}`;
    case 'value':
      return `environment value "${ref.name}"`;
    case 'unmapped':
      return `${ref.kind} ${ref.value}`;
    default:
      return `${ref.$ref} "${ref.name}"`;
  }
}
