import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { chunks, defineResource, type Concrete } from './descriptor.js';
import { channel, name, portableTags, ref, sortedList, tags } from './fields.js';

const queueConfig = z
  .object({
    QueueReference: z.object({ QueueId: ref('queue'), Channel: channel }).strict(),
    Priority: z.number().int().min(1).max(99),
    Delay: z.number().int().min(0).max(9999),
  })
  .strict();

const schema = z
  .object({
    Name: name,
    Description: z.string().min(1).max(250),
    DefaultOutboundQueueId: ref('queue'),
    MediaConcurrencies: z.array(
      z
        .object({
          Channel: channel,
          Concurrency: z.number().int().min(1).max(10),
          CrossChannelBehavior: z
            .object({ BehaviorType: z.enum(['ROUTE_CURRENT_CHANNEL_ONLY', 'ROUTE_ANY_CHANNEL']) })
            .strict()
            .optional(),
        })
        .strict(),
    ),
    QueueConfigs: z.array(queueConfig).optional(),
    AgentAvailabilityTimer: z.enum(['TIME_SINCE_LAST_ACTIVITY', 'TIME_SINCE_LAST_INBOUND']).optional(),
    Tags: tags,
  })
  .strict();
export type RoutingProfileFile = z.infer<typeof schema>;
type QueueConfig = Concrete<z.infer<typeof queueConfig>>;

/** Connect takes a routing profile's queues at most 10 per call. */
const QUEUES_PER_CALL = 10;
const queueKey = (q: QueueConfig) => `${q.QueueReference.QueueId}/${q.QueueReference.Channel}`;

