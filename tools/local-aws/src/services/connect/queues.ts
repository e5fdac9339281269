import type { StructureValue } from '../../protocols/protocol.js';
import type { OperationContext } from '../service.js';
import {
  activeInstance,
  created,
  regionState,
  summary,
  tagsOf,
  touch,
  type ConnectEnvironment,
  type ConnectHandlers,
} from './environment.js';
import { duplicate, invalidParameter, notFound, resourceInUse } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type ConnectInstance, type OutboundCallerConfig, type Queue } from './store.js';

/** Checks what an outbound caller configuration refers to: a number the instance claimed, an existing flow. */
function checkOutboundCallerConfig(
  env: ConnectEnvironment,
  context: OperationContext,
  instance: ConnectInstance,
  config: OutboundCallerConfig | undefined,
): OutboundCallerConfig | undefined {
  if (!config) return undefined;
  const numberId = config.OutboundCallerIdNumberId;
  if (numberId !== undefined) {
    const number = regionState(env, context).phoneNumbers.get(numberId.split('/').pop() ?? '');
    if (!number) throw notFound(`Phone number not found: ${numberId}`);
    if (number.instanceId !== instance.id) {
      throw invalidParameter(`OutboundCallerIdNumberId ${numberId} is not a phone number claimed by this instance.`);
    }
  }
  if (config.OutboundFlowId !== undefined) instance.flows.get(config.OutboundFlowId);
  return { ...config };
}

function describeQueue(queue: Queue): StructureValue {
  return {
    Name: queue.name,
    QueueArn: queue.arn,
    QueueId: queue.id,
    Description: queue.description,
    OutboundCallerConfig: queue.outboundCallerConfig,
    HoursOfOperationId: queue.hoursOfOperationId,
    MaxContacts: queue.maxContacts,
    Status: queue.status,
    Tags: { ...queue.tags },
    LastModifiedTime: queue.lastModifiedTime,
    LastModifiedRegion: queue.lastModifiedRegion,
  };
}

function quickConnectIds(instance: ConnectInstance, ids: unknown): string[] {
  return ((ids as string[] | undefined) ?? []).map((id) => instance.quickConnects.get(id).id);
}

export function queueOperations(env: ConnectEnvironment): ConnectHandlers {
  function queueOf(input: StructureValue, context: OperationContext): { instance: ConnectInstance; queue: Queue } {
    const instance = activeInstance(env, context, input.InstanceId);
    return { instance, queue: instance.queues.get(input.QueueId as string) };
  }

  return {
    ListQueues: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const types = (input.QueueTypes as string[] | undefined) ?? [];
      // Only STANDARD queues are kept: the per-agent AGENT queues are not emulated.
      const queues = types.length === 0 || types.includes('STANDARD') ? instance.queues.list() : [];
      const page = paginate('ListQueues', queues, input, `${instance.id}/${types.join(',')}`);
      return {
        output: {
          QueueSummaryList: page.items.map((queue) => ({ ...summary(queue), QueueType: 'STANDARD' })),
          NextToken: page.nextToken,
        },
      };
    },

    DescribeQueue: (input, context) => ({ output: { Queue: describeQueue(queueOf(input, context).queue) } }),

    CreateQueue: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.queues.nameTaken(name)) throw duplicate(`Queue with name ${name} already exists.`);
      const hours = instance.hours.get(input.HoursOfOperationId as string);
      const outboundCallerConfig = checkOutboundCallerConfig(
        env,
        context,
        instance,
        input.OutboundCallerConfig as OutboundCallerConfig | undefined,
      );
      const id = newId();
      const queue = instance.queues.add({
        id,
        arn: instance.resourceArn('queue', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        description: input.Description as string | undefined,
        hoursOfOperationId: hours.id,
        maxContacts: input.MaxContacts as number | undefined,
        status: 'ENABLED',
        outboundCallerConfig,
        quickConnectIds: quickConnectIds(instance, input.QuickConnectIds),
      });
      return { output: { QueueArn: queue.arn, QueueId: id } };
    },

    UpdateQueueName: (input, context) => {
      const { instance, queue } = queueOf(input, context);
      const name = input.Name as string | undefined;
      if (name !== undefined && instance.queues.nameTaken(name, queue.id)) {
        throw duplicate(`Queue with name ${name} already exists.`);
      }
      if (name !== undefined) queue.name = name;
      if (input.Description !== undefined) queue.description = input.Description as string;
      touch(queue, context);
      return { output: {} };
    },

    UpdateQueueHoursOfOperation: (input, context) => {
      const { instance, queue } = queueOf(input, context);
      queue.hoursOfOperationId = instance.hours.get(input.HoursOfOperationId as string).id;
      touch(queue, context);
      return { output: {} };
    },

    UpdateQueueMaxContacts: (input, context) => {
      const { queue } = queueOf(input, context);
      queue.maxContacts = input.MaxContacts as number | undefined;
      touch(queue, context);
      return { output: {} };
    },

    UpdateQueueOutboundCallerConfig: (input, context) => {
      const { instance, queue } = queueOf(input, context);
      queue.outboundCallerConfig = checkOutboundCallerConfig(
        env,
        context,
        instance,
        input.OutboundCallerConfig as OutboundCallerConfig,
      );
      touch(queue, context);
      return { output: {} };
    },

    UpdateQueueStatus: (input, context) => {
      const { queue } = queueOf(input, context);
      queue.status = input.Status as Queue['status'];
      touch(queue, context);
      return { output: {} };
    },

    ListQueueQuickConnects: (input, context) => {
      const { instance, queue } = queueOf(input, context);
      const quickConnects = queue.quickConnectIds.flatMap((id) => instance.quickConnects.find(id) ?? []);
      const page = paginate('ListQueueQuickConnects', quickConnects, input, queue.id);
      return {
        output: {
          QuickConnectSummaryList: page.items.map((quickConnect) => ({
            ...summary(quickConnect),
            QuickConnectType: quickConnect.config.QuickConnectType,
          })),
          NextToken: page.nextToken,
          LastModifiedTime: queue.lastModifiedTime,
          LastModifiedRegion: queue.lastModifiedRegion,
        },
      };
    },

    AssociateQueueQuickConnects: (input, context) => {
      const { instance, queue } = queueOf(input, context);
      for (const id of quickConnectIds(instance, input.QuickConnectIds)) {
        if (!queue.quickConnectIds.includes(id)) queue.quickConnectIds.push(id);
      }
      touch(queue, context);
      return { output: {} };
    },

    DisassociateQueueQuickConnects: (input, context) => {
      const { instance, queue } = queueOf(input, context);
      const removed = new Set(quickConnectIds(instance, input.QuickConnectIds));
      queue.quickConnectIds = queue.quickConnectIds.filter((id) => !removed.has(id));
      touch(queue, context);
      return { output: {} };
    },

    DeleteQueue: (input, context) => {
      const { instance, queue } = queueOf(input, context);
      const profile = instance.routingProfiles
        .all()
        .find(
          (candidate) =>
            candidate.defaultOutboundQueueId === queue.id ||
            candidate.queueConfigs.some((config) => config.queueId === queue.id),
        );
      if (profile) {
        throw resourceInUse(`Queue ${queue.name} is used by routing profile ${profile.name}.`, profile.arn);
      }
      instance.queues.delete(queue.id);
      return { output: {} };
    },
  };
}
