import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { defineResource, type Concrete } from './descriptor.js';
import { description, name, portableTags, ref, sortedList, tags } from './fields.js';

const permission = z.string().min(1).max(128);

const application = z
  .object({
    Namespace: z.string().min(1).max(128),
    ApplicationPermissions: z.array(permission).min(1).max(50),
    Type: z.enum(['MCP', 'THIRD_PARTY_APPLICATION']).optional(),
  })
  .strict();

const schema = z
  .object({
    Name: name,
    Description: description,
    // Always written, empty or not: a file without it comes from before profiles were deployed, and deploying it
    // as it is would take every permission away.
    Permissions: z
      .array(permission, {
        error: (issue) =>
          issue.input === undefined
            ? 'missing: a security profile lists its permissions (an empty list for none); export it again, or list them'
            : undefined,
      })
      .max(500),
    AllowedAccessControlTags: z
      .record(z.string().min(1).max(128), z.string().max(256))
      .refine((t) => Object.keys(t).length <= 4, { message: 'at most 4 access control tags' })
      .optional(),
    TagRestrictedResources: z.array(permission).max(10).optional(),
    Applications: z.array(application).max(10).optional(),
    HierarchyRestrictedResources: z.array(permission).optional(),
    AllowedAccessControlHierarchyGroupId: ref('hierarchy-group').optional(),
    Tags: tags,
  })
  .strict();
export type SecurityProfileFile = z.infer<typeof schema>;
type SecurityProfile = Concrete<SecurityProfileFile>;

/** The profiles every instance comes with: carried like any other, never deleted by a prune. */
export const STOCK_SECURITY_PROFILES = ['Admin', 'Agent', 'CallCenterManager', 'QualityAnalyst'] as const;

/** What `UpdateSecurityProfile` takes for a member the export leaves out: the empty value, which clears it. */
const CLEARED = {
  Description: '',
  AllowedAccessControlTags: {},
  TagRestrictedResources: [],
  Applications: [],
  HierarchyRestrictedResources: [],
} as const;
type Settable = keyof typeof CLEARED | 'Permissions' | 'AllowedAccessControlHierarchyGroupId';
const SETTABLE: readonly Settable[] = [
  'Permissions',
  ...(Object.keys(CLEARED) as (keyof typeof CLEARED)[]),
  'AllowedAccessControlHierarchyGroupId',
];

const nonEmpty = <T>(value: T[] | undefined): T[] | undefined => (value && value.length > 0 ? value : undefined);

/**
 * Security profiles with their permissions, applications and access restrictions (tags, hierarchy). The stock profiles
 * exist in every instance: they are updated when the export differs and never pruned.
 */
export const securityProfile = defineResource({
  type: 'security-profile',
  label: 'security profile',
  folder: 'security-profiles',
  arnKind: 'security-profile',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  builtIn: STOCK_SECURITY_PROFILES,
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListSecurityProfiles({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.SecurityProfileSummaryList,
      'ListSecurityProfiles',
    );
    return summaries('security-profile', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const what = `security profile "${summary.name}"`;
    const call = { InstanceId, SecurityProfileId: summary.id };
    // Describe leaves out the permissions and applications: each has its own listing.
    const [out, permissions, applications] = await Promise.all([
      api.send<connect.DescribeSecurityProfileCommandOutput>(new connect.DescribeSecurityProfileCommand(call), what),
      collect(
        connect.paginateListSecurityProfilePermissions({ client: api.client, pageSize: PAGE }, call),
        (p) => p.Permissions,
        'ListSecurityProfilePermissions',
      ),
      collect(
        connect.paginateListSecurityProfileApplications({ client: api.client, pageSize: PAGE }, call),
        (p) => p.Applications,
        'ListSecurityProfileApplications',
      ),
    ]);
    const s = out.SecurityProfile ?? {};
    const accessTags = s.AllowedAccessControlTags ?? {};
    const portable = portableTags(s.Tags);
    const body: SecurityProfile = {
      Name: s.SecurityProfileName ?? summary.name,
      ...(s.Description ? { Description: s.Description } : {}),
      Permissions: permissions,
      ...(Object.keys(accessTags).length > 0 ? { AllowedAccessControlTags: accessTags } : {}),
      ...(nonEmpty(s.TagRestrictedResources) ? { TagRestrictedResources: s.TagRestrictedResources } : {}),
      ...(applications.length > 0
        ? {
            Applications: applications.map((a) => ({
              Namespace: a.Namespace ?? '',
              ApplicationPermissions: a.ApplicationPermissions ?? [],
              ...(a.Type ? { Type: a.Type } : {}),
            })),
          }
        : {}),
      ...(nonEmpty(s.HierarchyRestrictedResources)
        ? { HierarchyRestrictedResources: s.HierarchyRestrictedResources }
        : {}),
      ...(s.AllowedAccessControlHierarchyGroupId
        ? { AllowedAccessControlHierarchyGroupId: s.AllowedAccessControlHierarchyGroupId }
        : {}),
      ...(portable ? { Tags: portable } : {}),
    };
    return { body, tags: s.Tags ?? {} };
  },
  canonical: (body) => ({
    ...body,
    Permissions: [...body.Permissions].sort(),
    ...(body.TagRestrictedResources ? { TagRestrictedResources: [...body.TagRestrictedResources].sort() } : {}),
    ...(body.HierarchyRestrictedResources
      ? { HierarchyRestrictedResources: [...body.HierarchyRestrictedResources].sort() }
      : {}),
    ...(body.Applications
      ? {
          Applications: sortedList(
            body.Applications.map((a) => ({ ...a, ApplicationPermissions: [...a.ApplicationPermissions].sort() })),
          ),
        }
      : {}),
  }),
  check(desired, current) {
    if (current?.AllowedAccessControlHierarchyGroupId !== undefined && !desired.AllowedAccessControlHierarchyGroupId)
      return {
        path: 'AllowedAccessControlHierarchyGroupId',
        message:
          "the target's profile restricts access to a hierarchy group and the export's does not; UpdateSecurityProfile documents no way to clear that restriction: lift it in the target's console, or keep it in the export",
      };
    return undefined;
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateSecurityProfileCommandOutput>(
      new connect.CreateSecurityProfileCommand({
        InstanceId: ctx.instance.id,
        SecurityProfileName: d.Name,
        Description: d.Description,
        Permissions: d.Permissions,
        AllowedAccessControlTags: d.AllowedAccessControlTags,
        TagRestrictedResources: d.TagRestrictedResources,
        Applications: d.Applications,
        HierarchyRestrictedResources: d.HierarchyRestrictedResources,
        AllowedAccessControlHierarchyGroupId: d.AllowedAccessControlHierarchyGroupId,
        Tags: d.Tags,
      }),
    );
    return { id: out.SecurityProfileId!, arn: out.SecurityProfileArn! };
  },
  updates: [
    {
      fields: SETTABLE,
      // One call with the members that differ: UpdateSecurityProfile changes what it is given and keeps the rest.
      async write(ctx, target, d, current) {
        const changed = SETTABLE.filter((field) => JSON.stringify(d[field]) !== JSON.stringify(current[field]));
        if (changed.length === 0) return;
        const members = Object.fromEntries(
          changed.map((field) => [field, d[field] ?? (CLEARED as Record<string, unknown>)[field]]),
        );
        await ctx.send(
          new connect.UpdateSecurityProfileCommand({
            InstanceId: ctx.instance.id,
            SecurityProfileId: target.id,
            ...members,
          }),
        );
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(
      new connect.DeleteSecurityProfileCommand({ InstanceId: ctx.instance.id, SecurityProfileId: target.id }),
    );
  },
});
