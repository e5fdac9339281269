import {
  paginateListBots,
  paginateListIntegrationAssociations,
  paginateListLambdaFunctions,
  paginateListPhoneNumbersV2,
} from '@aws-sdk/client-connect';
import { resourceOf, type Described, type ResourceSummary } from '../resources/index.js';
import type { ConnectApi } from './connect-api.js';
import { collect } from './paginate.js';

export type { Described, ResourceSummary };

/** Every resource of one type in the instance, without a cap: the SDK paginators follow every NextToken. */
export function listResources(api: ConnectApi, instanceId: string, type: string): Promise<ResourceSummary[]> {
  return resourceOf(type).list({ api, instanceId });
}

/**
 * Describes one resource into its export fields with concrete ids (allowlisted fields only, volatile ones dropped).
 * `saved` reads a flow's or module's `$SAVED` draft.
 */
export function describeResource(
  api: ConnectApi,
  instanceId: string,
  summary: ResourceSummary,
  { saved = false }: { saved?: boolean } = {},
): Promise<Described<Record<string, unknown>>> {
  return resourceOf(summary.type).describe({ api, instanceId }, summary, { saved }) as Promise<
    Described<Record<string, unknown>>
  >;
}

export interface PhoneNumberSummary {
  id: string;
  arn: string;
  number: string;
  type?: string;
}

export async function listPhoneNumbers(api: ConnectApi, instanceArn: string): Promise<PhoneNumberSummary[]> {
  const list = await collect(
    paginateListPhoneNumbersV2({ client: api.client, pageSize: 100 }, { TargetArn: instanceArn }),
    (p) => p.ListPhoneNumbersSummaryList,
    'ListPhoneNumbersV2',
  );
  return list
    .filter((n) => n.PhoneNumberId && n.PhoneNumber)
    .map((n) => ({
      id: n.PhoneNumberId!,
      arn: n.PhoneNumberArn ?? '',
      number: n.PhoneNumber!,
      ...(n.PhoneNumberType ? { type: n.PhoneNumberType } : {}),
    }));
}

export async function listLambdaAssociations(api: ConnectApi, instanceId: string): Promise<string[]> {
  return collect(
    paginateListLambdaFunctions({ client: api.client, pageSize: 25 }, { InstanceId: instanceId }),
    (p) => p.LambdaFunctions,
    'ListLambdaFunctions',
  );
}

export interface IntegrationSummary {
  id: string;
  type: string;
  arn?: string;
}

/** The instance's integrations (Cases, Customer Profiles, Amazon Q, ...), whose ids are the instance's own. */
export async function listIntegrationAssociations(api: ConnectApi, instanceId: string): Promise<IntegrationSummary[]> {
  const list = await collect(
    paginateListIntegrationAssociations({ client: api.client, pageSize: 100 }, { InstanceId: instanceId }),
    (p) => p.IntegrationAssociationSummaryList,
    'ListIntegrationAssociations',
  );
  return list
    .filter((i) => i.IntegrationAssociationId)
    .map((i) => ({
      id: i.IntegrationAssociationId!,
      type: i.IntegrationType ?? 'UNKNOWN',
      ...(i.IntegrationArn ? { arn: i.IntegrationArn } : {}),
    }));
}

export async function listLexV2Associations(api: ConnectApi, instanceId: string): Promise<string[]> {
  const bots = await collect(
    paginateListBots({ client: api.client, pageSize: 25 }, { InstanceId: instanceId, LexVersion: 'V2' }),
    (p) => p.LexBots,
    'ListBots',
  );
  return bots.map((b) => b.LexV2Bot?.AliasArn).filter((a): a is string => typeof a === 'string');
}
