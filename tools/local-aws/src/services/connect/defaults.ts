import { createHash } from 'node:crypto';
import { promptAudio } from './audio.js';
import { newId, type ConnectInstance, type Resource, type ResourceKind } from './store.js';

// What Connect puts into every new instance: Basic Hours, BasicQueue, the stock flows, sample prompts, the Basic
// Routing Profile, four security profiles and the Available/Offline agent statuses. Everything but the ids is the
// same in every instance, so exports of two fresh instances read alike. The stock flows refer to the instance's own
// prompts, queue, hours and flows by full ARN, in their Parameters and in their Metadata, as Connect's do.

export const SAMPLE_PROMPTS = [
  'Beep.wav',
  'CustomerHold.wav',
  'CustomerQueue.wav',
  'Music_Jazz_MyTimetoFly_Inst.wav',
  'Music_Pop_ThisAndThatIsLife_Inst.wav',
  'Music_Pop_ThrowYourselfInFrontOfIt_Inst.wav',
  'Music_Rock_EverywhereTheSunShines_Inst.wav',
  'Music_Classical_NocturneInBlue_Inst.wav',
] as const;

type PromptName = (typeof SAMPLE_PROMPTS)[number];

const MANAGE_ROUTING = [
  'Queues',
  'RoutingPolicies',
  'HoursOfOperation',
  'ContactFlows',
  'Prompts',
  'TransferDestinations',
];
const MANAGE_USERS = ['Users', 'SecurityProfiles', 'AgentGrouping', 'AgentStates'];
const ACTIONS = ['.View', '.Create', '.Edit', '.Delete'];

/** The stock security profiles, with permissions named as Connect names them. */
const SECURITY_PROFILES: readonly [string, string, string[]][] = [
  [
    'Admin',
    'Grants all permissions in the instance',
    [
      'BasicAgentAccess',
      'OutboundCallAccess',
      'AccessMetrics',
      'ContactSearch.View',
      ...[...MANAGE_ROUTING, ...MANAGE_USERS].flatMap((area) => ACTIONS.map((action) => `${area}${action}`)),
    ],
  ],
  ['Agent', 'Grants access to the Contact Control Panel', ['BasicAgentAccess', 'OutboundCallAccess']],
  [
    'CallCenterManager',
    'Grants permissions to manage users, routing and metrics',
    [
      'AccessMetrics',
      'ContactSearch.View',
      ...MANAGE_ROUTING.flatMap((area) => ACTIONS.map((action) => `${area}${action}`)),
      'Users.View',
      'Users.Edit',
    ],
  ],
  [
    'QualityAnalyst',
    'Grants permissions to monitor contacts and review recordings',
    ['AccessMetrics', 'ContactSearch.View', 'RealtimeContactLens.View', 'ListenCallRecordings'],
  ],
];

/** A UUID-shaped identifier that is the same for the same seed, for action identifiers of the stock flows. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: Record<string, unknown>;
}

interface ActionSpec {
  type: string;
  parameters?: Record<string, unknown>;
  /** Extra metadata of the action (audio, queue), beside its position. */
  metadata?: Record<string, unknown>;
  /** Whether errors and the normal path both go on to the next action (false: the action ends the flow). */
  continues?: boolean;
  errorTypes?: string[];
}

/** Flow-language content for a straight sequence of actions, each going on to the next one. */
function sequenceFlow(flowName: string, specs: ActionSpec[]): string {
  const ids = specs.map((_spec, index) => stableUuid(`${flowName}#${index}`));
  const actions: FlowAction[] = specs.map((spec, index) => {
    const next = ids[index + 1];
    const continues = spec.continues !== false && next !== undefined;
    return {
      Identifier: ids[index] as string,
      Type: spec.type,
      Parameters: spec.parameters ?? {},
      Transitions: continues
        ? {
            NextAction: next,
            ...(spec.errorTypes
              ? { Errors: spec.errorTypes.map((errorType) => ({ NextAction: next, ErrorType: errorType })) }
              : {}),
          }
        : {},
    };
  });
  const actionMetadata = Object.fromEntries(
    specs.map((spec, index) => [
      ids[index],
      { position: { x: 40 + 240 * (index + 1), y: 40 }, ...(spec.metadata ?? {}) },
    ]),
  );
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: ids[0],
    Metadata: { entryPointPosition: { x: 40, y: 40 }, ActionMetadata: actionMetadata },
    Actions: actions,
  });
}

function audioMetadata(arn: string, name: string): Record<string, unknown> {
  return { audio: [{ prompt: { id: arn, text: name }, type: 'Prompt' }] };
}

