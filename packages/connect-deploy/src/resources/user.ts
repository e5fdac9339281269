import { randomBytes } from 'node:crypto';
import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { chunks, defineResource, type Concrete } from './descriptor.js';
import { name, portableTags, ref, sortedList, tags } from './fields.js';

const e164 = z.string().regex(/^\+[1-9]\d{1,14}$/, { error: 'must be an E.164 number such as +18005550100' });

const proficiency = z
  .object({
    AttributeName: z.union([z.string().min(1).max(100), ref('predefined-attribute')]),
    AttributeValue: z.string().min(1).max(100),
    Level: z.number().int().min(1).max(5),
  })
  .strict();

const schema = z
  .object({
    /** The user name (`Username`), which a user is known by. */
    Name: name.max(100),
    IdentityInfo: z
      .object({
        FirstName: z.string().max(255).optional(),
        LastName: z.string().max(300).optional(),
        Email: z.string().optional(),
        SecondaryEmail: z.string().optional(),
        Mobile: e164.optional(),
      })
      .strict()
      .optional(),
    PhoneConfig: z
      .object({
        PhoneType: z.enum(['SOFT_PHONE', 'DESK_PHONE']),
        AutoAccept: z.boolean().optional(),
        AfterContactWorkTimeLimit: z.number().int().min(0).optional(),
        DeskPhoneNumber: e164.optional(),
        PersistentConnection: z.boolean().optional(),
      })
      .strict(),
    RoutingProfileId: ref('routing-profile'),
    SecurityProfileIds: z.array(ref('security-profile')).min(1).max(10),
    HierarchyGroupId: ref('hierarchy-group').optional(),
    UserProficiencies: z.array(proficiency).optional(),
    Tags: tags,
  })
  .strict();
export type UserFile = z.infer<typeof schema>;
type User = Concrete<UserFile>;
type Proficiency = NonNullable<User['UserProficiencies']>[number];

/** AWS takes proficiencies a few at a time; twenty per call stays within what it documents for a user's list. */
const PROFICIENCIES_PER_CALL = 20;

const proficiencyKey = (p: { AttributeName: string; AttributeValue: string }) =>
  `${p.AttributeName}\u0000${p.AttributeValue}`;

/**
 * A password for a user Connect manages the identity of, which `CreateUser` requires there: random, sent once and
 * never kept, logged or written, so nobody knows it and the user sets their own through a reset.
 */
export function throwawayPassword(): string {
  // 192 random bits; Connect also wants a lower-case letter, an upper-case letter and a digit, within 64 characters.
  return `${randomBytes(24).toString('base64url')}aZ7`;
}

/** Whether Amazon Connect manages the instance's identities, the only case where connect-deploy creates users. */
export const CREATES_USERS = 'CONNECT_MANAGED';

/**
 * Users, opt in (`--include '^users/'`): agents usually differ per environment. Their routing profile, security
 * profiles, hierarchy group, phone settings and proficiencies are deployed; a missing user is created only where
 * Amazon Connect manages identities (with a password nobody knows: the user resets it), and anywhere else it must
 * exist already. Quick connects reference users by user name whether users are exported or not.
 */
