import {
  AssociateApprovedOriginCommand,
  AssociateBotCommand,
  AssociateLambdaFunctionCommand,
  CreateInstanceCommand,
  CreateIntegrationAssociationCommand,
  DeleteInstanceCommand,
  DescribeContactFlowCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceCommand,
  DescribeRoutingProfileCommand,
  DisassociateApprovedOriginCommand,
  DisassociateBotCommand,
  DisassociateLambdaFunctionCommand,
  GetPromptFileCommand,
  ListAgentStatusesCommand,
  ListApprovedOriginsCommand,
  ListBotsCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationsCommand,
  ListInstanceAttributesCommand,
  ListInstancesCommand,
  ListIntegrationAssociationsCommand,
  ListLambdaFunctionsCommand,
  ListPromptsCommand,
  ListQueuesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  UpdateInstanceAttributeCommand,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_ACCOUNT_ID, startLocalAws, type LocalAws } from '../src/index.js';
import {
  connectClient,
  createActiveInstance,
  createLexBotAlias,
  seedLambdaFunction,
  uniqueAlias,
} from './connect-support.js';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { admin, rejection, stsClient, TARGET_ACCOUNT, TARGET_ROLE_ARN } from './support.js';

/** Everything an export keeps of a fresh instance: names, types and flow content with the instance's ids blanked. */
async function portableDefaults(client: ConnectClient, instanceId: string) {
  const flows =
    (await client.send(new ListContactFlowsCommand({ InstanceId: instanceId }))).ContactFlowSummaryList ?? [];
  const contents = await Promise.all(
    flows.map(async (flow) => {
      const { ContactFlow } = await client.send(
        new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: flow.Id }),
      );
      return [flow.Name, flow.ContactFlowType, ContactFlow?.Content?.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')];
    }),
  );
  const names = (items: { Name?: string }[] | undefined) => (items ?? []).map((item) => item.Name).sort();
  const id = { InstanceId: instanceId };
  return {
    flows: contents.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    prompts: names((await client.send(new ListPromptsCommand(id))).PromptSummaryList),
    queues: names((await client.send(new ListQueuesCommand(id))).QueueSummaryList),
    hours: names((await client.send(new ListHoursOfOperationsCommand(id))).HoursOfOperationSummaryList),
    routing: names((await client.send(new ListRoutingProfilesCommand(id))).RoutingProfileSummaryList),
    security: names((await client.send(new ListSecurityProfilesCommand(id))).SecurityProfileSummaryList),
    statuses: names((await client.send(new ListAgentStatusesCommand(id))).AgentStatusSummaryList),
  };
}

