import {
  AssociatePhoneNumberContactFlowCommand,
  AssociateQueueQuickConnectsCommand,
  AssociateRoutingProfileQueuesCommand,
  CreateAgentStatusCommand,
  CreateContactFlowCommand,
  CreateHoursOfOperationCommand,
  CreatePromptCommand,
  CreateQueueCommand,
  CreateQuickConnectCommand,
  CreateRoutingProfileCommand,
  CreateUserCommand,
  CreateUserHierarchyGroupCommand,
  DeleteHoursOfOperationCommand,
  DeletePromptCommand,
  DeleteQueueCommand,
  DeleteQuickConnectCommand,
  DeleteRoutingProfileCommand,
  DescribeAgentStatusCommand,
  DescribeHoursOfOperationCommand,
  DescribePhoneNumberCommand,
  DescribePromptCommand,
  DescribeQueueCommand,
  DescribeQuickConnectCommand,
  DescribeRoutingProfileCommand,
  DescribeSecurityProfileCommand,
  DescribeUserCommand,
  DescribeUserHierarchyGroupCommand,
  DisassociatePhoneNumberContactFlowCommand,
  DisassociateQueueQuickConnectsCommand,
  DisassociateRoutingProfileQueuesCommand,
  GetPromptFileCommand,
  ListAgentStatusesCommand,
  ListContactFlowsCommand,
  ListFlowAssociationsCommand,
  ListHoursOfOperationsCommand,
  ListPhoneNumbersCommand,
  ListPhoneNumbersV2Command,
  ListPromptsCommand,
  ListQueueQuickConnectsCommand,
  ListQueuesCommand,
  ListQuickConnectsCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  ListTagsForResourceCommand,
  ListUserHierarchyGroupsCommand,
  ListUsersCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserHierarchyStructureCommand,
  UpdateAgentStatusCommand,
  UpdateHoursOfOperationCommand,
  UpdatePromptCommand,
  UpdateQueueHoursOfOperationCommand,
  UpdateQueueMaxContactsCommand,
  UpdateQueueNameCommand,
  UpdateQueueOutboundCallerConfigCommand,
  UpdateQueueStatusCommand,
  UpdateQuickConnectConfigCommand,
  UpdateQuickConnectNameCommand,
  UpdateRoutingProfileAgentAvailabilityTimerCommand,
  UpdateRoutingProfileConcurrencyCommand,
  UpdateRoutingProfileDefaultOutboundQueueCommand,
  UpdateRoutingProfileNameCommand,
  UpdateRoutingProfileQueuesCommand,
  type ConnectClient,
  type HoursOfOperationConfig,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHARED_ACCOUNT_ID, startLocalAws, type LocalAws } from '../src/index.js';
import {
  connectClient,
  createActiveInstance,
  putPromptObject,
  queueTransferFlow,
  silentWav,
} from './connect-support.js';
import { admin, rejection } from './support.js';