/** Creates the default resources of a new instance; they become readable when the instance turns ACTIVE. */
export function createDefaultResources(instance: ConnectInstance, region: string): void {
  const stamp = {
    lastModifiedTime: instance.details.createdTime,
    lastModifiedRegion: region,
    visibleAt: instance.activeAt,
  };
  const base = (kind: ResourceKind, name: string): Resource => {
    const id = newId();
    return { id, arn: instance.resourceArn(kind, id), name, tags: {}, ...stamp };
  };

  const prompts = new Map<PromptName, string>();
  for (const name of SAMPLE_PROMPTS) {
    const prompt = instance.prompts.add({ ...base('prompt', name), audio: promptAudio(name) });
    prompts.set(name, prompt.arn);
  }
  const promptArn = (name: PromptName): string => prompts.get(name) as string;

  const hours = instance.hours.add({
    ...base('hours', 'Basic Hours'),
    description: 'This is the default hours of operation',
    timeZone: 'America/New_York',
    config: ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'].map((day) => ({
      Day: day,
      StartTime: { Hours: 0, Minutes: 0 },
      EndTime: { Hours: 0, Minutes: 0 },
    })),
    parentIds: [],
  });

  // The queue and the flows refer to each other: ids first, content once every ARN is known.
  const queueId = newId();
  const queueArn = instance.resourceArn('queue', queueId);
  const flowIds = new Map<string, string>();
  const flowId = (name: string): string => {
    if (!flowIds.has(name)) flowIds.set(name, newId());
    return flowIds.get(name) as string;
  };
  const flowArn = (name: string): string => instance.resourceArn('flow', flowId(name));
  const queueMetadata = { queue: { id: queueArn, text: 'BasicQueue' } };
  const stockFlows: [string, string, ActionSpec[]][] = [
    [
      'Default agent hold',
      'AGENT_HOLD',
      [
        {
          type: 'MessageParticipantIteratively',
          parameters: { Messages: [{ PromptId: promptArn('Music_Pop_ThisAndThatIsLife_Inst.wav') }] },
          metadata: audioMetadata(
            promptArn('Music_Pop_ThisAndThatIsLife_Inst.wav'),
            'Music_Pop_ThisAndThatIsLife_Inst.wav',
          ),
          errorTypes: ['NoMatchingError'],
        },
        { type: 'EndFlowExecution' },
      ],
    ],
    [
      'Default agent transfer',
      'AGENT_TRANSFER',
      [
        {
          type: 'MessageParticipant',
          parameters: { Text: 'Now transferring your call.' },
          errorTypes: ['NoMatchingError'],
        },
        { type: 'TransferContactToAgent', errorTypes: ['NoMatchingError'] },
        { type: 'DisconnectParticipant' },
      ],
    ],
    [
      'Default agent whisper',
      'AGENT_WHISPER',
      [
        { type: 'MessageParticipant', parameters: { Text: '$.Queue.Name' }, errorTypes: ['NoMatchingError'] },
        { type: 'EndFlowExecution' },
      ],
    ],
    [
      'Default customer hold',
      'CUSTOMER_HOLD',
      [
        {
          type: 'MessageParticipantIteratively',
          parameters: { Messages: [{ PromptId: promptArn('CustomerHold.wav') }] },
          metadata: audioMetadata(promptArn('CustomerHold.wav'), 'CustomerHold.wav'),
          errorTypes: ['NoMatchingError'],
        },
        { type: 'EndFlowExecution' },
      ],
    ],
    [
      'Default customer queue',
      'CUSTOMER_QUEUE',
      [
        {
          type: 'MessageParticipantIteratively',
          parameters: {
            Messages: [
              { PromptId: promptArn('CustomerQueue.wav') },
              { PromptId: promptArn('Music_Jazz_MyTimetoFly_Inst.wav') },
            ],
          },
          metadata: {
            audio: [
              { prompt: { id: promptArn('CustomerQueue.wav'), text: 'CustomerQueue.wav' }, type: 'Prompt' },
              {
                prompt: { id: promptArn('Music_Jazz_MyTimetoFly_Inst.wav'), text: 'Music_Jazz_MyTimetoFly_Inst.wav' },
                type: 'Prompt',
              },
            ],
          },
          errorTypes: ['NoMatchingError'],
        },
        { type: 'EndFlowExecution' },
      ],
    ],
    ['Default customer whisper', 'CUSTOMER_WHISPER', [{ type: 'EndFlowExecution' }]],
    [
      'Default outbound',
      'OUTBOUND_WHISPER',
      [
        {
          type: 'MessageParticipant',
          parameters: { PromptId: promptArn('Beep.wav') },
          metadata: audioMetadata(promptArn('Beep.wav'), 'Beep.wav'),
          errorTypes: ['NoMatchingError'],
        },
        { type: 'EndFlowExecution' },
      ],
    ],
    [
      'Default queue transfer',
      'QUEUE_TRANSFER',
      [
        {
          type: 'MessageParticipant',
          parameters: { Text: 'Now transferring your call.' },
          errorTypes: ['NoMatchingError'],
        },
        { type: 'TransferContactToQueue', errorTypes: ['QueueAtCapacity', 'NoMatchingError'] },
        { type: 'DisconnectParticipant' },
      ],
    ],
    [
      'Sample inbound flow (first contact experience)',
      'CONTACT_FLOW',
      [
        { type: 'UpdateFlowLoggingBehavior', parameters: { FlowLoggingBehavior: 'Enabled' } },
        {
          type: 'MessageParticipant',
          parameters: { Text: 'Hello, thanks for calling. This is the sample flow.' },
          errorTypes: ['NoMatchingError'],
        },
        {
          type: 'UpdateContactEventHooks',
          parameters: { EventHooks: { CustomerQueue: flowArn('Default customer queue') } },
          metadata: {
            parameters: {
              EventHooks: {
                CustomerQueue: { id: flowArn('Default customer queue'), displayName: 'Default customer queue' },
              },
            },
          },
          errorTypes: ['NoMatchingError'],
        },
        {
          type: 'UpdateContactTargetQueue',
          parameters: { QueueId: queueArn },
          metadata: queueMetadata,
          errorTypes: ['NoMatchingError'],
        },
        {
          type: 'MessageParticipant',
          parameters: { PromptId: promptArn('CustomerQueue.wav') },
          metadata: audioMetadata(promptArn('CustomerQueue.wav'), 'CustomerQueue.wav'),
          errorTypes: ['NoMatchingError'],
        },
        { type: 'TransferContactToQueue', errorTypes: ['QueueAtCapacity', 'NoMatchingError'] },
        { type: 'DisconnectParticipant' },
      ],
    ],
    [
      'Sample queue configurations flow',
      'CONTACT_FLOW',
      [
        {
          type: 'CheckHoursOfOperation',
          parameters: { HoursOfOperationId: hours.arn },
          metadata: { Hours: { id: hours.arn, text: 'Basic Hours' } },
          errorTypes: ['NoMatchingError'],
        },
        {
          type: 'UpdateContactTargetQueue',
          parameters: { QueueId: queueArn },
          metadata: queueMetadata,
          errorTypes: ['NoMatchingError'],
        },
        {
          type: 'MessageParticipant',
          parameters: { PromptId: promptArn('Beep.wav') },
          metadata: audioMetadata(promptArn('Beep.wav'), 'Beep.wav'),
          errorTypes: ['NoMatchingError'],
        },
        { type: 'TransferContactToQueue', errorTypes: ['QueueAtCapacity', 'NoMatchingError'] },
        { type: 'DisconnectParticipant' },
      ],
    ],
    [
      'Sample recording behavior',
      'CONTACT_FLOW',
      [
        {
          type: 'UpdateContactRecordingBehavior',
          parameters: { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } },
        },
        // A bare id where the others hold ARNs: Connect's own flows mix both forms.
        {
          type: 'UpdateContactTargetQueue',
          parameters: { QueueId: queueId },
          metadata: queueMetadata,
          errorTypes: ['NoMatchingError'],
        },
        { type: 'TransferContactToQueue', errorTypes: ['QueueAtCapacity', 'NoMatchingError'] },
        { type: 'DisconnectParticipant' },
      ],
    ],
  ];
  for (const [name, type, specs] of stockFlows) {
    instance.flows.add({
      ...base('flow', name),
      id: flowId(name),
      arn: flowArn(name),
      type,
      state: 'ACTIVE',
      published: sequenceFlow(name, specs),
    });
  }

  instance.queues.add({
    ...base('queue', 'BasicQueue'),
    id: queueId,
    arn: queueArn,
    description: 'A simple, basic voice queue.',
    hoursOfOperationId: hours.id,
    status: 'ENABLED',
    outboundCallerConfig: { OutboundFlowId: flowId('Default outbound') },
    quickConnectIds: [],
  });

  instance.routingProfiles.add({
    ...base('routingProfile', 'Basic Routing Profile'),
    description: 'Basic Routing Profile',
    mediaConcurrencies: [
      { Channel: 'VOICE', Concurrency: 1, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
      { Channel: 'CHAT', Concurrency: 2, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
      { Channel: 'TASK', Concurrency: 10, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
    ],
    defaultOutboundQueueId: queueId,
    queueConfigs: ['VOICE', 'CHAT', 'TASK'].map((channel) => ({ queueId, channel, priority: 1, delay: 0 })),
    agentAvailabilityTimer: 'TIME_SINCE_LAST_ACTIVITY',
    isDefault: true,
  });

  for (const [name, description, permissions] of SECURITY_PROFILES) {
    instance.securityProfiles.add({ ...base('securityProfile', name), description, permissions, settings: {} });
  }
  instance.agentStatuses.add({
    ...base('agentStatus', 'Available'),
    type: 'ROUTABLE',
    displayOrder: 1,
    state: 'ENABLED',
  });
  instance.agentStatuses.add({ ...base('agentStatus', 'Offline'), type: 'OFFLINE', displayOrder: 2, state: 'ENABLED' });
}