describe('Connect instances', () => {
  let localAws: LocalAws;
  let client: ConnectClient;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 1000, quotas: false });
    client = connectClient(localAws);
  });
  afterAll(() => localAws.close());

  it('creates an instance that is CREATION_IN_PROGRESS, then ACTIVE, and lists and deletes it', async () => {
    const slow = await startLocalAws({ quotas: false });
    const slowClient = connectClient(slow);
    try {
      const alias = uniqueAlias();
      const { Id, Arn } = await slowClient.send(
        new CreateInstanceCommand({
          IdentityManagementType: 'CONNECT_MANAGED',
          InstanceAlias: alias,
          InboundCallsEnabled: true,
          OutboundCallsEnabled: true,
          Tags: { team: 'edd' },
        }),
      );
      const first = await slowClient.send(new DescribeInstanceCommand({ InstanceId: Id }));
      const whileCreating = await rejection(slowClient.send(new ListQueuesCommand({ InstanceId: Id })));
      // Speeding time up finishes the creation already under way: 2 s of AWS time pass in 2 ms.
      await admin(slow, 'POST', 'quotas', { timeScale: 1000 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const later = await slowClient.send(new DescribeInstanceCommand({ InstanceId: Arn }));
      const listed = await slowClient.send(new ListInstancesCommand({}));
      await slowClient.send(new DeleteInstanceCommand({ InstanceId: Id }));
      const gone = await rejection(slowClient.send(new DescribeInstanceCommand({ InstanceId: Id })));

      expect(first.Instance).toMatchObject({ InstanceStatus: 'CREATION_IN_PROGRESS', InstanceAlias: alias });
      expect(whileCreating.name).toBe('ResourceNotFoundException');
      expect(later.Instance).toMatchObject({
        Id,
        Arn: `arn:aws:connect:us-east-1:318484875904:instance/${Id}`,
        InstanceStatus: 'ACTIVE',
        IdentityManagementType: 'CONNECT_MANAGED',
        InboundCallsEnabled: true,
        OutboundCallsEnabled: true,
        Tags: { team: 'edd' },
      });
      expect(later.Instance?.CreatedTime).toBeInstanceOf(Date);
      expect(listed.InstanceSummaryList?.map((summary) => summary.Id)).toEqual([Id]);
      expect(gone.name).toBe('ResourceNotFoundException');
      expect(gone.$metadata?.httpStatusCode).toBe(404);
    } finally {
      await slow.close();
    }
  });

  it('refuses an alias in use and a missing alias', async () => {
    const alias = uniqueAlias();
    await createActiveInstance(client, alias);
    const taken = await rejection(
      client.send(
        new CreateInstanceCommand({
          IdentityManagementType: 'CONNECT_MANAGED',
          InstanceAlias: alias.toUpperCase(),
          InboundCallsEnabled: true,
          OutboundCallsEnabled: true,
        }),
      ),
    );
    const noAlias = await rejection(
      client.send(
        new CreateInstanceCommand({
          IdentityManagementType: 'CONNECT_MANAGED',
          InboundCallsEnabled: true,
          OutboundCallsEnabled: true,
        }),
      ),
    );
    const badAlias = await rejection(
      client.send(
        new CreateInstanceCommand({
          IdentityManagementType: 'CONNECT_MANAGED',
          InstanceAlias: 'no spaces',
          InboundCallsEnabled: true,
          OutboundCallsEnabled: true,
        }),
      ),
    );

    expect(taken.name).toBe('DuplicateResourceException');
    expect(taken.$metadata?.httpStatusCode).toBe(409);
    expect(noAlias.name).toBe('InvalidRequestException');
    expect(badAlias.name).toBe('InvalidRequestException');
    expect(badAlias.message).toBe(
      "1 validation error detected: Value 'no spaces' at 'instanceAlias' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^(?!d-)([\\da-zA-Z]+)([-]*[\\da-zA-Z])*$',
    );
  });

  it('keeps each account and region apart', async () => {
    const { id } = await createActiveInstance(client);
    const { Credentials } = await stsClient(localAws).send(
      new AssumeRoleCommand({ RoleArn: TARGET_ROLE_ARN, RoleSessionName: 'isolation' }),
    );
    const target = connectClient(localAws, {
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    const otherRegion = connectClient(localAws, { region: 'eu-west-2' });

    const fromTarget = await rejection(target.send(new DescribeInstanceCommand({ InstanceId: id })));
    const fromOtherRegion = await rejection(otherRegion.send(new ListQueuesCommand({ InstanceId: id })));
    const targetInstance = await createActiveInstance(target);
    const targetList = await target.send(new ListInstancesCommand({}));

    expect(fromTarget.name).toBe('ResourceNotFoundException');
    expect(fromOtherRegion.name).toBe('ResourceNotFoundException');
    expect(targetInstance.arn).toMatch(new RegExp(`^arn:aws:connect:us-east-1:${TARGET_ACCOUNT}:instance/`));
    expect(targetList.InstanceSummaryList?.map((summary) => summary.Id)).toEqual([targetInstance.id]);
  });

  it('reflects the calling flags in INBOUND_CALLS and OUTBOUND_CALLS, and updates attributes', async () => {
    const { id } = await createActiveInstance(client);
    const listed = await client.send(new ListInstanceAttributesCommand({ InstanceId: id, MaxResults: 7 }));
    const rest = await client.send(new ListInstanceAttributesCommand({ InstanceId: id, NextToken: listed.NextToken }));
    await client.send(
      new UpdateInstanceAttributeCommand({ InstanceId: id, AttributeType: 'OUTBOUND_CALLS', Value: 'true' }),
    );
    const outbound = await client.send(
      new DescribeInstanceAttributeCommand({ InstanceId: id, AttributeType: 'OUTBOUND_CALLS' }),
    );
    const described = await client.send(new DescribeInstanceCommand({ InstanceId: id }));
    const badValue = await rejection(
      client.send(new UpdateInstanceAttributeCommand({ InstanceId: id, AttributeType: 'EARLY_MEDIA', Value: 'maybe' })),
    );

    const attributes = Object.fromEntries(
      [...(listed.Attributes ?? []), ...(rest.Attributes ?? [])].map((attribute) => [
        attribute.AttributeType,
        attribute.Value,
      ]),
    );
    expect(listed.Attributes).toHaveLength(7);
    expect(attributes).toMatchObject({ INBOUND_CALLS: 'true', OUTBOUND_CALLS: 'false' });
    expect(Object.keys(attributes)).toHaveLength(13);
    expect(outbound.Attribute).toEqual({ AttributeType: 'OUTBOUND_CALLS', Value: 'true' });
    expect(described.Instance?.OutboundCallsEnabled).toBe(true);
    expect(badValue.name).toBe('InvalidParameterException');
  });

  it('approves origins once each', async () => {
    const { id } = await createActiveInstance(client);
    await client.send(new AssociateApprovedOriginCommand({ InstanceId: id, Origin: 'https://edd.example.com' }));
    const again = await rejection(
      client.send(new AssociateApprovedOriginCommand({ InstanceId: id, Origin: 'https://edd.example.com' })),
    );
    const listed = await client.send(new ListApprovedOriginsCommand({ InstanceId: id }));
    await client.send(new DisassociateApprovedOriginCommand({ InstanceId: id, Origin: 'https://edd.example.com' }));
    const missing = await rejection(
      client.send(new DisassociateApprovedOriginCommand({ InstanceId: id, Origin: 'https://edd.example.com' })),
    );

    expect(again.name).toBe('ResourceConflictException');
    expect(listed.Origins).toEqual(['https://edd.example.com']);
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(
      localAws
        .calls({ service: 'connect', account: SHARED_ACCOUNT_ID })
        .slice(-4)
        .map((call) => [call.operation, call.write]),
    ).toEqual([
      ['AssociateApprovedOrigin', true],
      ['ListApprovedOrigins', false],
      ['DisassociateApprovedOrigin', true],
      ['DisassociateApprovedOrigin', true],
    ]);
  });

  it('associates existing Lambda functions and Lex V2 aliases, refusing duplicates, unknown and malformed ARNs', async () => {
    const { id } = await createActiveInstance(client);
    const LAMBDA_ARN = await seedLambdaFunction(localAws, SHARED_ACCOUNT_ID, 'edd-lookup');
    const LEX_ALIAS_ARN = await createLexBotAlias(localAws);
    const unknownLambda = await rejection(
      client.send(new AssociateLambdaFunctionCommand({ InstanceId: id, FunctionArn: `${LAMBDA_ARN}-missing` })),
    );
    const unknownAlias = await rejection(
      client.send(
        new AssociateBotCommand({
          InstanceId: id,
          LexV2Bot: { AliasArn: LEX_ALIAS_ARN.replace(/bot-alias\/\w+/, 'bot-alias/ZZZZZZZZZZ') },
        }),
      ),
    );
    await client.send(new AssociateLambdaFunctionCommand({ InstanceId: id, FunctionArn: LAMBDA_ARN }));
    const duplicateLambda = await rejection(
      client.send(new AssociateLambdaFunctionCommand({ InstanceId: id, FunctionArn: LAMBDA_ARN })),
    );
    const notLambda = await rejection(
      client.send(new AssociateLambdaFunctionCommand({ InstanceId: id, FunctionArn: 'edd-lookup' })),
    );
    await client.send(new AssociateBotCommand({ InstanceId: id, LexV2Bot: { AliasArn: LEX_ALIAS_ARN } }));
    const duplicateBot = await rejection(
      client.send(new AssociateBotCommand({ InstanceId: id, LexV2Bot: { AliasArn: LEX_ALIAS_ARN } })),
    );
    const lambdas = await client.send(new ListLambdaFunctionsCommand({ InstanceId: id }));
    const bots = await client.send(new ListBotsCommand({ InstanceId: id, LexVersion: 'V2' }));
    const v1Bots = await client.send(new ListBotsCommand({ InstanceId: id, LexVersion: 'V1' }));
    await client.send(new DisassociateLambdaFunctionCommand({ InstanceId: id, FunctionArn: LAMBDA_ARN }));
    await client.send(new DisassociateBotCommand({ InstanceId: id, LexV2Bot: { AliasArn: LEX_ALIAS_ARN } }));
    const afterwards = await client.send(new ListLambdaFunctionsCommand({ InstanceId: id }));
    const notAssociated = await rejection(
      client.send(new DisassociateBotCommand({ InstanceId: id, LexV2Bot: { AliasArn: LEX_ALIAS_ARN } })),
    );

    expect(unknownLambda.name).toBe('ResourceNotFoundException');
    expect(unknownAlias.name).toBe('ResourceNotFoundException');
    expect(duplicateLambda.name).toBe('ResourceConflictException');
    expect(notLambda.name).toBe('InvalidParameterException');
    expect(duplicateBot.name).toBe('ResourceConflictException');
    expect(lambdas.LambdaFunctions).toEqual([LAMBDA_ARN]);
    expect(bots.LexBots).toEqual([{ LexV2Bot: { AliasArn: LEX_ALIAS_ARN } }]);
    expect(v1Bots.LexBots).toEqual([]);
    expect(afterwards.LambdaFunctions).toEqual([]);
    expect(notAssociated.name).toBe('ResourceNotFoundException');
  });

  it('records integration associations once per integration', async () => {
    const { id, arn } = await createActiveInstance(client);
    const integrationArn = 'arn:aws:events:us-east-1:318484875904:event-bus/edd';
    const created = await client.send(
      new CreateIntegrationAssociationCommand({
        InstanceId: id,
        IntegrationType: 'EVENT',
        IntegrationArn: integrationArn,
      }),
    );
    const again = await rejection(
      client.send(
        new CreateIntegrationAssociationCommand({
          InstanceId: id,
          IntegrationType: 'EVENT',
          IntegrationArn: integrationArn,
        }),
      ),
    );
    const listed = await client.send(
      new ListIntegrationAssociationsCommand({ InstanceId: id, IntegrationType: 'EVENT' }),
    );

    expect(created.IntegrationAssociationArn).toBe(
      `${arn}/integration-association/${created.IntegrationAssociationId}`,
    );
    expect(again.name).toBe('DuplicateResourceException');
    expect(listed.IntegrationAssociationSummaryList).toEqual([
      expect.objectContaining({ IntegrationArn: integrationArn, IntegrationType: 'EVENT', InstanceId: id }),
    ]);
  });

  it('gives a new instance the default resources, with stock flows referring to its own prompts by ARN', async () => {
    const { id, arn } = await createActiveInstance(client);
    const prompts = (await client.send(new ListPromptsCommand({ InstanceId: id }))).PromptSummaryList ?? [];
    const flows = (await client.send(new ListContactFlowsCommand({ InstanceId: id }))).ContactFlowSummaryList ?? [];
    const hold = flows.find((flow) => flow.Name === 'Default customer hold');
    const holdContent = JSON.parse(
      (await client.send(new DescribeContactFlowCommand({ InstanceId: id, ContactFlowId: hold?.Id }))).ContactFlow
        ?.Content ?? '{}',
    ) as {
      Actions: { Identifier: string; Parameters: { Messages?: { PromptId: string }[] } }[];
      Metadata: { ActionMetadata: Record<string, { audio?: { prompt: { id: string } }[] }> };
    };
    const holdPrompt = prompts.find((prompt) => prompt.Name === 'CustomerHold.wav');
    const play = holdContent.Actions[0];
    const routing =
      (await client.send(new ListRoutingProfilesCommand({ InstanceId: id }))).RoutingProfileSummaryList ?? [];
    const basicProfile = await client.send(
      new DescribeRoutingProfileCommand({ InstanceId: id, RoutingProfileId: routing[0]?.Id }),
    );
    const queues = (await client.send(new ListQueuesCommand({ InstanceId: id }))).QueueSummaryList ?? [];
    const audio = await client.send(new GetPromptFileCommand({ InstanceId: id, PromptId: holdPrompt?.Id }));
    const wav = Buffer.from(await (await fetch(audio.PromptPresignedUrl ?? '')).arrayBuffer());

    expect(prompts.map((prompt) => prompt.Name)).toEqual(
      expect.arrayContaining(['Beep.wav', 'CustomerHold.wav', 'CustomerQueue.wav', 'Music_Jazz_MyTimetoFly_Inst.wav']),
    );
    expect(prompts.length).toBeGreaterThanOrEqual(8);
    expect(flows.map((flow) => [flow.Name, flow.ContactFlowType])).toEqual(
      expect.arrayContaining([
        ['Default agent hold', 'AGENT_HOLD'],
        ['Default agent transfer', 'AGENT_TRANSFER'],
        ['Default agent whisper', 'AGENT_WHISPER'],
        ['Default customer hold', 'CUSTOMER_HOLD'],
        ['Default customer queue', 'CUSTOMER_QUEUE'],
        ['Default customer whisper', 'CUSTOMER_WHISPER'],
        ['Default outbound', 'OUTBOUND_WHISPER'],
        ['Default queue transfer', 'QUEUE_TRANSFER'],
        ['Sample inbound flow (first contact experience)', 'CONTACT_FLOW'],
      ]),
    );
    expect(holdPrompt?.Arn).toBe(`${arn}/prompt/${holdPrompt?.Id}`);
    expect(play?.Parameters.Messages?.[0]?.PromptId).toBe(holdPrompt?.Arn);
    expect(holdContent.Metadata.ActionMetadata[play?.Identifier ?? '']?.audio?.[0]?.prompt.id).toBe(holdPrompt?.Arn);
    expect(queues.map((queue) => queue.Name)).toEqual(['BasicQueue']);
    expect(basicProfile.RoutingProfile).toMatchObject({
      Name: 'Basic Routing Profile',
      DefaultOutboundQueueId: queues[0]?.Id,
      NumberOfAssociatedQueues: 3,
    });
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
  });

  it('creates the same default resources in every instance, ids aside', async () => {
    const first = await createActiveInstance(client);
    const second = await createActiveInstance(client);

    const [a, b] = await Promise.all([portableDefaults(client, first.id), portableDefaults(client, second.id)]);

    expect(a).toEqual(b);
    expect(a.flows.length).toBeGreaterThanOrEqual(11);
    expect(a.security).toEqual(['Admin', 'Agent', 'CallCenterManager', 'QualityAnalyst']);
    expect(a.statuses).toEqual(['Available', 'Offline']);
    expect(a.hours).toEqual(['Basic Hours']);
  });
});
