import {
  DescribeAgentStatusCommand,
  DescribeContactFlowCommand,
  DescribeContactFlowModuleCommand,
  DescribeHoursOfOperationCommand,
  DescribePromptCommand,
  DescribeQueueCommand,
  DescribeQuickConnectCommand,
  DescribeRoutingProfileCommand,
  DescribeSecurityProfileCommand,
  DescribeUserHierarchyGroupCommand,
  GetPromptFileCommand,
  paginateListAgentStatuses,
  paginateListBots,
  paginateListContactFlowModules,
  paginateListContactFlows,
  paginateListHoursOfOperations,
  paginateListIntegrationAssociations,
  paginateListLambdaFunctions,
  paginateListPhoneNumbersV2,
  paginateListPrompts,
  paginateListQueueQuickConnects,
  paginateListQueues,
  paginateListQuickConnects,
  paginateListRoutingProfileQueues,
  paginateListRoutingProfiles,
  paginateListSecurityProfiles,
  paginateListUserHierarchyGroups,
  paginateListUsers,
  type ContactFlow,
  type ContactFlowModule,
  type HoursOfOperation,
  type Queue,
  type QuickConnect,
  type RoutingProfile,
} from '@aws-sdk/client-connect';
import { AwsOperationError, toAwsOperationError } from '@edd/core';
import type { InstanceResourceType } from '../references/types.js';
import type { ConnectApi } from './connect-api.js';

export interface ResourceSummary {
  type: InstanceResourceType;
  id: string;
  arn: string;
  name: string;
  /** Flow type, for flows. */
  flowType?: string;
}

type Paginated<T> = AsyncIterable<T>;

async function collect<P, T>(pages: Paginated<P>, pick: (page: P) => T[] | undefined, operation: string): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const page of pages) out.push(...(pick(page) ?? []));
  } catch (error) {
    throw toAwsOperationError(error, operation);
  }
  return out;
}

interface SummaryShape {
  Id?: string;
  Arn?: string;
  Name?: string;
}

function summaries(type: InstanceResourceType, list: SummaryShape[]): ResourceSummary[] {
  return list.filter((s) => s.Id && s.Name).map((s) => ({ type, id: s.Id!, arn: s.Arn ?? '', name: s.Name! }));
}

/** Every resource of one type in the instance, without a cap: the SDK paginators follow every NextToken. */
export async function listResources(
  api: ConnectApi,
  instanceId: string,
  type: InstanceResourceType,
): Promise<ResourceSummary[]> {
  const c = { client: api.client, pageSize: 100 };
  const InstanceId = instanceId;
  switch (type) {
    case 'hours-of-operation':
      return summaries(
        type,
        await collect(
          paginateListHoursOfOperations(c, { InstanceId }),
          (p) => p.HoursOfOperationSummaryList,
          'ListHoursOfOperations',
        ),
      );
    case 'agent-status':
      return summaries(
        type,
        await collect(
          paginateListAgentStatuses(c, { InstanceId }),
          (p) => p.AgentStatusSummaryList,
          'ListAgentStatuses',
        ),
      );
    case 'security-profile':
      return summaries(
        type,
        await collect(
          paginateListSecurityProfiles(c, { InstanceId }),
          (p) => p.SecurityProfileSummaryList,
          'ListSecurityProfiles',
        ),
      );
    case 'hierarchy-group':
      return summaries(
        type,
        await collect(
          paginateListUserHierarchyGroups(c, { InstanceId }),
          (p) => p.UserHierarchyGroupSummaryList,
          'ListUserHierarchyGroups',
        ),
      );
    case 'prompt':
      return summaries(
        type,
        await collect(paginateListPrompts(c, { InstanceId }), (p) => p.PromptSummaryList, 'ListPrompts'),
      );
    case 'flow-module':
      return summaries(
        type,
        await collect(
          paginateListContactFlowModules(c, { InstanceId }),
          (p) => p.ContactFlowModulesSummaryList,
          'ListContactFlowModules',
        ),
      );
    case 'flow': {
      const list = await collect(
        paginateListContactFlows(c, { InstanceId }),
        (p) => p.ContactFlowSummaryList,
        'ListContactFlows',
      );
      return list
        .filter((s) => s.Id && s.Name)
        .map((s) => ({
          type,
          id: s.Id!,
          arn: s.Arn ?? '',
          name: s.Name!,
          ...(s.ContactFlowType ? { flowType: s.ContactFlowType } : {}),
        }));
    }
    case 'queue':
      return summaries(
        type,
        await collect(
          paginateListQueues(c, { InstanceId, QueueTypes: ['STANDARD'] }),
          (p) => p.QueueSummaryList,
          'ListQueues',
        ),
      );
    case 'quick-connect':
      return summaries(
        type,
        await collect(
          paginateListQuickConnects(c, { InstanceId }),
          (p) => p.QuickConnectSummaryList,
          'ListQuickConnects',
        ),
      );
    case 'routing-profile':
      return summaries(
        type,
        await collect(
          paginateListRoutingProfiles(c, { InstanceId }),
          (p) => p.RoutingProfileSummaryList,
          'ListRoutingProfiles',
        ),
      );
    case 'user': {
      const list = await collect(paginateListUsers(c, { InstanceId }), (p) => p.UserSummaryList, 'ListUsers');
      return list
        .filter((u) => u.Id && u.Username)
        .map((u) => ({ type, id: u.Id!, arn: u.Arn ?? '', name: u.Username! }));
    }
  }
}

