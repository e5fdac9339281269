import { createHash } from 'node:crypto';
import {
  AssociateBotCommand,
  AssociateLambdaFunctionCommand,
  CreateContactFlowCommand,
  CreateContactFlowModuleCommand,
  CreateQueueCommand,
  DeleteContactFlowCommand,
  DeleteContactFlowModuleCommand,
  DescribeContactFlowCommand,
  DescribeContactFlowModuleCommand,
  InvalidContactFlowException,
  InvalidContactFlowModuleException,
  ListContactFlowModulesCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationsCommand,
  ListQueuesCommand,
  UpdateContactFlowContentCommand,
  UpdateContactFlowMetadataCommand,
  UpdateContactFlowModuleContentCommand,
  UpdateContactFlowModuleMetadataCommand,
  UpdateContactFlowNameCommand,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_ACCOUNT_ID, startLocalAws, type LocalAws } from '../src/index.js';
import {
  connectClient,
  createActiveInstance,
  createLexBotAlias,
  flowContent,
  queueTransferFlow,
  seedLambdaFunction,
} from './connect-support.js';
import { rejection } from './support.js';

function lambdaFlow(functionArn: string): string {
  return flowContent([
    {
      Identifier: 'lookup',
      Type: 'InvokeLambdaFunction',
      Parameters: { LambdaFunctionARN: functionArn, InvocationTimeLimitSeconds: '3' },
      Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
    },
    { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ]);
}

async function problemsOf(call: Promise<unknown>): Promise<string[]> {
  const error = await rejection(call);
  expect(error).toBeInstanceOf(InvalidContactFlowException);
  return ((error as InvalidContactFlowException).problems ?? []).map((problem) => problem.message ?? '');
}

describe('Connect flows and flow modules', () => {
  let localAws: LocalAws;
  let client: ConnectClient;
  let instanceId: string;
  let instanceArn: string;
  let queueId: string;
  let queueArn: string;
  let lambdaArn: string;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 1000, quotas: false });
    client = connectClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(async () => {
    await localAws.reset();
    ({ id: instanceId, arn: instanceArn } = await createActiveInstance(client));
    const hours = await client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId }));
    const queue = await client.send(
      new CreateQueueCommand({
        InstanceId: instanceId,
        Name: 'EDD Billing',
        HoursOfOperationId: hours.HoursOfOperationSummaryList?.[0]?.Id,
      }),
    );
    queueId = queue.QueueId as string;
    queueArn = queue.QueueArn as string;
    lambdaArn = await seedLambdaFunction(localAws, SHARED_ACCOUNT_ID, 'edd-lookup');
  });

  it('publishes a flow that refers to an existing queue by ARN or id, with the content hash', async () => {
    const content = queueTransferFlow(queueArn);
    const created = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'EDD Main',
        Type: 'CONTACT_FLOW',
        Content: content,
      }),
    );
    const byId = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'EDD By Id',
        Type: 'CONTACT_FLOW',
        Content: queueTransferFlow(queueId),
        Status: 'PUBLISHED',
      }),
    );
    const described = await client.send(
      new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: created.ContactFlowId }),
    );

    expect(created.ContactFlowArn).toBe(`${instanceArn}/contact-flow/${created.ContactFlowId}`);
    expect(created.FlowContentSha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(byId.ContactFlowId).toBeTruthy();
    expect(described.ContactFlow).toMatchObject({
      Name: 'EDD Main',
      Type: 'CONTACT_FLOW',
      State: 'ACTIVE',
      Status: 'PUBLISHED',
      Content: content,
      FlowContentSha256: created.FlowContentSha256,
    });
  });

  it('refuses to publish a flow that refers to a missing queue, naming the action and parameter', async () => {
    const missingArn = `${instanceArn}/queue/00000000-0000-4000-8000-000000000000`;

    const byArn = await problemsOf(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: instanceId,
          Name: 'Broken',
          Type: 'CONTACT_FLOW',
          Content: queueTransferFlow(missingArn),
        }),
      ),
    );
    const byId = await problemsOf(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: instanceId,
          Name: 'Broken',
          Type: 'CONTACT_FLOW',
          Content: queueTransferFlow('no-such-queue'),
        }),
      ),
    );
    const listed = await client.send(
      new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }),
    );

    expect(byArn).toEqual([
      `Action 'set-queue' (UpdateContactTargetQueue): parameter QueueId refers to ${missingArn}, which does not exist`,
    ]);
    expect(byId).toEqual([
      "Action 'set-queue' (UpdateContactTargetQueue): parameter QueueId refers to queue no-such-queue, which does not exist",
    ]);
    expect(listed.ContactFlowSummaryList?.map((flow) => flow.Name)).not.toContain('Broken');
  });

  it('refuses a queue of another instance, and a Lambda function or Lex alias the instance has not associated', async () => {
    const LAMBDA_ARN = lambdaArn;
    const aliasArn = await createLexBotAlias(localAws);
    const lexFlow = flowContent([
      {
        Identifier: 'bot',
        Type: 'ConnectParticipantWithLexBot',
        Parameters: { Text: 'How can I help?', LexV2Bot: { AliasArn: aliasArn } },
        Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
      },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ]);
    const other = await createActiveInstance(client);
    const otherQueues = await client.send(new ListQueuesCommand({ InstanceId: other.id }));
    const otherQueueArn = otherQueues.QueueSummaryList?.[0]?.Arn as string;

    const foreign = await problemsOf(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: instanceId,
          Name: 'F',
          Type: 'CONTACT_FLOW',
          Content: queueTransferFlow(otherQueueArn),
        }),
      ),
    );
    const lambda = await problemsOf(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: instanceId,
          Name: 'L',
          Type: 'CONTACT_FLOW',
          Content: lambdaFlow(LAMBDA_ARN),
        }),
      ),
    );
    await client.send(new AssociateLambdaFunctionCommand({ InstanceId: instanceId, FunctionArn: LAMBDA_ARN }));
    const associated = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'L',
        Type: 'CONTACT_FLOW',
        Content: lambdaFlow(LAMBDA_ARN),
      }),
    );
    const lex = await problemsOf(
      client.send(
        new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'X', Type: 'CONTACT_FLOW', Content: lexFlow }),
      ),
    );
    await client.send(new AssociateBotCommand({ InstanceId: instanceId, LexV2Bot: { AliasArn: aliasArn } }));
    const withBot = await client.send(
      new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'X', Type: 'CONTACT_FLOW', Content: lexFlow }),
    );
    const dynamic = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'Dynamic',
        Type: 'CONTACT_FLOW',
        Content: queueTransferFlow('$.Attributes.TargetQueue'),
      }),
    );

    expect(foreign).toEqual([
      `Action 'set-queue' (UpdateContactTargetQueue): parameter QueueId refers to ${otherQueueArn}, which is not a resource of this instance`,
    ]);
    expect(lambda).toEqual([
      `Action 'lookup' (InvokeLambdaFunction): parameter LambdaFunctionARN is the Lambda function ${LAMBDA_ARN}, which is not associated with this instance`,
    ]);
    expect(lex).toEqual([
      `Action 'bot' (ConnectParticipantWithLexBot): parameter LexV2Bot.AliasArn is the Lex V2 bot alias ${aliasArn}, which is not associated with this instance`,
    ]);
    expect(withBot.ContactFlowId).toBeTruthy();
    expect(associated.ContactFlowId).toBeTruthy();
    expect(dynamic.ContactFlowId).toBeTruthy();
  });

  it('reports every broken transition, duplicate identifier and missing start', async () => {
    const content = flowContent(
      [
        {
          Identifier: 'a',
          Type: 'MessageParticipant',
          Parameters: { Text: 'hi' },
          Transitions: { NextAction: 'missing' },
        },
        {
          Identifier: 'a',
          Type: 'Compare',
          Parameters: { ComparisonValue: '$.Attributes.x' },
          Transitions: { Conditions: [{ NextAction: 'gone', Condition: { Operator: 'Equals', Operands: ['1'] } }] },
        },
        {
          Identifier: 'b',
          Type: 'DisconnectParticipant',
          Parameters: {},
          Transitions: { Errors: [{ NextAction: 'nowhere', ErrorType: 'NoMatchingError' }] },
        },
      ],
      { StartAction: 'start' },
    );

    const problems = await problemsOf(
      client.send(
        new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'Graph', Type: 'CONTACT_FLOW', Content: content }),
      ),
    );
    const notJson = await problemsOf(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: instanceId,
          Name: 'Graph',
          Type: 'CONTACT_FLOW',
          Content: '{"Version":',
        }),
      ),
    );
    const notFlow = await problemsOf(
      client.send(
        new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'Graph', Type: 'CONTACT_FLOW', Content: '{}' }),
      ),
    );

    expect(problems).toEqual([
      "Action identifier 'a' is used by more than one action",
      "StartAction 'start' is not the identifier of an action",
      "Action 'a' (MessageParticipant): Transitions.NextAction 'missing' is not the identifier of an action",
      "Action 'a' (Compare): Transitions.Conditions[0].NextAction 'gone' is not the identifier of an action",
      "Action 'b' (DisconnectParticipant): Transitions.Errors[0].NextAction 'nowhere' is not the identifier of an action",
    ]);
    expect(notJson[0]).toMatch(/^Content is not valid JSON/);
    expect(notFlow).toEqual(['Content has no Version', 'Content has no StartAction', 'Content has no Actions list']);
  });

  it('refuses a parameter the flow language does not give an action type it knows', async () => {
    const content = flowContent([
      {
        Identifier: 'hours',
        Type: 'CheckHoursOfOperation',
        Parameters: { Hours: queueArn },
        Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
      },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: { Text: 'bye' }, Transitions: {} },
    ]);
    const problems = await problemsOf(
      client.send(
        new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'Drift', Type: 'CONTACT_FLOW', Content: content }),
      ),
    );
    expect(problems).toEqual([
      "Action 'hours' (CheckHoursOfOperation): Hours is not a parameter of CheckHoursOfOperation (its parameters: HoursOfOperationId)",
      "Action 'end' (DisconnectParticipant): Text is not a parameter of DisconnectParticipant (it takes none)",
    ]);
    // Action types the emulator does not know take any parameter.
    const unknown = flowContent([
      { Identifier: 'x', Type: 'SomeNewAction', Parameters: { Anything: 'goes' }, Transitions: { NextAction: 'end' } },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ]);
    await client.send(
      new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'New', Type: 'CONTACT_FLOW', Content: unknown }),
    );
  });

  it('answers InvalidContactFlowException with HTTP 400 and the problems in the body', async () => {
    const response = await rejection(
      client.send(
        new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'Wire', Type: 'CONTACT_FLOW', Content: '[]' }),
      ),
    );

    expect(response.$metadata?.httpStatusCode).toBe(400);
    expect(response.name).toBe('InvalidContactFlowException');
    expect((response as InvalidContactFlowException).problems).toEqual([
      { message: 'Content must be a JSON object with Version, StartAction and Actions' },
    ]);
  });

  it('refuses content over 256,000 characters, even as a draft', async () => {
    const padding = 'x'.repeat(256_001 - queueTransferFlow(queueId).length - 13);
    const content = queueTransferFlow(queueId).replace(/}$/, `,"Padding":"${padding}"}`);
    const { ContactFlowId } = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'Big',
        Type: 'CONTACT_FLOW',
        Content: queueTransferFlow(queueId),
      }),
    );

    const published = await problemsOf(
      client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: content })),
    );
    const draft = await problemsOf(
      client.send(
        new UpdateContactFlowContentCommand({
          InstanceId: instanceId,
          ContactFlowId: `${ContactFlowId}:$SAVED`,
          Content: content,
        }),
      ),
    );

    expect(content.length).toBeGreaterThan(256_000);
    expect(published).toEqual([`Content is ${content.length} characters long; the limit is 256000`]);
    expect(draft).toEqual(published);
  });

  it('saves drafts under :$SAVED without validating them, and publishes them later', async () => {
    const missingQueue = queueTransferFlow('not-yet-created');
    const { ContactFlowId } = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'Stub',
        Type: 'CONTACT_FLOW',
        Content: missingQueue,
        Status: 'SAVED',
      }),
    );
    const stub = await client.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId }));
    const summary = await client.send(
      new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }),
    );
    await client.send(
      new UpdateContactFlowContentCommand({
        InstanceId: instanceId,
        ContactFlowId,
        Content: queueTransferFlow(queueId),
      }),
    );
    await client.send(
      new UpdateContactFlowContentCommand({
        InstanceId: instanceId,
        ContactFlowId: `${ContactFlowId}:$SAVED`,
        Content: missingQueue,
      }),
    );
    const published = await client.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId }));
    const draft = await client.send(
      new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: `${ContactFlowId}:$SAVED` }),
    );
    const refused = await problemsOf(
      client.send(
        new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: missingQueue }),
      ),
    );

    expect(stub.ContactFlow).toMatchObject({ Status: 'SAVED', Content: missingQueue });
    expect(summary.ContactFlowSummaryList?.find((flow) => flow.Id === ContactFlowId)?.ContactFlowStatus).toBe('SAVED');
    expect(published.ContactFlow).toMatchObject({ Status: 'PUBLISHED', Content: queueTransferFlow(queueId) });
    expect(draft.ContactFlow).toMatchObject({ Status: 'SAVED', Content: missingQueue });
    expect(refused).toHaveLength(1);
  });

  it('resolves flows that refer to each other when created as stubs first', async () => {
    const transferTo = (flowId: string) =>
      flowContent([
        {
          Identifier: 'go',
          Type: 'TransferToFlow',
          Parameters: { ContactFlowId: flowId },
          Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
        },
        { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ]);
    const stub = flowContent([{ Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }]);
    const first = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'Ping',
        Type: 'CONTACT_FLOW',
        Content: stub,
        Status: 'SAVED',
      }),
    );
    const second = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'Pong',
        Type: 'CONTACT_FLOW',
        Content: stub,
        Status: 'SAVED',
      }),
    );

    await client.send(
      new UpdateContactFlowContentCommand({
        InstanceId: instanceId,
        ContactFlowId: first.ContactFlowId,
        Content: transferTo(second.ContactFlowArn as string),
      }),
    );
    await client.send(
      new UpdateContactFlowContentCommand({
        InstanceId: instanceId,
        ContactFlowId: second.ContactFlowId,
        Content: transferTo(first.ContactFlowId as string),
      }),
    );
    const flows = await client.send(
      new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CONTACT_FLOW'] }),
    );

    expect(
      flows.ContactFlowSummaryList?.filter((flow) => ['Ping', 'Pong'].includes(flow.Name ?? '')).map(
        (flow) => flow.ContactFlowStatus,
      ),
    ).toEqual(['PUBLISHED', 'PUBLISHED']);
  });

  it('keeps names unique across flow types, so a flow cannot come back with another type', async () => {
    const { ContactFlowId } = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'EDD Hold',
        Type: 'CUSTOMER_HOLD',
        Content: queueTransferFlow(queueId),
      }),
    );
    const retyped = await rejection(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: instanceId,
          Name: 'edd hold',
          Type: 'CONTACT_FLOW',
          Content: queueTransferFlow(queueId),
        }),
      ),
    );
    await client.send(
      new UpdateContactFlowContentCommand({
        InstanceId: instanceId,
        ContactFlowId,
        Content: queueTransferFlow(queueArn),
      }),
    );
    const described = await client.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId }));

    expect(retyped.name).toBe('DuplicateResourceException');
    expect(retyped.$metadata?.httpStatusCode).toBe(409);
    expect(described.ContactFlow?.Type).toBe('CUSTOMER_HOLD');
  });

  it('renames, archives and deletes flows', async () => {
    const { ContactFlowId } = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'Old',
        Type: 'CONTACT_FLOW',
        Content: queueTransferFlow(queueId),
      }),
    );
    await client.send(
      new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId, Name: 'New', Description: 'renamed' }),
    );
    await client.send(
      new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId, ContactFlowState: 'ARCHIVED' }),
    );
    const taken = await rejection(
      client.send(
        new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId, Name: 'Default outbound' }),
      ),
    );
    const described = await client.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId }));
    await client.send(new DeleteContactFlowCommand({ InstanceId: instanceId, ContactFlowId }));
    const gone = await rejection(
      client.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId })),
    );

    expect(described.ContactFlow).toMatchObject({ Name: 'New', Description: 'renamed', State: 'ARCHIVED' });
    expect(taken.name).toBe('DuplicateResourceException');
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('creates published modules, validates their content and keeps drafts apart', async () => {
    const created = await client.send(
      new CreateContactFlowModuleCommand({
        InstanceId: instanceId,
        Name: 'EDD Module',
        Content: queueTransferFlow(queueId),
      }),
    );
    const broken = await rejection(
      client.send(
        new CreateContactFlowModuleCommand({
          InstanceId: instanceId,
          Name: 'Broken',
          Content: queueTransferFlow('nope'),
        }),
      ),
    );
    await client.send(
      new UpdateContactFlowModuleContentCommand({
        InstanceId: instanceId,
        ContactFlowModuleId: `${created.Id}:$SAVED`,
        Content: queueTransferFlow('draft-only'),
      }),
    );
    const published = await client.send(
      new DescribeContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: created.Id }),
    );
    const draft = await client.send(
      new DescribeContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: `${created.Id}:$SAVED` }),
    );
    const refused = await rejection(
      client.send(
        new UpdateContactFlowModuleContentCommand({
          InstanceId: instanceId,
          ContactFlowModuleId: created.Id,
          Content: '{}',
        }),
      ),
    );
    await client.send(
      new UpdateContactFlowModuleMetadataCommand({
        InstanceId: instanceId,
        ContactFlowModuleId: created.Id,
        State: 'ARCHIVED',
      }),
    );
    const archived = await client.send(
      new ListContactFlowModulesCommand({ InstanceId: instanceId, ContactFlowModuleState: 'ARCHIVED' }),
    );
    await client.send(new DeleteContactFlowModuleCommand({ InstanceId: instanceId, ContactFlowModuleId: created.Id }));
    const afterDelete = await client.send(new ListContactFlowModulesCommand({ InstanceId: instanceId }));

    expect(created.Arn).toBe(`${instanceArn}/flow-module/${created.Id}`);
    expect(broken).toBeInstanceOf(InvalidContactFlowModuleException);
    expect((broken as InvalidContactFlowModuleException).Problems?.[0]?.message).toMatch(
      /queue nope, which does not exist/,
    );
    expect(published.ContactFlowModule).toMatchObject({
      Name: 'EDD Module',
      Status: 'PUBLISHED',
      State: 'ACTIVE',
      Content: queueTransferFlow(queueId),
      FlowModuleContentSha256: createHash('sha256').update(queueTransferFlow(queueId)).digest('hex'),
    });
    expect(draft.ContactFlowModule).toMatchObject({ Status: 'SAVED', Content: queueTransferFlow('draft-only') });
    expect(refused.name).toBe('InvalidContactFlowModuleException');
    expect(archived.ContactFlowModulesSummaryList?.map((module) => module.Name)).toEqual(['EDD Module']);
    expect(afterDelete.ContactFlowModulesSummaryList).toEqual([]);
  });

  it('checks module references from flows', async () => {
    const module = await client.send(
      new CreateContactFlowModuleCommand({
        InstanceId: instanceId,
        Name: 'Shared',
        Content: queueTransferFlow(queueId),
      }),
    );
    const invoke = (moduleId: string) =>
      flowContent([
        {
          Identifier: 'call',
          Type: 'InvokeFlowModule',
          Parameters: { FlowModuleId: moduleId },
          Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
        },
        { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ]);

    const good = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'Uses module',
        Type: 'CONTACT_FLOW',
        Content: invoke(module.Id as string),
      }),
    );
    const bad = await problemsOf(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: instanceId,
          Name: 'Uses nothing',
          Type: 'CONTACT_FLOW',
          Content: invoke('missing-module'),
        }),
      ),
    );

    expect(good.ContactFlowId).toBeTruthy();
    expect(bad).toEqual([
      "Action 'call' (InvokeFlowModule): parameter FlowModuleId refers to flow module missing-module, which does not exist",
    ]);
  });
});
