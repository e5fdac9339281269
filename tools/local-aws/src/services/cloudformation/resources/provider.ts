import type { StructureValue } from '../../../protocols/protocol.js';

/** Whether changing a property replaces the resource (`Always`) or updates it in place (`Never`). */
export type Recreation = 'Never' | 'Always';

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM';

export interface PropertySpec {
  required?: boolean;
  /** `Never` when left out. */
  recreation?: Recreation;
}

/** A resource's properties after intrinsic functions, as the template wrote them otherwise. */
export type Properties = Record<string, unknown>;

/** Where and for which stack a resource is provisioned. */
export interface ProvisionContext {
  stackName: string;
  logicalId: string;
  resourceType: string;
  account: string;
  region: string;
  partition: string;
  /**
   * Calls another emulated service on the stack's behalf. A refusal becomes a ResourceFailure carrying
   * CloudFormation's "Resource handler returned message" for it; `identifier` names the resource in the
   * AlreadyExists message.
   */
  call(service: string, operation: string, input: StructureValue, identifier?: string): Promise<StructureValue>;
  /** The name of a resource its template leaves unnamed: `<stack>-<logical id>-<random>`, cut to fit. */
  generatedName(options?: { maxLength?: number; lowercase?: boolean }): string;
}

export interface Provisioned {
  physicalId: string;
  attributes: Record<string, unknown>;
}

/** A resource as the stack holds it. */
export interface ExistingResource extends Provisioned {
  properties: Properties;
}

/** A failure to provision a resource; `message` is the status reason CloudFormation reports. */
export class ResourceFailure extends Error {
  /** The AWS error code behind the failure, when a service refused. */
  readonly code: string | undefined;

  constructor(message: string, code?: string) {
    super(message);
    this.name = 'ResourceFailure';
    this.code = code;
  }
}

/** CloudFormation's refusal of properties that break the type's schema, before any call is made. */
export function invalidProperties(logicalId: string, problems: readonly string[]): ResourceFailure {
  return new ResourceFailure(
    `Properties validation failed for resource ${logicalId} with message: ${problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`}`,
    'InvalidRequest',
  );
}

/** One resource type: its schema as far as CloudFormation checks it, and how it is created, updated and deleted. */
export interface ResourceProvider {
  readonly type: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** What Fn::GetAtt can read. */
  readonly attributes: readonly string[];
  /** The property that gives the resource a custom name, which cannot survive a replacement. */
  readonly nameProperty?: string;
  /** The capability a stack must acknowledge to create this resource, if any. */
  capability?(properties: Properties): Capability | undefined;
  create(properties: Properties, context: ProvisionContext): Promise<Provisioned>;
  /** Updates in place; called only when no changed property requires replacement. */
  update(properties: Properties, previous: ExistingResource, context: ProvisionContext): Promise<Provisioned>;
  /** Deletes the resource; one already gone counts as deleted. */
  delete(previous: ExistingResource, context: ProvisionContext): Promise<void>;
}

/** Schema properties CloudFormation accepts and records for a type but that change nothing local-aws emulates. */
export function recorded(names: readonly string[], recreation: Recreation = 'Never'): Record<string, PropertySpec> {
  return Object.fromEntries(names.map((name) => [name, { recreation }]));
}

/** A template number as the APIs take it: YAML and parameters often give numbers as text. */
export function toNumber(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') return Number.NaN;
  return number;
}

export function toBoolean(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return value === true || String(value).toLowerCase() === 'true';
}

/** CloudFormation's `[{Key, Value}]` tag lists as the APIs' maps. */
export function tagMap(tags: unknown): Record<string, string> {
  if (!Array.isArray(tags)) return {};
  return Object.fromEntries(
    tags.flatMap((tag: unknown) => {
      const { Key, Value } = (tag ?? {}) as { Key?: unknown; Value?: unknown };
      return Key === undefined ? [] : [[String(Key), String(Value ?? '')]];
    }),
  );
}

/** Drops the members whose value is undefined, so that an API input holds only what the template set. */
export function defined(value: Record<string, unknown>): StructureValue {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined));
}
