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
import { duplicate } from './errors.js';
import { paginate } from './pagination.js';
import { newId, type AgentStatus } from './store.js';

// Agent statuses (security profiles, the user hierarchy and users are in people.ts).

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

export function agentStatusOperations(env: ConnectEnvironment): ConnectHandlers {
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
  };
}
