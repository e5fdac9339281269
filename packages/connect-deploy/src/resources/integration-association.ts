import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect } from '../aws/paginate.js';
import { defineResource, type ResourceSummary } from './descriptor.js';

const schema = z
  .object({
    Name: z.string().min(1).max(200),
    IntegrationType: z.string().min(1),
    SourceApplicationName: z.string().min(1).max(100).optional(),
    SourceApplicationUrl: z.string().min(1).max(2000).optional(),
    SourceType: z.string().min(1).optional(),
  })
  .strict();
export type IntegrationAssociationFile = z.infer<typeof schema>;

/** ListIntegrationAssociations takes at most 100 a page. */
const PAGE = 100;

/**
 * The names of an instance's integrations: the integration type (`CASES_DOMAIN`), with the source application's
 * name when there is one; integrations that would still share a name are numbered in the order of their ARNs.
 */
export function integrationNames(list: readonly connect.IntegrationAssociationSummary[]): string[] {
  const base = list.map((i) =>
    [i.IntegrationType ?? 'UNKNOWN', i.SourceApplicationName].filter((part) => part !== undefined).join(' '),
  );
  const count = new Map<string, number>();
  for (const name of base) count.set(name.toLowerCase(), (count.get(name.toLowerCase()) ?? 0) + 1);
  const order = list
    .map((i, at) => ({ at, arn: i.IntegrationArn ?? '' }))
    .sort((a, b) => a.arn.localeCompare(b.arn))
    .map(({ at }) => at);
  const seen = new Map<string, number>();
  const names = [...base];
  for (const at of order) {
    const key = base[at]!.toLowerCase();
    if (count.get(key)! < 2) continue;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    names[at] = `${base[at]} ${n}`;
  }
  return names;
}

/**
 * The instance's integrations other than Lambda functions and Lex bots (Cases, Amazon Q in Connect, Voice ID, event
 * integrations, third-party applications, ...). Each names a resource of its own account (a Cases domain, an
 * assistant) that is set up in every environment on its own, so the file says what is integrated, never which
 * resource: exported for the record, and deploy reports an integration one side has and the other has not.
 */
export const integrationAssociation = defineResource({
  type: 'integration-association',
  label: 'integration',
  folder: 'integrations',
  arnKind: 'integration-association',
  schema,
  export: 'always',
  deploy: 'reported',
  async list({ api, instanceId: InstanceId }) {
    const list = (
      await collect(
        connect.paginateListIntegrationAssociations({ client: api.client, pageSize: PAGE }, { InstanceId }),
        (p) => p.IntegrationAssociationSummaryList,
        'ListIntegrationAssociations',
      )
    ).filter((i) => i.IntegrationAssociationId);
    const names = integrationNames(list);
    return list.map((i, at): ResourceSummary => ({
      type: 'integration-association',
      id: i.IntegrationAssociationId!,
      arn: i.IntegrationAssociationArn ?? '',
      name: names[at]!,
      listed: {
        Name: names[at]!,
        IntegrationType: i.IntegrationType ?? 'UNKNOWN',
        ...(i.SourceApplicationName ? { SourceApplicationName: i.SourceApplicationName } : {}),
        ...(i.SourceApplicationUrl ? { SourceApplicationUrl: i.SourceApplicationUrl } : {}),
        ...(i.SourceType ? { SourceType: i.SourceType } : {}),
      },
    }));
  },
  async describe(_ctx, summary) {
    return { body: summary.listed as unknown as IntegrationAssociationFile, tags: {} };
  },
});
