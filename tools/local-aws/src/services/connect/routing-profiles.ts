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
import { duplicate, notFound, resourceInUse } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type ConnectInstance, type RoutingProfile, type RoutingQueueConfig } from './store.js';

interface QueueReference {
  QueueId: string;
  Channel: string;
}

interface QueueConfigInput {
  QueueReference: QueueReference;
  Priority: number;
  Delay: number;
}

function queueConfigs(instance: ConnectInstance, configs: unknown): RoutingQueueConfig[] {
  return ((configs as QueueConfigInput[] | undefined) ?? []).map((config) => ({
    queueId: instance.queues.get(config.QueueReference.QueueId).id,
    channel: config.QueueReference.Channel,
    priority: config.Priority,
    delay: config.Delay,
  }));
}

function sameAssociation(a: { queueId: string; channel: string }, b: { queueId: string; channel: string }): boolean {
  return a.queueId === b.queueId && a.channel === b.channel;
}

function describeProfile(instance: ConnectInstance, profile: RoutingProfile): StructureValue {
  const queueIds = [...new Set(profile.queueConfigs.map((config) => config.queueId))];
  return {
    InstanceId: instance.id,
    Name: profile.name,
    RoutingProfileArn: profile.arn,
    RoutingProfileId: profile.id,
    Description: profile.description,
    MediaConcurrencies: profile.mediaConcurrencies,
    DefaultOutboundQueueId: profile.defaultOutboundQueueId,
    Tags: { ...profile.tags },
    NumberOfAssociatedQueues: profile.queueConfigs.length,
    NumberOfAssociatedUsers: instance.users.all().filter((user) => user.routingProfileId === profile.id).length,
    AgentAvailabilityTimer: profile.agentAvailabilityTimer,
    LastModifiedTime: profile.lastModifiedTime,
    LastModifiedRegion: profile.lastModifiedRegion,
    IsDefault: profile.isDefault,
    AssociatedQueueIds: queueIds,
  };
}

export function routingProfileOperations(env: ConnectEnvironment): ConnectHandlers {
  function profileOf(input: StructureValue, context: OperationContext) {
    const instance = activeInstance(env, context, input.InstanceId);
    return { instance, profile: instance.routingProfiles.get(input.RoutingProfileId as string) };
  }

  return {
    ListRoutingProfiles: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const page = paginate('ListRoutingProfiles', instance.routingProfiles.list(), input, instance.id);
      return { output: { RoutingProfileSummaryList: page.items.map(summary), NextToken: page.nextToken } };
    },

    DescribeRoutingProfile: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      return { output: { RoutingProfile: describeProfile(instance, profile) } };
    },

    CreateRoutingProfile: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.routingProfiles.nameTaken(name))
        throw duplicate(`Routing profile with name ${name} already exists.`);
      const defaultOutboundQueue = instance.queues.get(input.DefaultOutboundQueueId as string);
      const configs = queueConfigs(instance, input.QueueConfigs);
      const id = newId();
      const profile = instance.routingProfiles.add({
        id,
        arn: instance.resourceArn('routingProfile', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        description: input.Description as string,
        mediaConcurrencies: input.MediaConcurrencies as unknown[],
        defaultOutboundQueueId: defaultOutboundQueue.id,
        queueConfigs: configs,
        agentAvailabilityTimer: (input.AgentAvailabilityTimer as string | undefined) ?? 'TIME_SINCE_LAST_ACTIVITY',
        isDefault: false,
      });
      return { output: { RoutingProfileArn: profile.arn, RoutingProfileId: id } };
    },

    UpdateRoutingProfileName: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      const name = input.Name as string | undefined;
      if (name !== undefined && instance.routingProfiles.nameTaken(name, profile.id)) {
        throw duplicate(`Routing profile with name ${name} already exists.`);
      }
      if (name !== undefined) profile.name = name;
      if (input.Description !== undefined) profile.description = input.Description as string;
      touch(profile, context);
      return { output: {} };
    },

    UpdateRoutingProfileConcurrency: (input, context) => {
      const { profile } = profileOf(input, context);
      profile.mediaConcurrencies = input.MediaConcurrencies as unknown[];
      touch(profile, context);
      return { output: {} };
    },

    UpdateRoutingProfileDefaultOutboundQueue: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      profile.defaultOutboundQueueId = instance.queues.get(input.DefaultOutboundQueueId as string).id;
      touch(profile, context);
      return { output: {} };
    },

    UpdateRoutingProfileAgentAvailabilityTimer: (input, context) => {
      const { profile } = profileOf(input, context);
      profile.agentAvailabilityTimer = input.AgentAvailabilityTimer as string;
      touch(profile, context);
      return { output: {} };
    },

    ListRoutingProfileQueues: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      const page = paginate('ListRoutingProfileQueues', profile.queueConfigs, input, profile.id);
      return {
        output: {
          RoutingProfileQueueConfigSummaryList: page.items.map((config) => {
            const queue = instance.queues.all().find((candidate) => candidate.id === config.queueId);
            return {
              QueueId: config.queueId,
              QueueArn: queue?.arn ?? instance.resourceArn('queue', config.queueId),
              QueueName: queue?.name ?? config.queueId,
              Priority: config.priority,
              Delay: config.delay,
              Channel: config.channel,
            };
          }),
          NextToken: page.nextToken,
          LastModifiedTime: profile.lastModifiedTime,
          LastModifiedRegion: profile.lastModifiedRegion,
        },
      };
    },

    // Associating a queue and channel again sets its priority and delay rather than failing.
    AssociateRoutingProfileQueues: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      for (const config of queueConfigs(instance, input.QueueConfigs)) {
        const index = profile.queueConfigs.findIndex((existing) => sameAssociation(existing, config));
        if (index >= 0) profile.queueConfigs[index] = config;
        else profile.queueConfigs.push(config);
      }
      touch(profile, context);
      return { output: {} };
    },

    DisassociateRoutingProfileQueues: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      const removed = ((input.QueueReferences as QueueReference[] | undefined) ?? []).map((reference) => ({
        queueId: instance.queues.get(reference.QueueId).id,
        channel: reference.Channel,
      }));
      profile.queueConfigs = profile.queueConfigs.filter(
        (config) => !removed.some((reference) => sameAssociation(config, reference)),
      );
      touch(profile, context);
      return { output: {} };
    },

    UpdateRoutingProfileQueues: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      for (const config of queueConfigs(instance, input.QueueConfigs)) {
        const index = profile.queueConfigs.findIndex((existing) => sameAssociation(existing, config));
        if (index < 0) {
          throw notFound(
            `Queue ${config.queueId} is not associated with routing profile ${profile.name} on ${config.channel}.`,
          );
        }
        profile.queueConfigs[index] = config;
      }
      touch(profile, context);
      return { output: {} };
    },

    DeleteRoutingProfile: (input, context) => {
      const { instance, profile } = profileOf(input, context);
      const user = instance.users.all().find((candidate) => candidate.routingProfileId === profile.id);
      if (user) {
        throw resourceInUse(`Routing profile ${profile.name} is assigned to user ${user.name}.`, user.arn, 'USER');
      }
      instance.routingProfiles.delete(profile.id);
      return { output: {} };
    },
  };
}
