import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { defineResource, type Concrete } from './descriptor.js';

const value = z.string().min(1).max(100);

const schema = z
  .object({
    Name: z.string().min(1).max(100),
    Values: z
      .object({ StringList: z.array(value).max(500) })
      .strict()
      .optional(),
    Purposes: z.array(value).max(10).optional(),
    AttributeConfiguration: z
      .object({ EnableValueValidationOnAssociation: z.boolean().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type PredefinedAttributeFile = z.infer<typeof schema>;
type PredefinedAttribute = Concrete<PredefinedAttributeFile>;

/**
 * Predefined attributes (routing proficiencies: a name and its values). Connect knows one by its name, which is its id
 * and what flows (a routing step's `AttributeCondition.Name`) and users' proficiencies write; they have no tags.
 */
export const predefinedAttribute = defineResource({
  type: 'predefined-attribute',
  label: 'predefined attribute',
  folder: 'predefined-attributes',
  schema,
  export: 'always',
  deploy: 'deployed',
  namedAt: [
    ['AttributeCondition', 'Name'],
    ['UserProficiencies', 'AttributeName'],
  ],
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListPredefinedAttributes({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.PredefinedAttributeSummaryList,
      'ListPredefinedAttributes',
    );
    return list
      .filter((a) => a.Name)
      .map((a) => ({ type: 'predefined-attribute', id: a.Name!, arn: '', name: a.Name! }));
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribePredefinedAttributeCommandOutput>(
      new connect.DescribePredefinedAttributeCommand({ InstanceId, Name: summary.id }),
      `predefined attribute "${summary.name}"`,
    );
    const a = out.PredefinedAttribute ?? {};
    const values = a.Values?.StringList;
    const body: PredefinedAttribute = {
      Name: a.Name ?? summary.name,
      ...(values ? { Values: { StringList: values } } : {}),
      ...(a.Purposes && a.Purposes.length > 0 ? { Purposes: a.Purposes } : {}),
      // Only what the API takes; `IsReadOnly` is Connect's own.
      ...(a.AttributeConfiguration?.EnableValueValidationOnAssociation
        ? { AttributeConfiguration: { EnableValueValidationOnAssociation: true } }
        : {}),
    };
    return { body, tags: {} };
  },
  canonical: (body) => ({
    ...body,
    ...(body.Values ? { Values: { StringList: [...body.Values.StringList].sort() } } : {}),
    ...(body.Purposes ? { Purposes: [...body.Purposes].sort() } : {}),
  }),
  async create(ctx, d) {
    await ctx.send(
      new connect.CreatePredefinedAttributeCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Values: d.Values,
        Purposes: d.Purposes,
        AttributeConfiguration: d.AttributeConfiguration,
      }),
    );
    return { id: d.Name, arn: '' };
  },
  updates: [
    {
      fields: ['Values', 'Purposes', 'AttributeConfiguration'],
      async write(ctx, _target, d) {
        await ctx.send(
          new connect.UpdatePredefinedAttributeCommand({
            InstanceId: ctx.instance.id,
            Name: d.Name,
            Values: d.Values ?? { StringList: [] },
            Purposes: d.Purposes ?? [],
            AttributeConfiguration: {
              EnableValueValidationOnAssociation: d.AttributeConfiguration?.EnableValueValidationOnAssociation ?? false,
            },
          }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(new connect.DeletePredefinedAttributeCommand({ InstanceId: ctx.instance.id, Name: target.id }));
  },
});