const WEEKDAYS: HoursOfOperationConfig[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((Day) => ({
  Day: Day as HoursOfOperationConfig['Day'],
  StartTime: { Hours: 8, Minutes: 0 },
  EndTime: { Hours: 18, Minutes: 30 },
}));

describe('Connect resources', () => {
  let localAws: LocalAws;
  let client: ConnectClient;
  let instanceId: string;
  let instanceArn: string;
  let basicHoursId: string;
  let basicQueueId: string;

  beforeAll(async () => {
    localAws = await startLocalAws({ timeScale: 10_000, quotas: false });
    client = connectClient(localAws);
  });
  afterAll(() => localAws.close());
  beforeEach(async () => {
    await localAws.reset();
    ({ id: instanceId, arn: instanceArn } = await createActiveInstance(client));
    basicHoursId = (await client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId })))
      .HoursOfOperationSummaryList?.[0]?.Id as string;
    basicQueueId = (await client.send(new ListQueuesCommand({ InstanceId: instanceId }))).QueueSummaryList?.[0]
      ?.Id as string;
  });

  async function seedPhoneNumber(phoneNumber: string, instance = instanceId) {
    const answer = await admin(localAws, 'POST', 'connect/phone-numbers', {
      account: SHARED_ACCOUNT_ID,
      region: 'us-east-1',
      instanceId: instance,
      phoneNumber,
      type: 'TOLL_FREE',
    });
    expect(answer.status).toBe(200);
    return answer.body as { PhoneNumberId: string; PhoneNumberArn: string };
  }

  it('creates, updates and deletes hours of operation, with unique names and known time zones', async () => {
    const created = await client.send(
      new CreateHoursOfOperationCommand({
        InstanceId: instanceId,
        Name: 'EDD Weekdays',
        TimeZone: 'Europe/London',
        Config: WEEKDAYS,
        Tags: { owner: 'edd' },
      }),
    );
    const duplicate = await rejection(
      client.send(
        new CreateHoursOfOperationCommand({
          InstanceId: instanceId,
          Name: 'edd weekdays',
          TimeZone: 'UTC',
          Config: [],
        }),
      ),
    );
    const badZone = await rejection(
      client.send(
        new CreateHoursOfOperationCommand({
          InstanceId: instanceId,
          Name: 'Mars',
          TimeZone: 'Mars/Olympus',
          Config: [],
        }),
      ),
    );
    await client.send(
      new UpdateHoursOfOperationCommand({
        InstanceId: instanceId,
        HoursOfOperationId: created.HoursOfOperationId,
        Description: 'Office hours',
        TimeZone: 'America/Chicago',
      }),
    );
    const described = await client.send(
      new DescribeHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: created.HoursOfOperationArn }),
    );
    const inUse = await rejection(
      client.send(new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: basicHoursId })),
    );
    await client.send(
      new DeleteHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: created.HoursOfOperationId }),
    );
    const listed = await client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId }));

    expect(created.HoursOfOperationArn).toBe(`${instanceArn}/operating-hours/${created.HoursOfOperationId}`);
    expect(duplicate.name).toBe('DuplicateResourceException');
    expect(badZone.name).toBe('InvalidParameterException');
    expect(described.HoursOfOperation).toMatchObject({
      Name: 'EDD Weekdays',
      Description: 'Office hours',
      TimeZone: 'America/Chicago',
      Config: WEEKDAYS,
      Tags: { owner: 'edd' },
      LastModifiedRegion: 'us-east-1',
    });
    expect(inUse.name).toBe('InvalidRequestException');
    expect(listed.HoursOfOperationSummaryList?.map((hours) => hours.Name)).toEqual(['Basic Hours']);
  });

  it('manages queues: name, hours, capacity, status, outbound caller id and quick connects', async () => {
    const hours = await client.send(
      new CreateHoursOfOperationCommand({
        InstanceId: instanceId,
        Name: 'Callback hours',
        TimeZone: 'UTC',
        Config: WEEKDAYS,
      }),
    );
    const number = await seedPhoneNumber('+18005550100');
    const outbound = (
      await client.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['OUTBOUND_WHISPER'] }))
    ).ContactFlowSummaryList?.[0]?.Id as string;
    const transfer = (
      await client.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['QUEUE_TRANSFER'] }))
    ).ContactFlowSummaryList?.[0]?.Id as string;
    const { QueueId } = await client.send(
      new CreateQueueCommand({
        InstanceId: instanceId,
        Name: 'EDD Callback',
        HoursOfOperationId: basicHoursId,
        MaxContacts: 10,
      }),
    );
    const quickConnect = await client.send(
      new CreateQuickConnectCommand({
        InstanceId: instanceId,
        Name: 'To callback',
        QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId, ContactFlowId: transfer } },
      }),
    );
    await client.send(
      new UpdateQueueNameCommand({ InstanceId: instanceId, QueueId, Name: 'EDD Callbacks', Description: 'Scheduled' }),
    );
    await client.send(
      new UpdateQueueHoursOfOperationCommand({
        InstanceId: instanceId,
        QueueId,
        HoursOfOperationId: hours.HoursOfOperationId,
      }),
    );
    await client.send(new UpdateQueueMaxContactsCommand({ InstanceId: instanceId, QueueId, MaxContacts: 25 }));
    await client.send(new UpdateQueueStatusCommand({ InstanceId: instanceId, QueueId, Status: 'DISABLED' }));
    await client.send(
      new UpdateQueueOutboundCallerConfigCommand({
        InstanceId: instanceId,
        QueueId,
        OutboundCallerConfig: {
          OutboundCallerIdName: 'EDD',
          OutboundCallerIdNumberId: number.PhoneNumberId,
          OutboundFlowId: outbound,
        },
      }),
    );
    await client.send(
      new AssociateQueueQuickConnectsCommand({
        InstanceId: instanceId,
        QueueId,
        QuickConnectIds: [quickConnect.QuickConnectId!],
      }),
    );
    const described = await client.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId }));
    const quickConnects = await client.send(new ListQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId }));
    await client.send(
      new DisassociateQueueQuickConnectsCommand({
        InstanceId: instanceId,
        QueueId,
        QuickConnectIds: [quickConnect.QuickConnectId!],
      }),
    );
    const afterDisassociate = await client.send(new ListQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId }));
    const agentQueues = await client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['AGENT'] }));

    expect(described.Queue).toMatchObject({
      Name: 'EDD Callbacks',
      Description: 'Scheduled',
      HoursOfOperationId: hours.HoursOfOperationId,
      MaxContacts: 25,
      Status: 'DISABLED',
      OutboundCallerConfig: {
        OutboundCallerIdName: 'EDD',
        OutboundCallerIdNumberId: number.PhoneNumberId,
        OutboundFlowId: outbound,
      },
    });
    expect(quickConnects.QuickConnectSummaryList?.map((entry) => [entry.Name, entry.QuickConnectType])).toEqual([
      ['To callback', 'QUEUE'],
    ]);
    expect(afterDisassociate.QuickConnectSummaryList).toEqual([]);
    expect(agentQueues.QueueSummaryList).toEqual([]);
  });

  it('refuses outbound caller ids the instance has not claimed and flows that do not exist', async () => {
    const other = await createActiveInstance(client);
    const foreignNumber = await seedPhoneNumber('+18005550101', other.id);
    const { QueueId } = await client.send(
      new CreateQueueCommand({ InstanceId: instanceId, Name: 'Q', HoursOfOperationId: basicHoursId }),
    );

    const foreign = await rejection(
      client.send(
        new UpdateQueueOutboundCallerConfigCommand({
          InstanceId: instanceId,
          QueueId,
          OutboundCallerConfig: { OutboundCallerIdNumberId: foreignNumber.PhoneNumberId },
        }),
      ),
    );
    const unknownNumber = await rejection(
      client.send(
        new UpdateQueueOutboundCallerConfigCommand({
          InstanceId: instanceId,
          QueueId,
          OutboundCallerConfig: { OutboundCallerIdNumberId: '11111111-1111-4111-8111-111111111111' },
        }),
      ),
    );
    const unknownFlow = await rejection(
      client.send(
        new UpdateQueueOutboundCallerConfigCommand({
          InstanceId: instanceId,
          QueueId,
          OutboundCallerConfig: { OutboundFlowId: 'no-flow' },
        }),
      ),
    );
    const missingHours = await rejection(
      client.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Orphan', HoursOfOperationId: 'no-hours' })),
    );

    expect(foreign.name).toBe('InvalidParameterException');
    expect(unknownNumber.name).toBe('ResourceNotFoundException');
    expect(unknownFlow.name).toBe('ResourceNotFoundException');
    expect(missingHours.name).toBe('ResourceNotFoundException');
    expect(missingHours.message).toBe('Hours of operation not found: no-hours');
  });

  it('refuses to delete a queue a routing profile uses', async () => {
    const inUse = await rejection(
      client.send(new DeleteQueueCommand({ InstanceId: instanceId, QueueId: basicQueueId })),
    );
    const { QueueId } = await client.send(
      new CreateQueueCommand({ InstanceId: instanceId, Name: 'Temp', HoursOfOperationId: basicHoursId }),
    );
    await client.send(new DeleteQueueCommand({ InstanceId: instanceId, QueueId }));

    expect(inUse.name).toBe('ResourceInUseException');
    expect(inUse.$metadata?.httpStatusCode).toBe(409);
    expect(
      (await client.send(new ListQueuesCommand({ InstanceId: instanceId }))).QueueSummaryList?.map(
        (queue) => queue.Name,
      ),
    ).toEqual(['BasicQueue']);
  });

  it('creates prompts from S3 audio and serves it back through an expiring presigned URL', async () => {
    const audio = silentWav();
    await putPromptObject(localAws, { bucket: 'edd-connect-prompts', key: 'welcome.wav', content: audio });
    const created = await client.send(
      new CreatePromptCommand({
        InstanceId: instanceId,
        Name: 'Welcome',
        S3Uri: 's3://edd-connect-prompts/welcome.wav',
      }),
    );
    const missing = await rejection(
      client.send(
        new CreatePromptCommand({
          InstanceId: instanceId,
          Name: 'Missing',
          S3Uri: 's3://edd-connect-prompts/none.wav',
        }),
      ),
    );
    await putPromptObject(localAws, { bucket: 'edd-connect-prompts', key: 'notes.txt', content: Buffer.from('hello') });
    const notAudio = await rejection(
      client.send(
        new CreatePromptCommand({ InstanceId: instanceId, Name: 'Text', S3Uri: 's3://edd-connect-prompts/notes.txt' }),
      ),
    );
    // At the suite's time scale the URL would live 90 ms; at 1x it lives 15 minutes, until time is sped up below.
    await admin(localAws, 'POST', 'quotas', { timeScale: 1 });
    const file = await client.send(new GetPromptFileCommand({ InstanceId: instanceId, PromptId: created.PromptId }));
    const downloaded = Buffer.from(await (await fetch(file.PromptPresignedUrl as string)).arrayBuffer());
    await client.send(
      new UpdatePromptCommand({ InstanceId: instanceId, PromptId: created.PromptId, Description: 'Greeting' }),
    );
    const described = await client.send(
      new DescribePromptCommand({ InstanceId: instanceId, PromptId: created.PromptId }),
    );
    await admin(localAws, 'POST', 'quotas', { timeScale: 1_000_000 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const expired = await fetch(file.PromptPresignedUrl as string);
    await client.send(new DeletePromptCommand({ InstanceId: instanceId, PromptId: created.PromptId }));
    const prompts = await client.send(new ListPromptsCommand({ InstanceId: instanceId }));

    expect(created.PromptARN).toBe(`${instanceArn}/prompt/${created.PromptId}`);
    expect(missing.name).toBe('InvalidRequestException');
    expect(missing.message).toMatch(/s3:\/\/edd-connect-prompts\/none\.wav/);
    expect(notAudio.name).toBe('InvalidRequestException');
    expect(file.PromptPresignedUrl).toMatch(new RegExp(`^${localAws.url}/_local/connect/prompt-files/`));
    expect(file.LastModifiedRegion).toBe('us-east-1');
    expect(downloaded.equals(audio)).toBe(true);
    expect(described.Prompt).toMatchObject({ Name: 'Welcome', Description: 'Greeting' });
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
    expect(prompts.PromptSummaryList?.map((prompt) => prompt.Name)).not.toContain('Welcome');
  });

  it('creates quick connects of each type, checking what they refer to', async () => {
    const flows =
      (await client.send(new ListContactFlowsCommand({ InstanceId: instanceId }))).ContactFlowSummaryList ?? [];
    const flowOfType = (type: string) => flows.find((flow) => flow.ContactFlowType === type)?.Id as string;
    const routingProfileId = (await client.send(new ListRoutingProfilesCommand({ InstanceId: instanceId })))
      .RoutingProfileSummaryList?.[0]?.Id;
    const agentProfile = (
      await client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId }))
    ).SecurityProfileSummaryList?.find((profile) => profile.Name === 'Agent')?.Id;
    const user = await client.send(
      new CreateUserCommand({
        InstanceId: instanceId,
        Username: 'agent.one',
        SecurityProfileIds: [agentProfile!],
        RoutingProfileId: routingProfileId,
        PhoneConfig: { PhoneType: 'SOFT_PHONE' },
      }),
    );
    const phone = await client.send(
      new CreateQuickConnectCommand({
        InstanceId: instanceId,
        Name: 'Head office',
        QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+442071234567' } },
      }),
    );
    const toUser = await client.send(
      new CreateQuickConnectCommand({
        InstanceId: instanceId,
        Name: 'Agent one',
        QuickConnectConfig: {
          QuickConnectType: 'USER',
          UserConfig: { UserId: user.UserId, ContactFlowId: flowOfType('AGENT_TRANSFER') },
        },
      }),
    );
    const wrongFlowType = await rejection(
      client.send(
        new CreateQuickConnectCommand({
          InstanceId: instanceId,
          Name: 'Wrong',
          QuickConnectConfig: {
            QuickConnectType: 'QUEUE',
            QueueConfig: { QueueId: basicQueueId, ContactFlowId: flowOfType('CONTACT_FLOW') },
          },
        }),
      ),
    );
    const missingConfig = await rejection(
      client.send(
        new CreateQuickConnectCommand({
          InstanceId: instanceId,
          Name: 'Empty',
          QuickConnectConfig: { QuickConnectType: 'USER' },
        }),
      ),
    );
    const badNumber = await rejection(
      client.send(
        new CreateQuickConnectCommand({
          InstanceId: instanceId,
          Name: 'Bad',
          QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '020 7123 4567' } },
        }),
      ),
    );
    await client.send(
      new UpdateQuickConnectNameCommand({ InstanceId: instanceId, QuickConnectId: phone.QuickConnectId, Name: 'HQ' }),
    );
    await client.send(
      new UpdateQuickConnectConfigCommand({
        InstanceId: instanceId,
        QuickConnectId: phone.QuickConnectId,
        QuickConnectConfig: { QuickConnectType: 'FLOW', FlowConfig: { ContactFlowId: flowOfType('CONTACT_FLOW') } },
      }),
    );
    const described = await client.send(
      new DescribeQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: phone.QuickConnectId }),
    );
    const onlyUsers = await client.send(
      new ListQuickConnectsCommand({ InstanceId: instanceId, QuickConnectTypes: ['USER'] }),
    );
    await client.send(new DeleteQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: toUser.QuickConnectId }));
    const remaining = await client.send(new ListQuickConnectsCommand({ InstanceId: instanceId }));

    expect(phone.QuickConnectARN).toBe(`${instanceArn}/transfer-destination/${phone.QuickConnectId}`);
    expect(wrongFlowType.name).toBe('InvalidParameterException');
    expect(missingConfig.name).toBe('InvalidParameterException');
    expect(badNumber.name).toBe('InvalidParameterException');
    expect(badNumber.message).toMatch(
      /^1 validation error detected: Value '020 7123 4567' at 'quickConnectConfig.phoneConfig.phoneNumber'/,
    );
    expect(described.QuickConnect).toMatchObject({
      Name: 'HQ',
      QuickConnectConfig: { QuickConnectType: 'FLOW', FlowConfig: { ContactFlowId: flowOfType('CONTACT_FLOW') } },
    });
    expect(onlyUsers.QuickConnectSummaryList?.map((entry) => entry.Name)).toEqual(['Agent one']);
    expect(remaining.QuickConnectSummaryList?.map((entry) => entry.Name)).toEqual(['HQ']);
  });

  it('manages routing profiles and their queues, at most 10 queue configurations per call', async () => {
    const queues = await Promise.all(
      Array.from({ length: 11 }, (_, index) =>
        client.send(
          new CreateQueueCommand({ InstanceId: instanceId, Name: `Queue ${index}`, HoursOfOperationId: basicHoursId }),
        ),
      ),
    );
    const config = (queueId: string, priority = 1) => ({
      QueueReference: { QueueId: queueId, Channel: 'VOICE' as const },
      Priority: priority,
      Delay: 0,
    });
    const created = await client.send(
      new CreateRoutingProfileCommand({
        InstanceId: instanceId,
        Name: 'EDD Agents',
        Description: 'Agents of the EDD line',
        DefaultOutboundQueueId: queues[0]?.QueueId,
        MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 1 }],
        QueueConfigs: queues.slice(0, 2).map((queue) => config(queue.QueueId!)),
      }),
    );
    const tooMany = await rejection(
      client.send(
        new AssociateRoutingProfileQueuesCommand({
          InstanceId: instanceId,
          RoutingProfileId: created.RoutingProfileId,
          QueueConfigs: queues.map((queue) => config(queue.QueueId!)),
        }),
      ),
    );
    await client.send(
      new AssociateRoutingProfileQueuesCommand({
        InstanceId: instanceId,
        RoutingProfileId: created.RoutingProfileId,
        QueueConfigs: queues.slice(2, 12).map((queue) => config(queue.QueueId!)),
      }),
    );
    await client.send(
      new UpdateRoutingProfileQueuesCommand({
        InstanceId: instanceId,
        RoutingProfileId: created.RoutingProfileId,
        QueueConfigs: [config(queues[0]!.QueueId!, 5)],
      }),
    );
    await client.send(
      new DisassociateRoutingProfileQueuesCommand({
        InstanceId: instanceId,
        RoutingProfileId: created.RoutingProfileId,
        QueueReferences: [{ QueueId: queues[1]!.QueueId, Channel: 'VOICE' }],
      }),
    );
    await client.send(
      new UpdateRoutingProfileNameCommand({
        InstanceId: instanceId,
        RoutingProfileId: created.RoutingProfileId,
        Name: 'EDD Team',
      }),
    );
    await client.send(
      new UpdateRoutingProfileConcurrencyCommand({
        InstanceId: instanceId,
        RoutingProfileId: created.RoutingProfileId,
        MediaConcurrencies: [
          { Channel: 'VOICE', Concurrency: 1 },
          { Channel: 'CHAT', Concurrency: 3 },
        ],
      }),
    );
    await client.send(
      new UpdateRoutingProfileDefaultOutboundQueueCommand({
        InstanceId: instanceId,
        RoutingProfileId: created.RoutingProfileId,
        DefaultOutboundQueueId: basicQueueId,
      }),
    );
    await client.send(
      new UpdateRoutingProfileAgentAvailabilityTimerCommand({
        InstanceId: instanceId,
        RoutingProfileId: created.RoutingProfileId,
        AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND',
      }),
    );
    const firstPage = await client.send(
      new ListRoutingProfileQueuesCommand({
        InstanceId: instanceId,
        RoutingProfileId: created.RoutingProfileId,
        MaxResults: 5,
      }),
    );
    const described = await client.send(
      new DescribeRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: created.RoutingProfileArn }),
    );
    await client.send(
      new DeleteRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: created.RoutingProfileId }),
    );

    expect(created.RoutingProfileArn).toBe(`${instanceArn}/routing-profile/${created.RoutingProfileId}`);
    expect(tooMany.name).toBe('InvalidParameterException');
    expect(tooMany.message).toMatch(
      /at 'queueConfigs' failed to satisfy constraint: Member must have length less than or equal to 10/,
    );
    expect(firstPage.RoutingProfileQueueConfigSummaryList).toHaveLength(5);
    expect(firstPage.RoutingProfileQueueConfigSummaryList?.[0]).toMatchObject({
      QueueName: 'Queue 0',
      Priority: 5,
      Channel: 'VOICE',
    });
    expect(firstPage.NextToken).toBeTruthy();
    expect(described.RoutingProfile).toMatchObject({
      Name: 'EDD Team',
      DefaultOutboundQueueId: basicQueueId,
      NumberOfAssociatedQueues: 10,
      AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND',
      MediaConcurrencies: [
        { Channel: 'VOICE', Concurrency: 1 },
        { Channel: 'CHAT', Concurrency: 3 },
      ],
      IsDefault: false,
    });
  });

  it('manages agent statuses, and lists security profiles, hierarchy groups and users', async () => {
    const status = await client.send(
      new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Lunch', State: 'ENABLED', DisplayOrder: 3 }),
    );
    const duplicate = await rejection(
      client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'available', State: 'ENABLED' })),
    );
    await client.send(
      new UpdateAgentStatusCommand({
        InstanceId: instanceId,
        AgentStatusId: status.AgentStatusId,
        State: 'DISABLED',
        Description: 'Break',
      }),
    );
    const described = await client.send(
      new DescribeAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: status.AgentStatusId }),
    );
    const custom = await client.send(
      new ListAgentStatusesCommand({ InstanceId: instanceId, AgentStatusTypes: ['CUSTOM'] }),
    );
    const profiles = await client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId }));
    const admin = profiles.SecurityProfileSummaryList?.find((profile) => profile.Name === 'Admin');
    const adminProfile = await client.send(
      new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: admin?.Id }),
    );
    await client.send(
      new UpdateUserHierarchyStructureCommand({
        InstanceId: instanceId,
        HierarchyStructure: { LevelOne: { Name: 'Region' }, LevelTwo: { Name: 'Team' } },
      }),
    );
    const region = await client.send(new CreateUserHierarchyGroupCommand({ InstanceId: instanceId, Name: 'North' }));
    const team = await client.send(
      new CreateUserHierarchyGroupCommand({
        InstanceId: instanceId,
        Name: 'Billing',
        ParentGroupId: region.HierarchyGroupId,
      }),
    );
    const group = await client.send(
      new DescribeUserHierarchyGroupCommand({ InstanceId: instanceId, HierarchyGroupId: team.HierarchyGroupId }),
    );
    const groups = await client.send(new ListUserHierarchyGroupsCommand({ InstanceId: instanceId }));
    const routingProfileId = (await client.send(new ListRoutingProfilesCommand({ InstanceId: instanceId })))
      .RoutingProfileSummaryList?.[0]?.Id;
    const user = await client.send(
      new CreateUserCommand({
        InstanceId: instanceId,
        Username: 'supervisor',
        SecurityProfileIds: [admin!.Id!],
        RoutingProfileId: routingProfileId,
        HierarchyGroupId: team.HierarchyGroupId,
        PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false },
      }),
    );
    const sameUser = await rejection(
      client.send(
        new CreateUserCommand({
          InstanceId: instanceId,
          Username: 'supervisor',
          SecurityProfileIds: [admin!.Id!],
          RoutingProfileId: routingProfileId,
        }),
      ),
    );
    const users = await client.send(new ListUsersCommand({ InstanceId: instanceId }));
    const describedUser = await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: user.UserId }));
    const profileInUse = await rejection(
      client.send(new DeleteRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: routingProfileId })),
    );

    expect(status.AgentStatusARN).toBe(`${instanceArn}/agent-state/${status.AgentStatusId}`);
    expect(duplicate.name).toBe('DuplicateResourceException');
    expect(described.AgentStatus).toMatchObject({
      Name: 'Lunch',
      Type: 'CUSTOM',
      State: 'DISABLED',
      Description: 'Break',
      DisplayOrder: 3,
    });
    expect(custom.AgentStatusSummaryList?.map((entry) => entry.Name)).toEqual(['Lunch']);
    expect(adminProfile.SecurityProfile).toMatchObject({
      SecurityProfileName: 'Admin',
      OrganizationResourceId: instanceId,
    });
    expect(adminProfile.SecurityProfile?.Arn).toBe(`${instanceArn}/security-profile/${admin?.Id}`);
    expect(group.HierarchyGroup).toMatchObject({
      Name: 'Billing',
      LevelId: '2',
      Arn: `${instanceArn}/agent-group/${team.HierarchyGroupId}`,
      HierarchyPath: { LevelOne: { Name: 'North' }, LevelTwo: { Name: 'Billing' } },
    });
    expect(groups.UserHierarchyGroupSummaryList?.map((entry) => entry.Name)).toEqual(['North', 'Billing']);
    expect(user.UserArn).toBe(`${instanceArn}/agent/${user.UserId}`);
    expect(sameUser.name).toBe('DuplicateResourceException');
    expect(users.UserSummaryList?.map((entry) => entry.Username)).toEqual(['supervisor']);
    expect(describedUser.User).toMatchObject({
      Username: 'supervisor',
      RoutingProfileId: routingProfileId,
      HierarchyGroupId: team.HierarchyGroupId,
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: false },
    });
    expect(profileInUse.name).toBe('ResourceInUseException');
  });

  it('lists seeded phone numbers and points them at inbound flows', async () => {
    const number = await seedPhoneNumber('+18005550123');
    const flows =
      (await client.send(new ListContactFlowsCommand({ InstanceId: instanceId }))).ContactFlowSummaryList ?? [];
    const inbound = flows.find((flow) => flow.ContactFlowType === 'CONTACT_FLOW');
    const whisper = flows.find((flow) => flow.ContactFlowType === 'AGENT_WHISPER');
    const byInstance = await client.send(new ListPhoneNumbersV2Command({ InstanceId: instanceId }));
    const byTarget = await client.send(
      new ListPhoneNumbersV2Command({ TargetArn: instanceArn, PhoneNumberPrefix: '+1800' }),
    );
    const otherPrefix = await client.send(
      new ListPhoneNumbersV2Command({ TargetArn: instanceArn, PhoneNumberPrefix: '44' }),
    );
    await client.send(
      new AssociatePhoneNumberContactFlowCommand({
        PhoneNumberId: number.PhoneNumberId,
        InstanceId: instanceId,
        ContactFlowId: inbound?.Id,
      }),
    );
    const notInbound = await rejection(
      client.send(
        new AssociatePhoneNumberContactFlowCommand({
          PhoneNumberId: number.PhoneNumberId,
          InstanceId: instanceId,
          ContactFlowId: whisper?.Id,
        }),
      ),
    );
    const associations = await client.send(
      new ListFlowAssociationsCommand({ InstanceId: instanceId, ResourceType: 'VOICE_PHONE_NUMBER' }),
    );
    const described = await client.send(new DescribePhoneNumberCommand({ PhoneNumberId: number.PhoneNumberId }));
    const v1 = await client.send(
      new ListPhoneNumbersCommand({ InstanceId: instanceId, PhoneNumberTypes: ['TOLL_FREE'] }),
    );
    await client.send(
      new DisassociatePhoneNumberContactFlowCommand({ PhoneNumberId: number.PhoneNumberId, InstanceId: instanceId }),
    );
    const afterwards = await client.send(
      new ListFlowAssociationsCommand({ InstanceId: instanceId, ResourceType: 'VOICE_PHONE_NUMBER' }),
    );
    const badSeed = await admin(localAws, 'POST', 'connect/phone-numbers', {
      account: SHARED_ACCOUNT_ID,
      region: 'us-east-1',
      instanceId: 'nope',
      phoneNumber: '555',
    });

    expect(number.PhoneNumberArn).toBe(
      `arn:aws:connect:us-east-1:${SHARED_ACCOUNT_ID}:phone-number/${number.PhoneNumberId}`,
    );
    expect(byInstance.ListPhoneNumbersSummaryList).toEqual([
      {
        PhoneNumberId: number.PhoneNumberId,
        PhoneNumberArn: number.PhoneNumberArn,
        PhoneNumber: '+18005550123',
        PhoneNumberCountryCode: 'US',
        PhoneNumberType: 'TOLL_FREE',
        TargetArn: instanceArn,
        InstanceId: instanceId,
      },
    ]);
    expect(byTarget.ListPhoneNumbersSummaryList).toHaveLength(1);
    expect(otherPrefix.ListPhoneNumbersSummaryList).toEqual([]);
    expect(notInbound.name).toBe('InvalidParameterException');
    expect(associations.FlowAssociationSummaryList).toEqual([
      { ResourceId: number.PhoneNumberArn, FlowId: inbound?.Arn, ResourceType: 'VOICE_PHONE_NUMBER' },
    ]);
    expect(described.ClaimedPhoneNumberSummary).toMatchObject({
      PhoneNumber: '+18005550123',
      PhoneNumberStatus: { Status: 'CLAIMED' },
    });
    expect(v1.PhoneNumberSummaryList?.map((entry) => entry.PhoneNumber)).toEqual(['+18005550123']);
    expect(afterwards.FlowAssociationSummaryList).toEqual([]);
    expect(badSeed.status).toBe(400);
    expect((badSeed.body as { problems: string[] }).problems).toEqual([
      'phoneNumber must be in E.164 form, e.g. +15555550100',
    ]);
  });

  it('tags every kind of resource, and Describe returns tags given at creation', async () => {
    const { QueueArn, QueueId } = await client.send(
      new CreateQueueCommand({
        InstanceId: instanceId,
        Name: 'Tagged',
        HoursOfOperationId: basicHoursId,
        Tags: { cost: 'edd' },
      }),
    );
    const flow = await client.send(
      new CreateContactFlowCommand({
        InstanceId: instanceId,
        Name: 'Tagged',
        Type: 'CONTACT_FLOW',
        Content: queueTransferFlow(QueueId!),
      }),
    );
    const number = await seedPhoneNumber('+18005550199');
    for (const resourceArn of [QueueArn!, flow.ContactFlowArn!, instanceArn, number.PhoneNumberArn]) {
      await client.send(new TagResourceCommand({ resourceArn, tags: { env: 'qa', drop: 'me' } }));
      await client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['drop'] }));
    }
    const tags = await Promise.all(
      [QueueArn!, flow.ContactFlowArn!, instanceArn, number.PhoneNumberArn].map(
        async (resourceArn) => (await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags,
      ),
    );
    const described = await client.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId }));
    const missing = await rejection(
      client.send(
        new ListTagsForResourceCommand({ resourceArn: `${instanceArn}/queue/00000000-0000-4000-8000-000000000000` }),
      ),
    );
    const reserved = await rejection(
      client.send(new TagResourceCommand({ resourceArn: QueueArn, tags: { 'aws:owner': 'x' } })),
    );

    expect(tags).toEqual([{ cost: 'edd', env: 'qa' }, { env: 'qa' }, { env: 'qa' }, { env: 'qa' }]);
    expect(described.Queue?.Tags).toEqual({ cost: 'edd', env: 'qa' });
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(reserved.name).toBe('InvalidParameterException');
  });

  it('validates input against the model with Connect error names and AWS messages', async () => {
    const longName = await rejection(
      client.send(
        new CreateQueueCommand({ InstanceId: instanceId, Name: 'q'.repeat(128), HoursOfOperationId: basicHoursId }),
      ),
    );
    const badPage = await rejection(client.send(new ListQueuesCommand({ InstanceId: instanceId, MaxResults: 1001 })));
    const badEnum = await rejection(
      client.send(
        new UpdateQueueStatusCommand({ InstanceId: instanceId, QueueId: basicQueueId, Status: 'PAUSED' as 'ENABLED' }),
      ),
    );
    const badToken = await rejection(
      client.send(new ListQueuesCommand({ InstanceId: instanceId, NextToken: 'forged' })),
    );
    const missingQueue = await rejection(
      client.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: 'no-such-queue' })),
    );
    const missingInstance = await rejection(
      client.send(new ListQueuesCommand({ InstanceId: '00000000-0000-4000-8000-000000000000' })),
    );

    expect(longName.name).toBe('InvalidParameterException');
    expect(longName.message).toBe(
      `1 validation error detected: Value '${'q'.repeat(128)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 127`,
    );
    expect(badPage.message).toBe(
      "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    expect(badEnum.name).toBe('InvalidParameterException');
    expect(badToken.name).toBe('InvalidParameterException');
    expect(missingQueue.name).toBe('ResourceNotFoundException');
    expect(missingQueue.$metadata?.httpStatusCode).toBe(404);
    expect(missingInstance.name).toBe('ResourceNotFoundException');
  });

  it('pages through more than 100 resources without a cap and without repeating any', async () => {
    for (let index = 0; index < 130; index += 1) {
      await client.send(
        new CreateQueueCommand({ InstanceId: instanceId, Name: `Bulk ${index}`, HoursOfOperationId: basicHoursId }),
      );
    }
    const defaultPage = await client.send(new ListQueuesCommand({ InstanceId: instanceId }));
    const names: string[] = [];
    const pageSizes: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListQueuesCommand({ InstanceId: instanceId, MaxResults: 40, NextToken: nextToken }),
      );
      pageSizes.push(page.QueueSummaryList?.length ?? 0);
      names.push(...(page.QueueSummaryList ?? []).map((queue) => queue.Name!));
      nextToken = page.NextToken;
    } while (nextToken);
    const tokenElsewhere = await rejection(
      client.send(new ListPromptsCommand({ InstanceId: instanceId, NextToken: defaultPage.NextToken })),
    );

    expect(defaultPage.QueueSummaryList).toHaveLength(100);
    expect(pageSizes).toEqual([40, 40, 40, 11]);
    expect(new Set(names).size).toBe(131);
    expect(tokenElsewhere.name).toBe('InvalidParameterException');
  });
});

