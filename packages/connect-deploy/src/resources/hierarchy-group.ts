import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { defineResource, type ReadContext, type ResourceSummary } from './descriptor.js';
import { portableTags, ref, tags } from './fields.js';
import { LEVELS } from './hierarchy-structure.js';

/**
 * A group is known by its path: the names of its ancestors from the top level down, then its own, joined by `/`
 * (a `/` or `\` inside a name is written `\/` or `\\`). Connect lets two groups under different parents share a name,
 * so the path is what names one group in every instance; a top-level group's path is its name.
 */
export function joinPath(names: readonly string[]): string {
  return names.map((n) => n.replace(/[\\/]/g, (c) => `\\${c}`)).join('/');
}

export function splitPath(path: string): string[] {
  const names: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && i + 1 < path.length) current += path[++i];
    else if (c === '/') {
      names.push(current);
      current = '';
    } else current += c;
  }
  names.push(current);
  return names;
}

/** The path a `HierarchyPath` (top level first, down to the group itself) spells. */
export function pathOf(hierarchy: connect.HierarchyPath | undefined): string | undefined {
  const names = LEVELS.map((level) => hierarchy?.[level]?.Name).filter((n): n is string => n !== undefined);
  return names.length > 0 ? joinPath(names) : undefined;
}

/** The group a path names the parent of, or undefined for a top-level group. */
export function parentPath(path: string): string | undefined {
  const names = splitPath(path);
  return names.length > 1 ? joinPath(names.slice(0, -1)) : undefined;
}

const schema = z
  .object({
    /** The group's path (see joinPath). */
    Name: z.string().min(1),
    ParentGroupId: ref('hierarchy-group').optional(),
    Tags: tags,
  })
  .strict()
  .superRefine((body, ctx) => {
    const names = splitPath(body.Name);
    if (names.some((n) => n.trim() === ''))
      ctx.addIssue({ code: 'custom', path: ['Name'], message: 'a group path has an empty name in it' });
    if (names.length > LEVELS.length)
      ctx.addIssue({
        code: 'custom',
        path: ['Name'],
        message: `a user hierarchy has at most ${LEVELS.length} levels; this path has ${names.length} names`,
      });
    const parent = parentPath(body.Name);
    const named = (body.ParentGroupId as { name?: unknown } | undefined)?.name;
    if (named !== parent)
      ctx.addIssue({
        code: 'custom',
        path: ['ParentGroupId'],
        message:
          parent === undefined
            ? 'a top-level group (a path of one name) has no ParentGroupId'
            : `must be {"$ref": "hierarchy-group", "name": ${JSON.stringify(parent)}, "form": "id"}: the path without its last name`,
      });
  });
export type HierarchyGroupFile = z.infer<typeof schema>;

async function describeGroup(
  { api, instanceId: InstanceId }: ReadContext,
  id: string,
  what: string,
): Promise<connect.HierarchyGroup> {
  const out = await api.send<connect.DescribeUserHierarchyGroupCommandOutput>(
    new connect.DescribeUserHierarchyGroupCommand({ InstanceId, HierarchyGroupId: id }),
    what,
  );
  return out.HierarchyGroup ?? {};
}

/**
 * User hierarchy groups, by path: parents are created before their children because a child's file references its
 * parent, and pruning deletes children first (a path sorts after its parent's). A group cannot move to another
 * parent through the API, and its path is its identity: a moved or renamed group is another group. So only its
 * tags are ever updated.
 */
export const hierarchyGroup = defineResource({
  type: 'hierarchy-group',
  label: 'hierarchy group',
  folder: 'hierarchy-groups',
  arnKind: 'agent-group',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  // A group is made at its parent's level plus one, which the structure must define first.
  after: ['hierarchy-structure'],
  async list(ctx): Promise<ResourceSummary[]> {
    const { api, instanceId: InstanceId } = ctx;
    // The listing is the authority on which groups exist; the search gives their paths in a page of a hundred.
    const [listed, searched] = await Promise.all([
      collect(
        connect.paginateListUserHierarchyGroups({ client: api.client, pageSize: PAGE }, { InstanceId }),
        (p) => p.UserHierarchyGroupSummaryList,
        'ListUserHierarchyGroups',
      ),
      collect(
        connect.paginateSearchUserHierarchyGroups({ client: api.client, pageSize: PAGE }, { InstanceId }),
        (p) => p.UserHierarchyGroups,
        'SearchUserHierarchyGroups',
      ),
    ]);
    const paths = new Map(searched.map((g) => [g.Id, pathOf(g.HierarchyPath)]));
    return Promise.all(
      listed
        .filter((g) => g.Id && g.Name)
        .map(async (g) => {
          // Search is eventually consistent: a group it does not show yet is described.
          const path =
            paths.get(g.Id) ?? pathOf((await describeGroup(ctx, g.Id!, `hierarchy group "${g.Name}"`)).HierarchyPath);
          return { type: 'hierarchy-group', id: g.Id!, arn: g.Arn ?? '', name: path ?? joinPath([g.Name!]) };
        }),
    );
  },
  async describe(ctx, summary) {
    const g = await describeGroup(ctx, summary.id, `hierarchy group "${summary.name}"`);
    const chain = LEVELS.map((level) => g.HierarchyPath?.[level]).filter((s) => s !== undefined);
    const parent = chain.length > 1 ? chain[chain.length - 2]?.Id : undefined;
    const portable = portableTags(g.Tags);
    return {
      body: {
        Name: pathOf(g.HierarchyPath) ?? summary.name,
        ...(parent ? { ParentGroupId: parent } : {}),
        ...(portable ? { Tags: portable } : {}),
      },
      tags: g.Tags ?? {},
    };
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateUserHierarchyGroupCommandOutput>(
      new connect.CreateUserHierarchyGroupCommand({
        InstanceId: ctx.instance.id,
        Name: splitPath(d.Name).at(-1)!,
        ParentGroupId: d.ParentGroupId,
        Tags: d.Tags,
      }),
    );
    return { id: out.HierarchyGroupId!, arn: out.HierarchyGroupArn! };
  },
  async delete(ctx, target) {
    await ctx.send(
      new connect.DeleteUserHierarchyGroupCommand({ InstanceId: ctx.instance.id, HierarchyGroupId: target.id }),
    );
  },
});
