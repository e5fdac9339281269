import * as connect from '@aws-sdk/client-connect';
import { AwsOperationError, stableStringify } from '@edd/core';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { defineResource, type Concrete, type Identity, type WriteContext } from './descriptor.js';
import { portableTags, tags } from './fields.js';
import { fromJsonText, jsonText, toJsonText } from './json-text.js';

const content = z
  .object({
    Template: jsonText.optional(),
    Actions: z.array(z.string()).optional(),
  })
  .strict();

const schema = z
  .object({
    Name: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\p{L}\p{N}_.:/=+\-@()']+[\p{L}\p{Z}\p{N}_.:/=+\-@()']*$/u, {
        message: "a view's name holds letters, digits, spaces and _.:/=+-@()' and does not start with a space",
      }),
    Description: z
      .string()
      .min(1)
      .max(4096)
      .regex(/^[\p{L}\p{N}_.:/=+\-@,()']+[\p{L}\p{Z}\p{N}_.:/=+\-@,()']*$/u, {
        message: "a view's description holds letters, digits, spaces and _.:/=+-@,()' and does not start with a space",
      })
      .optional(),
    Status: z.enum(['PUBLISHED', 'SAVED']),
    Content: content,
    Versioned: z.literal(true).optional(),
    Tags: tags,
  })
  .strict()
  .refine((view) => !(view.Versioned && view.Status === 'SAVED'), {
    path: ['Versioned'],
    message:
      'a view kept SAVED has no published content to hold in a version: remove "Versioned" or publish the view ("Status": "PUBLISHED")',
  });
export type ViewFile = z.infer<typeof schema>;
type ViewContent = z.infer<typeof content>;

function contentOf(c: connect.ViewContent | undefined): ViewContent {
  const template = fromJsonText(c?.Template);
  return {
    ...(template !== undefined ? { Template: template } : {}),
    ...(c?.Actions ? { Actions: [...c.Actions] } : {}),
  };
}

function inputContent(c: ViewContent): connect.ViewInputContent {
  return { Template: toJsonText(c.Template), Actions: c.Actions };
}

const sameContent = (a: connect.ViewContent | undefined, b: connect.ViewContent | undefined) =>
  stableStringify(contentOf(a)) === stableStringify(contentOf(b));

/**
 * Whether the view's published content is held in a version: its latest version has exactly that content. This is
 * what an export carries of the view's versions; the older versions are the source instance's history.
 */
async function versioned(
  api: WriteContext['api'],
  InstanceId: string,
  view: connect.View,
  what: string,
): Promise<boolean> {
  const versions = await collect(
    connect.paginateListViewVersions({ client: api.client, pageSize: PAGE }, { InstanceId, ViewId: view.Id! }),
    (p) => p.ViewVersionSummaryList,
    'ListViewVersions',
  );
  const latest = Math.max(0, ...versions.map((v) => v.Version ?? 0));
  if (latest === 0) return false;
  const frozen = await api.send<connect.DescribeViewCommandOutput>(
    new connect.DescribeViewCommand({ InstanceId, ViewId: `${view.Id!}:${latest}` }),
    what,
  );
  return sameContent(frozen.View?.Content, view.Content);
}

/** Freezes the view's published content as its next version. */
async function freeze(ctx: WriteContext, target: Identity, what: string): Promise<void> {
  await ctx.api.sendAfterCreate(
    new connect.CreateViewVersionCommand({ InstanceId: ctx.instance.id, ViewId: target.id }),
    what,
  );
}

/**
 * Custom views (the pages of step-by-step guides), shown by `ShowView` flow blocks, which name them by ARN. A view
 * carries its content as published (or, never published, its saved draft with `Status: SAVED`) and `Versioned` when
 * that content is held in a version; deploy writes the same state. The views Connect manages (`AWS_MANAGED`) are the
 * same in every instance, named by ARNs without an account: they are never exported and flows keep their ARNs.
 */
export const view = defineResource({
  type: 'view',
  label: 'view',
  folder: 'views',
  arnKind: 'view',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  comparesDraft: (desired) => desired.Status === 'SAVED',
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListViews({ client: api.client, pageSize: PAGE }, { InstanceId, Type: 'CUSTOMER_MANAGED' }),
      (p) => p.ViewsSummaryList,
      'ListViews',
    );
    return summaries('view', list);
  },
  async describe({ api, instanceId: InstanceId }, summary, { saved }) {
    const what = `view "${summary.name}"`;
    const read = async (qualifier?: string) =>
      (
        await api.send<connect.DescribeViewCommandOutput>(
          new connect.DescribeViewCommand({
            InstanceId,
            ViewId: qualifier ? `${summary.id}:${qualifier}` : summary.id,
          }),
          what,
        )
      ).View ?? {};
    let published: connect.View | undefined;
    if (!saved) {
      // Connect answers ResourceNotFoundException for the published content of a view never published.
      published = await read().catch((error: unknown) => {
        if (error instanceof AwsOperationError && error.details.code === 'ResourceNotFoundException') return undefined;
        throw error;
      });
    }
    const v = published ?? (await read('$SAVED'));
    const portable = portableTags(v.Tags);
    return {
      body: {
        Name: v.Name ?? summary.name,
        ...(v.Description ? { Description: v.Description } : {}),
        Status: published ? ('PUBLISHED' as const) : ('SAVED' as const),
        Content: contentOf(v.Content),
        ...(published && (await versioned(api, InstanceId, published, what)) ? { Versioned: true as const } : {}),
        ...(portable ? { Tags: portable } : {}),
      },
      tags: v.Tags ?? {},
    };
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateViewCommandOutput>(
      new connect.CreateViewCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Description: d.Description,
        Status: d.Status,
        Content: inputContent(d.Content),
        Tags: d.Tags,
      }),
    );
    const created = { id: out.View!.Id!, arn: out.View!.Arn! };
    if (d.Versioned) await freeze(ctx, created, `view "${d.Name}"`);
    return created;
  },
  updates: [
    {
      fields: ['Description'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateViewMetadataCommand({
            InstanceId: ctx.instance.id,
            ViewId: target.id,
            Name: d.Name,
            Description: d.Description,
          }),
        );
      },
    },
    {
      // One rule: the version must freeze the content this update publishes.
      fields: ['Content', 'Status', 'Versioned'],
      async write(ctx, target, d, current) {
        const rewrite = d.Status !== current.Status || !sameView(d.Content, current.Content);
        if (rewrite)
          await ctx.send(
            new connect.UpdateViewContentCommand({
              InstanceId: ctx.instance.id,
              ViewId: target.id,
              Status: d.Status,
              Content: inputContent(d.Content),
            }),
          );
        if (d.Versioned && (rewrite || !current.Versioned)) await freeze(ctx, target, `view "${d.Name}"`);
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(new connect.DeleteViewCommand({ InstanceId: ctx.instance.id, ViewId: target.id }));
  },
});

function sameView(a: Concrete<ViewContent>, b: Concrete<ViewContent>): boolean {
  return stableStringify(a) === stableStringify(b);
}