export interface PhoneNumberSummary {
  id: string;
  arn: string;
  number: string;
  type?: string;
}

export async function listPhoneNumbers(api: ConnectApi, instanceArn: string): Promise<PhoneNumberSummary[]> {
  const list = await collect(
    paginateListPhoneNumbersV2({ client: api.client, pageSize: 100 }, { TargetArn: instanceArn }),
    (p) => p.ListPhoneNumbersSummaryList,
    'ListPhoneNumbersV2',
  );
  return list
    .filter((n) => n.PhoneNumberId && n.PhoneNumber)
    .map((n) => ({
      id: n.PhoneNumberId!,
      arn: n.PhoneNumberArn ?? '',
      number: n.PhoneNumber!,
      ...(n.PhoneNumberType ? { type: n.PhoneNumberType } : {}),
    }));
}

export async function listLambdaAssociations(api: ConnectApi, instanceId: string): Promise<string[]> {
  return collect(
    paginateListLambdaFunctions({ client: api.client, pageSize: 25 }, { InstanceId: instanceId }),
    (p) => p.LambdaFunctions,
    'ListLambdaFunctions',
  );
}

export interface IntegrationSummary {
  id: string;
  type: string;
  arn?: string;
}

/** The instance's integrations (Cases, Customer Profiles, Amazon Q, ...), whose ids are the instance's own. */
export async function listIntegrationAssociations(api: ConnectApi, instanceId: string): Promise<IntegrationSummary[]> {
  const list = await collect(
    paginateListIntegrationAssociations({ client: api.client, pageSize: 100 }, { InstanceId: instanceId }),
    (p) => p.IntegrationAssociationSummaryList,
    'ListIntegrationAssociations',
  );
  return list
    .filter((i) => i.IntegrationAssociationId)
    .map((i) => ({
      id: i.IntegrationAssociationId!,
      type: i.IntegrationType ?? 'UNKNOWN',
      ...(i.IntegrationArn ? { arn: i.IntegrationArn } : {}),
    }));
}

export async function listLexV2Associations(api: ConnectApi, instanceId: string): Promise<string[]> {
  const bots = await collect(
    paginateListBots({ client: api.client, pageSize: 25 }, { InstanceId: instanceId, LexVersion: 'V2' }),
    (p) => p.LexBots,
    'ListBots',
  );
  return bots.map((b) => b.LexV2Bot?.AliasArn).filter((a): a is string => typeof a === 'string');
}

const OWN_TAG = /^(aws:|edd:)/;

/** Tags worth carrying between accounts: not AWS's own, not the ones this toolkit records. */
export function portableTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = Object.entries(tags ?? {}).filter(([k]) => !OWN_TAG.test(k));
  return kept.length > 0 ? Object.fromEntries(kept.sort(([a], [b]) => a.localeCompare(b))) : undefined;
}

interface TagSink {
  tags?: Record<string, string>;
}

function common(
  name: string | undefined,
  description: string | undefined,
  tags: Record<string, string> | undefined,
  sink: TagSink,
) {
  sink.tags = tags ?? {};
  return {
    Name: name,
    ...(description ? { Description: description } : {}),
    ...(portableTags(tags) ? { Tags: portableTags(tags) } : {}),
  };
}

function parseContent(content: string | undefined, what: string): Record<string, unknown> {
  try {
    return JSON.parse(content ?? '') as Record<string, unknown>;
  } catch {
    throw new AwsOperationError(`${what}: Connect returned content that is not JSON`);
  }
}

function upper(value: string | undefined): string | undefined {
  return value?.toUpperCase();
}

const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/**
 * Describes one resource into the export's field shape with concrete ids (allowlisted fields only, volatile ones
 * dropped, Connect's inconsistent casing of module states normalised). `qualifier` reads a flow's `$SAVED` draft.
 */
export interface Described {
  /** Allowlisted fields with concrete ids, as in an export file before references are made symbolic. */
  body: Record<string, unknown>;
  /** All tags, including the `edd:` ones this toolkit records (e.g. a prompt's audio hash). */
  tags: Record<string, string>;
}

