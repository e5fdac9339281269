import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { defineResource, type Concrete } from './descriptor.js';
import { commonFields, description, name, ref, tags } from './fields.js';

const schema = z
  .object({
    Name: name,
    Description: description,
    QuickConnectConfig: z
      .object({
        QuickConnectType: z.enum(['USER', 'QUEUE', 'PHONE_NUMBER', 'FLOW']),
        UserConfig: z
          .object({ UserId: ref('user'), ContactFlowId: ref('flow') })
          .strict()
          .optional(),
        QueueConfig: z
          .object({ QueueId: ref('queue'), ContactFlowId: ref('flow') })
          .strict()
          .optional(),
        PhoneConfig: z
          .object({ PhoneNumber: z.string().min(1) })
          .strict()
          .optional(),
        FlowConfig: z
          .object({ ContactFlowId: ref('flow') })
          .strict()
          .optional(),
      })
      .strict(),
    Tags: tags,
  })
  .strict();
export type QuickConnectFile = z.infer<typeof schema>;

/** The configuration's allowlisted members, as the file holds them. */
function quickConnectConfig(
  c: connect.QuickConnectConfig | undefined,
): Concrete<QuickConnectFile['QuickConnectConfig']> {
  const u = c?.UserConfig;
  const q = c?.QueueConfig;
  const f = c?.FlowConfig;
  return {
    QuickConnectType: c?.QuickConnectType ?? 'QUEUE',
    ...(u ? { UserConfig: { UserId: u.UserId!, ContactFlowId: u.ContactFlowId! } } : {}),
    ...(q ? { QueueConfig: { QueueId: q.QueueId!, ContactFlowId: q.ContactFlowId! } } : {}),
    ...(c?.PhoneConfig ? { PhoneConfig: { PhoneNumber: c.PhoneConfig.PhoneNumber! } } : {}),
    ...(f ? { FlowConfig: { ContactFlowId: f.ContactFlowId! } } : {}),
  };
}

export const quickConnect = defineResource({
  type: 'quick-connect',
  label: 'quick connect',
  folder: 'quick-connects',
  arnKind: 'transfer-destination',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListQuickConnects({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.QuickConnectSummaryList,
      'ListQuickConnects',
    );
    return summaries('quick-connect', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeQuickConnectCommandOutput>(
      new connect.DescribeQuickConnectCommand({ InstanceId, QuickConnectId: summary.id }),
      `quick connect "${summary.name}"`,
    );
    const q = out.QuickConnect ?? {};
    return {
      body: {
        ...commonFields(q.Name, q.Description, q.Tags),
        QuickConnectConfig: quickConnectConfig(q.QuickConnectConfig),
      },
      tags: q.Tags ?? {},
    };
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateQuickConnectCommandOutput>(
      new connect.CreateQuickConnectCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Description: d.Description,
        QuickConnectConfig: d.QuickConnectConfig,
        Tags: d.Tags,
      }),
    );
    return { id: out.QuickConnectId!, arn: out.QuickConnectARN! };
  },
  updates: [
    {
      fields: ['Description'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateQuickConnectNameCommand({
            InstanceId: ctx.instance.id,
            QuickConnectId: target.id,
            Name: d.Name,
            Description: d.Description ?? '',
          }),
        );
      },
    },
    {
      fields: ['QuickConnectConfig'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateQuickConnectConfigCommand({
            InstanceId: ctx.instance.id,
            QuickConnectId: target.id,
            QuickConnectConfig: d.QuickConnectConfig,
          }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(new connect.DeleteQuickConnectCommand({ InstanceId: ctx.instance.id, QuickConnectId: target.id }));
  },
});
