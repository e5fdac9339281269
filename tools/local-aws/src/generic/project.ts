import type { ServiceModel, Shape, ShapeRef, StringShape, StructureShape } from '../models/model.js';
import { sampleValue } from '../models/sample.js';

// Fits what the engine stored (the members requests gave, by their model names) into an output shape: members found
// by name, or through the aliases AWS's models use for the same thing (`Id` / `ViewId`, `Name` / `VocabularyName`,
// `LastModifiedTime` / `LastUpdatedTime` / `lastUpdatedDateTime`); values of the wrong type dropped; required
// members the store has no value for filled with the smallest valid value. Nothing outside the shape is emitted.

/** What a stored resource offers to projection. */
export interface ProjectionSource {
  noun: string;
  id?: string;
  arn?: string;
  fields: Record<string, unknown>;
  createdAt?: Date;
  updatedAt?: Date;
  region?: string;
  /** The ARN of whoever last changed it. */
  by?: string;
  tags?: Record<string, string>;
}

/** Enum values a resource that has just been made is in, most settled first. */
const SETTLED_VALUES = [
  'ACTIVE',
  'Active',
  'AVAILABLE',
  'Available',
  'PUBLISHED',
  'Built',
  'COMPLETED',
  'Completed',
  'SUCCEEDED',
  'Succeeded',
  'ENABLED',
  'Enabled',
  'READY',
  'Ready',
];

export function settledValue(shape: StringShape): string | undefined {
  return SETTLED_VALUES.find((value) => shape.enum?.includes(value)) ?? shape.enum?.[0];
}