export async function describeResource(
  api: ConnectApi,
  instanceId: string,
  summary: ResourceSummary,
  { saved = false }: { saved?: boolean } = {},
): Promise<Described> {
  const sink: TagSink = {};
  // A flow or module kept SAVED is compared with its draft (`<id>:$SAVED`), not with what was published last.
  const described =
    saved && (summary.type === 'flow' || summary.type === 'flow-module')
      ? { ...summary, id: `${summary.id}:$SAVED` }
      : summary;
  const body = await describeBody(api, instanceId, described, sink);
  return { body, tags: sink.tags ?? {} };
}

async function describeBody(
  api: ConnectApi,
  instanceId: string,
  summary: ResourceSummary,
  sink: TagSink,
): Promise<Record<string, unknown>> {
  const InstanceId = instanceId;
  const what = `${summary.type} "${summary.name}"`;
  switch (summary.type) {
    case 'hours-of-operation': {
      const out = await api.send<{ HoursOfOperation?: HoursOfOperation }>(
        new DescribeHoursOfOperationCommand({ InstanceId, HoursOfOperationId: summary.id }),
        what,
      );
      const h = out.HoursOfOperation ?? {};
      const config = (h.Config ?? [])
        .map((c) => ({
          Day: c.Day,
          StartTime: { Hours: c.StartTime?.Hours ?? 0, Minutes: c.StartTime?.Minutes ?? 0 },
          EndTime: { Hours: c.EndTime?.Hours ?? 0, Minutes: c.EndTime?.Minutes ?? 0 },
        }))
        .sort(
          (a, b) =>
            DAYS.indexOf(a.Day ?? '') - DAYS.indexOf(b.Day ?? '') ||
            a.StartTime.Hours * 60 + a.StartTime.Minutes - (b.StartTime.Hours * 60 + b.StartTime.Minutes),
        );
      return { ...common(h.Name, h.Description, h.Tags, sink), TimeZone: h.TimeZone, Config: config };
    }
    case 'agent-status': {
      const out = await api.send<{
        AgentStatus?: {
          Name?: string;
          Description?: string;
          Type?: string;
          DisplayOrder?: number;
          State?: string;
          Tags?: Record<string, string>;
        };
      }>(new DescribeAgentStatusCommand({ InstanceId, AgentStatusId: summary.id }), what);
      const s = out.AgentStatus ?? {};
      return {
        ...common(s.Name, s.Description, s.Tags, sink),
        State: s.State,
        ...(s.Type ? { Type: s.Type } : {}),
        ...(s.DisplayOrder !== undefined ? { DisplayOrder: s.DisplayOrder } : {}),
      };
    }
    case 'security-profile': {
      const out = await api.send<{
        SecurityProfile?: { SecurityProfileName?: string; Description?: string; Tags?: Record<string, string> };
      }>(new DescribeSecurityProfileCommand({ InstanceId, SecurityProfileId: summary.id }), what);
      const s = out.SecurityProfile ?? {};
      return common(s.SecurityProfileName ?? summary.name, s.Description, s.Tags, sink);
    }
    case 'hierarchy-group': {
      const out = await api.send<{ HierarchyGroup?: { Name?: string; Tags?: Record<string, string> } }>(
        new DescribeUserHierarchyGroupCommand({ InstanceId, HierarchyGroupId: summary.id }),
        what,
      );
      return common(out.HierarchyGroup?.Name ?? summary.name, undefined, out.HierarchyGroup?.Tags, sink);
    }
    case 'prompt': {
      const out = await api.send<{ Prompt?: { Name?: string; Description?: string; Tags?: Record<string, string> } }>(
        new DescribePromptCommand({ InstanceId, PromptId: summary.id }),
        what,
      );
      const p = out.Prompt ?? {};
      return common(p.Name, p.Description, p.Tags, sink);
    }
    case 'flow-module': {
      const out = await api.send<{ ContactFlowModule?: ContactFlowModule }>(
        new DescribeContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: summary.id }),
        what,
      );
      const m = out.ContactFlowModule ?? {};
      return {
        ...common(m.Name, m.Description, m.Tags, sink),
        Status: upper(m.Status) ?? 'PUBLISHED',
        ...(upper(m.State) === 'ARCHIVED' ? { State: 'ARCHIVED' } : {}),
        Content: parseContent(m.Content, what),
      };
    }
    case 'flow': {
      const out = await api.send<{ ContactFlow?: ContactFlow }>(
        new DescribeContactFlowCommand({ InstanceId, ContactFlowId: summary.id }),
        what,
      );
      const f = out.ContactFlow ?? {};
      return {
        ...common(f.Name, f.Description, f.Tags, sink),
        Type: f.Type,
        Status: upper(f.Status) ?? 'PUBLISHED',
        ...(upper(f.State) === 'ARCHIVED' ? { State: 'ARCHIVED' } : {}),
        Content: parseContent(f.Content, what),
      };
    }
    case 'queue': {
      const out = await api.send<{ Queue?: Queue }>(
        new DescribeQueueCommand({ InstanceId, QueueId: summary.id }),
        what,
      );
      const q = out.Queue ?? {};
      const quickConnects = await collect(
        paginateListQueueQuickConnects({ client: api.client, pageSize: 100 }, { InstanceId, QueueId: summary.id }),
        (p) => p.QuickConnectSummaryList,
        'ListQueueQuickConnects',
      );
      const occ = q.OutboundCallerConfig;
      const outbound = {
        ...(occ?.OutboundCallerIdName ? { OutboundCallerIdName: occ.OutboundCallerIdName } : {}),
        ...(occ?.OutboundCallerIdNumberId ? { OutboundCallerIdNumberId: occ.OutboundCallerIdNumberId } : {}),
        ...(occ?.OutboundFlowId ? { OutboundFlowId: occ.OutboundFlowId } : {}),
      };
      return {
        ...common(q.Name, q.Description, q.Tags, sink),
        HoursOfOperationId: q.HoursOfOperationId,
        ...(q.MaxContacts !== undefined && q.MaxContacts !== 0 ? { MaxContacts: q.MaxContacts } : {}),
        Status: q.Status ?? 'ENABLED',
        ...(Object.keys(outbound).length > 0 ? { OutboundCallerConfig: outbound } : {}),
        ...(quickConnects.length > 0 ? { QuickConnectIds: quickConnects.map((s) => s.Id!).filter(Boolean) } : {}),
      };
    }
    case 'quick-connect': {
      const out = await api.send<{ QuickConnect?: QuickConnect }>(
        new DescribeQuickConnectCommand({ InstanceId, QuickConnectId: summary.id }),
        what,
      );
      const q = out.QuickConnect ?? {};
      return {
        ...common(q.Name, q.Description, q.Tags, sink),
        QuickConnectConfig: stripUndefined(q.QuickConnectConfig ?? {}),
      };
    }
    case 'routing-profile': {
      const out = await api.send<{ RoutingProfile?: RoutingProfile }>(
        new DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId: summary.id }),
        what,
      );
      const r = out.RoutingProfile ?? {};
      const queues = await collect(
        paginateListRoutingProfileQueues(
          { client: api.client, pageSize: 100 },
          { InstanceId, RoutingProfileId: summary.id },
        ),
        (p) => p.RoutingProfileQueueConfigSummaryList,
        'ListRoutingProfileQueues',
      );
      sink.tags = r.Tags ?? {};
      return {
        Name: r.Name,
        Description: r.Description ?? '',
        ...(portableTags(r.Tags) ? { Tags: portableTags(r.Tags) } : {}),
        DefaultOutboundQueueId: r.DefaultOutboundQueueId,
        MediaConcurrencies: (r.MediaConcurrencies ?? []).map((m) => stripUndefined(m)),
        ...(r.AgentAvailabilityTimer ? { AgentAvailabilityTimer: r.AgentAvailabilityTimer } : {}),
        ...(queues.length > 0
          ? {
              QueueConfigs: queues.map((q) => ({
                QueueReference: { QueueId: q.QueueId, Channel: q.Channel },
                Priority: q.Priority,
                Delay: q.Delay,
              })),
            }
          : {}),
      };
    }
    case 'user':
      return { Name: summary.name };
  }
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Downloads a prompt's audio through the presigned URL GetPromptFile returns. */
export async function downloadPromptAudio(
  api: ConnectApi,
  instanceId: string,
  summary: ResourceSummary,
): Promise<{ bytes: Buffer; extension: string }> {
  const what = `prompt "${summary.name}"`;
  const out = await api.send<{ PromptPresignedUrl?: string }>(
    new GetPromptFileCommand({ InstanceId: instanceId, PromptId: summary.id }),
    what,
  );
  if (!out.PromptPresignedUrl) throw new AwsOperationError(`GetPromptFile ${what} returned no URL`);
  const response = await fetch(out.PromptPresignedUrl);
  if (!response.ok) throw new AwsOperationError(`downloading the audio of ${what} failed: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const path = new URL(out.PromptPresignedUrl).pathname.toLowerCase();
  const type = response.headers.get('content-type') ?? '';
  const extension = path.endsWith('.mp3') || type.includes('mpeg') ? 'mp3' : 'wav';
  return { bytes, extension };
}
