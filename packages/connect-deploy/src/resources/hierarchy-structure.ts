import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { defineResource, type ReadContext, type ResourceSummary, type WriteContext } from './descriptor.js';

/** The levels of a user hierarchy, top first, as the API names them. */
export const LEVELS = ['LevelOne', 'LevelTwo', 'LevelThree', 'LevelFour', 'LevelFive'] as const;

/** The structure's one file: `user-hierarchy/structure.json`. */
const SINGLETON = 'structure';

const level = z.object({ Name: z.string().min(1) }).strict();

const schema = z
  .object({
    LevelOne: level,
    LevelTwo: level.optional(),
    LevelThree: level.optional(),
    LevelFour: level.optional(),
    LevelFive: level.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    // Connect defines levels from the top down: a level without the one above it cannot exist.
    LEVELS.forEach((name, depth) => {
      if (depth > 0 && body[name] && !body[LEVELS[depth - 1]!])
        ctx.addIssue({ code: 'custom', path: [name], message: `${name} needs ${LEVELS[depth - 1]} above it` });
    });
  });
export type HierarchyStructureFile = z.infer<typeof schema>;

async function readStructure(api: ReadContext['api'], InstanceId: string): Promise<HierarchyStructureFile | undefined> {
  const out = await api.send<connect.DescribeUserHierarchyStructureCommandOutput>(
    new connect.DescribeUserHierarchyStructureCommand({ InstanceId }),
    'user hierarchy structure',
  );
  const levels = out.HierarchyStructure ?? {};
  const body = Object.fromEntries(
    LEVELS.flatMap((name) => (levels[name]?.Name ? [[name, { Name: levels[name].Name }]] : [])),
  );
  return Object.keys(body).length > 0 ? (body as HierarchyStructureFile) : undefined;
}

/**
 * The names of the user hierarchy's levels: one per instance, never created or deleted. An instance without levels
 * has nothing to export; deploying the file writes the whole structure, as `UpdateUserHierarchyStructure` takes it.
 */
export const hierarchyStructure = defineResource({
  type: 'hierarchy-structure',
  label: 'user hierarchy structure',
  folder: 'user-hierarchy',
  singleton: SINGLETON,
  schema,
  export: 'always',
  deploy: 'deployed',
  async list({ api, instanceId }): Promise<ResourceSummary[]> {
    const structure = await readStructure(api, instanceId);
    return structure ? [{ type: 'hierarchy-structure', id: SINGLETON, arn: '', name: SINGLETON }] : [];
  },
  async describe({ api, instanceId }) {
    return { body: (await readStructure(api, instanceId)) ?? ({} as HierarchyStructureFile), tags: {} };
  },
  // The target has no levels yet: writing them is the same call as changing them.
  async create(ctx, d) {
    await writeStructure(ctx, d);
    return { id: SINGLETON, arn: '' };
  },
  updates: [
    {
      fields: LEVELS,
      async write(ctx, _target, d) {
        await writeStructure(ctx, d);
      },
    },
  ],
});

function writeStructure(ctx: WriteContext, d: HierarchyStructureFile): Promise<unknown> {
  return ctx.send(
    new connect.UpdateUserHierarchyStructureCommand({
      InstanceId: ctx.instance.id,
      HierarchyStructure: Object.fromEntries(
        LEVELS.flatMap((name) => (d[name] ? [[name, { Name: d[name].Name }]] : [])),
      ),
    }),
  );
}
