import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext } from '../service.js';
import { activeInstance, type ConnectEnvironment, type ConnectHandlers } from './environment.js';
import { notFound } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type AuthenticationProfile, type ConnectInstance } from './store.js';

// Every instance has one authentication profile, its default, which can be described and updated but neither made
// nor deleted through the API.

const SETTINGS = [
  'Name',
  'Description',
  'AllowedIps',
  'BlockedIps',
  'PeriodicSessionDuration',
  'SessionInactivityDuration',
  'SessionInactivityHandlingEnabled',
] as const;

/** Connect's defaults: sessions refreshed every 60 minutes, for at most 720, inactivity not handled. */
const DEFAULT_SETTINGS = {
  Name: 'Default authentication profile',
  Description: 'The default authentication profile of the instance',
  AllowedIps: [],
  BlockedIps: [],
  PeriodicSessionDuration: 60,
  SessionInactivityDuration: 60,
  SessionInactivityHandlingEnabled: false,
};

const MAX_SESSION_DURATION = 720;

/** The instance's profile, made on first use so that instances from older state files have one too. */
function profileOf(instance: ConnectInstance, context: OperationContext): AuthenticationProfile {
  if (!instance.authenticationProfile) {
    const id = newId();
    instance.authenticationProfile = {
      id,
      arn: `${instance.arn}/authentication-profile/${id}`,
      createdTime: instance.details.createdTime,
      lastModifiedTime: instance.details.createdTime,
      lastModifiedRegion: context.region,
      settings: structuredClone(DEFAULT_SETTINGS),
    };
  }
  return instance.authenticationProfile;
}

function describe(profile: AuthenticationProfile): StructureValue {
  return {
    ...profile.settings,
    Id: profile.id,
    Arn: profile.arn,
    IsDefault: true,
    MaxSessionDuration: MAX_SESSION_DURATION,
    CreatedTime: profile.createdTime,
    LastModifiedTime: profile.lastModifiedTime,
    LastModifiedRegion: profile.lastModifiedRegion,
  };
}

export function authenticationProfileOperations(env: ConnectEnvironment): ConnectHandlers {
  function found(input: StructureValue, context: OperationContext): AuthenticationProfile {
    const profile = profileOf(activeInstance(env, context, input.InstanceId), context);
    const reference = input.AuthenticationProfileId as string;
    if (reference !== profile.id && reference !== profile.arn) {
      throw notFound(`Authentication profile not found: ${reference}`);
    }
    return profile;
  }

  return {
    ListAuthenticationProfiles: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const profile = profileOf(instance, context);
      const page = paginate('ListAuthenticationProfiles', [profile], input, instance.id);
      return {
        output: {
          AuthenticationProfileSummaryList: page.items.map((item) => ({
            Id: item.id,
            Arn: item.arn,
            Name: item.settings.Name,
            IsDefault: true,
            LastModifiedTime: item.lastModifiedTime,
            LastModifiedRegion: item.lastModifiedRegion,
          })),
          NextToken: page.nextToken,
        },
      };
    },

    DescribeAuthenticationProfile: (input, context) => ({
      output: { AuthenticationProfile: describe(found(input, context)) },
    }),

    UpdateAuthenticationProfile: (input, context) => {
      const profile = found(input, context);
      for (const member of SETTINGS) {
        if (input[member] !== undefined) profile.settings[member] = structuredClone(input[member]);
      }
      profile.lastModifiedTime = new Date();
      profile.lastModifiedRegion = context.region;
      return { output: {} };
    },
  };
}
