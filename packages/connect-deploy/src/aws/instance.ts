import {
  DescribeInstanceCommand,
  paginateListApprovedOrigins,
  paginateListInstanceAttributes,
  paginateListInstances,
  type Instance,
} from '@aws-sdk/client-connect';
import { UsageError, toAwsOperationError } from '@edd/core';
import { parseInstanceArn, type ArnScope } from '../references/arns.js';
import type { ConnectApi } from './connect-api.js';

export interface InstanceRef {
  id: string;
  arn: string;
  alias: string;
  scope: ArnScope;
  status?: string;
  identityManagementType?: string;
  inboundCallsEnabled?: boolean;
  outboundCallsEnabled?: boolean;
}

function toRef(instance: Instance): InstanceRef {
  const scope = parseInstanceArn(instance.Arn ?? '');
  if (!instance.Id || !scope)
    throw new UsageError(`Connect returned an instance without a valid ARN (${instance.Arn})`);
  return {
    id: instance.Id,
    arn: instance.Arn!,
    alias: instance.InstanceAlias ?? '',
    scope,
    ...(instance.InstanceStatus ? { status: instance.InstanceStatus } : {}),
    ...(instance.IdentityManagementType ? { identityManagementType: instance.IdentityManagementType } : {}),
    ...(instance.InboundCallsEnabled !== undefined ? { inboundCallsEnabled: instance.InboundCallsEnabled } : {}),
    ...(instance.OutboundCallsEnabled !== undefined ? { outboundCallsEnabled: instance.OutboundCallsEnabled } : {}),
  };
}

export async function findInstanceByAlias(api: ConnectApi, alias: string): Promise<InstanceRef | undefined> {
  try {
    for await (const page of paginateListInstances({ client: api.client, pageSize: 10 }, {})) {
      const match = page.InstanceSummaryList?.find((s) => s.InstanceAlias?.toLowerCase() === alias.toLowerCase());
      if (match?.Id) return describeInstance(api, match.Id);
    }
  } catch (error) {
    throw toAwsOperationError(error, 'ListInstances');
  }
  return undefined;
}

export async function describeInstance(api: ConnectApi, id: string): Promise<InstanceRef> {
  const out = await api.send<{ Instance?: Instance }>(
    new DescribeInstanceCommand({ InstanceId: id }),
    `instance ${id}`,
  );
  return toRef(out.Instance ?? {});
}

/** The instance named by `--instance-alias` or `--instance-id`; a missing one is a configuration error (exit 2). */
export async function resolveInstance(
  api: ConnectApi,
  by: { alias?: string; id?: string },
  where: string,
): Promise<InstanceRef> {
  if (by.id) return describeInstance(api, by.id);
  if (!by.alias) throw new UsageError('name the instance with --instance-alias (or --instance-id)');
  const found = await findInstanceByAlias(api, by.alias);
  if (!found) {
    throw new UsageError(
      `no Connect instance with alias '${by.alias}' in ${where}; check --instance-alias (or 'instanceAlias' in connect-deploy.json), or create it with 'connect-deploy instance'`,
    );
  }
  return found;
}

export async function readInstanceAttributes(api: ConnectApi, id: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  try {
    for await (const page of paginateListInstanceAttributes({ client: api.client, pageSize: 7 }, { InstanceId: id })) {
      for (const a of page.Attributes ?? [])
        if (a.AttributeType && a.Value !== undefined) out[a.AttributeType] = a.Value;
    }
  } catch (error) {
    throw toAwsOperationError(error, 'ListInstanceAttributes', `instance ${id}`);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export async function readApprovedOrigins(api: ConnectApi, id: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const page of paginateListApprovedOrigins({ client: api.client, pageSize: 25 }, { InstanceId: id }))
      out.push(...(page.Origins ?? []));
  } catch (error) {
    throw toAwsOperationError(error, 'ListApprovedOrigins', `instance ${id}`);
  }
  return out.sort();
}
