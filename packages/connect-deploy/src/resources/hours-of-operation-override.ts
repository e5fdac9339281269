import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { childName, listChildren } from './children.js';
import { defineResource } from './descriptor.js';
import { ref, time } from './fields.js';
import { hoursOfOperation } from './hours-of-operation.js';

const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-12-25');
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\P{C}\r\n\t]*$/u, 'must not hold control characters other than line breaks and tabs');

const slot = z.object({ Day: z.enum(DAYS), StartTime: time, EndTime: time }).strict();

const schema = z
  .object({
    HoursOfOperationId: ref('hours-of-operation'),
    Name: text(127),
    Description: text(250).optional(),
    OverrideType: z.enum(['STANDARD', 'OPEN', 'CLOSED']).optional(),
    EffectiveFrom: date,
    EffectiveTill: date,
    Config: z.array(slot).max(100),
    RecurrenceConfig: z
      .object({
        RecurrencePattern: z
          .object({
            Frequency: z.enum(['WEEKLY', 'MONTHLY', 'YEARLY']),
            Interval: z.number().int().min(1).max(6),
            ByMonth: z.array(z.number().int().min(1).max(12)).optional(),
            ByMonthDay: z.array(z.number().int().min(-1).max(31)).optional(),
            ByWeekdayOccurrence: z.array(z.number().int().min(-1).max(4)).max(1).optional(),
          })
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type HoursOfOperationOverrideFile = z.infer<typeof schema>;
type Slot = z.infer<typeof slot>;

const minutes = (t: { Hours: number; Minutes: number }) => t.Hours * 60 + t.Minutes;
const bySlot = (a: Slot, b: Slot) =>
  DAYS.indexOf(a.Day) - DAYS.indexOf(b.Day) || minutes(a.StartTime) - minutes(b.StartTime);
const numeric = (list: number[] | undefined) => list && [...list].sort((a, b) => a - b);

/** The file's fields of an override as Connect gives it (its listing gives all of them). */
function body(o: connect.HoursOfOperationOverride) {
  const pattern = o.RecurrenceConfig?.RecurrencePattern;
  return {
    HoursOfOperationId: o.HoursOfOperationId ?? '',
    Name: o.Name ?? '',
    ...(o.Description ? { Description: o.Description } : {}),
    ...(o.OverrideType ? { OverrideType: o.OverrideType } : {}),
    EffectiveFrom: o.EffectiveFrom ?? '',
    EffectiveTill: o.EffectiveTill ?? '',
    Config: (o.Config ?? []).map((c) => ({
      Day: c.Day!,
      StartTime: { Hours: c.StartTime?.Hours ?? 0, Minutes: c.StartTime?.Minutes ?? 0 },
      EndTime: { Hours: c.EndTime?.Hours ?? 0, Minutes: c.EndTime?.Minutes ?? 0 },
    })),
    ...(pattern
      ? {
          RecurrenceConfig: {
            RecurrencePattern: {
              Frequency: pattern.Frequency!,
              Interval: pattern.Interval!,
              ...(pattern.ByMonth?.length ? { ByMonth: pattern.ByMonth } : {}),
              ...(pattern.ByMonthDay?.length ? { ByMonthDay: pattern.ByMonthDay } : {}),
              ...(pattern.ByWeekdayOccurrence?.length ? { ByWeekdayOccurrence: pattern.ByWeekdayOccurrence } : {}),
            },
          },
        }
      : {}),
  };
}

/** What Create/UpdateHoursOfOperationOverride take besides the ids. */
const settings = (d: HoursOfOperationOverrideConcrete) => ({
  Name: d.Name,
  Description: d.Description,
  OverrideType: d.OverrideType,
  EffectiveFrom: d.EffectiveFrom,
  EffectiveTill: d.EffectiveTill,
  Config: d.Config,
  RecurrenceConfig: d.RecurrenceConfig,
});
type HoursOfOperationOverrideConcrete = Omit<HoursOfOperationOverrideFile, 'HoursOfOperationId'> & {
  HoursOfOperationId: string;
};

/**
 * Overrides of an hours of operation (holidays, special opening hours), by name within their hours: a child of its
 * hours of operation, known as `<hours>/<override>` and exported to `hours-of-operation-overrides/` as
 * `<hours>%2F<override>.json` (the same reversible file naming as every type; the parent is named inside, in
 * `HoursOfOperationId`). Connect gives them no ARN and no tags.
 */
export const hoursOfOperationOverride = defineResource({
  type: 'hours-of-operation-override',
  label: 'hours of operation override',
  folder: 'hours-of-operation-overrides',
  schema,
  export: 'always',
  deploy: 'deployed',
  identity: (b) => childName(b.HoursOfOperationId, b.Name),
  async list(ctx) {
    const { api, instanceId: InstanceId } = ctx;
    return listChildren(ctx, hoursOfOperation, async (hours) => {
      const overrides = await collect(
        connect.paginateListHoursOfOperationOverrides(
          { client: api.client, pageSize: PAGE },
          { InstanceId, HoursOfOperationId: hours.id },
        ),
        (p) => p.HoursOfOperationOverrideList,
        'ListHoursOfOperationOverrides',
      );
      return overrides
        .filter((o) => o.HoursOfOperationOverrideId && o.Name)
        .map((o) => ({
          type: 'hours-of-operation-override',
          id: o.HoursOfOperationOverrideId!,
          arn: '',
          name: childName(hours.name, o.Name!),
          listed: { ...body(o), HoursOfOperationId: hours.id },
        }));
    });
  },
  async describe(_ctx, summary) {
    return { body: summary.listed as unknown as HoursOfOperationOverrideConcrete, tags: {} };
  },
  canonical: (b) => ({
    ...b,
    Config: [...b.Config].sort(bySlot),
    ...(b.RecurrenceConfig
      ? {
          RecurrenceConfig: {
            RecurrencePattern: {
              ...b.RecurrenceConfig.RecurrencePattern,
              ...(b.RecurrenceConfig.RecurrencePattern.ByMonth
                ? { ByMonth: numeric(b.RecurrenceConfig.RecurrencePattern.ByMonth) }
                : {}),
              ...(b.RecurrenceConfig.RecurrencePattern.ByMonthDay
                ? { ByMonthDay: numeric(b.RecurrenceConfig.RecurrencePattern.ByMonthDay) }
                : {}),
            },
          },
        }
      : {}),
  }),
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateHoursOfOperationOverrideCommandOutput>(
      new connect.CreateHoursOfOperationOverrideCommand({
        InstanceId: ctx.instance.id,
        HoursOfOperationId: d.HoursOfOperationId,
        ...settings(d),
      }),
    );
    return { id: out.HoursOfOperationOverrideId!, arn: '' };
  },
  updates: [
    {
      // Name too: a change of case only is the same override, renamed.
      fields: ['Name', 'Description', 'OverrideType', 'EffectiveFrom', 'EffectiveTill', 'Config', 'RecurrenceConfig'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateHoursOfOperationOverrideCommand({
            InstanceId: ctx.instance.id,
            HoursOfOperationId: d.HoursOfOperationId,
            HoursOfOperationOverrideId: target.id,
            ...settings(d),
          }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(
      new connect.DeleteHoursOfOperationOverrideCommand({
        InstanceId: ctx.instance.id,
        HoursOfOperationId: String(target.listed?.HoursOfOperationId),
        HoursOfOperationOverrideId: target.id,
      }),
    );
  },
});
