import type { StructureValue } from '../../protocols/protocol.js';
import {
  activeInstance,
  created,
  summary,
  tagsOf,
  touch,
  type ConnectEnvironment,
  type ConnectHandlers,
} from './environment.js';
import { duplicate, invalidParameter } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type AgentStatus, type ConnectInstance, type HierarchyGroup } from './store.js';

// The people side of an instance: agent statuses, security profiles, the user hierarchy and users, kept to what
// flows, quick connects and routing profiles refer to.

const MAX_HIERARCHY_LEVELS = 5;
const LEVEL_NAMES = ['LevelOne', 'LevelTwo', 'LevelThree', 'LevelFour', 'LevelFive'];

function describeAgentStatus(status: AgentStatus): StructureValue {
  return {
    AgentStatusARN: status.arn,
    AgentStatusId: status.id,
    Name: status.name,
    Description: status.description,
    Type: status.type,
    DisplayOrder: status.displayOrder,
    State: status.state,
    Tags: { ...status.tags },
    LastModifiedTime: status.lastModifiedTime,
    LastModifiedRegion: status.lastModifiedRegion,
  };
}

/** The group and its ancestors, top level first. */
function hierarchyChain(instance: ConnectInstance, group: HierarchyGroup): HierarchyGroup[] {
  const chain = [group];
  let parentId = group.parentId;
  while (parentId !== undefined) {
    const parent = instance.hierarchyGroups.all().find((candidate) => candidate.id === parentId);
    if (!parent) break;
    chain.unshift(parent);
    parentId = parent.parentId;
  }
  return chain;
}

