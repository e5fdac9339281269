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
import { duplicate, invalidParameter } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type ConnectInstance, type QuickConnect, type QuickConnectConfig } from './store.js';

/** The member of QuickConnectConfig each type needs, and the flow type its ContactFlowId must have. */
const CONFIG_BY_TYPE: Readonly<Record<string, { member: keyof QuickConnectConfig; flowType?: string }>> = {
  USER: { member: 'UserConfig', flowType: 'AGENT_TRANSFER' },
  QUEUE: { member: 'QueueConfig', flowType: 'QUEUE_TRANSFER' },
  PHONE_NUMBER: { member: 'PhoneConfig' },
  FLOW: { member: 'FlowConfig' },
};

/** Checks that the configuration matches its type and that what it refers to exists; keeps ids, not ARNs. */
function checkConfig(instance: ConnectInstance, config: QuickConnectConfig): QuickConnectConfig {
  const type = config.QuickConnectType;
  const expected = CONFIG_BY_TYPE[type];
  if (!expected || config[expected.member] === undefined) {
    throw invalidParameter(`A quick connect of type ${type} needs ${expected?.member ?? 'a configuration'}.`);
  }
  const flowId = (reference: string): string => {
    const flow = instance.flows.get(reference);
    if (expected.flowType && flow.type !== expected.flowType) {
      throw invalidParameter(
        `A quick connect of type ${type} needs a flow of type ${expected.flowType}; ${flow.name} is ${flow.type}.`,
      );
    }
    return flow.id;
  };
  const { UserConfig, QueueConfig, PhoneConfig, FlowConfig } = config;
  switch (expected.member) {
    case 'UserConfig':
      return {
        QuickConnectType: type,
        UserConfig: {
          UserId: instance.users.get(UserConfig?.UserId ?? '').id,
          ContactFlowId: flowId(UserConfig?.ContactFlowId ?? ''),
        },
      };
    case 'QueueConfig':
      return {
        QuickConnectType: type,
        QueueConfig: {
          QueueId: instance.queues.get(QueueConfig?.QueueId ?? '').id,
          ContactFlowId: flowId(QueueConfig?.ContactFlowId ?? ''),
        },
      };
    case 'FlowConfig':
      return { QuickConnectType: type, FlowConfig: { ContactFlowId: flowId(FlowConfig?.ContactFlowId ?? '') } };
    default:
      return { QuickConnectType: type, PhoneConfig: { PhoneNumber: PhoneConfig?.PhoneNumber ?? '' } };
  }
}

function describeQuickConnect(quickConnect: QuickConnect): StructureValue {
  return {
    QuickConnectARN: quickConnect.arn,
    QuickConnectId: quickConnect.id,
    Name: quickConnect.name,
    Description: quickConnect.description,
    QuickConnectConfig: quickConnect.config,
    Tags: { ...quickConnect.tags },
    LastModifiedTime: quickConnect.lastModifiedTime,
    LastModifiedRegion: quickConnect.lastModifiedRegion,
  };
}

export function quickConnectOperations(env: ConnectEnvironment): ConnectHandlers {
  function quickConnectOf(input: StructureValue, context: OperationContext) {
    const instance = activeInstance(env, context, input.InstanceId);
    return { instance, quickConnect: instance.quickConnects.get(input.QuickConnectId as string) };
  }

  return {
    ListQuickConnects: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const types = (input.QuickConnectTypes as string[] | undefined) ?? [];
      const quickConnects = instance.quickConnects
        .list()
        .filter((quickConnect) => types.length === 0 || types.includes(quickConnect.config.QuickConnectType));
      const page = paginate('ListQuickConnects', quickConnects, input, `${instance.id}/${types.join(',')}`);
      return {
        output: {
          QuickConnectSummaryList: page.items.map((quickConnect) => ({
            ...summary(quickConnect),
            QuickConnectType: quickConnect.config.QuickConnectType,
          })),
          NextToken: page.nextToken,
        },
      };
    },

    DescribeQuickConnect: (input, context) => ({
      output: { QuickConnect: describeQuickConnect(quickConnectOf(input, context).quickConnect) },
    }),

    CreateQuickConnect: (input, context) => {
      const instance = activeInstance(env, context, input.InstanceId);
      const name = input.Name as string;
      if (instance.quickConnects.nameTaken(name)) throw duplicate(`Quick connect with name ${name} already exists.`);
      const config = checkConfig(instance, input.QuickConnectConfig as QuickConnectConfig);
      const id = newId();
      const quickConnect = instance.quickConnects.add({
        id,
        arn: instance.resourceArn('quickConnect', id),
        name,
        tags: tagsOf(input),
        ...created(env, context),
        description: input.Description as string | undefined,
        config,
      });
      return { output: { QuickConnectARN: quickConnect.arn, QuickConnectId: id } };
    },

    UpdateQuickConnectName: (input, context) => {
      const { instance, quickConnect } = quickConnectOf(input, context);
      const name = input.Name as string | undefined;
      if (name !== undefined && instance.quickConnects.nameTaken(name, quickConnect.id)) {
        throw duplicate(`Quick connect with name ${name} already exists.`);
      }
      if (name !== undefined) quickConnect.name = name;
      if (input.Description !== undefined) quickConnect.description = (input.Description as string) || undefined;
      touch(quickConnect, context);
      return { output: {} };
    },

    UpdateQuickConnectConfig: (input, context) => {
      const { instance, quickConnect } = quickConnectOf(input, context);
      quickConnect.config = checkConfig(instance, input.QuickConnectConfig as QuickConnectConfig);
      touch(quickConnect, context);
      return { output: {} };
    },

    DeleteQuickConnect: (input, context) => {
      const { instance, quickConnect } = quickConnectOf(input, context);
      instance.quickConnects.delete(quickConnect.id);
      for (const queue of instance.queues.all()) {
        queue.quickConnectIds = queue.quickConnectIds.filter((id) => id !== quickConnect.id);
      }
      return { output: {} };
    },
  };
}
