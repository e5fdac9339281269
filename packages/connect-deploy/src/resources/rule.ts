import * as connect from '@aws-sdk/client-connect';
import { stableStringify } from '@edd/core';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { allowlisted } from './allowlist.js';
import { defineResource, type Concrete } from './descriptor.js';
import { portableTags, ref, tags, textOrRef } from './fields.js';
import { fromJsonText, jsonText, toJsonText } from './json-text.js';

const values = <T extends Record<string, string>>(e: T) => Object.values(e) as [T[keyof T], ...T[keyof T][]];

const recipient = z
  .object({
    UserTags: z.record(z.string(), z.string()).optional(),
    UserIds: z.array(ref('user')).optional(),
  })
  .strict();

const fieldValue = z
  .object({
    Id: textOrRef(z.string().min(1).max(500)),
    Value: z
      .object({
        BooleanValue: z.boolean().optional(),
        DoubleValue: z.number().optional(),
        EmptyValue: z.object({}).strict().optional(),
        StringValue: textOrRef(z.string().max(500)).optional(),
      })
      .strict(),
  })
  .strict();

const action = z
  .object({
    ActionType: z.enum(values(connect.ActionType)),
    TaskAction: z
      .object({
        Name: z.string().min(1).max(512),
        Description: z.string().max(4096).optional(),
        ContactFlowId: ref('flow'),
        References: z
          .record(
            z.string(),
            z
              .object({
                Value: textOrRef(z.string().max(4096)).optional(),
                Type: z.enum(values(connect.ReferenceType)),
              })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .optional(),
    EventBridgeAction: z
      .object({ Name: z.string().min(1).max(100) })
      .strict()
      .optional(),
    AssignContactCategoryAction: z.object({}).strict().optional(),
    SendNotificationAction: z
      .object({
        DeliveryMethod: z.enum(values(connect.NotificationDeliveryType)),
        Subject: z.string().min(1).max(200).optional(),
        Content: z.string().min(1).max(1024),
        ContentType: z.enum(values(connect.NotificationContentType)),
        Recipient: recipient,
        Exclusion: recipient.optional(),
      })
      .strict()
      .optional(),
    CreateCaseAction: z
      .object({ Fields: z.array(fieldValue), TemplateId: textOrRef(z.string().min(1).max(500)) })
      .strict()
      .optional(),
    UpdateCaseAction: z
      .object({ Fields: z.array(fieldValue) })
      .strict()
      .optional(),
    AssignSlaAction: z
      .object({
        SlaAssignmentType: z.enum(values(connect.SlaAssignmentType)),
        CaseSlaConfiguration: z
          .object({
            Name: z.string().min(1).max(500),
            Type: z.enum(values(connect.SlaType)),
            FieldId: textOrRef(z.string().min(1).max(500)).optional(),
            TargetFieldValues: z.array(fieldValue.shape.Value).max(1).optional(),
            TargetSlaMinutes: z.number().int().min(1).max(1_051_200),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    EndAssociatedTasksAction: z.object({}).strict().optional(),
    SubmitAutoEvaluationAction: z
      .object({ EvaluationFormId: ref('evaluation-form') })
      .strict()
      .optional(),
  })
  .strict();

const schema = z
  .object({
    Name: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[0-9a-zA-Z._-]+$/, { message: "a rule's name holds only letters, digits, '.', '_' and '-'" }),
    TriggerEventSource: z
      .object({
        EventSourceName: z.enum(values(connect.EventSourceName)),
        IntegrationAssociationId: textOrRef(z.string().min(1).max(200)).optional(),
      })
      .strict(),
    Function: jsonText,
    Actions: z.array(action),
    PublishStatus: z.enum(['DRAFT', 'PUBLISHED']),
    Tags: tags,
  })
  .strict();
export type RuleFile = z.infer<typeof schema>;
type Rule = Concrete<RuleFile>;

/** The members `CreateRule` and `UpdateRule` both take. */
function inputOf(d: Rule) {
  return {
    Name: d.Name,
    Function: toJsonText(d.Function)!,
    Actions: d.Actions as connect.RuleAction[],
    PublishStatus: d.PublishStatus,
  };
}

/**
 * Rules (Contact Lens, evaluation and third-party event triggers): their trigger, their function (a JSON document
 * whose ids, such as the queues a condition names, become references), their actions with the flows, users and
 * evaluation forms they name, and whether they are published. A trigger's integration association (Zendesk,
 * Salesforce) is an integration of the source instance: export writes it as an `unmapped` reference, which
 * `environmentValues` maps per environment. Cases template and field ids are those of the instance's Cases domain.
 */
export const rule = defineResource({
  type: 'rule',
  label: 'rule',
  folder: 'rules',
  arnKind: 'rule',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListRules({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.RuleSummaryList,
      'ListRules',
    );
    return list
      .filter((r) => r.RuleId && r.Name)
      .map((r) => ({ type: 'rule', id: r.RuleId!, arn: r.RuleArn ?? '', name: r.Name! }));
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeRuleCommandOutput>(
      new connect.DescribeRuleCommand({ InstanceId, RuleId: summary.id }),
      `rule "${summary.name}"`,
    );
    const r = out.Rule ?? ({} as connect.Rule);
    const portable = portableTags(r.Tags);
    const trigger = r.TriggerEventSource;
    return {
      body: {
        Name: r.Name ?? summary.name,
        TriggerEventSource: {
          EventSourceName: trigger?.EventSourceName ?? 'OnPostCallAnalysisAvailable',
          ...(trigger?.IntegrationAssociationId ? { IntegrationAssociationId: trigger.IntegrationAssociationId } : {}),
        },
        Function: fromJsonText(r.Function) ?? '',
        Actions: allowlisted(schema.shape.Actions, r.Actions ?? []),
        PublishStatus: r.PublishStatus ?? 'DRAFT',
        ...(portable ? { Tags: portable } : {}),
      } as Rule,
      tags: r.Tags ?? {},
    };
  },
  check(desired, current) {
    if (current && stableStringify(current.TriggerEventSource) !== stableStringify(desired.TriggerEventSource))
      return {
        path: 'TriggerEventSource',
        message: `the target's rule is triggered by ${current.TriggerEventSource.EventSourceName} and the export's by ${desired.TriggerEventSource.EventSourceName}; a rule's trigger can never change: rename the rule in the export or delete it in the target`,
      };
    return undefined;
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateRuleCommandOutput>(
      new connect.CreateRuleCommand({
        InstanceId: ctx.instance.id,
        TriggerEventSource: d.TriggerEventSource,
        ...inputOf(d),
      }),
    );
    const created = { id: out.RuleId!, arn: out.RuleArn! };
    // CreateRule takes no tags.
    if (d.Tags && Object.keys(d.Tags).length > 0)
      await ctx.api.sendAfterCreate(
        new connect.TagResourceCommand({ resourceArn: created.arn, tags: d.Tags }),
        `rule "${d.Name}"`,
      );
    return created;
  },
  updates: [
    {
      // UpdateRule replaces the rule as a whole (its trigger excepted).
      fields: ['Function', 'Actions', 'PublishStatus'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateRuleCommand({ InstanceId: ctx.instance.id, RuleId: target.id, ...inputOf(d) }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(new connect.DeleteRuleCommand({ InstanceId: ctx.instance.id, RuleId: target.id }));
  },
});