export function staffOperations(env: ConnectEnvironment): ConnectHandlers {
  return {
    ListAgentStatuses: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const types = (input.AgentStatusTypes as string[] | undefined) ?? [];
      const statuses = instance.agentStatuses
        .list()
        .filter((status) => types.length === 0 || types.includes(status.type));
      const page = paginate('ListAgentStatuses', statuses, input, `${instance.id}/${types.join(',')}`);
      return {
        output: {
          AgentStatusSummaryList: page.items.map((status) => ({ ...summary(status), Type: status.type })),
          NextToken: page.nextToken,
        },
      };
    },

    DescribeAgentStatus: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      return {
        output: { AgentStatus: describeAgentStatus(instance.agentStatuses.get(input.AgentStatusId as string)) },
      };
    },

    CreateAgentStatus: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.agentStatuses.nameTaken(name)) throw duplicate(`Agent status with name ${name} already exists.`);
      const id = newId();
      const status = instance.agentStatuses.add({
        id,
        arn: instance.resourceArn('agentStatus', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        description: input.Description as string | undefined,
        type: 'CUSTOM',
        displayOrder: input.DisplayOrder as number | undefined,
        state: input.State as AgentStatus['state'],
      });
      return { output: { AgentStatusARN: status.arn, AgentStatusId: id } };
    },

    UpdateAgentStatus: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const status = instance.agentStatuses.get(input.AgentStatusId as string);
      const name = input.Name as string | undefined;
      if (name !== undefined && instance.agentStatuses.nameTaken(name, status.id)) {
        throw duplicate(`Agent status with name ${name} already exists.`);
      }
      if (name !== undefined) status.name = name;
      if (input.Description !== undefined) status.description = (input.Description as string) || undefined;
      if (input.State !== undefined) status.state = input.State as AgentStatus['state'];
      if (input.DisplayOrder !== undefined) status.displayOrder = input.DisplayOrder as number;
      if (input.ResetOrderNumber === true) status.displayOrder = undefined;
      touch(status, context);
      return { output: {} };
    },

    ListSecurityProfiles: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListSecurityProfiles', instance.securityProfiles.list(), input, instance.id);
      return { output: { SecurityProfileSummaryList: page.items.map(summary), NextToken: page.nextToken } };
    },

    DescribeSecurityProfile: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const profile = instance.securityProfiles.get(input.SecurityProfileId as string);
      return {
        output: {
          SecurityProfile: {
            Id: profile.id,
            OrganizationResourceId: instance.id,
            Arn: profile.arn,
            SecurityProfileName: profile.name,
            Description: profile.description,
            Tags: { ...profile.tags },
            LastModifiedTime: profile.lastModifiedTime,
            LastModifiedRegion: profile.lastModifiedRegion,
          },
        },
      };
    },

    ListUserHierarchyGroups: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListUserHierarchyGroups', instance.hierarchyGroups.list(), input, instance.id);
      return { output: { UserHierarchyGroupSummaryList: page.items.map(summary), NextToken: page.nextToken } };
    },

    DescribeUserHierarchyGroup: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const group = instance.hierarchyGroups.get(input.HierarchyGroupId as string);
      const path = Object.fromEntries(
        hierarchyChain(instance, group).map((member, index) => [LEVEL_NAMES[index] as string, summary(member)]),
      );
      return {
        output: {
          HierarchyGroup: {
            Id: group.id,
            Arn: group.arn,
            Name: group.name,
            LevelId: String(group.level),
            HierarchyPath: path,
            Tags: { ...group.tags },
            LastModifiedTime: group.lastModifiedTime,
            LastModifiedRegion: group.lastModifiedRegion,
          },
        },
      };
    },

    CreateUserHierarchyGroup: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.hierarchyGroups.nameTaken(name))
        throw duplicate(`Hierarchy group with name ${name} already exists.`);
      const parent =
        input.ParentGroupId === undefined ? undefined : instance.hierarchyGroups.get(input.ParentGroupId as string);
      const level = (parent?.level ?? 0) + 1;
      if (level > MAX_HIERARCHY_LEVELS) {
        throw invalidParameter(`A user hierarchy has at most ${MAX_HIERARCHY_LEVELS} levels.`);
      }
      const id = newId();
      const group = instance.hierarchyGroups.add({
        id,
        arn: instance.resourceArn('hierarchyGroup', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        parentId: parent?.id,
        level,
      });
      return { output: { HierarchyGroupId: id, HierarchyGroupArn: group.arn } };
    },

    CreateUser: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const username = input.Username as string;
      if (instance.users.nameTaken(username)) throw duplicate(`User with username ${username} already exists.`);
      const securityProfileIds = (input.SecurityProfileIds as string[]).map(
        (id) => instance.securityProfiles.get(id).id,
      );
      const routingProfileId = instance.routingProfiles.get(input.RoutingProfileId as string).id;
      const hierarchyGroupId =
        input.HierarchyGroupId === undefined
          ? undefined
          : instance.hierarchyGroups.get(input.HierarchyGroupId as string).id;
      const id = newId();
      const user = instance.users.add({
        id,
        arn: instance.resourceArn('user', id),
        name: username,
        tags: tagsOf(input),
        ...created(env, context),
        securityProfileIds,
        routingProfileId,
        hierarchyGroupId,
        phoneConfig: input.PhoneConfig,
        identityInfo: input.IdentityInfo,
        directoryUserId: input.DirectoryUserId as string | undefined,
      });
      return { output: { UserId: id, UserArn: user.arn } };
    },

    ListUsers: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListUsers', instance.users.list(), input, instance.id);
      return {
        output: {
          UserSummaryList: page.items.map((user) => ({
            Id: user.id,
            Arn: user.arn,
            Username: user.name,
            LastModifiedTime: user.lastModifiedTime,
            LastModifiedRegion: user.lastModifiedRegion,
          })),
          NextToken: page.nextToken,
        },
      };
    },

    DescribeUser: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const user = instance.users.get(input.UserId as string);
      return {
        output: {
          User: {
            Id: user.id,
            Arn: user.arn,
            Username: user.name,
            IdentityInfo: user.identityInfo,
            PhoneConfig: user.phoneConfig,
            DirectoryUserId: user.directoryUserId,
            SecurityProfileIds: user.securityProfileIds,
            RoutingProfileId: user.routingProfileId,
            HierarchyGroupId: user.hierarchyGroupId,
            Tags: { ...user.tags },
            LastModifiedTime: user.lastModifiedTime,
            LastModifiedRegion: user.lastModifiedRegion,
          },
        },
      };
    },
  };
}