const CREATED = new Set([
  'createdtime',
  'creationtime',
  'creationdatetime',
  'createdat',
  'createddate',
  'creationdate',
]);
const UPDATED = new Set([
  'lastmodifiedtime',
  'lastupdatedtime',
  'lastupdateddatetime',
  'lastmodifieddate',
  'lastupdatedat',
  'updatedat',
  'lastmodifiedat',
  'lastmodifieddatetime',
]);
const BY = new Set(['lastmodifiedby', 'lastupdatedby', 'createdby']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

export class Projector {
  constructor(private readonly model: ServiceModel) {}

  /** The value of `member` for this source, by name or alias; undefined when it has none. */
  lookup(source: ProjectionSource, member: string): unknown {
    const { fields } = source;
    if (Object.hasOwn(fields, member) && fields[member] !== undefined) return fields[member];
    const lower = member.toLowerCase();
    const noun = source.noun.toLowerCase();
    const bare = lower.startsWith(noun) && lower.length > noun.length ? lower.slice(noun.length) : lower;
    if (bare === 'id') return source.id;
    if (bare === 'arn') return source.arn;
    // A version (`ContactFlowVersion`) answers for its parent's ARN, with its number as `Version`; its
    // `VersionDescription` is the `Description` it was made with.
    const parent = noun.endsWith('version') ? noun.slice(0, -'version'.length) : undefined;
    if (parent !== undefined && source.id !== undefined) {
      if (lower === `${parent}arn`) return source.arn;
      if (lower === 'version' && /^\d+$/.test(source.id)) return Number(source.id);
      if (lower.startsWith('version') && lower !== 'version')
        return this.lookup(source, member.slice('version'.length));
    }
    if (CREATED.has(lower)) return source.createdAt;
    if (UPDATED.has(lower)) return source.updatedAt ?? source.createdAt;
    if (lower === 'lastmodifiedregion') return source.region;
    if (BY.has(lower)) return source.by;
    if (lower === 'tags' && source.tags) return source.tags;
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      const candidate = key.toLowerCase();
      const keyBare =
        candidate.startsWith(noun) && candidate.length > noun.length ? candidate.slice(noun.length) : candidate;
      if (candidate === lower || keyBare === bare) return value;
    }
    // A summary shows a member of a member (`EventSourceName` of a rule's `TriggerEventSource`).
    for (const value of Object.values(fields)) {
      if (isPlainObject(value) && Object.hasOwn(value, member)) return value[member];
    }
    return undefined;
  }

  /** The output of an operation for one source; `depth` 0 may project the source into a wrapper member. */
  structure(ref: ShapeRef, source: ProjectionSource, depth = 0): Record<string, unknown> {
    const shape = this.model.structure(ref.shape);
    const output: Record<string, unknown> = {};
    const required = new Set(shape.required ?? []);
    for (const [member, memberRef] of Object.entries(shape.members)) {
      const found = this.lookup(source, member);
      const memberShape = this.model.shape(memberRef.shape);
      let value = found === undefined ? undefined : this.conform(memberRef, found);
      if (
        value === undefined &&
        memberShape.type === 'structure' &&
        depth === 0 &&
        (member.toLowerCase() === source.noun.toLowerCase() || this.isWrapper(memberShape, source))
      ) {
        value = this.structure(memberRef, source, depth + 1);
      }
      if (value === undefined && memberShape.type === 'list') value = this.summaryList(memberRef, source);
      if (value === undefined && required.has(member)) value = this.filler(memberRef);
      if (value !== undefined) output[member] = value;
    }
    return output;
  }

  /**
   * A list of summaries of another list the source has (a rule's `ActionSummaries` of its `Actions`): a list of
   * objects whose first item has every required member of the summary.
   */
  private summaryList(ref: ShapeRef, source: ProjectionSource): unknown {
    const shape = this.model.shape(ref.shape);
    if (shape.type !== 'list') return undefined;
    const itemShape = this.model.shape(shape.member.shape);
    if (itemShape.type !== 'structure' || (itemShape.required ?? []).length === 0) return undefined;
    const found = Object.values(source.fields).find(
      (value) =>
        Array.isArray(value) &&
        isPlainObject(value[0]) &&
        (itemShape.required ?? []).every((member) => Object.hasOwn(value[0] as object, member)),
    );
    return found === undefined ? undefined : this.conform(ref, found);
  }

  /** Whether a structure member of an output is the resource itself (`View` of DescribeView). */
  private isWrapper(shape: StructureShape, source: ProjectionSource): boolean {
    return Object.keys(shape.members).some((member) => {
      const lower = member.toLowerCase();
      const noun = source.noun.toLowerCase();
      return lower === 'id' || lower === 'arn' || lower === `${noun}id` || lower === `${noun}arn`;
    });
  }

  /** The smallest valid value, with enums at their settled value. */
  filler(ref: ShapeRef): unknown {
    const shape = this.model.shape(ref.shape);
    if (shape.type === 'string' && shape.enum) return settledValue(shape);
    return sampleValue(this.model, ref);
  }

  /** `value` as the shape's type, or undefined when it is not of that type. */
  conform(ref: ShapeRef, value: unknown): unknown {
    if (value === null || value === undefined) return undefined;
    const shape: Shape = this.model.shape(ref.shape);
    switch (shape.type) {
      case 'structure': {
        if (!isPlainObject(value)) return undefined;
        const output: Record<string, unknown> = {};
        const required = new Set(shape.required ?? []);
        for (const [member, memberRef] of Object.entries(shape.members)) {
          let child = this.conform(memberRef, value[member]);
          if (child === undefined && required.has(member)) child = this.filler(memberRef);
          if (child !== undefined) output[member] = child;
          if (shape.union && child !== undefined) break;
        }
        return output;
      }
      case 'list':
        return Array.isArray(value)
          ? value.map((item) => this.conform(shape.member, item)).filter((item) => item !== undefined)
          : undefined;
      case 'map':
        if (!isPlainObject(value)) return undefined;
        return Object.fromEntries(
          Object.entries(value)
            .map(([key, child]) => [key, this.conform(shape.value, child)] as const)
            .filter(([, child]) => child !== undefined),
        );
      case 'string':
        if (typeof value !== 'string') return undefined;
        return shape.enum && !shape.enum.includes(value) ? undefined : value;
      case 'integer':
      case 'long':
        return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
      case 'float':
      case 'double':
        return typeof value === 'number' ? value : undefined;
      case 'boolean':
        return typeof value === 'boolean' ? value : undefined;
      case 'timestamp':
        if (value instanceof Date) return value;
        return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : undefined;
      case 'blob':
        return value instanceof Uint8Array ? value : typeof value === 'string' ? Buffer.from(value) : undefined;
    }
  }
}
