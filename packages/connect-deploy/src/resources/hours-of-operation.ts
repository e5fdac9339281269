import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { defineResource } from './descriptor.js';
import { commonFields, description, name, tags, time } from './fields.js';

const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;

const schema = z
  .object({
    Name: name,
    Description: description,
    TimeZone: z.string().min(1),
    Config: z.array(z.object({ Day: z.enum(DAYS), StartTime: time, EndTime: time }).strict()),
    Tags: tags,
  })
  .strict();
export type HoursOfOperationFile = z.infer<typeof schema>;

const minutes = (t: { Hours: number; Minutes: number }) => t.Hours * 60 + t.Minutes;

export const hoursOfOperation = defineResource({
  type: 'hours-of-operation',
  label: 'hours of operation',
  folder: 'hours-of-operation',
  arnKind: 'operating-hours',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListHoursOfOperations({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.HoursOfOperationSummaryList,
      'ListHoursOfOperations',
    );
    return summaries('hours-of-operation', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeHoursOfOperationCommandOutput>(
      new connect.DescribeHoursOfOperationCommand({ InstanceId, HoursOfOperationId: summary.id }),
      `hours of operation "${summary.name}"`,
    );
    const h = out.HoursOfOperation ?? {};
    const config = (h.Config ?? [])
      .map((c) => ({
        Day: c.Day!,
        StartTime: { Hours: c.StartTime?.Hours ?? 0, Minutes: c.StartTime?.Minutes ?? 0 },
        EndTime: { Hours: c.EndTime?.Hours ?? 0, Minutes: c.EndTime?.Minutes ?? 0 },
      }))
      .sort((a, b) => DAYS.indexOf(a.Day) - DAYS.indexOf(b.Day) || minutes(a.StartTime) - minutes(b.StartTime));
    return {
      body: { ...commonFields(h.Name, h.Description, h.Tags), TimeZone: h.TimeZone ?? '', Config: config },
      tags: h.Tags ?? {},
    };
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateHoursOfOperationCommandOutput>(
      new connect.CreateHoursOfOperationCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Description: d.Description,
        TimeZone: d.TimeZone,
        Config: d.Config,
        Tags: d.Tags,
      }),
    );
    return { id: out.HoursOfOperationId!, arn: out.HoursOfOperationArn! };
  },
  updates: [
    {
      fields: ['Description', 'TimeZone', 'Config'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateHoursOfOperationCommand({
            InstanceId: ctx.instance.id,
            HoursOfOperationId: target.id,
            Name: d.Name,
            Description: d.Description,
            TimeZone: d.TimeZone,
            Config: d.Config,
          }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(
      new connect.DeleteHoursOfOperationCommand({ InstanceId: ctx.instance.id, HoursOfOperationId: target.id }),
    );
  },
});
