import * as connect from '@aws-sdk/client-connect';
import { ListBotAliasesCommand, ListBotsCommand } from '@aws-sdk/client-lex-models-v2';
import { idOf, uploadPrompt, wav, type Environment } from './support.js';

type Action = Record<string, unknown>;

function flowContent(actions: Action[], metadata: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: actions[0]!.Identifier,
    Metadata: { entryPointPosition: { x: 40, y: 40 }, ActionMetadata: metadata },
    Actions: actions,
  });
}

const end = (id: string): Action => ({
  Identifier: id,
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
export async function buildRichInstance(e: Environment, account: string, env: string, queueCount = 25): Promise<void> {
  const InstanceId = e.instance.id;
  const send = <T>(command: unknown) => e.clients.connect.send(command as never) as Promise<T>;

  const hours = await send<{ HoursOfOperationId: string; HoursOfOperationArn: string }>(
    new connect.CreateHoursOfOperationCommand({
      InstanceId,
      Name: 'EDD Business Hours',
      Description: 'Weekdays',
      TimeZone: 'America/Los_Angeles',
      Config: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((Day) => ({
        Day: Day as never,
        StartTime: { Hours: 8, Minutes: 0 },
        EndTime: { Hours: 17, Minutes: 30 },
      })),
      Tags: { team: 'edd' },
    }),
  );
  await uploadPrompt(e, account, 'EDD Welcome', wav(1));
  await uploadPrompt(e, account, 'EDD Hold Music', wav(2, 1600));
  const welcome = await idOf(e.clients, InstanceId, 'prompt', 'EDD Welcome');
  const holdMusic = await idOf(e.clients, InstanceId, 'prompt', 'EDD Hold Music');

  const lambdaArn = `arn:aws:lambda:us-east-1:${account}:function:edd-lookup-${env}`;
  await send(new connect.AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: lambdaArn }));
  const bots = await e.clients.lex.send(new ListBotsCommand({}));
  const botId = bots.botSummaries!.find((b) => b.botName === `EDDBot-${env}`)!.botId!;
  const aliases = await e.clients.lex.send(new ListBotAliasesCommand({ botId }));
  const aliasId = aliases.botAliasSummaries!.find((a) => a.botAliasName === 'TestBotAlias')!.botAliasId!;
  const lexArn = `arn:aws:lex:us-east-1:${account}:bot-alias/${botId}/${aliasId}`;
  await send(new connect.AssociateBotCommand({ InstanceId, LexV2Bot: { AliasArn: lexArn } }));

  const whisper = await send<{ ContactFlowId: string; ContactFlowArn: string }>(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Outbound Whisper',
      Type: 'OUTBOUND_WHISPER',
      Content: flowContent([{ Identifier: 'w1', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} }]),
    }),
  );
  const customerQueue = await send<{ ContactFlowId: string; ContactFlowArn: string }>(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Customer Queue',
      Type: 'CUSTOMER_QUEUE',
      Description: 'Hold music while waiting',
      Content: flowContent(
        [
          {
            Identifier: 'cq1',
            Type: 'MessageParticipantIteratively',
            Parameters: { Messages: [{ PromptId: holdMusic.arn }, { Text: 'Thanks for waiting' }] },
            Transitions: {},
          },
        ],
        {
          cq1: {
            position: { x: 100, y: 100 },
            audio: [{ type: 'Prompt', prompt: { id: holdMusic.arn, text: 'EDD Hold Music' } }],
          },
        },
      ),
    }),
  );
  const agentTransfer = await send<{ ContactFlowId: string }>(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Agent Transfer',
      Type: 'AGENT_TRANSFER',
      Content: flowContent([end('at1')]),
    }),
  );
  const queueTransfer = await send<{ ContactFlowId: string }>(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Queue Transfer',
      Type: 'QUEUE_TRANSFER',
      Content: flowContent([end('qt1')]),
    }),
  );

  const billing = await send<{ QueueId: string; QueueArn: string }>(
    new connect.CreateQueueCommand({
      InstanceId,
      Name: 'EDD Billing',
      Description: 'Billing questions',
      HoursOfOperationId: hours.HoursOfOperationId,
      MaxContacts: 50,
      OutboundCallerConfig: {
        OutboundCallerIdName: 'EDD Billing',
        OutboundCallerIdNumberId: e.phone.id,
        OutboundFlowId: whisper.ContactFlowId,
      },
      Tags: { team: 'billing' },
    }),
  );
  const queues: { QueueId: string }[] = [];
  for (let i = 1; i <= queueCount; i++) {
    queues.push(
      await send(
        new connect.CreateQueueCommand({
          InstanceId,
          Name: `EDD Q${String(i).padStart(2, '0')}`,
          HoursOfOperationId: hours.HoursOfOperationId,
        }),
      ),
    );
  }

  const module = await send<{ Id: string; Arn: string }>(
    new connect.CreateContactFlowModuleCommand({
      InstanceId,
      Name: 'EDD Lookup Module',
      Description: 'Looks the caller up',
      Content: JSON.stringify({
        Version: '2019-10-30',
        StartAction: 'm1',
        Metadata: { entryPointPosition: { x: 40, y: 40 }, ActionMetadata: {} },
        Actions: [
          {
            Identifier: 'm1',
            Type: 'InvokeLambdaFunction',
            Parameters: { LambdaFunctionARN: lambdaArn, InvocationTimeLimitSeconds: '3' },
            Transitions: { NextAction: 'm2', Errors: [{ NextAction: 'm2', ErrorType: 'NoMatchingError' }] },
          },
          { Identifier: 'm2', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
        ],
        Settings: {
          InputParameters: [],
          OutputParameters: [],
          Transitions: [{ DisplayName: 'Success', ReferenceName: 'Success', Description: '' }],
        },
      }),
    }),
  );

  // Two flows that transfer to each other: created SAVED first, then given their content.
  const main = await send<{ ContactFlowId: string; ContactFlowArn: string }>(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Main',
      Type: 'CONTACT_FLOW',
      Status: 'SAVED',
      Content: flowContent([end('x')]),
    }),
  );
  const transfer = await send<{ ContactFlowId: string; ContactFlowArn: string }>(
    new connect.CreateContactFlowCommand({
      InstanceId,
      Name: 'EDD Transfer',
      Type: 'CONTACT_FLOW',
      Status: 'SAVED',
      Content: flowContent([end('x')]),
    }),
  );
  await send(
    new connect.UpdateContactFlowContentCommand({
      InstanceId,
      ContactFlowId: transfer.ContactFlowId,
      Content: flowContent(
        [
          {
            Identifier: 't1',
            Type: 'TransferToFlow',
            Parameters: { ContactFlowId: main.ContactFlowArn },
            Transitions: { Errors: [{ NextAction: 't2', ErrorType: 'NoMatchingError' }] },
          },
          end('t2'),
        ],
        {
          t1: { position: { x: 10, y: 10 }, contactFlow: { id: main.ContactFlowArn, text: 'EDD Main' } },
        },
      ),
    }),
  );
  const mainActions: Action[] = [
    {
      Identifier: 'a1',
      Type: 'MessageParticipant',
      Parameters: { PromptId: welcome.arn },
      Transitions: { NextAction: 'a2' },
    },
    {
      Identifier: 'a2',
      Type: 'CheckHoursOfOperation',
      Parameters: { Hours: hours.HoursOfOperationArn },
      Transitions: {
        NextAction: 'a3',
        Conditions: [{ NextAction: 'a3', Condition: { Operator: 'Equals', Operands: ['True'] } }],
        Errors: [{ NextAction: 'a9', ErrorType: 'NoMatchingError' }],
      },
    },
    {
      Identifier: 'a3',
      Type: 'InvokeLambdaFunction',
      Parameters: { LambdaFunctionARN: lambdaArn, InvocationTimeLimitSeconds: '3' },
      Transitions: { NextAction: 'a4', Errors: [{ NextAction: 'a4', ErrorType: 'NoMatchingError' }] },
    },
    {
      Identifier: 'a4',
      Type: 'ConnectParticipantWithLexBot',
      Parameters: { Text: 'How can I help?', LexV2Bot: { AliasArn: lexArn } },
      Transitions: { NextAction: 'a5', Errors: [{ NextAction: 'a5', ErrorType: 'NoMatchingError' }] },
    },
    {
      Identifier: 'a5',
      Type: 'InvokeFlowModule',
      Parameters: { FlowModuleId: module.Id },
      Transitions: { NextAction: 'a6', Errors: [{ NextAction: 'a6', ErrorType: 'NoMatchingError' }] },
    },
    {
      Identifier: 'a6',
      Type: 'UpdateContactEventHooks',
      Parameters: { EventHooks: { CustomerQueue: customerQueue.ContactFlowArn } },
      Transitions: { NextAction: 'a7' },
    },
    {
      Identifier: 'a7',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: billing.QueueId },
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
      Parameters: { ContactFlowId: transfer.ContactFlowArn },
      Transitions: { Errors: [{ NextAction: 'a9', ErrorType: 'NoMatchingError' }] },
    },
  ];
  await send(
    new connect.UpdateContactFlowContentCommand({
      InstanceId,
      ContactFlowId: main.ContactFlowId,
      Content: flowContent(mainActions, {
        a1: { position: { x: 0, y: 0 }, audio: [{ type: 'Prompt', prompt: { id: welcome.arn, text: 'EDD Welcome' } }] },
        a7: { position: { x: 70, y: 0 }, queue: { id: billing.QueueArn, text: 'EDD Billing' } },
        a10: { position: { x: 90, y: 0 }, contactFlow: { id: transfer.ContactFlowArn, text: 'EDD Transfer' } },
      }),
    }),
  );

  const basic = await idOf(e.clients, InstanceId, 'routing', 'Basic Routing Profile');
  const securityProfiles = await send<{ SecurityProfileSummaryList?: { Id?: string; Name?: string }[] }>(
    new connect.ListSecurityProfilesCommand({ InstanceId }),
  );
  const agentProfile = securityProfiles.SecurityProfileSummaryList!.find((p) => p.Name === 'Agent')!.Id!;
  const user = await send<{ UserId: string }>(
    new connect.CreateUserCommand({
      InstanceId,
      Username: 'edd.agent1',
      SecurityProfileIds: [agentProfile],
      RoutingProfileId: basic.id,
      PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }),
  );
  const quickConnects = await Promise.all([
    send<{ QuickConnectId: string }>(
      new connect.CreateQuickConnectCommand({
        InstanceId,
        Name: 'EDD QC Billing',
        QuickConnectConfig: {
          QuickConnectType: 'QUEUE',
          QueueConfig: { QueueId: billing.QueueId, ContactFlowId: queueTransfer.ContactFlowId },
        },
      }),
    ),
    send<{ QuickConnectId: string }>(
      new connect.CreateQuickConnectCommand({
        InstanceId,
        Name: 'EDD QC Supervisor',
        QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+18005550123' } },
      }),
    ),
    send<{ QuickConnectId: string }>(
      new connect.CreateQuickConnectCommand({
        InstanceId,
        Name: 'EDD QC Agent',
        QuickConnectConfig: {
          QuickConnectType: 'USER',
          UserConfig: { UserId: user.UserId, ContactFlowId: agentTransfer.ContactFlowId },
        },
      }),
    ),
    send<{ QuickConnectId: string }>(
      new connect.CreateQuickConnectCommand({
        InstanceId,
        Name: 'EDD QC Main Menu',
        QuickConnectConfig: { QuickConnectType: 'FLOW', FlowConfig: { ContactFlowId: main.ContactFlowId } },
      }),
    ),
  ]);
  await send(
    new connect.AssociateQueueQuickConnectsCommand({
      InstanceId,
      QueueId: billing.QueueId,
      QuickConnectIds: quickConnects.map((q) => q.QuickConnectId),
    }),
  );

  const configs = [billing, ...queues].map((q, i) => ({
    QueueReference: { QueueId: q.QueueId, Channel: 'VOICE' as const },
    Priority: (i % 5) + 1,
    Delay: i % 3,
  }));
  const profile = await send<{ RoutingProfileId: string }>(
    new connect.CreateRoutingProfileCommand({
      InstanceId,
      Name: 'EDD Agents',
      Description: 'All EDD queues',
      DefaultOutboundQueueId: billing.QueueId,
      MediaConcurrencies: [
        { Channel: 'VOICE', Concurrency: 1 },
        { Channel: 'CHAT', Concurrency: 3, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
      ],
      QueueConfigs: configs.slice(0, 10),
    }),
  );
  for (let i = 10; i < configs.length; i += 10) {
    await send(
      new connect.AssociateRoutingProfileQueuesCommand({
        InstanceId,
        RoutingProfileId: profile.RoutingProfileId,
        QueueConfigs: configs.slice(i, i + 10),
      }),
    );
  }
}

/** The users a target needs before deploy (users are not deployed: they are found by name). */
export async function createAgentUser(e: Environment): Promise<void> {
  const InstanceId = e.instance.id;
  const basic = await idOf(e.clients, InstanceId, 'routing', 'Basic Routing Profile');
  const profiles = await e.clients.connect.send(new connect.ListSecurityProfilesCommand({ InstanceId }));
  const agentProfile = profiles.SecurityProfileSummaryList!.find((p) => p.Name === 'Agent')!.Id!;
  await e.clients.connect.send(
    new connect.CreateUserCommand({
      InstanceId,
      Username: 'edd.agent1',
      SecurityProfileIds: [agentProfile],
      RoutingProfileId: basic.id,
      PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }),
  );
}
