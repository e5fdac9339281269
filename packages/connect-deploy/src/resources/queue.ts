import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { chunks, defineResource } from './descriptor.js';
import { commonFields, description, name, ref, sortedList, tags } from './fields.js';

const schema = z
  .object({
    Name: name,
    Description: description,
    HoursOfOperationId: ref('hours-of-operation'),
    MaxContacts: z.number().int().min(0).optional(),
    Status: z.enum(['ENABLED', 'DISABLED']).optional(),
    OutboundCallerConfig: z
      .object({
        OutboundCallerIdName: z.string().max(255).optional(),
        OutboundCallerIdNumberId: ref('phone-number').optional(),
        OutboundFlowId: ref('flow').optional(),
      })
      .strict()
      .optional(),
    QuickConnectIds: z.array(ref('quick-connect')).optional(),
    Tags: tags,
  })
  .strict();
export type QueueFile = z.infer<typeof schema>;

/** Quick connects per `AssociateQueueQuickConnects` / `DisassociateQueueQuickConnects` call. */
const QUICK_CONNECTS_PER_CALL = 50;

/**
 * Standard queues. Their quick connects are written by a task of their own once the queue exists: a quick connect of
 * type QUEUE names its queue, and the queue lists its quick connects.
 */
export const queue = defineResource({
  type: 'queue',
  label: 'queue',
  folder: 'queues',
  arnKind: 'queue',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListQueues({ client: api.client, pageSize: PAGE }, { InstanceId, QueueTypes: ['STANDARD'] }),
      (p) => p.QueueSummaryList,
      'ListQueues',
    );
    return summaries('queue', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeQueueCommandOutput>(
      new connect.DescribeQueueCommand({ InstanceId, QueueId: summary.id }),
      `queue "${summary.name}"`,
    );
    const q = out.Queue ?? {};
    const quickConnects = await collect(
      connect.paginateListQueueQuickConnects(
        { client: api.client, pageSize: PAGE },
        { InstanceId, QueueId: summary.id },
      ),
      (p) => p.QuickConnectSummaryList,
      'ListQueueQuickConnects',
    );
    const occ = q.OutboundCallerConfig;
    const outbound = {
      ...(occ?.OutboundCallerIdName ? { OutboundCallerIdName: occ.OutboundCallerIdName } : {}),
      ...(occ?.OutboundCallerIdNumberId ? { OutboundCallerIdNumberId: occ.OutboundCallerIdNumberId } : {}),
      ...(occ?.OutboundFlowId ? { OutboundFlowId: occ.OutboundFlowId } : {}),
    };
    return {
      body: {
        ...commonFields(q.Name, q.Description, q.Tags),
        HoursOfOperationId: q.HoursOfOperationId ?? '',
        ...(q.MaxContacts !== undefined && q.MaxContacts !== 0 ? { MaxContacts: q.MaxContacts } : {}),
        Status: q.Status ?? 'ENABLED',
        ...(Object.keys(outbound).length > 0 ? { OutboundCallerConfig: outbound } : {}),
        ...(quickConnects.length > 0 ? { QuickConnectIds: quickConnects.map((s) => s.Id!).filter(Boolean) } : {}),
      },
      tags: q.Tags ?? {},
    };
  },
  canonical: (body) => (body.QuickConnectIds ? { ...body, QuickConnectIds: sortedList(body.QuickConnectIds) } : body),
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateQueueCommandOutput>(
      new connect.CreateQueueCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Description: d.Description,
        HoursOfOperationId: d.HoursOfOperationId,
        MaxContacts: d.MaxContacts,
        OutboundCallerConfig: d.OutboundCallerConfig,
        Tags: d.Tags,
      }),
    );
    const created = { id: out.QueueId!, arn: out.QueueArn! };
    if (d.Status === 'DISABLED')
      await ctx.send(
        new connect.UpdateQueueStatusCommand({ InstanceId: ctx.instance.id, QueueId: created.id, Status: 'DISABLED' }),
      );
    return created;
  },
  deferred: {
    fields: ['QuickConnectIds'],
    async write(ctx, target, d, current) {
      const want = new Set(d.QuickConnectIds ?? []);
      const have = new Set(current?.QuickConnectIds ?? []);
      const add = [...want].filter((id) => !have.has(id));
      const remove = [...have].filter((id) => !want.has(id));
      for (const part of chunks(add, QUICK_CONNECTS_PER_CALL))
        await ctx.send(
          new connect.AssociateQueueQuickConnectsCommand({
            InstanceId: ctx.instance.id,
            QueueId: target.id,
            QuickConnectIds: part,
          }),
        );
      for (const part of chunks(remove, QUICK_CONNECTS_PER_CALL))
        await ctx.send(
          new connect.DisassociateQueueQuickConnectsCommand({
            InstanceId: ctx.instance.id,
            QueueId: target.id,
            QuickConnectIds: part,
          }),
        );
      return `(${add.length} quick connects added, ${remove.length} removed)`;
    },
  },
  updates: [
    {
      fields: ['Description'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateQueueNameCommand({
            InstanceId: ctx.instance.id,
            QueueId: target.id,
            Name: d.Name,
            Description: d.Description ?? '',
          }),
        );
      },
    },
    {
      fields: ['HoursOfOperationId'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateQueueHoursOfOperationCommand({
            InstanceId: ctx.instance.id,
            QueueId: target.id,
            HoursOfOperationId: d.HoursOfOperationId,
          }),
        );
      },
    },
    {
      fields: ['MaxContacts'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateQueueMaxContactsCommand({
            InstanceId: ctx.instance.id,
            QueueId: target.id,
            MaxContacts: d.MaxContacts ?? 0,
          }),
        );
      },
    },
    {
      fields: ['OutboundCallerConfig'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateQueueOutboundCallerConfigCommand({
            InstanceId: ctx.instance.id,
            QueueId: target.id,
            OutboundCallerConfig: d.OutboundCallerConfig ?? {},
          }),
        );
      },
    },
    {
      fields: ['Status'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateQueueStatusCommand({
            InstanceId: ctx.instance.id,
            QueueId: target.id,
            Status: d.Status ?? 'ENABLED',
          }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(new connect.DeleteQueueCommand({ InstanceId: ctx.instance.id, QueueId: target.id }));
  },
});
