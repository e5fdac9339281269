import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from '../errors.js';
import type { ServiceModel, ShapeRef, StructureShape } from '../models/model.js';
import { ModelValidator } from '../models/validator.js';
import type { StructureValue } from '../protocols/protocol.js';
import { modeledError } from '../protocols/rest-json.js';
import type { OperationContext, OperationHandler, OperationResult, ServiceEmulator } from '../services/service.js';
import { ModelFamilies, type Family, type FamilyOverrides } from './families.js';
import { Projector, settledValue, type ProjectionSource } from './project.js';

// The generic engine answers every operation a service has no hand-written handler for, from the model alone:
// what an operation does follows from its name (see families.ts), what it stores from its input, what it answers from
// its output shape. Resources are kept per account and region, under the resources they live in (the instance, the
// hours of operation, the bot locale). Adding a kind of resource to AWS's model adds it here without code.

/** One stored resource. */
export interface GenericRecord {
  id: string;
  arn?: string;
  /** The members that place it (`InstanceId`), canonical values. */
  scope: Record<string, string>;
  /** What requests gave, by model member name; parts (`$Proficiencies`) hold associated items. */
  fields: Record<string, unknown>;
  tags?: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  region: string;
  by?: string;
  /**
   * Kept only to give a resource local-aws models by hand (a queue, a user) members the hand-written code does not
   * keep; never listed or described on its own.
   */
  sidecar?: boolean;
}

interface RegionRecords {
  account: string;
  region: string;
  families: Map<string, GenericRecord[]>;
}

/** What the engine keeps across runs. */
export interface GenericState {
  regions: { account: string; region: string; families: [string, GenericRecord[]][] }[];
}

/** What a service tells the engine about itself. */
export interface GenericServiceHooks {
  overrides?: FamilyOverrides;
  /**
   * Checks a member that names where a resource lives and answers its canonical value (Connect: the instance is
   * ACTIVE, its ARN becomes its id); undefined leaves the member to the engine, which looks the parent up through
   * its Describe operation.
   */
  resolveScope?(member: string, value: string, context: OperationContext): string | undefined;
  /** Scope members the engine does not look up (Lex's `botVersion`, which DRAFT names without a version). */
  unchecked?: readonly string[];
  /** The ARN of a new resource, or undefined when the family has none. */
  arn(family: Family, id: string, scope: Record<string, string>, context: OperationContext): string | undefined;
  mintId(family: Family): string;
  /** Whether names compare without regard to case (Connect) or exactly (Lex). */
  caseInsensitiveNames: boolean;
  /** The error for a malformed request (a NextToken of another listing). */
  validationError(message: string, operation: string): AwsError;
}

const IGNORED_INPUT = new Set(['clienttoken', 'nexttoken', 'maxresults']);
const DUPLICATE_ERRORS = ['DuplicateResourceException', 'ConflictException', 'ResourceConflictException'];
const DEFAULT_PAGE_SIZE = 100;