describe('Connect eventual consistency', () => {
  it('answers ResourceNotFoundException and leaves a new resource out of lists until it has propagated', async () => {
    const localAws = await startLocalAws({ quotas: false, timeScale: 1000, consistencyDelayMs: 5000 });
    const client = connectClient(localAws);
    try {
      const { id } = await createActiveInstance(client);
      const hoursId = (await client.send(new ListHoursOfOperationsCommand({ InstanceId: id })))
        .HoursOfOperationSummaryList?.[0]?.Id;
      // At 1x the new queue stays unpropagated for 5 s; speeding time up afterwards ends that at once.
      await admin(localAws, 'POST', 'quotas', { timeScale: 1 });
      const { QueueId } = await client.send(
        new CreateQueueCommand({ InstanceId: id, Name: 'Fresh', HoursOfOperationId: hoursId }),
      );
      const describedAtOnce = await rejection(client.send(new DescribeQueueCommand({ InstanceId: id, QueueId })));
      const updatedAtOnce = await rejection(
        client.send(new UpdateQueueMaxContactsCommand({ InstanceId: id, QueueId, MaxContacts: 3 })),
      );
      const listedAtOnce = await client.send(new ListQueuesCommand({ InstanceId: id }));
      await admin(localAws, 'POST', 'quotas', { timeScale: 1000 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const described = await client.send(new DescribeQueueCommand({ InstanceId: id, QueueId }));
      const listed = await client.send(new ListQueuesCommand({ InstanceId: id }));

      expect(describedAtOnce.name).toBe('ResourceNotFoundException');
      expect(updatedAtOnce.name).toBe('ResourceNotFoundException');
      expect(listedAtOnce.QueueSummaryList?.map((queue) => queue.Name)).toEqual(['BasicQueue']);
      expect(described.Queue?.Name).toBe('Fresh');
      expect(listed.QueueSummaryList?.map((queue) => queue.Name)).toEqual(['BasicQueue', 'Fresh']);
    } finally {
      await localAws.close();
    }
  });
});
