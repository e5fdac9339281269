import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext } from '../service.js';
import {
  activeInstance,
  created,
  summary,
  tagsOf,
  touch,
  type ConnectEnvironment,
  type ConnectHandlers,
} from './environment.js';
import { duplicate, invalidParameter, invalidRequest, notFound, resourceInUse } from './errors.js';
import { paginate } from './pagination.js';
import {
  newId,
  type ConnectInstance,
  type HierarchyGroup,
  type SecurityProfile,
  type User,
  type UserProficiency,
} from './store.js';

// Security profiles, the user hierarchy and users as Connect relates them: a user needs an existing routing profile
// and security profiles; a profile or a group in use cannot be deleted; a group needs its level in the structure.

const LEVEL_NAMES = ['LevelOne', 'LevelTwo', 'LevelThree', 'LevelFour', 'LevelFive'] as const;

/** What CreateSecurityProfile / UpdateSecurityProfile keep beside the permissions, by model member name. */
const PROFILE_SETTINGS = [
  'AllowedAccessControlTags',
  'TagRestrictedResources',
  'Applications',
  'HierarchyRestrictedResources',
  'AllowedAccessControlHierarchyGroupId',
  'AllowedFlowModules',
  'GranularAccessControlConfiguration',
] as const;

/** The per-channel settings of a user, as UpdateUserConfig and DescribeUser name them. */
const USER_CONFIGS = [
  'AutoAcceptConfigs',
  'AfterContactWorkConfigs',
  'PhoneNumberConfigs',
  'PersistentConnectionConfigs',
  'VoiceEnhancementConfigs',
] as const;