export const routingProfile = defineResource({
  type: 'routing-profile',
  label: 'routing profile',
  folder: 'routing-profiles',
  arnKind: 'routing-profile',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListRoutingProfiles({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.RoutingProfileSummaryList,
      'ListRoutingProfiles',
    );
    return summaries('routing-profile', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeRoutingProfileCommandOutput>(
      new connect.DescribeRoutingProfileCommand({ InstanceId, RoutingProfileId: summary.id }),
      `routing profile "${summary.name}"`,
    );
    const r = out.RoutingProfile ?? {};
    const queues = await collect(
      connect.paginateListRoutingProfileQueues(
        { client: api.client, pageSize: PAGE },
        { InstanceId, RoutingProfileId: summary.id },
      ),
      (p) => p.RoutingProfileQueueConfigSummaryList,
      'ListRoutingProfileQueues',
    );
    const portable = portableTags(r.Tags);
    return {
      body: {
        Name: r.Name ?? summary.name,
        Description: r.Description ?? '',
        ...(portable ? { Tags: portable } : {}),
        DefaultOutboundQueueId: r.DefaultOutboundQueueId ?? '',
        MediaConcurrencies: (r.MediaConcurrencies ?? []).map((m) => ({
          Channel: m.Channel!,
          Concurrency: m.Concurrency!,
          ...(m.CrossChannelBehavior?.BehaviorType
            ? { CrossChannelBehavior: { BehaviorType: m.CrossChannelBehavior.BehaviorType } }
            : {}),
        })),
        ...(r.AgentAvailabilityTimer ? { AgentAvailabilityTimer: r.AgentAvailabilityTimer } : {}),
        ...(queues.length > 0
          ? {
              QueueConfigs: queues.map((q) => ({
                QueueReference: { QueueId: q.QueueId!, Channel: q.Channel! },
                Priority: q.Priority!,
                Delay: q.Delay!,
              })),
            }
          : {}),
      },
      tags: r.Tags ?? {},
    };
  },
  listKeys: {
    QueueConfigs: (q: z.infer<typeof queueConfig>) => {
      const queue = q.QueueReference.QueueId as { name?: unknown };
      return typeof queue.name === 'string' ? `${queue.name}/${q.QueueReference.Channel}` : undefined;
    },
  },
  canonical: (body) => ({
    ...body,
    MediaConcurrencies: sortedList(body.MediaConcurrencies),
    ...(body.QueueConfigs ? { QueueConfigs: sortedList(body.QueueConfigs) } : {}),
  }),
  async create(ctx, d) {
    const queueConfigs = d.QueueConfigs ?? [];
    const out = await ctx.send<connect.CreateRoutingProfileCommandOutput>(
      new connect.CreateRoutingProfileCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Description: d.Description,
        DefaultOutboundQueueId: d.DefaultOutboundQueueId,
        MediaConcurrencies: d.MediaConcurrencies,
        ...(queueConfigs.length > 0 ? { QueueConfigs: queueConfigs.slice(0, QUEUES_PER_CALL) } : {}),
        ...(d.AgentAvailabilityTimer ? { AgentAvailabilityTimer: d.AgentAvailabilityTimer } : {}),
        Tags: d.Tags,
      }),
    );
    const created = { id: out.RoutingProfileId!, arn: out.RoutingProfileArn! };
    await Promise.all(
      chunks(queueConfigs.slice(QUEUES_PER_CALL), QUEUES_PER_CALL).map((part) =>
        ctx.send(
          new connect.AssociateRoutingProfileQueuesCommand({
            InstanceId: ctx.instance.id,
            RoutingProfileId: created.id,
            QueueConfigs: part,
          }),
        ),
      ),
    );
    return created;
  },
  updates: [
    {
      fields: ['Description'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateRoutingProfileNameCommand({
            InstanceId: ctx.instance.id,
            RoutingProfileId: target.id,
            Name: d.Name,
            Description: d.Description,
          }),
        );
      },
    },
    {
      fields: ['MediaConcurrencies'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateRoutingProfileConcurrencyCommand({
            InstanceId: ctx.instance.id,
            RoutingProfileId: target.id,
            MediaConcurrencies: d.MediaConcurrencies,
          }),
        );
      },
    },
    {
      fields: ['DefaultOutboundQueueId'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateRoutingProfileDefaultOutboundQueueCommand({
            InstanceId: ctx.instance.id,
            RoutingProfileId: target.id,
            DefaultOutboundQueueId: d.DefaultOutboundQueueId,
          }),
        );
      },
    },
    {
      fields: ['AgentAvailabilityTimer'],
      async write(ctx, target, d) {
        if (!d.AgentAvailabilityTimer) return;
        await ctx.send(
          new connect.UpdateRoutingProfileAgentAvailabilityTimerCommand({
            InstanceId: ctx.instance.id,
            RoutingProfileId: target.id,
            AgentAvailabilityTimer: d.AgentAvailabilityTimer,
          }),
        );
      },
    },
    {
      fields: ['QueueConfigs'],
      async write(ctx, target, d, current) {
        const want = d.QueueConfigs ?? [];
        const have = new Map((current.QueueConfigs ?? []).map((q) => [queueKey(q), q]));
        const wanted = new Set(want.map(queueKey));
        const add = want.filter((q) => !have.has(queueKey(q)));
        const update = want.filter((q) => {
          const now = have.get(queueKey(q));
          return now !== undefined && (now.Priority !== q.Priority || now.Delay !== q.Delay);
        });
        const remove = [...have.values()].filter((q) => !wanted.has(queueKey(q))).map((q) => q.QueueReference);
        const call = { InstanceId: ctx.instance.id, RoutingProfileId: target.id };
        for (const part of chunks(remove, QUEUES_PER_CALL))
          await ctx.send(new connect.DisassociateRoutingProfileQueuesCommand({ ...call, QueueReferences: part }));
        for (const part of chunks(update, QUEUES_PER_CALL))
          await ctx.send(new connect.UpdateRoutingProfileQueuesCommand({ ...call, QueueConfigs: part }));
        for (const part of chunks(add, QUEUES_PER_CALL))
          await ctx.send(new connect.AssociateRoutingProfileQueuesCommand({ ...call, QueueConfigs: part }));
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(
      new connect.DeleteRoutingProfileCommand({ InstanceId: ctx.instance.id, RoutingProfileId: target.id }),
    );
  },
});
