import {
  AssociateUserProficienciesCommand,
  CreatePredefinedAttributeCommand,
  CreateSecurityProfileCommand,
  CreateUserCommand,
  CreateUserHierarchyGroupCommand,
  DeleteSecurityProfileCommand,
  DeleteUserCommand,
  DeleteUserHierarchyGroupCommand,
  DescribeSecurityProfileCommand,
  DescribeUserCommand,
  DescribeUserHierarchyGroupCommand,
  DescribeUserHierarchyStructureCommand,
  DisassociateUserProficienciesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfileApplicationsCommand,
  ListSecurityProfilePermissionsCommand,
  ListSecurityProfilesCommand,
  ListUserProficienciesCommand,
  SearchUsersCommand,
  UpdateSecurityProfileCommand,
  UpdateUserHierarchyCommand,
  UpdateUserHierarchyGroupNameCommand,
  UpdateUserHierarchyStructureCommand,
  UpdateUserIdentityInfoCommand,
  UpdateUserPhoneConfigCommand,
  UpdateUserProficienciesCommand,
  UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAws, type LocalAws } from '../src/index.js';
import { connectClient, createActiveInstance } from './connect-support.js';

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('Connect security profiles, user hierarchy and users', () => {
  let localAws: LocalAws;
  let client: ConnectClient;
  let instanceId: string;
  let instanceArn: string;

  beforeAll(async () => {
    localAws = await startLocalAws({ seed: 1, quotas: false, timeScale: 100 });
    client = connectClient(localAws);
    ({ id: instanceId, arn: instanceArn } = await createActiveInstance(client));
  });
  afterAll(() => localAws.close());

  it('keeps security profiles with their permissions and access settings, and pages their permissions', async () => {
    const created = await client.send(
      new CreateSecurityProfileCommand({
        InstanceId: instanceId,
        SecurityProfileName: 'Supervisors',
        Description: 'Team leads',
        Permissions: ['BasicAgentAccess', 'Users.View', 'Queues.View'],
        AllowedAccessControlTags: { Team: 'Billing' },
        TagRestrictedResources: ['User'],
        Applications: [{ Namespace: 'agent-app', ApplicationPermissions: ['ViewCases'] }],
        Tags: { owner: 'ops' },
      }),
    );
    const duplicate = await rejection(
      client.send(new CreateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileName: 'supervisors' })),
    );
    await client.send(
      new UpdateSecurityProfileCommand({
        InstanceId: instanceId,
        SecurityProfileId: created.SecurityProfileId,
        Permissions: ['BasicAgentAccess', 'Users.View', 'Queues.View', 'Queues.Edit'],
      }),
    );
    const described = await client.send(
      new DescribeSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: created.SecurityProfileId }),
    );
    const first = await client.send(
      new ListSecurityProfilePermissionsCommand({
        InstanceId: instanceId,
        SecurityProfileId: created.SecurityProfileId,
        MaxResults: 3,
      }),
    );
    const second = await client.send(
      new ListSecurityProfilePermissionsCommand({
        InstanceId: instanceId,
        SecurityProfileId: created.SecurityProfileId,
        MaxResults: 3,
        NextToken: first.NextToken,
      }),
    );
    const applications = await client.send(
      new ListSecurityProfileApplicationsCommand({
        InstanceId: instanceId,
        SecurityProfileId: created.SecurityProfileId,
      }),
    );
    const stock = await client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId }));
    const agent = stock.SecurityProfileSummaryList?.find((profile) => profile.Name === 'Agent');
    const agentPermissions = await client.send(
      new ListSecurityProfilePermissionsCommand({ InstanceId: instanceId, SecurityProfileId: agent?.Id }),
    );

    expect(created.SecurityProfileArn).toBe(`${instanceArn}/security-profile/${created.SecurityProfileId}`);
    expect(duplicate.name).toBe('DuplicateResourceException');
    expect(described.SecurityProfile).toMatchObject({
      SecurityProfileName: 'Supervisors',
      Description: 'Team leads',
      AllowedAccessControlTags: { Team: 'Billing' },
      TagRestrictedResources: ['User'],
      Tags: { owner: 'ops' },
    });
    expect([...(first.Permissions ?? []), ...(second.Permissions ?? [])]).toEqual([
      'BasicAgentAccess',
      'Users.View',
      'Queues.View',
      'Queues.Edit',
    ]);
    expect(second.NextToken).toBeUndefined();
    expect(applications.Applications).toEqual([{ Namespace: 'agent-app', ApplicationPermissions: ['ViewCases'] }]);
    expect(stock.SecurityProfileSummaryList?.map((profile) => profile.Name)).toEqual(
      expect.arrayContaining(['Admin', 'Agent', 'CallCenterManager', 'QualityAnalyst', 'Supervisors']),
    );
    expect(agentPermissions.Permissions).toEqual(['BasicAgentAccess', 'OutboundCallAccess']);
  });

  it('builds groups on the hierarchy structure, and refuses what would break it', async () => {
    const noLevel = await rejection(
      client.send(new CreateUserHierarchyGroupCommand({ InstanceId: instanceId, Name: 'Too early' })),
    );
    await client.send(
      new UpdateUserHierarchyStructureCommand({
        InstanceId: instanceId,
        HierarchyStructure: { LevelOne: { Name: 'Region' }, LevelTwo: { Name: 'Site' } },
      }),
    );
    const structure = await client.send(new DescribeUserHierarchyStructureCommand({ InstanceId: instanceId }));
    const europe = await client.send(new CreateUserHierarchyGroupCommand({ InstanceId: instanceId, Name: 'Europe' }));
    const lisbon = await client.send(
      new CreateUserHierarchyGroupCommand({
        InstanceId: instanceId,
        Name: 'Lisbon',
        ParentGroupId: europe.HierarchyGroupId,
      }),
    );
    const tooDeep = await rejection(
      client.send(
        new CreateUserHierarchyGroupCommand({
          InstanceId: instanceId,
          Name: 'Floor 2',
          ParentGroupId: lisbon.HierarchyGroupId,
        }),
      ),
    );
    const shrink = await rejection(
      client.send(
        new UpdateUserHierarchyStructureCommand({
          InstanceId: instanceId,
          HierarchyStructure: { LevelOne: { Name: 'Region' } },
        }),
      ),
    );
    await client.send(
      new UpdateUserHierarchyGroupNameCommand({
        InstanceId: instanceId,
        HierarchyGroupId: lisbon.HierarchyGroupId,
        Name: 'Porto',
      }),
    );
    const described = await client.send(
      new DescribeUserHierarchyGroupCommand({ InstanceId: instanceId, HierarchyGroupId: lisbon.HierarchyGroupId }),
    );
    const parentWithChild = await rejection(
      client.send(
        new DeleteUserHierarchyGroupCommand({ InstanceId: instanceId, HierarchyGroupId: europe.HierarchyGroupId }),
      ),
    );

    expect(noLevel.name).toBe('InvalidRequestException');
    expect(noLevel.message).toMatch(/UpdateUserHierarchyStructure/);
    expect(structure.HierarchyStructure?.LevelOne?.Name).toBe('Region');
    expect(structure.HierarchyStructure?.LevelTwo?.Arn).toBe(`${instanceArn}/agent-group-level/2`);
    expect(structure.HierarchyStructure?.LevelThree).toBeUndefined();
    expect(tooDeep.name).toBe('InvalidRequestException');
    expect(shrink.name).toBe('ResourceInUseException');
    expect(described.HierarchyGroup).toMatchObject({
      Name: 'Porto',
      LevelId: '2',
      HierarchyPath: { LevelOne: { Id: europe.HierarchyGroupId, Name: 'Europe' }, LevelTwo: { Name: 'Porto' } },
    });
    expect(parentWithChild.name).toBe('ResourceInUseException');
  });

  it('updates users piece by piece, checks what they refer to and holds proficiencies in predefined attributes', async () => {
    const profiles = (await client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId })))
      .SecurityProfileSummaryList!;
    const profileId = (name: string) => profiles.find((profile) => profile.Name === name)!.Id!;
    const routingProfileId = (await client.send(new ListRoutingProfilesCommand({ InstanceId: instanceId })))
      .RoutingProfileSummaryList![0]!.Id!;
    const group = await client.send(new CreateUserHierarchyGroupCommand({ InstanceId: instanceId, Name: 'Americas' }));
    const missingProfile = await rejection(
      client.send(
        new CreateUserCommand({
          InstanceId: instanceId,
          Username: 'nobody',
          SecurityProfileIds: ['00000000-0000-4000-8000-000000000000'],
          RoutingProfileId: routingProfileId,
          PhoneConfig: { PhoneType: 'SOFT_PHONE' },
        }),
      ),
    );
    const user = await client.send(
      new CreateUserCommand({
        InstanceId: instanceId,
        Username: 'ana',
        Password: 'Secret-Passw0rd',
        IdentityInfo: { FirstName: 'Ana', LastName: 'Silva' },
        SecurityProfileIds: [profileId('Agent')],
        RoutingProfileId: routingProfileId,
        PhoneConfig: { PhoneType: 'SOFT_PHONE' },
      }),
    );
    await client.send(
      new UpdateUserSecurityProfilesCommand({
        InstanceId: instanceId,
        UserId: user.UserId,
        SecurityProfileIds: [profileId('Agent'), profileId('Supervisors')],
      }),
    );
    await client.send(
      new UpdateUserRoutingProfileCommand({
        InstanceId: instanceId,
        UserId: user.UserId,
        RoutingProfileId: routingProfileId,
      }),
    );
    await client.send(
      new UpdateUserHierarchyCommand({
        InstanceId: instanceId,
        UserId: user.UserId,
        HierarchyGroupId: group.HierarchyGroupId,
      }),
    );
    await client.send(
      new UpdateUserPhoneConfigCommand({
        InstanceId: instanceId,
        UserId: user.UserId,
        PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+12065550100', AfterContactWorkTimeLimit: 30 },
      }),
    );
    await client.send(
      new UpdateUserIdentityInfoCommand({
        InstanceId: instanceId,
        UserId: user.UserId,
        IdentityInfo: { FirstName: 'Ana', LastName: 'Costa', Email: 'ana@example.com' },
      }),
    );
    const described = await client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: user.UserId }));
    const profileInUse = await rejection(
      client.send(
        new DeleteSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: profileId('Supervisors') }),
      ),
    );
    const groupInUse = await rejection(
      client.send(
        new DeleteUserHierarchyGroupCommand({ InstanceId: instanceId, HierarchyGroupId: group.HierarchyGroupId }),
      ),
    );
    const unknownAttribute = await rejection(
      client.send(
        new AssociateUserProficienciesCommand({
          InstanceId: instanceId,
          UserId: user.UserId,
          UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'Portuguese', Level: 4 }],
        }),
      ),
    );
    await client.send(
      new CreatePredefinedAttributeCommand({
        InstanceId: instanceId,
        Name: 'Language',
        Values: { StringList: ['Portuguese', 'Spanish'] },
      }),
    );
    await client.send(
      new AssociateUserProficienciesCommand({
        InstanceId: instanceId,
        UserId: user.UserId,
        UserProficiencies: [
          { AttributeName: 'Language', AttributeValue: 'Portuguese', Level: 4 },
          { AttributeName: 'Language', AttributeValue: 'Spanish', Level: 2 },
        ],
      }),
    );
    await client.send(
      new UpdateUserProficienciesCommand({
        InstanceId: instanceId,
        UserId: user.UserId,
        UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'Spanish', Level: 3 }],
      }),
    );
    await client.send(
      new DisassociateUserProficienciesCommand({
        InstanceId: instanceId,
        UserId: user.UserId,
        UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'Portuguese' }],
      }),
    );
    const proficiencies = await client.send(
      new ListUserProficienciesCommand({ InstanceId: instanceId, UserId: user.UserId }),
    );
    const searched = await client.send(
      new SearchUsersCommand({
        InstanceId: instanceId,
        SearchCriteria: { StringCondition: { FieldName: 'Username', Value: 'ana', ComparisonType: 'EXACT' } },
      }),
    );
    await client.send(new DeleteUserCommand({ InstanceId: instanceId, UserId: user.UserId }));
    const gone = await rejection(client.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: user.UserId })));
    await client.send(
      new DeleteSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileId: profileId('Supervisors') }),
    );

    expect(missingProfile.name).toBe('ResourceNotFoundException');
    expect(described.User).toMatchObject({
      Username: 'ana',
      SecurityProfileIds: [profileId('Agent'), profileId('Supervisors')],
      RoutingProfileId: routingProfileId,
      HierarchyGroupId: group.HierarchyGroupId,
      PhoneConfig: { PhoneType: 'DESK_PHONE', DeskPhoneNumber: '+12065550100', AfterContactWorkTimeLimit: 30 },
      IdentityInfo: { FirstName: 'Ana', LastName: 'Costa', Email: 'ana@example.com' },
    });
    expect(profileInUse.name).toBe('ResourceInUseException');
    expect(groupInUse.name).toBe('ResourceInUseException');
    expect(unknownAttribute.name).toBe('ResourceNotFoundException');
    expect(proficiencies.UserProficiencyList).toEqual([
      { AttributeName: 'Language', AttributeValue: 'Spanish', Level: 3 },
    ]);
    expect(searched.Users?.map((found) => found.Username)).toEqual(['ana']);
    expect(searched.ApproximateTotalCount).toBe(1);
    expect(gone.name).toBe('ResourceNotFoundException');
  });
});
