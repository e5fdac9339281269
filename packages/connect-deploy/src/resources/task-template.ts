import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { allowlisted } from './allowlist.js';
import { defineResource, type Concrete } from './descriptor.js';
import { portableTags, ref, tags, textOrRef } from './fields.js';

const fieldName = z.string().min(1).max(100);
const fieldId = z.object({ Name: fieldName }).strict();
const fieldList = z.array(z.object({ Id: fieldId }).strict()).optional();

const schema = z
  .object({
    Name: z.string().min(1).max(100),
    Description: z.string().min(1).max(255).optional(),
    Status: z.enum(['ACTIVE', 'INACTIVE']),
    ContactFlowId: ref('flow').optional(),
    SelfAssignFlowId: ref('flow').optional(),
    Fields: z.array(
      z
        .object({
          Id: fieldId,
          Description: z.string().min(1).max(255).optional(),
          Type: z.enum(Object.values(connect.TaskTemplateFieldType) as [string, ...string[]]).optional(),
          SingleSelectOptions: z.array(z.string()).optional(),
        })
        .strict(),
    ),
    Constraints: z
      .object({ RequiredFields: fieldList, ReadOnlyFields: fieldList, InvisibleFields: fieldList })
      .strict()
      .optional(),
    Defaults: z
      .object({
        DefaultFieldValues: z
          .array(z.object({ Id: fieldId, DefaultValue: textOrRef(z.string().max(4096)) }).strict())
          .optional(),
      })
      .strict()
      .optional(),
    Tags: tags,
  })
  .strict();
export type TaskTemplateFile = z.infer<typeof schema>;
type Template = Concrete<TaskTemplateFile>;

const byFieldName = <T extends { Id: { Name: string } }>(list: readonly T[] | undefined): T[] | undefined =>
  list ? [...list].sort((a, b) => a.Id.Name.localeCompare(b.Id.Name)) : undefined;

/** The members `CreateTaskTemplate` and `UpdateTaskTemplate` take, besides the instance and the template's id. */
function inputOf(d: Template) {
  return {
    Name: d.Name,
    Description: d.Description,
    Status: d.Status,
    ContactFlowId: d.ContactFlowId,
    SelfAssignFlowId: d.SelfAssignFlowId,
    Fields: d.Fields as connect.TaskTemplateField[],
    Constraints: d.Constraints ?? {},
    Defaults: d.Defaults ?? {},
  };
}

/**
 * Task templates: their fields, constraints and defaults, status, and the flows a task made from them runs
 * (`ContactFlowId`, `SelfAssignFlowId`, as references). `CreateTask` flow blocks name a template by its id.
 */
export const taskTemplate = defineResource({
  type: 'task-template',
  label: 'task template',
  folder: 'task-templates',
  arnKind: 'task-template',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListTaskTemplates({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.TaskTemplates,
      'ListTaskTemplates',
    );
    return summaries('task-template', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const t = await api.send<connect.GetTaskTemplateCommandOutput>(
      new connect.GetTaskTemplateCommand({ InstanceId, TaskTemplateId: summary.id }),
      `task template "${summary.name}"`,
    );
    const portable = portableTags(t.Tags);
    const constraints = allowlisted(schema.shape.Constraints, t.Constraints);
    const defaults = allowlisted(schema.shape.Defaults, t.Defaults);
    return {
      body: {
        Name: t.Name ?? summary.name,
        ...(t.Description ? { Description: t.Description } : {}),
        Status: t.Status ?? 'ACTIVE',
        ...(t.ContactFlowId ? { ContactFlowId: t.ContactFlowId } : {}),
        ...(t.SelfAssignFlowId ? { SelfAssignFlowId: t.SelfAssignFlowId } : {}),
        Fields: allowlisted(schema.shape.Fields, t.Fields ?? []),
        ...(constraints && Object.values(constraints).some((l) => Array.isArray(l) && l.length > 0)
          ? { Constraints: constraints }
          : {}),
        ...(defaults?.DefaultFieldValues?.length ? { Defaults: defaults } : {}),
        ...(portable ? { Tags: portable } : {}),
      } as Template,
      tags: t.Tags ?? {},
    };
  },
  // The fields keep their order (it is the form's); which fields are required, read-only or hidden, and their
  // defaults, are sets.
  canonical: (body) => ({
    ...body,
    ...(body.Constraints
      ? {
          Constraints: Object.fromEntries(
            Object.entries(body.Constraints).map(([k, list]) => [k, byFieldName(list as { Id: { Name: string } }[])]),
          ),
        }
      : {}),
    ...(body.Defaults?.DefaultFieldValues
      ? { Defaults: { ...body.Defaults, DefaultFieldValues: byFieldName(body.Defaults.DefaultFieldValues) } }
      : {}),
  }),
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateTaskTemplateCommandOutput>(
      new connect.CreateTaskTemplateCommand({ InstanceId: ctx.instance.id, ...inputOf(d) }),
    );
    const created = { id: out.Id!, arn: out.Arn! };
    // CreateTaskTemplate takes no tags.
    if (d.Tags && Object.keys(d.Tags).length > 0)
      await ctx.api.sendAfterCreate(
        new connect.TagResourceCommand({ resourceArn: created.arn, tags: d.Tags }),
        `task template "${d.Name}"`,
      );
    return created;
  },
  updates: [
    {
      // UpdateTaskTemplate replaces the template as a whole.
      fields: ['Description', 'Status', 'ContactFlowId', 'SelfAssignFlowId', 'Fields', 'Constraints', 'Defaults'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateTaskTemplateCommand({
            InstanceId: ctx.instance.id,
            TaskTemplateId: target.id,
            ...inputOf(d),
          }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(new connect.DeleteTaskTemplateCommand({ InstanceId: ctx.instance.id, TaskTemplateId: target.id }));
  },
});