export const user = defineResource({
  type: 'user',
  label: 'user',
  folder: 'users',
  arnKind: 'agent',
  schema,
  export: 'opt-in',
  deploy: 'deployed',
  tagged: true,
  // A proficiency may name a value its predefined attribute only gets in the same run.
  after: ['predefined-attribute'],
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListUsers({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.UserSummaryList,
      'ListUsers',
    );
    return list
      .filter((u) => u.Id && u.Username)
      .map((u) => ({ type: 'user', id: u.Id!, arn: u.Arn ?? '', name: u.Username! }));
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const what = `user "${summary.name}"`;
    const [out, proficiencies] = await Promise.all([
      api.send<connect.DescribeUserCommandOutput>(
        new connect.DescribeUserCommand({ InstanceId, UserId: summary.id }),
        what,
      ),
      collect(
        connect.paginateListUserProficiencies(
          { client: api.client, pageSize: PAGE },
          { InstanceId, UserId: summary.id },
        ),
        (p) => p.UserProficiencyList,
        'ListUserProficiencies',
      ),
    ]);
    const u = out.User ?? {};
    const identity = Object.fromEntries(
      (['FirstName', 'LastName', 'Email', 'SecondaryEmail', 'Mobile'] as const).flatMap((k) =>
        u.IdentityInfo?.[k] ? [[k, u.IdentityInfo[k]]] : [],
      ),
    );
    const phone = u.PhoneConfig ?? {};
    const portable = portableTags(u.Tags);
    const body: User = {
      Name: u.Username ?? summary.name,
      ...(Object.keys(identity).length > 0 ? { IdentityInfo: identity } : {}),
      PhoneConfig: {
        PhoneType: phone.PhoneType ?? 'SOFT_PHONE',
        ...(phone.AutoAccept !== undefined ? { AutoAccept: phone.AutoAccept } : {}),
        ...(phone.AfterContactWorkTimeLimit !== undefined
          ? { AfterContactWorkTimeLimit: phone.AfterContactWorkTimeLimit }
          : {}),
        ...(phone.DeskPhoneNumber ? { DeskPhoneNumber: phone.DeskPhoneNumber } : {}),
        ...(phone.PersistentConnection !== undefined ? { PersistentConnection: phone.PersistentConnection } : {}),
      },
      RoutingProfileId: u.RoutingProfileId ?? '',
      SecurityProfileIds: u.SecurityProfileIds ?? [],
      ...(u.HierarchyGroupId ? { HierarchyGroupId: u.HierarchyGroupId } : {}),
      ...(proficiencies.length > 0
        ? {
            UserProficiencies: proficiencies.map((p) => ({
              AttributeName: p.AttributeName!,
              AttributeValue: p.AttributeValue!,
              Level: p.Level!,
            })),
          }
        : {}),
      ...(portable ? { Tags: portable } : {}),
    };
    return { body, tags: u.Tags ?? {} };
  },
  canonical: (body) => ({
    ...body,
    SecurityProfileIds: sortedList(body.SecurityProfileIds),
    ...(body.UserProficiencies ? { UserProficiencies: sortedList(body.UserProficiencies) } : {}),
  }),
  check(_desired, current, instance) {
    if (current || instance.identityManagementType === CREATES_USERS) return undefined;
    return {
      message: `the user does not exist in the target instance, whose identities are managed by ${instance.identityManagementType ?? 'another system'} (connect-deploy creates users only where Amazon Connect manages them); create it there first, or leave it out of this deploy with --exclude`,
    };
  },
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateUserCommandOutput>(
      new connect.CreateUserCommand({
        InstanceId: ctx.instance.id,
        Username: d.Name,
        Password: throwawayPassword(),
        IdentityInfo: d.IdentityInfo,
        PhoneConfig: d.PhoneConfig,
        RoutingProfileId: d.RoutingProfileId,
        SecurityProfileIds: d.SecurityProfileIds,
        HierarchyGroupId: d.HierarchyGroupId,
        Tags: d.Tags,
      }),
    );
    const created = { id: out.UserId!, arn: out.UserArn! };
    for (const part of chunks(d.UserProficiencies ?? [], PROFICIENCIES_PER_CALL))
      await ctx.send(
        new connect.AssociateUserProficienciesCommand({
          InstanceId: ctx.instance.id,
          UserId: created.id,
          UserProficiencies: part,
        }),
      );
    return created;
  },
  updates: [
    {
      fields: ['IdentityInfo'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateUserIdentityInfoCommand({
            InstanceId: ctx.instance.id,
            UserId: target.id,
            IdentityInfo: d.IdentityInfo ?? {},
          }),
        );
      },
    },
    {
      fields: ['PhoneConfig'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateUserPhoneConfigCommand({
            InstanceId: ctx.instance.id,
            UserId: target.id,
            PhoneConfig: d.PhoneConfig,
          }),
        );
      },
    },
    {
      fields: ['RoutingProfileId'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateUserRoutingProfileCommand({
            InstanceId: ctx.instance.id,
            UserId: target.id,
            RoutingProfileId: d.RoutingProfileId,
          }),
        );
      },
    },
    {
      fields: ['SecurityProfileIds'],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateUserSecurityProfilesCommand({
            InstanceId: ctx.instance.id,
            UserId: target.id,
            SecurityProfileIds: d.SecurityProfileIds,
          }),
        );
      },
    },
    {
      fields: ['HierarchyGroupId'],
      // Without a group the user leaves the one it has.
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateUserHierarchyCommand({
            InstanceId: ctx.instance.id,
            UserId: target.id,
            HierarchyGroupId: d.HierarchyGroupId,
          }),
        );
      },
    },
    {
      fields: ['UserProficiencies'],
      async write(ctx, target, d, current) {
        const want = new Map((d.UserProficiencies ?? []).map((p) => [proficiencyKey(p), p]));
        const have = new Map((current.UserProficiencies ?? []).map((p) => [proficiencyKey(p), p]));
        const add: Proficiency[] = [...want.values()].filter((p) => !have.has(proficiencyKey(p)));
        const change = [...want.values()].filter((p) => {
          const now = have.get(proficiencyKey(p));
          return now !== undefined && now.Level !== p.Level;
        });
        const remove = [...have.values()]
          .filter((p) => !want.has(proficiencyKey(p)))
          .map(({ AttributeName, AttributeValue }) => ({ AttributeName, AttributeValue }));
        const call = { InstanceId: ctx.instance.id, UserId: target.id };
        for (const part of chunks(remove, PROFICIENCIES_PER_CALL))
          await ctx.send(new connect.DisassociateUserProficienciesCommand({ ...call, UserProficiencies: part }));
        for (const part of chunks(change, PROFICIENCIES_PER_CALL))
          await ctx.send(new connect.UpdateUserProficienciesCommand({ ...call, UserProficiencies: part }));
        for (const part of chunks(add, PROFICIENCIES_PER_CALL))
          await ctx.send(new connect.AssociateUserProficienciesCommand({ ...call, UserProficiencies: part }));
      },
    },
  ],
  async delete(ctx, target) {
    await ctx.send(new connect.DeleteUserCommand({ InstanceId: ctx.instance.id, UserId: target.id }));
  },
});
