import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from '../../clock.js';
import { notFound } from './errors.js';

/** The ARN resource-type segment of each kind of instance resource, as Connect writes it. */
export const ARN_KINDS = {
  flow: 'contact-flow',
  module: 'flow-module',
  queue: 'queue',
  prompt: 'prompt',
  hours: 'operating-hours',
  routingProfile: 'routing-profile',
  quickConnect: 'transfer-destination',
  securityProfile: 'security-profile',
  user: 'agent',
  hierarchyGroup: 'agent-group',
  agentStatus: 'agent-state',
  integration: 'integration-association',
  view: 'view',
  vocabulary: 'vocabulary',
  evaluationForm: 'evaluation-form',
} as const;

export type ResourceKind = keyof typeof ARN_KINDS;

export type Tags = Record<string, string>;

/** What every instance resource has. */
export interface Resource {
  id: string;
  arn: string;
  name: string;
  tags: Tags;
  lastModifiedTime: Date;
  lastModifiedRegion: string;
  /** `clock.now()` from which reads find it: before that it is still propagating (eventual consistency). */
  visibleAt: number;
}

export interface HoursOfOperation extends Resource {
  description?: string;
  timeZone: string;
  config: unknown[];
  parentIds: string[];
}

export interface OutboundCallerConfig {
  OutboundCallerIdName?: string;
  OutboundCallerIdNumberId?: string;
  OutboundFlowId?: string;
}

export interface Queue extends Resource {
  description?: string;
  hoursOfOperationId: string;
  maxContacts?: number;
  status: 'ENABLED' | 'DISABLED';
  outboundCallerConfig?: OutboundCallerConfig;
  quickConnectIds: string[];
}

export interface Prompt extends Resource {
  description?: string;
  audio: Buffer;
}

export interface ContactFlow extends Resource {
  type: string;
  state: 'ACTIVE' | 'ARCHIVED';
  description?: string;
  /** The content contacts run; absent until the flow is first published. */
  published?: string;
  /** An unpublished draft (`<id>:$SAVED`), newer than the published content. */
  draft?: string;
}

export interface FlowModule extends Resource {
  state: 'ACTIVE' | 'ARCHIVED';
  description?: string;
  published: string;
  draft?: string;
  settings?: string;
}

export interface QuickConnect extends Resource {
  description?: string;
  config: QuickConnectConfig;
}

export interface QuickConnectConfig {
  QuickConnectType: string;
  UserConfig?: { UserId: string; ContactFlowId: string };
  QueueConfig?: { QueueId: string; ContactFlowId: string };
  PhoneConfig?: { PhoneNumber: string };
  FlowConfig?: { ContactFlowId: string };
}

export interface RoutingQueueConfig {
  queueId: string;
  channel: string;
  priority: number;
  delay: number;
}

export interface RoutingProfile extends Resource {
  description: string;
  mediaConcurrencies: unknown[];
  defaultOutboundQueueId: string;
  queueConfigs: RoutingQueueConfig[];
  agentAvailabilityTimer?: string;
  isDefault: boolean;
}

export interface SecurityProfile extends Resource {
  description?: string;
  permissions: string[];
  /**
   * What else the profile was given, by model member name (`AllowedAccessControlTags`, `TagRestrictedResources`,
   * `Applications`, `HierarchyRestrictedResources`, `AllowedAccessControlHierarchyGroupId`, ...).
   */
  settings: Record<string, unknown>;
}

export interface AgentStatus extends Resource {
  description?: string;
  type: 'ROUTABLE' | 'CUSTOM' | 'OFFLINE';
  displayOrder?: number;
  state: 'ENABLED' | 'DISABLED';
}

export interface HierarchyGroup extends Resource {
  parentId?: string;
  /** 1 for a top-level group, up to 5. */
  level: number;
}

export interface User extends Resource {
  securityProfileIds: string[];
  routingProfileId: string;
  hierarchyGroupId?: string;
  phoneConfig?: unknown;
  identityInfo?: unknown;
  directoryUserId?: string;
  /** Per-channel settings by model member name (`AutoAcceptConfigs`, `PhoneNumberConfigs`, ...). */
  configs?: Record<string, unknown>;
  proficiencies?: UserProficiency[];
}

export interface UserProficiency {
  AttributeName: string;
  AttributeValue: string;
  Level: number;
}

