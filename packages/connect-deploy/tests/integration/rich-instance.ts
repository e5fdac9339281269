import { createHash } from 'node:crypto';
import { arn, buildContactCenter, id, lambda, lexAlias, type Action, type ContactCenterSpec } from '@edd/test-support';
import { REGION, wav, type Environment } from './support.js';

const end = (identifier: string): Action => ({
  Identifier: identifier,
  Type: 'DisconnectParticipant',
  Parameters: {},
  Transitions: {},
});

/** A UUID of the environment's own, for the resources its integrations name. */
function uuidOf(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The integrations every environment sets up on its own: each names a resource of its own account. */
function integrations(env: string): NonNullable<ContactCenterSpec['integrations']> {
  return [
    { IntegrationType: 'CASES_DOMAIN', service: 'cases', resource: `domain/${uuidOf(`cases-${env}`)}` },
    {
      IntegrationType: 'APPLICATION',
      service: 'app-integrations',
      resource: `application/${uuidOf(`assist-${env}`)}`,
      SourceApplicationName: 'EDD Agent Assist',
      SourceApplicationUrl: 'https://assist.example.com/connect',
    },
  ];
}

/**
 * The source instance of the round-trip tests: everything connect-deploy must carry between accounts, including
 * flows that reference each other in a cycle, bare ids next to ARNs, references in Metadata, prompts with audio,
 * a routing profile with more than 10 queues, queues with outbound caller config, quick connects of every type,
 * Lambda and Lex references, and dynamic attributes that must stay untouched; holidays of its hours (one recurring,
 * their days listed out of order), the flow its main number answers with, and the instance's own settings: its
 * authentication profile and its integrations; the people side too: a two-level user hierarchy with a nested group,
 * a security profile restricted to a group, with an application, a predefined attribute that a flow's routing step
 * and a user's proficiency name, users (exported only on opt-in), and views (one kept
 * SAVED), task templates, evaluation forms, rules and vocabularies that flows and each other reference.
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
    hoursOverrides: [
      {
        hours: 'EDD Business Hours',
        Name: 'EDD Christmas',
        Description: 'Closed all day',
        OverrideType: 'CLOSED',
        EffectiveFrom: '2025-12-25',
        EffectiveTill: '2025-12-25',
        Config: [],
      },
      {
        hours: 'EDD Business Hours',
        Name: 'EDD Christmas Eve',
        OverrideType: 'STANDARD',
        EffectiveFrom: '2025-12-24',
        EffectiveTill: '2030-12-24',
        Config: [
          { Day: 'WEDNESDAY', StartTime: { Hours: 8, Minutes: 0 }, EndTime: { Hours: 12, Minutes: 0 } },
          { Day: 'TUESDAY', StartTime: { Hours: 8, Minutes: 0 }, EndTime: { Hours: 12, Minutes: 0 } },
        ],
        RecurrenceConfig: { RecurrencePattern: { Frequency: 'YEARLY', Interval: 1, ByMonth: [12], ByMonthDay: [24] } },
      },
    ],
    phoneFlows: [{ number: phoneNumber, flow: 'EDD Main' }],
    integrations: integrations(env),
    authenticationProfile: {
      Description: 'EDD agents sign in from the offices only',
      AllowedIps: ['2001:db8:10::/48', '2001:db8:1::/48'],
      BlockedIps: ['2001:db8:1:dead::/64'],
      SessionInactivityDuration: 30,
      SessionInactivityHandlingEnabled: true,
    },
    prompts: [
      { Name: 'EDD Welcome', audio: wav(1) },
      { Name: 'EDD Hold Music', audio: wav(2, 1600) },
    ],
    hierarchyLevels: ['Region', 'Team'],
    hierarchyGroups: [{ path: 'EDD West', Tags: { team: 'edd' } }, { path: 'EDD West/EDD Billing Team' }],
    predefinedAttributes: [{ Name: 'EDD Language', values: ['Spanish', 'English', 'French'] }],
    securityProfiles: [
      {
        SecurityProfileName: 'EDD Supervisor',
        Description: 'Billing supervisors',
        Permissions: ['BasicAgentAccess', 'ContactSearch.View', 'AccessMetrics'],
        AllowedAccessControlTags: { team: 'billing' },
        TagRestrictedResources: ['User', 'Queue'],
        HierarchyRestrictedResources: ['User'],
        allowedHierarchyGroup: 'EDD West',
        Applications: [
          { Namespace: 'crm.edd.example', ApplicationPermissions: ['Contact.Details.View', 'Contact.Details.Edit'] },
        ],
        Tags: { team: 'edd' },
      },
    ],
    flows: [
      {
        Name: 'EDD Routing',
        Type: 'CONTACT_FLOW',
        Description: 'Spanish speakers first',
        actions: [
          {
            Identifier: 'r1',
            Type: 'UpdateContactRoutingBehavior',
            Parameters: {
              RoutingCriteria: {
                Steps: [
                  {
                    Expression: {
                      AttributeCondition: {
                        Name: 'EDD Language',
                        Value: 'Spanish',
                        ProficiencyLevel: 3,
                        ComparisonOperator: 'NumberGreaterOrEqualTo',
                      },
                    },
                    Expiry: { DurationInSeconds: 30 },
                  },
                ],
              },
            },
            Transitions: { NextAction: 'r2', Errors: [{ NextAction: 'r3', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'r2',
            Type: 'UpdateContactAttributes',
            Parameters: {
              Attributes: {
                supervisorProfile: arn('security-profile', 'EDD Supervisor'),
                team: arn('hierarchy-group', 'EDD West/EDD Billing Team'),
              },
            },
            Transitions: { NextAction: 'r3' },
          },
          end('r3'),
        ],
      },
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
      // Shows a custom view to the agent and creates a task from a template whose flow is this one (a cycle).
      {
        Name: 'EDD Agent Guide',
        Type: 'CONTACT_FLOW',
        actions: [
          {
            Identifier: 'g1',
            Type: 'ShowView',
            Parameters: {
              // The view's latest published content, whatever its version number in each instance.
              ViewResource: { Id: arn('view', 'EDD Refund Form', '$LATEST') },
              InvocationTimeLimitSeconds: '300',
              ViewData: { Heading: '$.Attributes.caller' },
            },
            Transitions: { NextAction: 'g2', Errors: [{ NextAction: 'g3', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'g2',
            Type: 'CreateTask',
            Parameters: {
              Name: 'Call back',
              TaskTemplateId: id('task-template', 'EDD Callback Task'),
              ContactFlowId: arn('flow', 'EDD Agent Guide'),
            },
            Transitions: { NextAction: 'g3', Errors: [{ NextAction: 'g3', ErrorType: 'NoMatchingError' }] },
          },
          end('g3'),
        ],
        metadata: { g1: { position: { x: 10, y: 10 }, viewResource: { id: arn('view', 'EDD Refund Form') } } },
      },
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
    users: [
      {
        Username: 'edd.agent1',
        securityProfiles: ['Agent', 'EDD Supervisor'],
        routingProfile: 'EDD Agents',
        hierarchyGroup: 'EDD West/EDD Billing Team',
        proficiencies: [
          { AttributeName: 'EDD Language', AttributeValue: 'Spanish', Level: 4 },
          { AttributeName: 'EDD Language', AttributeValue: 'English', Level: 2 },
        ],
        IdentityInfo: { FirstName: 'Ada', LastName: 'Agent' },
        PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 30 },
        Tags: { team: 'billing' },
      },
      {
        Username: 'edd.agent2',
        securityProfiles: ['Agent'],
        routingProfile: 'EDD Agents',
        hierarchyGroup: 'EDD West',
        PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+18005550199', AutoAccept: true },
      },
    ],
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
    ...contentParts(),
  };
}

/** Views, task templates, evaluation forms, rules and vocabularies, referencing each other and the rest. */
function contentParts(): ContactCenterSpec {
  return {
    views: [
      {
        Name: 'EDD Refund Form',
        Description: 'Refund details the agent confirms',
        Template: {
          Head: { Title: 'Refund' },
          Body: [{ _id: 'amount', Type: 'FormInput', Props: { Name: 'amount' } }],
        },
        Actions: ['Submit', 'Cancel'],
        versions: 1,
        Tags: { team: 'edd' },
      },
      {
        Name: 'EDD Draft Guide',
        Status: 'SAVED',
        Template: { Head: { Title: 'Work in progress' } },
        Actions: ['Next'],
      },
    ],
    vocabularies: [
      {
        Name: 'EDD_Terms',
        LanguageCode: 'en-US',
        Content: 'Phrase\tIPA\tSoundsLike\tDisplayAs\nEDD\t\t\tEDD\n',
        isDefault: true,
      },
      { Name: 'EDD_Terms_es', LanguageCode: 'es-US', Content: 'Phrase\tDisplayAs\nreembolso\treembolso\n' },
    ],
    taskTemplates: [
      {
        Name: 'EDD Callback Task',
        Description: 'A call back the agent schedules',
        ContactFlowId: id('flow', 'EDD Agent Guide'),
        Status: 'ACTIVE',
        Fields: [
          { Id: { Name: 'Name' }, Type: 'NAME' },
          { Id: { Name: 'Reason' }, Type: 'SINGLE_SELECT', SingleSelectOptions: ['Billing', 'Refund'] },
          { Id: { Name: 'Notes' }, Type: 'TEXT_AREA', Description: 'What the customer asked' },
        ],
        Constraints: { RequiredFields: [{ Id: { Name: 'Reason' } }, { Id: { Name: 'Name' } }] },
        Defaults: { DefaultFieldValues: [{ Id: { Name: 'Reason' }, DefaultValue: 'Billing' }] },
      },
    ],
    evaluationForms: [
      {
        Title: 'EDD Quality Review',
        Description: 'Weekly review',
        activate: true,
        Items: [
          {
            Section: {
              Title: 'Greeting',
              RefId: 's1',
              Items: [
                {
                  Question: {
                    Title: 'Did the agent greet the customer?',
                    RefId: 'q1',
                    QuestionType: 'SINGLESELECT',
                    QuestionTypeProperties: {
                      SingleSelect: {
                        Options: [
                          { RefId: 'o1', Text: 'Yes', Score: 10 },
                          { RefId: 'o2', Text: 'No', Score: 0, AutomaticFail: true },
                        ],
                        DisplayAs: 'RADIO',
                      },
                    },
                    Weight: 100,
                  },
                },
              ],
              Weight: 100,
            },
          },
        ],
        ScoringStrategy: { Mode: 'QUESTION_ONLY', Status: 'ENABLED' },
        ReviewConfiguration: {
          ReviewNotificationRecipients: [{ Type: 'USER_ID', Value: { UserId: id('user', 'edd.agent1') } }],
          EligibilityDays: 7,
        },
      },
      {
        Title: 'EDD Draft Review',
        Items: [{ Question: { Title: 'Notes', RefId: 'n1', QuestionType: 'TEXT' } }],
      },
    ],
    rules: [
      {
        Name: 'EDD_Refund_Mentioned',
        TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
        Function: {
          Version: '2022-11-25',
          RuleFunction: {
            Operator: 'AND',
            Operands: [
              {
                Operator: 'CONTAINS_ANY',
                Operands: ['refund'],
                ComparisonValue: '$.ContactLens.PostCall.ExactMatch.Transcript',
                Negate: false,
              },
              {
                Operator: 'CONTAINS_ANY',
                Operands: [id('queue', 'EDD Billing')],
                ComparisonValue: '$.ContactLens.PostCall.Queue.QueueId',
                Negate: false,
              },
            ],
          },
        },
        Actions: [
          {
            ActionType: 'CREATE_TASK',
            TaskAction: {
              Name: 'Refund follow-up',
              ContactFlowId: id('flow', 'EDD Agent Guide'),
              References: { Transcript: { Type: 'URL', Value: 'https://example.com/t' } },
            },
          },
          {
            ActionType: 'SEND_NOTIFICATION',
            SendNotificationAction: {
              DeliveryMethod: 'EMAIL',
              Subject: 'Refund mentioned',
              Content: 'A customer mentioned a refund',
              ContentType: 'PLAIN_TEXT',
              Recipient: { UserIds: [id('user', 'edd.agent1')] },
            },
          },
          {
            ActionType: 'SUBMIT_AUTO_EVALUATION',
            SubmitAutoEvaluationAction: { EvaluationFormId: id('evaluation-form', 'EDD Quality Review') },
          },
        ],
        PublishStatus: 'PUBLISHED',
      },
      {
        Name: 'EDD_Draft_Category',
        TriggerEventSource: { EventSourceName: 'OnRealTimeCallAnalysisAvailable' },
        Function: { Version: '2022-11-25', RuleFunction: { Operator: 'OR', Operands: [] } },
        Actions: [{ ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} }],
        PublishStatus: 'DRAFT',
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

/**
 * What a target has before deploy: the users (not deployed: they are found by name) and its own integrations (each
 * names a resource of its own account: only reported).
 */
export async function prepareTarget(e: Environment, account: string, env: string): Promise<void> {
  await buildContactCenter(
    { connect: e.clients.connect, instanceId: e.instance.id, account, region: REGION },
    {
      users: [{ Username: 'edd.agent1', securityProfiles: ['Agent'], routingProfile: 'Basic Routing Profile' }],
      integrations: integrations(env),
    },
  );
}