function describeProfile(instance: ConnectInstance, profile: SecurityProfile): StructureValue {
  return {
    ...profile.settings,
    Id: profile.id,
    OrganizationResourceId: instance.id,
    Arn: profile.arn,
    SecurityProfileName: profile.name,
    Description: profile.description,
    Tags: { ...profile.tags },
    LastModifiedTime: profile.lastModifiedTime,
    LastModifiedRegion: profile.lastModifiedRegion,
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

function describeUser(user: User): StructureValue {
  return {
    ...user.configs,
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
  };
}

function pick(input: StructureValue, members: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    members.filter((member) => input[member] !== undefined).map((member) => [member, input[member]]),
  );
}

export function peopleOperations(env: ConnectEnvironment): ConnectHandlers {
  function profileOf(input: StructureValue, context: OperationContext) {
    const instance = activeInstance(env, context, input.InstanceId);
    return { instance, profile: instance.securityProfiles.get(input.SecurityProfileId as string) };
  }

  function userOf(input: StructureValue, context: OperationContext) {
    const instance = activeInstance(env, context, input.InstanceId);
    return { instance, user: instance.users.get(input.UserId as string) };
  }

  function groupOf(input: StructureValue, context: OperationContext) {
    const instance = activeInstance(env, context, input.InstanceId);
    return { instance, group: instance.hierarchyGroups.get(input.HierarchyGroupId as string) };
  }

  /** Proficiencies must name a predefined attribute of the instance and one of its values. */
  function checkProficiencies(context: OperationContext, instance: ConnectInstance, proficiencies: UserProficiency[]) {
    for (const { AttributeName, AttributeValue } of proficiencies) {
      const attribute = env.generic.find(context, 'PredefinedAttribute', { InstanceId: instance.id }, AttributeName);
      if (!attribute) throw notFound(`Predefined attribute not found: ${AttributeName}`);
      const values = (attribute.fields.Values as { StringList?: string[] } | undefined)?.StringList ?? [];
      if (!values.includes(AttributeValue)) {
        throw invalidParameter(`${AttributeValue} is not a value of the predefined attribute ${AttributeName}.`);
      }
    }
  }

  const sameProficiency = (a: UserProficiency, b: { AttributeName: string; AttributeValue: string }) =>
    a.AttributeName === b.AttributeName && a.AttributeValue === b.AttributeValue;

  return {
    ListSecurityProfiles: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListSecurityProfiles', instance.securityProfiles.list(), input, instance.id);
      return { output: { SecurityProfileSummaryList: page.items.map(summary), NextToken: page.nextToken } };
    },

    DescribeSecurityProfile: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      return { output: { SecurityProfile: describeProfile(instance, profile) } };
    },

    CreateSecurityProfile: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.SecurityProfileName as string;
      if (instance.securityProfiles.nameTaken(name)) {
        throw duplicate(`Security profile with name ${name} already exists.`);
      }
      if (input.AllowedAccessControlHierarchyGroupId !== undefined) {
        instance.hierarchyGroups.get(input.AllowedAccessControlHierarchyGroupId as string);
      }
      const id = newId();
      const profile = instance.securityProfiles.add({
        id,
        arn: instance.resourceArn('securityProfile', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        description: input.Description as string | undefined,
        permissions: [...new Set((input.Permissions as string[] | undefined) ?? [])],
        settings: pick(input, PROFILE_SETTINGS),
      });
      return { output: { SecurityProfileId: id, SecurityProfileArn: profile.arn } };
    },

    // Only what the request names changes; Permissions, when given, is the whole new list.
    UpdateSecurityProfile: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      if (input.AllowedAccessControlHierarchyGroupId !== undefined) {
        instance.hierarchyGroups.get(input.AllowedAccessControlHierarchyGroupId as string);
      }
      if (input.Description !== undefined) profile.description = input.Description as string;
      if (input.Permissions !== undefined) profile.permissions = [...new Set(input.Permissions as string[])];
      Object.assign(profile.settings, pick(input, PROFILE_SETTINGS));
      touch(profile, context);
      return { output: {} };
    },

    DeleteSecurityProfile: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      const user = instance.users.all().find((candidate) => candidate.securityProfileIds.includes(profile.id));
      if (user) {
        throw resourceInUse(`Security profile ${profile.name} is assigned to user ${user.name}.`, user.arn, 'USER');
      }
      instance.securityProfiles.delete(profile.id);
      return { output: {} };
    },

    ListSecurityProfilePermissions: (input, context) => {
      const { profile } = profileOf(input, context);
      const page = paginate('ListSecurityProfilePermissions', profile.permissions, input, profile.id);
      return {
        output: {
          Permissions: page.items,
          NextToken: page.nextToken,
          LastModifiedTime: profile.lastModifiedTime,
          LastModifiedRegion: profile.lastModifiedRegion,
        },
      };
    },

    ListSecurityProfileApplications: (input, context) => {
      const { profile } = profileOf(input, context);
      const applications = (profile.settings.Applications as unknown[] | undefined) ?? [];
      const page = paginate('ListSecurityProfileApplications', applications, input, profile.id);
      return {
        output: {
          Applications: page.items,
          NextToken: page.nextToken,
          LastModifiedTime: profile.lastModifiedTime,
          LastModifiedRegion: profile.lastModifiedRegion,
        },
      };
    },

    DescribeUserHierarchyStructure: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const structure = Object.fromEntries(
        [...instance.hierarchyLevels.entries()].map(([depth, level]) => [
          LEVEL_NAMES[depth - 1] as string,
          {
            Id: level.id,
            Arn: level.arn,
            Name: level.name,
            LastModifiedTime: level.lastModifiedTime,
            LastModifiedRegion: level.lastModifiedRegion,
          },
        ]),
      );
      return { output: { HierarchyStructure: structure } };
    },

    // The request gives the whole structure: levels it leaves out are removed, which groups at them prevent.
    UpdateUserHierarchyStructure: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const wanted = input.HierarchyStructure as Record<string, { Name: string } | undefined>;
      const depths = LEVEL_NAMES.map((name, index) => (wanted[name] ? index + 1 : 0)).filter((depth) => depth > 0);
      const deepest = Math.max(0, ...depths);
      if (depths.length !== deepest) {
        throw invalidParameter('Hierarchy levels must be defined from LevelOne down, without gaps.');
      }
      const inUse = instance.hierarchyGroups.all().find((group) => group.level > deepest);
      if (inUse) {
        throw resourceInUse(
          `Hierarchy level ${LEVEL_NAMES[inUse.level - 1]} has the group ${inUse.name}.`,
          inUse.arn,
          'HIERARCHY_GROUP',
        );
      }
      for (let depth = 1; depth <= LEVEL_NAMES.length; depth += 1) {
        const level = wanted[LEVEL_NAMES[depth - 1] as string];
        const current = instance.hierarchyLevels.get(depth);
        if (!level) {
          instance.hierarchyLevels.delete(depth);
        } else if (!current || current.name !== level.Name) {
          const id = current?.id ?? String(depth);
          instance.hierarchyLevels.set(depth, {
            id,
            arn: `${instance.arn}/agent-group-level/${id}`,
            name: level.Name,
            lastModifiedTime: new Date(),
            lastModifiedRegion: context.region,
          });
        }
      }
      return { output: {} };
    },

    ListUserHierarchyGroups: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListUserHierarchyGroups', instance.hierarchyGroups.list(), input, instance.id);
      return { output: { UserHierarchyGroupSummaryList: page.items.map(summary), NextToken: page.nextToken } };
    },

    DescribeUserHierarchyGroup: (input, context) => {
      const { instance, group } = groupOf(input, context);
      const path = Object.fromEntries(
        hierarchyChain(instance, group).map((member, index) => [LEVEL_NAMES[index] as string, summary(member)]),
      );
      return {
        output: {
          HierarchyGroup: {
            Id: group.id,
            Arn: group.arn,
            Name: group.name,
            LevelId: instance.hierarchyLevels.get(group.level)?.id ?? String(group.level),
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
      if (instance.hierarchyGroups.nameTaken(name)) {
        throw duplicate(`Hierarchy group with name ${name} already exists.`);
      }
      const parent =
        input.ParentGroupId === undefined ? undefined : instance.hierarchyGroups.get(input.ParentGroupId as string);
      const level = (parent?.level ?? 0) + 1;
      if (!instance.hierarchyLevels.has(level)) {
        throw invalidRequest(
          `The user hierarchy structure has no ${LEVEL_NAMES[level - 1] ?? `level ${level}`} for group ${name}: ` +
            'define it with UpdateUserHierarchyStructure first.',
        );
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

    UpdateUserHierarchyGroupName: (input, context) => {
      const { instance, group } = groupOf(input, context);
      const name = input.Name as string;
      if (instance.hierarchyGroups.nameTaken(name, group.id)) {
        throw duplicate(`Hierarchy group with name ${name} already exists.`);
      }
      group.name = name;
      touch(group, context);
      return { output: {} };
    },

    DeleteUserHierarchyGroup: (input, context) => {
      const { instance, group } = groupOf(input, context);
      const child = instance.hierarchyGroups.all().find((candidate) => candidate.parentId === group.id);
      if (child) {
        throw resourceInUse(
          `Hierarchy group ${group.name} has the child group ${child.name}.`,
          child.arn,
          'HIERARCHY_GROUP',
        );
      }
      const user = instance.users.all().find((candidate) => candidate.hierarchyGroupId === group.id);
      if (user) throw resourceInUse(`Hierarchy group ${group.name} has the user ${user.name}.`, user.arn, 'USER');
      instance.hierarchyGroups.delete(group.id);
      return { output: {} };
    },

    // Connect requires a password for its own identity management; local-aws does not, so that scripts that leave
    // it to an identity provider run here too. A password where Connect does not manage identities is refused.
    CreateUser: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const username = input.Username as string;
      if (instance.users.nameTaken(username)) throw duplicate(`User with username ${username} already exists.`);
      if (input.Password !== undefined && instance.details.identityManagementType !== 'CONNECT_MANAGED') {
        throw invalidParameter(
          `Password is only taken when Amazon Connect manages identities; this instance uses ${instance.details.identityManagementType}.`,
        );
      }
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
        configs: pick(input, USER_CONFIGS),
        proficiencies: [],
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

    DescribeUser: (input, context) => ({ output: { User: describeUser(userOf(input, context).user) } }),

    UpdateUserRoutingProfile: (input, context) => {
      const { instance, user } = userOf(input, context);
      user.routingProfileId = instance.routingProfiles.get(input.RoutingProfileId as string).id;
      touch(user, context);
      return { output: {} };
    },

    UpdateUserSecurityProfiles: (input, context) => {
      const { instance, user } = userOf(input, context);
      user.securityProfileIds = (input.SecurityProfileIds as string[]).map(
        (id) => instance.securityProfiles.get(id).id,
      );
      touch(user, context);
      return { output: {} };
    },

    // Without HierarchyGroupId the user leaves its group.
    UpdateUserHierarchy: (input, context) => {
      const { instance, user } = userOf(input, context);
      user.hierarchyGroupId =
        input.HierarchyGroupId === undefined
          ? undefined
          : instance.hierarchyGroups.get(input.HierarchyGroupId as string).id;
      touch(user, context);
      return { output: {} };
    },

    UpdateUserPhoneConfig: (input, context) => {
      const { user } = userOf(input, context);
      user.phoneConfig = input.PhoneConfig;
      touch(user, context);
      return { output: {} };
    },

    UpdateUserIdentityInfo: (input, context) => {
      const { user } = userOf(input, context);
      user.identityInfo = input.IdentityInfo;
      touch(user, context);
      return { output: {} };
    },

    UpdateUserConfig: (input, context) => {
      const { user } = userOf(input, context);
      user.configs = { ...user.configs, ...pick(input, USER_CONFIGS) };
      touch(user, context);
      return { output: {} };
    },

    DeleteUser: (input, context) => {
      const { instance, user } = userOf(input, context);
      instance.users.delete(user.id);
      return { output: {} };
    },

    AssociateUserProficiencies: (input, context) => {
      const { instance, user } = userOf(input, context);
      const added = input.UserProficiencies as UserProficiency[];
      checkProficiencies(context, instance, added);
      const kept = (user.proficiencies ?? []).filter(
        (existing) => !added.some((item) => sameProficiency(existing, item)),
      );
      user.proficiencies = [...kept, ...added.map((item) => ({ ...item }))];
      touch(user, context);
      return { output: {} };
    },

    UpdateUserProficiencies: (input, context) => {
      const { instance, user } = userOf(input, context);
      const changes = input.UserProficiencies as UserProficiency[];
      checkProficiencies(context, instance, changes);
      for (const change of changes) {
        const existing = (user.proficiencies ?? []).find((item) => sameProficiency(item, change));
        if (!existing) {
          throw notFound(`User ${user.name} has no proficiency ${change.AttributeName}=${change.AttributeValue}.`);
        }
        existing.Level = change.Level;
      }
      touch(user, context);
      return { output: {} };
    },

    DisassociateUserProficiencies: (input, context) => {
      const { user } = userOf(input, context);
      const removed = input.UserProficiencies as { AttributeName: string; AttributeValue: string }[];
      user.proficiencies = (user.proficiencies ?? []).filter(
        (existing) => !removed.some((item) => sameProficiency(existing, item)),
      );
      touch(user, context);
      return { output: {} };
    },

    ListUserProficiencies: (input, context) => {
      const { user } = userOf(input, context);
      const page = paginate('ListUserProficiencies', user.proficiencies ?? [], input, user.id);
      return {
        output: {
          UserProficiencyList: page.items,
          NextToken: page.nextToken,
          LastModifiedTime: user.lastModifiedTime,
          LastModifiedRegion: user.lastModifiedRegion,
        },
      };
    },
  };
}