/** A level of the user hierarchy structure (`LevelOne` .. `LevelFive`). */
export interface HierarchyLevel {
  id: string;
  arn: string;
  name: string;
  lastModifiedTime: Date;
  lastModifiedRegion: string;
}

export interface IntegrationAssociation extends Resource {
  integrationType: string;
  integrationArn: string;
  sourceApplicationUrl?: string;
  sourceApplicationName?: string;
  sourceType?: string;
}

export interface ViewContent {
  Template?: string;
  Actions?: string[];
}

export interface ViewVersion {
  version: number;
  content: ViewContent;
  versionDescription?: string;
  createdTime: Date;
}

export interface View extends Resource {
  description?: string;
  createdTime: Date;
  /** What `<id>:$SAVED` shows: the latest content, saved or published. */
  saved: ViewContent;
  /** What `<id>` and `<id>:$LATEST` show; absent until the view is first published. */
  published?: ViewContent;
  versions: ViewVersion[];
  /** The highest version number handed out, so that numbers are never reused. */
  lastVersion: number;
}

export interface Vocabulary extends Resource {
  languageCode: string;
  content: string;
  /** `clock.now()` when CreateVocabulary's processing ends. */
  readyAt: number;
  /** Why processing fails, when an admin request made it fail. */
  failureReason?: string;
  /** Whether it is the instance's default vocabulary for its language. */
  isDefault: boolean;
}

export interface EvaluationFormVersion {
  version: number;
  status: 'DRAFT' | 'ACTIVE';
  locked: boolean;
  /** Title, Description, Items, ScoringStrategy, ... by model member name. */
  content: Record<string, unknown>;
  createdTime: Date;
  createdBy: string;
  lastModifiedTime: Date;
  lastModifiedBy: string;
}

export interface EvaluationForm extends Resource {
  versions: EvaluationFormVersion[];
  createdTime: Date;
  createdBy: string;
  lastActivatedTime?: Date;
  lastActivatedBy?: string;
}

/** The instance's one authentication profile, which Connect makes with the instance. */
export interface AuthenticationProfile {
  id: string;
  arn: string;
  createdTime: Date;
  lastModifiedTime: Date;
  lastModifiedRegion: string;
  /** Name, Description, AllowedIps, BlockedIps and the session durations, by model member name. */
  settings: Record<string, unknown>;
}

/** The resources of one kind in one instance, found by id or by full ARN. */
export class ResourceTable<T extends Resource> {
  private readonly byId = new Map<string, T>();

  constructor(
    /** How messages name the kind: `Queue`, `Contact flow`. */
    readonly label: string,
    private readonly clock: EmulatorClock,
  ) {}

  add(resource: T): T {
    this.byId.set(resource.id, resource);
    return resource;
  }

  /** The resource an id or ARN names, if it exists and has finished propagating. */
  find(reference: string): T | undefined {
    const resource = this.byId.get(reference.startsWith('arn:') ? (reference.split('/').pop() ?? '') : reference);
    if (!resource || (reference.startsWith('arn:') && resource.arn !== reference)) return undefined;
    return resource.visibleAt <= this.clock.now() ? resource : undefined;
  }

  /** Like `find`, but answers ResourceNotFoundException. */
  get(reference: string): T {
    const resource = this.find(reference);
    if (!resource) throw notFound(`${this.label} not found: ${reference}`);
    return resource;
  }

  /** The propagated resources, in creation order. */
  list(): T[] {
    const now = this.clock.now();
    return [...this.byId.values()].filter((resource) => resource.visibleAt <= now);
  }

  /** Every resource, propagated or not; for invariants such as unique names, which AWS checks at once. */
  all(): T[] {
    return [...this.byId.values()];
  }

