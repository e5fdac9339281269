import { randomUUID } from 'node:crypto';
import type { Principal } from '../../identity.js';
import type { StackParameter } from './parameters.js';
import type { Plan } from './planner.js';
import type { ExistingResource } from './resources/provider.js';
import type { ResourceDeclaration, Template } from './template.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface StackEvent {
  eventId: string;
  logicalId: string;
  physicalId: string;
  resourceType: string;
  timestamp: Date;
  status: string;
  reason?: string;
  properties?: string;
}

/** A resource of a stack, with what the template said of it when it was last deployed. */
export interface StackResource extends ExistingResource {
  logicalId: string;
  type: string;
  status: string;
  reason?: string;
  timestamp: Date;
  declaration: ResourceDeclaration;
  /** The logical ids it depends on; deletions go in the reverse order. */
  dependencies: string[];
}

export interface StackOutput {
  key: string;
  value: string;
  description?: string;
  exportName?: string;
}

/** What a deployment puts in place together: the template, its parameters and what came out of it. */
export interface StackDefinition {
  templateBody: string;
  template: Template;
  parameters: StackParameter[];
  capabilities: string[];
  tags: Tag[];
  notificationArns: string[];
  roleArn?: string;
  outputs: StackOutput[];
  /** Export names the stack imports with Fn::ImportValue. */
  imports: string[];
}

export interface Stack {
  id: string;
  name: string;
  account: string;
  region: string;
  status: string;
  reason?: string;
  creationTime: Date;
  lastUpdatedTime?: Date;
  deletionTime?: Date;
  disableRollback: boolean;
  /** Undefined until a first deployment (a stack made by a CREATE change set is only under review). */
  definition?: StackDefinition;
  resources: Map<string, StackResource>;
  /** Newest last. */
  events: StackEvent[];
  changeSetId?: string;
  /** Whose credentials the stack's operations act with. */
  principal: Principal;
}

export type ChangeSetType = 'CREATE' | 'UPDATE';

export interface ChangeSet {
  id: string;
  name: string;
  stack: Stack;
  type: ChangeSetType;
  description?: string;
  creationTime: Date;
  /** The emulated time at which the change set is computed. */
  readyAt: number;
  /** The plan, or why there is none: what the change set ends as once ready. */
  outcome: { plan: Plan } | { failure: string };
  executionStatus:
    'AVAILABLE' | 'UNAVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';
  templateBody: string;
  parameters: StackParameter[];
  capabilities: string[];
  tags: Tag[];
  notificationArns: string[];
  roleArn?: string;
}

export interface Export {
  name: string;
  value: string;
  stackId: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Statuses from which a stack takes updates. */
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE']);

export function isUpdatable(stack: Stack): boolean {
  return UPDATABLE.has(stack.status);
}

export function isInProgress(stack: Stack): boolean {
  return stack.status.endsWith('_IN_PROGRESS') && stack.status !== 'REVIEW_IN_PROGRESS';
}

/** The stacks, change sets and exports of one account and region. */
export class RegionStacks {
  /** Every stack ever created here, deleted ones included (ListStacks shows them). */
  readonly stacks: Stack[] = [];
  readonly changeSets = new Map<string, ChangeSet>();
  readonly exports = new Map<string, Export>();

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  /** The live stack of a name, or any stack (deleted ones too) by its id. */
  find(nameOrId: string): Stack | undefined {
    if (nameOrId.startsWith('arn:')) return this.stacks.find((stack) => stack.id === nameOrId);
    return this.stacks.find((stack) => stack.name === nameOrId && stack.status !== 'DELETE_COMPLETE');
  }

  create(name: string, principal: Principal, status: string): Stack {
    const stack: Stack = {
      id: `arn:${partitionOf(this.region)}:cloudformation:${this.region}:${this.account}:stack/${name}/${randomUUID()}`,
      name,
      account: this.account,
      region: this.region,
      status,
      creationTime: new Date(),
      disableRollback: false,
      resources: new Map(),
      events: [],
      principal,
    };
    this.stacks.push(stack);
    return stack;
  }

  changeSetsOf(stack: Stack): ChangeSet[] {
    return [...this.changeSets.values()].filter((changeSet) => changeSet.stack === stack);
  }

  changeSetArn(name: string): string {
    return `arn:${partitionOf(this.region)}:cloudformation:${this.region}:${this.account}:changeSet/${name}/${randomUUID()}`;
  }

  /** Which stacks import an export. */
  importers(exportName: string): Stack[] {
    return this.stacks.filter(
      (stack) => stack.status !== 'DELETE_COMPLETE' && stack.definition?.imports.includes(exportName),
    );
  }
}