function clone<T>(value: T): T {
  return structuredClone(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A stored item of a part matches what a Disassociate names: the same value, or every member it gives equal. */
function itemMatches(stored: unknown, removal: unknown): boolean {
  if (sameJson(stored, removal)) return true;
  if (typeof removal === 'string' && stored !== null && typeof stored === 'object') {
    return Object.values(stored).includes(removal);
  }
  if (removal !== null && typeof removal === 'object' && stored !== null && typeof stored === 'object') {
    const fields = stored as Record<string, unknown>;
    return Object.entries(removal).every(([key, value]) => sameJson(fields[key], value));
  }
  return false;
}

function samePart(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x === y || `${x}s` === y || `${y}s` === x || `${x}es` === y || `${y}es` === x;
}

function partKey(part: string): string {
  return `$${part}`;
}

export class GenericEngine {
  private analysed: ModelFamilies | undefined;
  private readonly projector: Projector;
  private readonly validator: ModelValidator;
  private readonly regions = new Map<string, RegionRecords>();
  /** Every handler of the service, hand-written and generic, for looking parents up through their Describe. */
  private operations: Readonly<Record<string, OperationHandler>> = {};
  private handwritten = new Set<string>();

  constructor(
    readonly model: ServiceModel,
    private readonly hooks: GenericServiceHooks,
  ) {
    this.projector = new Projector(model);
    this.validator = new ModelValidator(model);
  }

  /** The model's families, read on first use so that start-up does not wait for it. */
  get families(): ModelFamilies {
    this.analysed ??= new ModelFamilies(this.model, this.hooks.overrides);
    return this.analysed;
  }

  /**
   * The service's handlers with every operation of the model it does not handle answered by the engine; hand-written
   * Describe operations also show the members the engine keeps beside their resources.
   */
  complete(handwritten: Readonly<Record<string, OperationHandler>>): Record<string, OperationHandler> {
    this.handwritten = new Set(Object.keys(handwritten));
    const all: Record<string, OperationHandler> = {};
    for (const name of Object.keys(this.model.operations)) {
      const own = handwritten[name];
      all[name] = own
        ? this.withSidecarDropped(name, this.withSidecar(name, own))
        : (input, context) => this.handle(name, input, context);
    }
    this.operations = all;
    return all;
  }

  /** Operations the engine answers (the rest are the service's own). */
  genericOperations(): string[] {
    return Object.keys(this.model.operations).filter((name) => !this.handwritten.has(name));
  }

  private async handle(operation: string, input: StructureValue, context: OperationContext): Promise<OperationResult> {
    const plan = this.families.plan(operation);
    const family = plan.family;
    if (!family || plan.verb === 'action') return this.action(operation, input, context);
    if (plan.verb === 'search' && this.isHandwritten(family))
      return this.searchHandwritten(operation, family, input, context);
    switch (plan.verb) {
      case 'create':
        return this.create(operation, family, input, context);
      case 'describe':
        return this.output(operation, this.source(family, await this.lookup(family, input, context)));
      case 'list':
      case 'search':
        return this.list(operation, family, input, context, plan.verb === 'search');
      case 'update':
        return this.update(operation, family, input, context);
      case 'delete':
        return this.remove(operation, family, input, context);
      case 'associate':
      case 'disassociate':
      case 'listPart':
        return this.part(operation, plan.verb, family, plan.part ?? '', input, context);
    }
  }

  private isHandwritten(family: Family): boolean {
    return family.describe !== undefined && this.handwritten.has(family.describe);
  }

  // ---- storage ------------------------------------------------------------------------------------------------

  private records(context: { account: string; region: string }, noun: string): GenericRecord[] {
    const key = `${context.account}/${context.region}`;
    let region = this.regions.get(key);
    if (!region) {
      region = { account: context.account, region: context.region, families: new Map() };
      this.regions.set(key, region);
    }
    let records = region.families.get(noun);
    if (!records) {
      records = [];
      region.families.set(noun, records);
    }
    return records;
  }

  /** The canonical values of the scope members the input gives, each checked to exist. */
  private async scopeOf(
    family: Family,
    input: StructureValue,
    context: OperationContext,
    operation: string,
  ): Promise<Record<string, string>> {
    const scope: Record<string, string> = {};
    for (const member of family.scope) {
      const value = input[member];
      if (typeof value !== 'string') continue;
      scope[member] = await this.resolve(member, value, input, context, operation);
    }
    return scope;
  }

  private async resolve(
    member: string,
    value: string,
    input: StructureValue,
    context: OperationContext,
    operation: string,
  ): Promise<string> {
    const own = this.hooks.resolveScope?.(member, value, context);
    if (own !== undefined) return own;
    if (this.hooks.unchecked?.includes(member)) return value;
    const parent = [...this.families.families.values()].find(
      (candidate) =>
        candidate.idMember === member && candidate.describe !== undefined && candidate.describe !== operation,
    );
    const describe = parent?.describe ? this.operations[parent.describe] : undefined;
    if (parent && describe) {
      const parentInput: StructureValue = { [member]: value };
      for (const scopeMember of parent.scope) {
        if (input[scopeMember] !== undefined) parentInput[scopeMember] = input[scopeMember];
      }
      await describe(parentInput, context);
    }
    return value;
  }

  private matchesScope(record: GenericRecord, scope: Record<string, string>): boolean {
    return Object.entries(scope).every(
      ([member, value]) => record.scope[member] === undefined || record.scope[member] === value,
    );
  }

  /** Whether the family's id is a number (a flow's version), which is counted rather than minted. */
  private numericId(family: Family): boolean {
    for (const operation of [family.describe, family.delete]) {
      const ref = operation ? this.model.operation(operation)?.input : undefined;
      const member = ref ? this.model.structure(ref.shape).members[family.idMember] : undefined;
      if (member) return ['integer', 'long'].includes(this.model.shape(member.shape).type);
    }
    return false;
  }

  /**
   * A new id from the service's format, or a UUID where the model wants the family's ids otherwise (Lex's bot
   * analyzer requests are 36 characters, not 10).
   */
  private mint(family: Family): string {
    const operation = family.describe ?? family.delete;
    const ref = operation ? this.model.operation(operation)?.input : undefined;
    return this.mintFitting(family, ref ? this.model.structure(ref.shape).members[family.idMember] : undefined);
  }

  private mintFitting(family: Family, member: ShapeRef | undefined): string {
    const id = this.hooks.mintId(family);
    if (!member) return id;
    const fits = (candidate: string) => this.validator.validateValue(member, candidate, '').length === 0;
    if (fits(id)) return id;
    const uuid = randomUUID();
    return fits(uuid) ? uuid : id;
  }

  private async lookup(
    family: Family,
    input: StructureValue,
    context: OperationContext,
    operation = '',
  ): Promise<GenericRecord> {
    const scope = await this.scopeOf(family, input, context, operation || (family.describe ?? ''));
    const given = input[family.idMember];
    const reference = typeof given === 'number' ? String(given) : given;
    const found =
      typeof reference === 'string'
        ? this.records(context, family.noun).find(
            (record) =>
              !record.sidecar &&
              (record.id === reference || record.arn === reference) &&
              this.matchesScope(record, scope),
          )
        : undefined;
    if (!found) throw this.error('ResourceNotFoundException', `${this.label(family)} not found: ${String(reference)}`);
    return found;
  }

  private label(family: Family): string {
    return family.noun.replace(/([a-z])([A-Z])/g, '$1 $2');
  }

  private error(code: string, message: string): AwsError {
    return modeledError(this.model, code, message);
  }

  private nameMember(family: Family, input: StructureValue): string | undefined {
    const noun = family.noun.toLowerCase();
    return Object.keys(input).find((member) => {
      const lower = member.toLowerCase();
      return lower === 'name' || lower === `${noun}name`;
    });
  }

  private sameName(a: unknown, b: unknown): boolean {
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    return this.hooks.caseInsensitiveNames ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  private duplicateError(operation: string, message: string): AwsError | undefined {
    const listed = this.model.operation(operation)?.errors?.map(({ shape }) => shape) ?? [];
    const code = DUPLICATE_ERRORS.find((candidate) => listed.includes(candidate));
    return code ? this.error(code, message) : undefined;
  }

  /** Members an operation stores: all it names but paging, idempotency tokens and what places the resource. */
  private storedMembers(family: Family, input: StructureValue): [string, unknown][] {
    return Object.entries(input).filter(
      ([member, value]) =>
        value !== undefined &&
        !IGNORED_INPUT.has(member.toLowerCase()) &&
        member !== family.idMember &&
        !family.scope.includes(member),
    );
  }

  private source(family: Family, record: GenericRecord): ProjectionSource {
    return {
      noun: family.noun,
      id: record.id,
      arn: record.arn,
      fields: {
        ...record.scope,
        ...record.fields,
        [family.idMember]: this.numericId(family) ? Number(record.id) : record.id,
      },
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      region: record.region,
      by: record.by,
      tags: record.tags,
    };
  }

  private output(operation: string, source: ProjectionSource): OperationResult {
    const ref = this.model.operation(operation)?.output;
    return { output: ref ? this.projector.structure(ref, source) : {} };
  }

  // ---- verbs --------------------------------------------------------------------------------------------------

  private async create(
    operation: string,
    family: Family,
    input: StructureValue,
    context: OperationContext,
  ): Promise<OperationResult> {
    const scope = await this.scopeOf(family, input, context, operation);
    const records = this.records(context, family.noun);
    const siblings = records.filter((record) => !record.sidecar && this.matchesScope(record, scope));
    const given = input[family.idMember];
    const id =
      typeof given === 'string'
        ? given
        : this.numericId(family)
          ? String(
              Math.max(
                0,
                ...records.filter((record) => this.matchesScope(record, scope)).map((record) => Number(record.id) || 0),
              ) + 1,
            )
          : this.mint(family);
    const nameMember = this.nameMember(family, input);
    const name = nameMember ? input[nameMember] : undefined;
    const clash = siblings.find((record) => {
      if (record.id === id) return true;
      const otherName = nameMember ? record.fields[nameMember] : undefined;
      return name !== undefined && this.sameName(otherName, name);
    });
    if (clash) {
      const error = this.duplicateError(operation, `${this.label(family)} ${String(name ?? id)} already exists.`);
      if (error) throw error;
    }
    const now = new Date();
    const fields: Record<string, unknown> = clone(Object.fromEntries(this.storedMembers(family, input)));
    if (typeof given === 'string') fields[family.idMember] = given;
    for (const [member, value] of Object.entries(this.initialStatus(family))) fields[member] ??= value;
    const tags = (input.Tags ?? input.tags) as Record<string, string> | undefined;
    const record: GenericRecord = {
      id,
      arn: this.hooks.arn(family, id, scope, context),
      scope,
      fields,
      tags: tags ? { ...tags } : undefined,
      createdAt: now,
      updatedAt: now,
      region: context.region,
      by: context.principal.arn,
    };
    if (clash && !this.duplicateError(operation, '')) records.splice(records.indexOf(clash), 1);
    records.push(record);
    return this.output(operation, this.source(family, record));
  }

  /** The settled value of each status-like enum member the family's description shows (`Status`, `State`). */
  private initialStatus(family: Family): Record<string, string> {
    const statuses: Record<string, string> = {};
    const ref = family.describe ? this.model.operation(family.describe)?.output : undefined;
    if (!ref) return statuses;
    const top = this.model.structure(ref.shape);
    const shapes: StructureShape[] = [top];
    for (const member of Object.values(top.members)) {
      const shape = this.model.shape(member.shape);
      if (shape.type === 'structure') shapes.push(shape);
    }
    for (const shape of shapes) {
      for (const [member, memberRef] of Object.entries(shape.members)) {
        const memberShape = this.model.shape(memberRef.shape);
        if (memberShape.type === 'string' && memberShape.enum && /(status|state)$/i.test(member)) {
          statuses[member] = settledValue(memberShape) as string;
        }
      }
    }
    return statuses;
  }

  private async update(
    operation: string,
    family: Family,
    input: StructureValue,
    context: OperationContext,
  ): Promise<OperationResult> {
    const record = this.isHandwritten(family)
      ? await this.sidecar(family, input, context)
      : await this.lookup(family, input, context, operation);
    const changes = this.storedMembers(family, input);
    const nameMember = this.nameMember(family, input);
    if (nameMember && !record.sidecar) {
      const name = input[nameMember];
      const clash = this.records(context, family.noun).find(
        (other) =>
          other !== record &&
          !other.sidecar &&
          sameJson(other.scope, record.scope) &&
          this.sameName(other.fields[nameMember], name),
      );
      const error = clash
        ? this.duplicateError(operation, `${this.label(family)} ${String(name)} already exists.`)
        : undefined;
      if (error) throw error;
    }
    for (const [member, value] of changes) record.fields[member] = clone(value);
    const tags = input.Tags ?? input.tags;
    if (tags !== undefined) record.tags = { ...(tags as Record<string, string>) };
    record.updatedAt = new Date();
    record.region = context.region;
    record.by = context.principal.arn;
    return this.output(operation, this.source(family, record));
  }

  private async remove(
    operation: string,
    family: Family,
    input: StructureValue,
    context: OperationContext,
  ): Promise<OperationResult> {
    const record = await this.lookup(family, input, context, operation);
    const records = this.records(context, family.noun);
    records.splice(records.indexOf(record), 1);
    return this.output(operation, this.source(family, record));
  }

  /** The record beside a hand-written resource, made once the resource is found through its own Describe. */
  private async sidecar(family: Family, input: StructureValue, context: OperationContext): Promise<GenericRecord> {
    const reference = input[family.idMember];
    const describe = family.describe ? this.operations[family.describe] : undefined;
    if (describe) {
      const describeInput: StructureValue = { [family.idMember]: reference };
      for (const member of family.scope) describeInput[member] = input[member];
      await describe(describeInput, context);
    }
    const scope = await this.scopeOf(family, input, context, family.describe ?? '');
    const records = this.records(context, family.noun);
    let record = records.find(
      (candidate) => candidate.sidecar && candidate.id === reference && sameJson(candidate.scope, scope),
    );
    if (!record) {
      const now = new Date();
      record = {
        id: String(reference),
        scope,
        fields: {},
        createdAt: now,
        updatedAt: now,
        region: context.region,
        sidecar: true,
      };
      records.push(record);
    }
    return record;
  }

  private async part(
    operation: string,
    verb: 'associate' | 'disassociate' | 'listPart',
    family: Family,
    part: string,
    input: StructureValue,
    context: OperationContext,
  ): Promise<OperationResult> {
    const record = this.isHandwritten(family)
      ? await this.sidecar(family, input, context)
      : await this.lookup(family, input, context, operation);
    const key = Object.keys(record.fields).find(
      (candidate) => candidate.startsWith('$') && samePart(candidate.slice(1), part),
    );
    const items = (key ? record.fields[key] : []) as unknown[];
    if (verb === 'listPart')
      return this.page(
        operation,
        items.map((item) => this.itemSource(family, item)),
        input,
        `${record.id}/${part}`,
      );
    const members = this.storedMembers(family, input);
    const lists = members.filter(([, value]) => Array.isArray(value));
    const given: unknown[] =
      lists.length === 1 ? clone(lists[0]?.[1] as unknown[]) : [clone(Object.fromEntries(members))];
    const next =
      verb === 'associate'
        ? [...items.filter((item) => !given.some((added) => itemMatches(item, added))), ...given]
        : items.filter((item) => !given.some((removal) => itemMatches(item, removal)));
    if (key) delete record.fields[key];
    record.fields[partKey(part)] = next;
    record.updatedAt = new Date();
    return this.output(operation, this.source(family, record));
  }

  private itemSource(family: Family, item: unknown): ProjectionSource {
    const fields = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : { Value: item };
    return { noun: family.noun, fields };
  }

  private async list(
    operation: string,
    family: Family,
    input: StructureValue,
    context: OperationContext,
    search: boolean,
  ): Promise<OperationResult> {
    const scope = await this.scopeOf(family, input, context, operation);
    const records = this.records(context, family.noun).filter(
      (record) => !record.sidecar && this.matchesScope(record, scope),
    );
    const sources = records.map((record) => this.source(family, record));
    return this.filteredPage(operation, family, sources, input, JSON.stringify(scope), search);
  }

  private filteredPage(
    operation: string,
    family: Family,
    sources: ProjectionSource[],
    input: StructureValue,
    scopeKey: string,
    search: boolean,
  ): OperationResult {
    const filters = this.storedMembers(family, input).filter(
      ([member]) => !['SearchCriteria', 'SearchFilter', 'searchCriteria', 'filters', 'sortBy'].includes(member),
    );
    const matching = sources.filter(
      (source) =>
        filters.every(([member, wanted]) => this.filterMatches(source, member, wanted)) &&
        (!search ||
          (this.criteriaMatch(source, input.SearchCriteria) && this.tagFilterMatches(source, input.SearchFilter))),
    );
    return this.page(
      operation,
      matching,
      input,
      `${scopeKey}/${JSON.stringify(filters)}/${JSON.stringify(input.SearchCriteria ?? '')}`,
    );
  }

  /** A List filter: the member, or one level into the source's members, equal to or among what it names. */
  private filterMatches(source: ProjectionSource, member: string, wanted: unknown): boolean {
    let value = this.projector.lookup(source, member);
    if (value === undefined) {
      for (const field of Object.values(source.fields)) {
        if (field !== null && typeof field === 'object' && !Array.isArray(field) && member in field) {
          value = (field as Record<string, unknown>)[member];
        }
      }
    }
    if (value === undefined) {
      const singular = member.replace(/(ies|es|s)$/, '');
      if (singular !== member) value = this.projector.lookup(source, singular) ?? this.projector.lookup(source, 'Type');
    }
    if (value === undefined) return true;
    if (Array.isArray(wanted)) return wanted.length === 0 || wanted.some((item) => sameJson(item, value));
    if (member.toLowerCase().endsWith('startswith') && typeof wanted === 'string') return true;
    return sameJson(value, wanted);
  }

  private criteriaMatch(source: ProjectionSource, criteria: unknown): boolean {
    if (criteria === null || typeof criteria !== 'object') return true;
    return Object.entries(criteria as Record<string, unknown>).every(([key, value]) => {
      if (key.endsWith('OrConditions') && Array.isArray(value)) {
        return value.length === 0 || value.some((condition) => this.criteriaMatch(source, condition));
      }
      if (key.endsWith('AndConditions') && Array.isArray(value)) {
        return value.every((condition) => this.criteriaMatch(source, condition));
      }
      if (key === 'StringCondition') return this.stringConditionMatches(source, value as Record<string, unknown>);
      if (key.endsWith('Condition') && typeof value === 'string') {
        const field = key.slice(0, -'Condition'.length);
        const actual = this.projector.lookup(source, field);
        return actual === undefined || actual === value;
      }
      return true;
    });
  }

  private stringConditionMatches(source: ProjectionSource, condition: Record<string, unknown>): boolean {
    const field = String(condition.FieldName ?? '');
    const wanted = String(condition.Value ?? '');
    const name = field.toLowerCase() === 'resourceid' ? 'Id' : field;
    const actual = this.projector.lookup(source, name.charAt(0).toUpperCase() + name.slice(1));
    if (actual === undefined) return false;
    const text = String(actual);
    switch (condition.ComparisonType) {
      case 'STARTS_WITH':
        return text.startsWith(wanted);
      case 'CONTAINS':
        return text.toLowerCase().includes(wanted.toLowerCase());
      default:
        return text === wanted;
    }
  }

  /** Tag conditions anywhere in a search filter: the source must carry one of them. */
  private tagFilterMatches(source: ProjectionSource, filter: unknown): boolean {
    const conditions: { TagKey?: string; TagValue?: string }[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value !== null && typeof value === 'object') {
        const fields = value as Record<string, unknown>;
        if (typeof fields.TagKey === 'string') conditions.push(fields as { TagKey: string; TagValue?: string });
        else Object.values(fields).forEach(collect);
      }
    };
    collect(filter);
    if (conditions.length === 0) return true;
    const tags = source.tags ?? (source.fields.Tags as Record<string, string> | undefined) ?? {};
    return conditions.some(
      ({ TagKey, TagValue }) =>
        TagKey !== undefined && tags[TagKey] !== undefined && (TagValue === undefined || tags[TagKey] === TagValue),
    );
  }

  /** One page of `sources` in the operation's output list, with an opaque token bound to the listing. */
  private page(
    operation: string,
    sources: ProjectionSource[],
    input: StructureValue,
    listing: string,
  ): OperationResult {
    const ref = this.model.operation(operation)?.output;
    if (!ref) return { output: {} };
    const shape = this.model.structure(ref.shape);
    const inputRef = this.model.operation(operation)?.input;
    const inputShape = inputRef ? this.model.structure(inputRef.shape) : undefined;
    const memberNamed = (record: Record<string, unknown>, lower: string) =>
      Object.keys(record).find((member) => member.toLowerCase() === lower);
    const maxMember = inputShape ? memberNamed(inputShape.members, 'maxresults') : undefined;
    const tokenIn = inputShape ? memberNamed(inputShape.members, 'nexttoken') : undefined;
    const tokenOut = memberNamed(shape.members, 'nexttoken');
    const maxShape =
      maxMember && inputShape ? this.model.shape(inputShape.members[maxMember]?.shape as string) : undefined;
    const limit = maxShape && 'max' in maxShape && maxShape.max !== undefined ? maxShape.max : DEFAULT_PAGE_SIZE;
    const size =
      (maxMember ? (input[maxMember] as number | undefined) : undefined) ?? Math.min(DEFAULT_PAGE_SIZE, limit);
    const key = createHash('sha256').update(`${operation}\u0000${listing}`).digest('base64url').slice(0, 16);
    let offset = 0;
    const token = tokenIn ? (input[tokenIn] as string | undefined) : undefined;
    if (token !== undefined) {
      const match = /^([A-Za-z0-9_-]{16})\.(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!match || match[1] !== key)
        throw this.hooks.validationError('The NextToken is not valid for this request.', operation);
      offset = Number(match[2]);
    }
    const end = offset + size;
    const listMember = Object.entries(shape.members).find(
      ([, member]) => this.model.shape(member.shape).type === 'list',
    );
    const output: Record<string, unknown> = {};
    if (listMember) {
      const [name, memberRef] = listMember;
      const itemRef = (this.model.shape(memberRef.shape) as { member: ShapeRef }).member;
      const itemShape = this.model.shape(itemRef.shape);
      output[name] = sources
        .slice(offset, end)
        .map((source) =>
          itemShape.type === 'structure'
            ? this.projector.structure(itemRef, source, 1)
            : this.projector.conform(
                itemRef,
                /arn/i.test(name) ? source.arn : (source.id ?? Object.values(source.fields)[0]),
              ),
        )
        .filter((item) => item !== undefined);
    }
    if (tokenOut && end < sources.length) output[tokenOut] = Buffer.from(`${key}.${end}`).toString('base64url');
    const total = memberNamed(shape.members, 'approximatetotalcount');
    if (total) output[total] = sources.length;
    for (const member of shape.required ?? []) {
      if (output[member] === undefined && shape.members[member])
        output[member] = this.projector.filler(shape.members[member] as ShapeRef);
    }
    return { output };
  }

  /** Search<X>s over a family local-aws models by hand: its own List and Describe give what is searched. */
  private async searchHandwritten(
    operation: string,
    family: Family,
    input: StructureValue,
    context: OperationContext,
  ): Promise<OperationResult> {
    const scope = await this.scopeOf(family, input, context, operation);
    const listName = [`List${family.noun}s`, `List${family.noun}es`, `List${family.noun.replace(/y$/, 'ies')}`].find(
      (name) => this.operations[name],
    );
    const describe = family.describe ? this.operations[family.describe] : undefined;
    const sources: ProjectionSource[] = [];
    if (listName && describe) {
      const listOutput = this.model.operation(listName)?.output;
      const listShape = listOutput ? this.model.structure(listOutput.shape) : undefined;
      const listMember = listShape
        ? Object.keys(listShape.members).find(
            (member) => this.model.shape(listShape.members[member]?.shape as string).type === 'list',
          )
        : undefined;
      let token: string | undefined;
      do {
        const result = await (this.operations[listName] as OperationHandler)({ ...scope, NextToken: token }, context);
        const output = 'output' in result ? result.output : {};
        for (const summary of ((listMember ? output[listMember] : []) ?? []) as Record<string, unknown>[]) {
          const id = summary.Id ?? summary[`${family.noun}Id`] ?? summary.Name;
          // What cannot be described (a view never published) is not found by a search either.
          const described = await Promise.resolve(describe({ ...scope, [family.idMember]: id }, context)).catch(
            (error: unknown) => {
              if (error instanceof AwsError) return undefined;
              throw error;
            },
          );
          if (!described) continue;
          const body = 'output' in described ? described.output : {};
          const wrapper = Object.values(body).find(
            (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
          );
          const fields = (wrapper ?? body) as Record<string, unknown>;
          sources.push({
            noun: family.noun,
            id: String(id),
            arn: (fields.Arn ?? fields[`${family.noun}Arn`] ?? fields[`${family.noun}ARN`] ?? summary.Arn) as
              string | undefined,
            fields,
            tags: fields.Tags as Record<string, string> | undefined,
          });
        }
        token = output.NextToken as string | undefined;
      } while (token !== undefined);
    }
    return this.filteredPage(operation, family, sources, input, JSON.stringify(scope), true);
  }

  /** An operation that is no resource's Create, Describe, List, Update or Delete: checked, answered, not stored. */
  private async action(operation: string, input: StructureValue, context: OperationContext): Promise<OperationResult> {
    for (const [member, value] of Object.entries(input)) {
      if (typeof value === 'string') this.hooks.resolveScope?.(member, value, context);
    }
    const ref = this.model.operation(operation)?.output;
    if (!ref) return { output: {} };
    const shape = this.model.structure(ref.shape);
    const fields: Record<string, unknown> = { ...input };
    for (const [member, memberRef] of Object.entries(shape.members)) {
      if (/Id$/.test(member) && this.model.shape(memberRef.shape).type === 'string' && fields[member] === undefined) {
        fields[member] = this.mintFitting({ noun: member.slice(0, -2), idMember: member, scope: [] }, memberRef);
      }
    }
    return { output: this.projector.structure(ref, { noun: '', fields }, 1) };
  }

  /** A hand-written Describe whose resource has members the engine keeps beside it shows them too. */
  private withSidecar(operation: string, handler: OperationHandler): OperationHandler {
    if (!/^(Describe|Get)/.test(operation)) return handler;
    return async (input, context) => {
      const result = await handler(input, context);
      const plan = this.families.plan(operation);
      const family = plan.family;
      if (plan.verb !== 'describe' || !family) return result;
      const region = this.regions.get(`${context.account}/${context.region}`);
      const sidecar = region?.families
        .get(family.noun)
        ?.find((record) => record.sidecar && record.id === input[family.idMember]);
      if (!sidecar || !('output' in result)) return result;
      const ref = this.model.operation(operation)?.output;
      if (!ref) return result;
      const extra = this.projector.structure(ref, { noun: family.noun, fields: sidecar.fields });
      const output = { ...result.output };
      for (const [member, value] of Object.entries(extra)) {
        const current = output[member];
        if (current === undefined) output[member] = value;
        else if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof current === 'object') {
          output[member] = { ...(value as object), ...(current as object) };
        }
      }
      return { output };
    };
  }

  /** A hand-written Delete takes what the engine kept beside the resource with it. */
  private withSidecarDropped(operation: string, handler: OperationHandler): OperationHandler {
    if (!operation.startsWith('Delete')) return handler;
    return async (input, context) => {
      const result = await handler(input, context);
      const family = this.families.plan(operation).family;
      const records = family
        ? this.regions.get(`${context.account}/${context.region}`)?.families.get(family.noun)
        : undefined;
      const reference = family ? input[family.idMember] : undefined;
      if (records && reference !== undefined) {
        for (let index = records.length - 1; index >= 0; index -= 1) {
          if (records[index]?.sidecar && records[index]?.id === reference) records.splice(index, 1);
        }
      }
      return result;
    };
  }

  // ---- lookups from the service, state --------------------------------------------------------------------------

  /** A stored resource of a family by its id (or ARN) within a scope, for services that check references. */
  find(
    context: { account: string; region: string },
    noun: string,
    scope: Record<string, string>,
    reference: string,
  ): GenericRecord | undefined {
    return this.records(context, noun).find(
      (record) =>
        !record.sidecar && (record.id === reference || record.arn === reference) && this.matchesScope(record, scope),
    );
  }

  /** The record an ARN names, in an account and region. */
  findByArn(account: string, region: string, arn: string): GenericRecord | undefined {
    for (const records of this.regions.get(`${account}/${region}`)?.families.values() ?? []) {
      const found = records.find((record) => record.arn === arn);
      if (found) return found;
    }
    return undefined;
  }

  /** Forgets every resource placed under `member` = `value` (the resources of a deleted instance). */
  dropScope(account: string, region: string, member: string, value: string): void {
    for (const records of this.regions.get(`${account}/${region}`)?.families.values() ?? []) {
      for (let index = records.length - 1; index >= 0; index -= 1) {
        if (records[index]?.scope[member] === value) records.splice(index, 1);
      }
    }
  }

  clear(): void {
    this.regions.clear();
  }

  snapshot(): GenericState {
    return {
      regions: [...this.regions.values()].map(({ account, region, families }) => ({
        account,
        region,
        families: [...families.entries()].filter(([, records]) => records.length > 0),
      })),
    };
  }

  restore(state: GenericState | undefined): void {
    this.regions.clear();
    for (const { account, region, families } of state?.regions ?? []) {
      this.regions.set(`${account}/${region}`, { account, region, families: new Map(families) });
    }
  }
}

/** The service with every operation of its model answered: its own handlers first, the engine for the rest. */
export function withGenericEngine(service: ServiceEmulator, engine: GenericEngine): ServiceEmulator {
  const operations = engine.complete(service.operations);
  return {
    ...service,
    operations,
    genericOperations: engine.genericOperations(),
    async reset() {
      engine.clear();
      await service.reset();
    },
    async snapshot() {
      return { service: await service.snapshot(), generic: engine.snapshot() };
    },
    async restore(state) {
      const { service: own, generic } = state as { service: unknown; generic?: GenericState };
      await service.restore(own);
      engine.restore(generic);
    },
  };
}

export function isAwsError(error: unknown, code: string): boolean {
  return error instanceof AwsError && error.code === code;
}