  /** Another resource of this kind already has the name, compared case-insensitively like Connect does. */
  nameTaken(name: string, exceptId?: string): boolean {
    const wanted = name.toLowerCase();
    return this.all().some((resource) => resource.id !== exceptId && resource.name.toLowerCase() === wanted);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  get size(): number {
    return this.byId.size;
  }
}

export type InstanceStatus = 'CREATION_IN_PROGRESS' | 'ACTIVE';

export interface LexBotAssociation {
  v2AliasArn?: string;
  v1?: { Name: string; LexRegion: string };
}

export class ConnectInstance {
  readonly hours: ResourceTable<HoursOfOperation>;
  readonly queues: ResourceTable<Queue>;
  readonly prompts: ResourceTable<Prompt>;
  readonly flows: ResourceTable<ContactFlow>;
  readonly modules: ResourceTable<FlowModule>;
  readonly quickConnects: ResourceTable<QuickConnect>;
  readonly routingProfiles: ResourceTable<RoutingProfile>;
  readonly securityProfiles: ResourceTable<SecurityProfile>;
  readonly agentStatuses: ResourceTable<AgentStatus>;
  readonly hierarchyGroups: ResourceTable<HierarchyGroup>;
  readonly users: ResourceTable<User>;
  readonly integrations: ResourceTable<IntegrationAssociation>;
  readonly views: ResourceTable<View>;
  readonly vocabularies: ResourceTable<Vocabulary>;
  readonly evaluationForms: ResourceTable<EvaluationForm>;
  readonly attributes = new Map<string, string>();
  readonly approvedOrigins: string[] = [];
  readonly lambdaFunctions: string[] = [];
  readonly lexBots: LexBotAssociation[] = [];
  /** The user hierarchy's levels, by depth (1 to 5); a group can only be made at a level that is defined. */
  readonly hierarchyLevels = new Map<number, HierarchyLevel>();
  authenticationProfile?: AuthenticationProfile;

  constructor(
    readonly id: string,
    readonly arn: string,
    readonly details: {
      alias?: string;
      identityManagementType: string;
      directoryId?: string;
      createdTime: Date;
      serviceRole: string;
      tags: Tags;
    },
    /** When the instance turns ACTIVE. */
    readonly activeAt: number,
    /** When reads by id start finding it. */
    readonly visibleAt: number,
    clock: EmulatorClock,
  ) {
    this.hours = new ResourceTable('Hours of operation', clock);
    this.queues = new ResourceTable('Queue', clock);
    this.prompts = new ResourceTable('Prompt', clock);
    this.flows = new ResourceTable('Contact flow', clock);
    this.modules = new ResourceTable('Contact flow module', clock);
    this.quickConnects = new ResourceTable('Quick connect', clock);
    this.routingProfiles = new ResourceTable('Routing profile', clock);
    this.securityProfiles = new ResourceTable('Security profile', clock);
    this.agentStatuses = new ResourceTable('Agent status', clock);
    this.hierarchyGroups = new ResourceTable('Hierarchy group', clock);
    this.users = new ResourceTable('User', clock);
    this.integrations = new ResourceTable('Integration association', clock);
    this.views = new ResourceTable('View', clock);
    this.vocabularies = new ResourceTable('Vocabulary', clock);
    this.evaluationForms = new ResourceTable('Evaluation form', clock);
  }

  /** `arn:<partition>:connect:<region>:<account>:instance/<id>/<kind>/<resource id>` */
  resourceArn(kind: ResourceKind, id: string): string {
    return `${this.arn}/${ARN_KINDS[kind]}/${id}`;
  }

  /** The table of the resources an ARN's resource-type segment names, if local-aws keeps that kind. */
  tableForArnKind(arnKind: string): ResourceTable<Resource> | undefined {
    const kind = (Object.keys(ARN_KINDS) as ResourceKind[]).find((candidate) => ARN_KINDS[candidate] === arnKind);
    return kind ? this.table(kind) : undefined;
  }

  table(kind: ResourceKind): ResourceTable<Resource> {
    const tables: Record<ResourceKind, ResourceTable<Resource>> = {
      flow: this.flows,
      module: this.modules,
      queue: this.queues,
      prompt: this.prompts,
      hours: this.hours,
      routingProfile: this.routingProfiles,
      quickConnect: this.quickConnects,
      securityProfile: this.securityProfiles,
      user: this.users,
      hierarchyGroup: this.hierarchyGroups,
      agentStatus: this.agentStatuses,
      integration: this.integrations,
      view: this.views,
      vocabulary: this.vocabularies,
      evaluationForm: this.evaluationForms,
    };
    return tables[kind];
  }
}

export interface PhoneNumber {
  id: string;
  arn: string;
  number: string;
  countryCode: string;
  type: string;
  description?: string;
  /** The instance that claimed it. */
  instanceId: string;
  /** The contact flow calls to the number start, once associated. */
  contactFlowId?: string;
  tags: Tags;
}

/** Connect's state in one account and region. */
export class ConnectRegion {
  readonly instances = new Map<string, ConnectInstance>();
  readonly phoneNumbers = new Map<string, PhoneNumber>();

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  get partition(): string {
    if (this.region.startsWith('cn-')) return 'aws-cn';
    if (this.region.startsWith('us-gov-')) return 'aws-us-gov';
    return 'aws';
  }

