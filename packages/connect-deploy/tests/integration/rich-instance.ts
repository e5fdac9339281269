import { arn, buildContactCenter, id, lambda, lexAlias, type Action, type ContactCenterSpec } from '@edd/test-support';
import { REGION, wav, type Environment } from './support.js';

const end = (identifier: string): Action => ({
  Identifier: identifier,
  Type: 'DisconnectParticipant',
  Parameters: {},
  Transitions: {},
});

/**
 * The source instance of the round-trip tests: everything connect-deploy must carry between accounts, including
 * flows that reference each other in a cycle, bare ids next to ARNs, references in Metadata, prompts with audio,
 * a routing profile with more than 10 queues, queues with outbound caller config, quick connects of every type,
 * Lambda and Lex references, and dynamic attributes that must stay untouched.
 */
export function richInstance(env: string, phoneNumber: string, queueCount = 25): ContactCenterSpec {
  const lookup = `edd-lookup-${env}`;
  const bot = `EDDBot-${env}`;
  const queueNames = Array.from({ length: queueCount }, (_, i) => `EDD Q${String(i + 1).padStart(2, '0')}`);
  return {
    lambdas: [lookup],
    // A new bot comes with the TestBotAlias on DRAFT, as in AWS; the flows use that alias.
    lexAliases: [{ bot, alias: 'TestBotAlias' }],
    hours: [
      {
        Name: 'EDD Business Hours',
        Description: 'Weekdays',
        TimeZone: 'America/Los_Angeles',
        Config: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((Day) => ({
          Day: Day as never,
          StartTime: { Hours: 8, Minutes: 0 },
          EndTime: { Hours: 17, Minutes: 30 },
        })),
        Tags: { team: 'edd' },
      },
    ],
    prompts: [
      { Name: 'EDD Welcome', audio: wav(1) },
      { Name: 'EDD Hold Music', audio: wav(2, 1600) },
    ],
    flows: [
      {
        Name: 'EDD Outbound Whisper',
        Type: 'OUTBOUND_WHISPER',
        actions: [{ Identifier: 'w1', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} }],
      },
      {
        Name: 'EDD Customer Queue',
        Type: 'CUSTOMER_QUEUE',
        Description: 'Hold music while waiting',
        actions: [
          {
            Identifier: 'cq1',
            Type: 'MessageParticipantIteratively',
            Parameters: { Messages: [{ PromptId: arn('prompt', 'EDD Hold Music') }, { Text: 'Thanks for waiting' }] },
            Transitions: {},
          },
        ],
        metadata: {
          cq1: {
            position: { x: 100, y: 100 },
            audio: [{ type: 'Prompt', prompt: { id: arn('prompt', 'EDD Hold Music'), text: 'EDD Hold Music' } }],
          },
        },
      },
      { Name: 'EDD Agent Transfer', Type: 'AGENT_TRANSFER', actions: [end('at1')] },
      { Name: 'EDD Queue Transfer', Type: 'QUEUE_TRANSFER', actions: [end('qt1')] },
      // Two flows that transfer to each other.
      {
        Name: 'EDD Transfer',
        Type: 'CONTACT_FLOW',
        actions: [
          {
            Identifier: 't1',
            Type: 'TransferToFlow',
            Parameters: { ContactFlowId: arn('flow', 'EDD Main') },
            Transitions: { Errors: [{ NextAction: 't2', ErrorType: 'NoMatchingError' }] },
          },
          end('t2'),
        ],
        metadata: {
          t1: { position: { x: 10, y: 10 }, contactFlow: { id: arn('flow', 'EDD Main'), text: 'EDD Main' } },
        },
      },
      {
        Name: 'EDD Main',
        Type: 'CONTACT_FLOW',
        actions: [
          {
            Identifier: 'a1',
            Type: 'MessageParticipant',
            Parameters: { PromptId: arn('prompt', 'EDD Welcome') },
            Transitions: { NextAction: 'a2' },
          },
          {
            Identifier: 'a2',
            Type: 'CheckHoursOfOperation',
            Parameters: { HoursOfOperationId: arn('hours', 'EDD Business Hours') },
            Transitions: {
              NextAction: 'a3',
              Conditions: [{ NextAction: 'a3', Condition: { Operator: 'Equals', Operands: ['True'] } }],
              Errors: [{ NextAction: 'a9', ErrorType: 'NoMatchingError' }],
            },
          },
          {
            Identifier: 'a3',
            Type: 'InvokeLambdaFunction',
            Parameters: { LambdaFunctionARN: lambda(lookup), InvocationTimeLimitSeconds: '3' },
            Transitions: { NextAction: 'a4', Errors: [{ NextAction: 'a4', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'a4',
            Type: 'ConnectParticipantWithLexBot',
            Parameters: { Text: 'How can I help?', LexV2Bot: { AliasArn: lexAlias(bot, 'TestBotAlias') } },
            Transitions: { NextAction: 'a5', Errors: [{ NextAction: 'a5', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'a5',
            Type: 'InvokeFlowModule',
            Parameters: { FlowModuleId: id('module', 'EDD Lookup Module') },
            Transitions: { NextAction: 'a6', Errors: [{ NextAction: 'a6', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'a6',
            Type: 'UpdateContactEventHooks',
            Parameters: { EventHooks: { CustomerQueue: arn('flow', 'EDD Customer Queue') } },
            Transitions: { NextAction: 'a7' },
          },
          {
            Identifier: 'a7',
            Type: 'UpdateContactTargetQueue',
            Parameters: { QueueId: id('queue', 'EDD Billing') },
            Transitions: { NextAction: 'a8', Errors: [{ NextAction: 'a9', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'a8',
            Type: 'UpdateContactAttributes',
            Parameters: { Attributes: { caller: '$.Attributes.caller', segment: '$.External.segment' } },
            Transitions: { NextAction: 'a10' },
          },
          end('a9'),
          {
            Identifier: 'a10',
            Type: 'TransferToFlow',
            Parameters: { ContactFlowId: arn('flow', 'EDD Transfer') },
            Transitions: { Errors: [{ NextAction: 'a9', ErrorType: 'NoMatchingError' }] },
          },
        ],
        metadata: {
          a1: {
            position: { x: 0, y: 0 },
            audio: [{ type: 'Prompt', prompt: { id: arn('prompt', 'EDD Welcome'), text: 'EDD Welcome' } }],
          },
          a7: { position: { x: 70, y: 0 }, queue: { id: arn('queue', 'EDD Billing'), text: 'EDD Billing' } },
          a10: { position: { x: 90, y: 0 }, contactFlow: { id: arn('flow', 'EDD Transfer'), text: 'EDD Transfer' } },
        },
      },
    ],
    modules: [
      {
        Name: 'EDD Lookup Module',
        Description: 'Looks the caller up',
        actions: [
          {
            Identifier: 'm1',
            Type: 'InvokeLambdaFunction',
            Parameters: { LambdaFunctionARN: lambda(lookup), InvocationTimeLimitSeconds: '3' },
            Transitions: { NextAction: 'm2', Errors: [{ NextAction: 'm2', ErrorType: 'NoMatchingError' }] },
          },
          { Identifier: 'm2', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
        ],
        settings: {
          InputParameters: [],
          OutputParameters: [],
          Transitions: [{ DisplayName: 'Success', ReferenceName: 'Success', Description: '' }],
        },
      },
    ],
    queues: [
      {
        Name: 'EDD Billing',
        Description: 'Billing questions',
        hours: 'EDD Business Hours',
        MaxContacts: 50,
        OutboundCallerConfig: {
          OutboundCallerIdName: 'EDD Billing',
          OutboundCallerIdNumberId: id('phone', phoneNumber),
          OutboundFlowId: id('flow', 'EDD Outbound Whisper'),
        },
        quickConnects: ['EDD QC Billing', 'EDD QC Supervisor', 'EDD QC Agent', 'EDD QC Main Menu'],
        Tags: { team: 'billing' },
      },
      ...queueNames.map((Name) => ({ Name, hours: 'EDD Business Hours' })),
    ],
    routingProfiles: [
      {
        Name: 'EDD Agents',
        Description: 'All EDD queues',
        defaultOutboundQueue: 'EDD Billing',
        MediaConcurrencies: [
          { Channel: 'VOICE', Concurrency: 1 },
          { Channel: 'CHAT', Concurrency: 3, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
        ],
        queues: ['EDD Billing', ...queueNames].map((queue, i) => ({ queue, priority: (i % 5) + 1, delay: i % 3 })),
      },
    ],
    users: [{ Username: 'edd.agent1', securityProfiles: ['Agent'], routingProfile: 'Basic Routing Profile' }],
    quickConnects: [
      {
        Name: 'EDD QC Billing',
        QuickConnectConfig: {
          QuickConnectType: 'QUEUE',
          QueueConfig: { QueueId: id('queue', 'EDD Billing'), ContactFlowId: id('flow', 'EDD Queue Transfer') },
        },
      },
      {
        Name: 'EDD QC Supervisor',
        QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+18005550123' } },
      },
      {
        Name: 'EDD QC Agent',
        QuickConnectConfig: {
          QuickConnectType: 'USER',
          UserConfig: { UserId: id('user', 'edd.agent1'), ContactFlowId: id('flow', 'EDD Agent Transfer') },
        },
      },
      {
        Name: 'EDD QC Main Menu',
        QuickConnectConfig: { QuickConnectType: 'FLOW', FlowConfig: { ContactFlowId: id('flow', 'EDD Main') } },
      },
    ],
  };
}

/** Builds the rich instance in an environment whose first claimed number is `phoneNumber`. */
export async function buildRichInstance(
  e: Environment,
  account: string,
  env: string,
  phoneNumber: string,
  queueCount = 25,
): Promise<void> {
  await buildContactCenter(
    {
      connect: e.clients.connect,
      lex: e.clients.lex,
      s3: e.clients.s3,
      instanceId: e.instance.id,
      account,
      region: REGION,
    },
    richInstance(env, phoneNumber, queueCount),
  );
}

/** The users a target needs before deploy (users are not deployed: they are found by name). */
export async function createAgentUser(e: Environment, account: string): Promise<void> {
  await buildContactCenter(
    { connect: e.clients.connect, instanceId: e.instance.id, account, region: REGION },
    { users: [{ Username: 'edd.agent1', securityProfiles: ['Agent'], routingProfile: 'Basic Routing Profile' }] },
  );
}
