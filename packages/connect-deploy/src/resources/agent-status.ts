import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { defineResource } from './descriptor.js';
import { commonFields, description, name, tags } from './fields.js';

const schema = z
  .object({
    Name: name,
    Description: description,
    State: z.enum(['ENABLED', 'DISABLED']),
    DisplayOrder: z.number().int().min(1).max(50).optional(),
    Type: z.enum(['ROUTABLE', 'CUSTOM', 'OFFLINE']).optional(),
    Tags: tags,
  })
  .strict();
export type AgentStatusFile = z.infer<typeof schema>;

/** Agent statuses are exported when something exported names them; Connect has no API to delete one. */
export const agentStatus = defineResource({
  type: 'agent-status',
  label: 'agent status',
  folder: 'agent-statuses',
  arnKind: 'agent-state',
  schema,
  export: 'referenced',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListAgentStatuses({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.AgentStatusSummaryList,
      'ListAgentStatuses',
    );
    return summaries('agent-status', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeAgentStatusCommandOutput>(
      new connect.DescribeAgentStatusCommand({ InstanceId, AgentStatusId: summary.id }),
      `agent status "${summary.name}"`,
    );
    const s = out.AgentStatus ?? {};
    return {
      body: {
        ...commonFields(s.Name, s.Description, s.Tags),
        State: s.State ?? 'ENABLED',
        ...(s.Type ? { Type: s.Type } : {}),
        ...(s.DisplayOrder !== undefined ? { DisplayOrder: s.DisplayOrder } : {}),
      },
      tags: s.Tags ?? {},
    };
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateAgentStatusCommandOutput>(
      new connect.CreateAgentStatusCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Description: d.Description,
        State: d.State,
        DisplayOrder: d.DisplayOrder,
        Tags: d.Tags,
      }),
    );
    return { id: out.AgentStatusId!, arn: out.AgentStatusARN! };
  },
  updates: [
    {
      fields: ['Description', 'State', 'DisplayOrder'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateAgentStatusCommand({
            InstanceId: ctx.instance.id,
            AgentStatusId: target.id,
            Name: d.Name,
            Description: d.Description,
            State: d.State,
            DisplayOrder: d.DisplayOrder,
          }),
        );
      },
    },
  ],
});
