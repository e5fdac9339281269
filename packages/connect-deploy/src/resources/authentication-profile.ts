import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, summaries } from '../aws/paginate.js';
import { defineResource } from './descriptor.js';

const cidrs = z.array(
  z
    .string()
    .min(2)
    .max(50)
    .regex(/^[A-Za-z0-9:/.]*$/, 'must be an IP address range such as 203.0.113.0/24'),
);

const schema = z
  .object({
    Name: z.string().min(1).max(128),
    Description: z.string().min(1).max(250).optional(),
    AllowedIps: cidrs.optional(),
    BlockedIps: cidrs.optional(),
    SessionInactivityDuration: z.number().int().min(15).max(720).optional(),
    SessionInactivityHandlingEnabled: z.boolean().optional(),
  })
  .strict();
export type AuthenticationProfileFile = z.infer<typeof schema>;

/** An address list in a stable order, left out when empty (Connect gives `[]` for none). */
const ips = (list: readonly string[] | undefined) => (list && list.length > 0 ? [...list].sort() : undefined);

/** ListAuthenticationProfiles pages hold up to 1000; the instance has a handful. */
const PAGE = 100;

/**
 * The authentication profile settings of the instance (who may sign in from where, and when an idle agent is signed
 * out), by profile name: Connect gives every instance its default profile and has no API to make or delete one.
 * Exported for the record and reported; written only when `deploySettings` names `authentication-profiles`.
 * `PeriodicSessionDuration` is left out: Connect deprecated it for `SessionInactivityDuration`.
 */
export const authenticationProfile = defineResource({
  type: 'authentication-profile',
  label: 'authentication profile',
  folder: 'authentication-profiles',
  arnKind: 'authentication-profile',
  schema,
  export: 'always',
  deploy: 'reported',
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListAuthenticationProfiles({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.AuthenticationProfileSummaryList,
      'ListAuthenticationProfiles',
    );
    return summaries('authentication-profile', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeAuthenticationProfileCommandOutput>(
      new connect.DescribeAuthenticationProfileCommand({ InstanceId, AuthenticationProfileId: summary.id }),
      `authentication profile "${summary.name}"`,
    );
    const p = out.AuthenticationProfile ?? {};
    const allowed = ips(p.AllowedIps);
    const blocked = ips(p.BlockedIps);
    return {
      body: {
        Name: p.Name ?? summary.name,
        ...(p.Description ? { Description: p.Description } : {}),
        ...(allowed ? { AllowedIps: allowed } : {}),
        ...(blocked ? { BlockedIps: blocked } : {}),
        ...(p.SessionInactivityDuration !== undefined
          ? { SessionInactivityDuration: p.SessionInactivityDuration }
          : {}),
        ...(p.SessionInactivityHandlingEnabled !== undefined
          ? { SessionInactivityHandlingEnabled: p.SessionInactivityHandlingEnabled }
          : {}),
      },
      tags: {},
    };
  },
  canonical: ({ AllowedIps, BlockedIps, ...rest }) => {
    const allowed = ips(AllowedIps);
    const blocked = ips(BlockedIps);
    return { ...rest, ...(allowed ? { AllowedIps: allowed } : {}), ...(blocked ? { BlockedIps: blocked } : {}) };
  },
  check(_desired, current) {
    if (current) return undefined;
    return {
      message:
        "the target instance has no authentication profile of this name, and Connect makes none through its API (every instance has its default): name the file's profile as the target's is named",
    };
  },
  updates: [
    {
      fields: [
        'Name',
        'Description',
        'AllowedIps',
        'BlockedIps',
        'SessionInactivityDuration',
        'SessionInactivityHandlingEnabled',
      ],
      async write(ctx, target, d) {
        await ctx.send(
          new connect.UpdateAuthenticationProfileCommand({
            InstanceId: ctx.instance.id,
            AuthenticationProfileId: target.id,
            Name: d.Name,
            Description: d.Description,
            // Given in full: an address list the file leaves out is none.
            AllowedIps: d.AllowedIps ?? [],
            BlockedIps: d.BlockedIps ?? [],
            SessionInactivityDuration: d.SessionInactivityDuration,
            SessionInactivityHandlingEnabled: d.SessionInactivityHandlingEnabled,
          }),
        );
      },
    },
  ],
});