  get arnPrefix(): string {
    return `arn:${this.partition}:connect:${this.region}:${this.account}`;
  }

  /** The instance an id or instance ARN names, whatever its status. */
  findInstance(reference: string): ConnectInstance | undefined {
    const id = reference.startsWith('arn:') ? (/:instance\/([^/]+)$/.exec(reference)?.[1] ?? '') : reference;
    const instance = this.instances.get(id);
    return instance && (!reference.startsWith('arn:') || instance.arn === reference) ? instance : undefined;
  }
}

/** An instance as a state file keeps it: its identity, its settings and the resources of each kind. */
export interface InstanceState {
  id: string;
  arn: string;
  details: ConnectInstance['details'];
  activeAt: number;
  visibleAt: number;
  attributes: Map<string, string>;
  approvedOrigins: string[];
  lambdaFunctions: string[];
  lexBots: LexBotAssociation[];
  hierarchyLevels: Map<number, HierarchyLevel>;
  authenticationProfile?: AuthenticationProfile;
  resources: Record<ResourceKind, Resource[]>;
}

export interface RegionState {
  account: string;
  region: string;
  instances: InstanceState[];
  phoneNumbers: PhoneNumber[];
}

const RESOURCE_KINDS = Object.keys(ARN_KINDS) as ResourceKind[];

function instanceState(instance: ConnectInstance): InstanceState {
  return {
    id: instance.id,
    arn: instance.arn,
    details: instance.details,
    activeAt: instance.activeAt,
    visibleAt: instance.visibleAt,
    attributes: instance.attributes,
    approvedOrigins: instance.approvedOrigins,
    lambdaFunctions: instance.lambdaFunctions,
    lexBots: instance.lexBots,
    hierarchyLevels: instance.hierarchyLevels,
    authenticationProfile: instance.authenticationProfile,
    resources: Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, instance.table(kind).all()])) as Record<
      ResourceKind,
      Resource[]
    >,
  };
}

function restoredInstance(state: InstanceState, clock: EmulatorClock): ConnectInstance {
  const instance = new ConnectInstance(state.id, state.arn, state.details, state.activeAt, state.visibleAt, clock);
  for (const [type, value] of state.attributes) instance.attributes.set(type, value);
  instance.approvedOrigins.push(...state.approvedOrigins);
  instance.lambdaFunctions.push(...state.lambdaFunctions);
  instance.lexBots.push(...state.lexBots);
  for (const [depth, level] of state.hierarchyLevels) instance.hierarchyLevels.set(depth, level);
  instance.authenticationProfile = state.authenticationProfile;
  for (const kind of RESOURCE_KINDS) {
    for (const resource of state.resources[kind] ?? []) instance.table(kind).add(resource);
  }
  return instance;
}

/** Every account's and region's Connect state. */
export class ConnectStore {
  private readonly regions = new Map<string, ConnectRegion>();

  region(account: string, region: string): ConnectRegion {
    const key = `${account}/${region}`;
    let state = this.regions.get(key);
    if (!state) {
      state = new ConnectRegion(account, region);
      this.regions.set(key, state);
    }
    return state;
  }

  allRegions(): ConnectRegion[] {
    return [...this.regions.values()];
  }

  clear(): void {
    this.regions.clear();
  }

  snapshot(): RegionState[] {
    return this.allRegions().map((state) => ({
      account: state.account,
      region: state.region,
      instances: [...state.instances.values()].map(instanceState),
      phoneNumbers: [...state.phoneNumbers.values()],
    }));
  }

  restore(regions: readonly RegionState[], clock: EmulatorClock): void {
    this.regions.clear();
    for (const { account, region, instances, phoneNumbers } of regions) {
      const state = this.region(account, region);
      for (const instance of instances) state.instances.set(instance.id, restoredInstance(instance, clock));
      for (const number of phoneNumbers) state.phoneNumbers.set(number.id, number);
    }
  }
}

export function newId(): string {
  return randomUUID();
}
