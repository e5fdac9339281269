/**
 * Symbolic references: what an instance-specific identifier becomes in an export. A reference is a JSON object in
 * place of the string (`{"$ref": "queue", "name": "EDD Billing"}`): unambiguous, no escaping, readable in a diff,
 * and resolved by name in whichever instance the export is deployed to.
 */

/** Resources that live inside a Connect instance and are found by name. */
export const INSTANCE_RESOURCE_TYPES = [
  'hours-of-operation',
  'queue',
  'prompt',
  'flow',
  'flow-module',
  'quick-connect',
  'routing-profile',
  'agent-status',
  'security-profile',
  'hierarchy-group',
  'user',
] as const;
export type InstanceResourceType = (typeof INSTANCE_RESOURCE_TYPES)[number];

/** The `<kind>` segment of `arn:...:instance/<instanceId>/<kind>/<id>` for each instance resource type. */
export const ARN_KIND: Record<InstanceResourceType, string> = {
  'hours-of-operation': 'operating-hours',
  queue: 'queue',
  prompt: 'prompt',
  flow: 'contact-flow',
  'flow-module': 'flow-module',
  'quick-connect': 'transfer-destination',
  'routing-profile': 'routing-profile',
  'agent-status': 'agent-state',
  'security-profile': 'security-profile',
  'hierarchy-group': 'agent-group',
  user: 'agent',
};

export const TYPE_OF_ARN_KIND: Record<string, InstanceResourceType> = Object.fromEntries(
  Object.entries(ARN_KIND).map(([type, kind]) => [kind, type as InstanceResourceType]),
);

/** `form: "id"` records that the source held a bare id rather than an ARN, so the round trip is exact. */
export type RefForm = 'id';

export interface InstanceRef {
  $ref: InstanceResourceType;
  name: string;
  form?: RefForm;
}

export interface PhoneNumberRef {
  $ref: 'phone-number';
  /** Logical name from the config's `phoneNumbers` mapping, or the E.164 number itself. */
  number: string;
  form?: RefForm;
}

export interface LambdaRef {
  $ref: 'lambda';
  /** Logical function name: the config's `lambdaFunctionName` template turns it into each environment's name. */
  function: string;
  qualifier?: string;
}

export interface LexRef {
  $ref: 'lex';
  /** Logical bot name (see `lexBotName` in the config) and alias name. */
  bot: string;
  alias: string;
}

export type SymbolicRef = InstanceRef | PhoneNumberRef | LambdaRef | LexRef;
export type RefType = SymbolicRef['$ref'];

const REF_TYPES = new Set<string>([...INSTANCE_RESOURCE_TYPES, 'phone-number', 'lambda', 'lex']);

export function isRefObject(value: unknown): value is Record<string, unknown> & { $ref: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && '$ref' in value;
}

/** Checks the shape of a `$ref` object; returns a message when it is malformed. */
export function refShapeProblem(value: Record<string, unknown>): string | undefined {
  const type = value.$ref;
  if (typeof type !== 'string' || !REF_TYPES.has(type)) {
    return `unknown $ref type ${JSON.stringify(type)}; expected one of ${[...REF_TYPES].join(', ')}`;
  }
  const allowed: Record<string, string[]> = {
    'phone-number': ['$ref', 'number', 'form'],
    lambda: ['$ref', 'function', 'qualifier'],
    lex: ['$ref', 'bot', 'alias'],
  };
  const keys = allowed[type] ?? ['$ref', 'name', 'form'];
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  if (extra.length > 0) return `$ref ${type} has unexpected keys ${extra.join(', ')}`;
  const required = keys.filter((k) => k !== 'form' && k !== 'qualifier');
  for (const key of required) {
    if (typeof value[key] !== 'string' || (value[key] as string).length === 0)
      return `$ref ${type} needs a non-empty "${key}"`;
  }
  if (value.form !== undefined && value.form !== 'id') return `$ref form must be "id" when present`;
  return undefined;
}

export function describeRef(ref: SymbolicRef): string {
  switch (ref.$ref) {
    case 'phone-number':
      return `phone number ${ref.number}`;
    case 'lambda':
      return `Lambda function ${ref.function}${ref.qualifier ? `:${ref.qualifier}` : ''}`;
    case 'lex':
      return `Lex bot ${ref.bot} alias ${ref.alias}`;
    default:
      return `${ref.$ref} "${ref.name}"`;
  }
}
