// The sample application's dev contact center, as people build it in the consoles: the data the shared builder
// (@edd/test-support buildContactCenter) turns into Connect calls. `lambdaArn` and `lexArn` are the function and the
// bot alias the flows call.
import { toneWav } from '@edd/local-aws';
import { arn, id } from '@edd/test-support';

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];
const end = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };

export function sampleApp(lambdaArn, lexArn) {
  return {
    prompts: [{ Name: 'EDD Welcome', Description: 'Greeting played to every caller', audio: toneWav(0, 4000) }],
    hours: [
      {
        Name: 'EDD Business Hours',
        Description: 'Weekdays, Pacific time',
        TimeZone: 'America/Los_Angeles',
        Config: WEEKDAYS.map((Day) => ({
          Day,
          StartTime: { Hours: 8, Minutes: 0 },
          EndTime: { Hours: 17, Minutes: 0 },
        })),
      },
    ],
    flows: [
      {
        Name: 'EDD Customer Queue',
        Type: 'CUSTOMER_QUEUE',
        Description: 'What callers hear while they wait',
        actions: [
          {
            Identifier: 'hold',
            Type: 'MessageParticipantIteratively',
            Parameters: { Messages: [{ Text: 'Thank you for waiting. An agent will be with you shortly.' }] },
            Transitions: {},
          },
        ],
      },
      {
        Name: 'EDD Queue Transfer',
        Type: 'QUEUE_TRANSFER',
        actions: [
          {
            Identifier: 'transfer',
            Type: 'TransferContactToQueue',
            Parameters: {},
            Transitions: { NextAction: 'end' },
          },
          end,
        ],
      },
      {
        Name: 'EDD Main Inbound',
        Type: 'CONTACT_FLOW',
        Description: 'Entry point of the EDD phone line',
        actions: [
          {
            Identifier: 'welcome',
            Type: 'MessageParticipant',
            Parameters: { PromptId: arn('prompt', 'EDD Welcome') },
            Transitions: { NextAction: 'lookup', Errors: [{ NextAction: 'lookup', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'lookup',
            Type: 'InvokeLambdaFunction',
            Parameters: { LambdaFunctionARN: lambdaArn, InvocationTimeLimitSeconds: '3' },
            Transitions: {
              NextAction: 'hold-music',
              Errors: [{ NextAction: 'hold-music', ErrorType: 'NoMatchingError' }],
            },
          },
          {
            Identifier: 'menu',
            Type: 'ConnectParticipantWithLexBot',
            Parameters: { Text: 'How can we help you today?', LexV2Bot: { AliasArn: lexArn } },
            Transitions: {
              NextAction: 'general',
              Conditions: [{ NextAction: 'claims', Condition: { Operator: 'Equals', Operands: ['CheckClaimStatus'] } }],
              Errors: [
                { NextAction: 'general', ErrorType: 'NoMatchingCondition' },
                { NextAction: 'general', ErrorType: 'NoMatchingError' },
              ],
            },
          },
          {
            Identifier: 'claims',
            Type: 'UpdateContactTargetQueue',
            Parameters: { QueueId: arn('queue', 'EDD Claims') },
            Transitions: { NextAction: 'hours', Errors: [{ NextAction: 'general', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'hold-music',
            Type: 'UpdateContactEventHooks',
            Parameters: { EventHooks: { CustomerQueue: arn('flow', 'EDD Customer Queue') } },
            Transitions: { NextAction: 'menu', Errors: [{ NextAction: 'menu', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'hours',
            Type: 'CheckHoursOfOperation',
            Parameters: { HoursOfOperationId: arn('hours', 'EDD Business Hours') },
            Transitions: {
              NextAction: 'closed',
              Conditions: [{ NextAction: 'transfer', Condition: { Operator: 'Equals', Operands: ['True'] } }],
              Errors: [{ NextAction: 'closed', ErrorType: 'NoMatchingError' }],
            },
          },
          {
            Identifier: 'general',
            Type: 'UpdateContactTargetQueue',
            Parameters: { QueueId: arn('queue', 'EDD General') },
            Transitions: { NextAction: 'hours', Errors: [{ NextAction: 'closed', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'transfer',
            Type: 'TransferContactToQueue',
            Parameters: {},
            Transitions: { NextAction: 'closed', Errors: [{ NextAction: 'closed', ErrorType: 'NoMatchingError' }] },
          },
          {
            Identifier: 'closed',
            Type: 'MessageParticipant',
            Parameters: { Text: 'We are closed. Please call again during business hours.' },
            Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
          },
          end,
        ],
        metadata: {
          welcome: {
            position: { x: 200, y: 40 },
            audio: [{ type: 'Prompt', prompt: { id: arn('prompt', 'EDD Welcome'), text: 'EDD Welcome' } }],
          },
          general: { position: { x: 900, y: 40 }, queue: { id: arn('queue', 'EDD General'), text: 'EDD General' } },
        },
      },
    ],
    queues: [
      {
        Name: 'EDD General',
        Description: 'Everything that is not about a claim',
        hours: 'EDD Business Hours',
        MaxContacts: 100,
        quickConnects: ['EDD Claims Transfer'],
      },
      {
        Name: 'EDD Claims',
        Description: 'Unemployment, disability and paid family leave claims',
        hours: 'EDD Business Hours',
        MaxContacts: 50,
      },
    ],
    quickConnects: [
      {
        Name: 'EDD Claims Transfer',
        Description: 'Hand a caller over to the claims team',
        QuickConnectConfig: {
          QuickConnectType: 'QUEUE',
          QueueConfig: { QueueId: id('queue', 'EDD Claims'), ContactFlowId: id('flow', 'EDD Queue Transfer') },
        },
      },
    ],
    routingProfiles: [
      {
        Name: 'EDD Agents',
        Description: 'Agents answering the EDD line',
        defaultOutboundQueue: 'EDD General',
        MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
        queues: [
          { queue: 'EDD General', priority: 1, delay: 0 },
          { queue: 'EDD Claims', priority: 2, delay: 0 },
        ],
      },
    ],
  };
}
