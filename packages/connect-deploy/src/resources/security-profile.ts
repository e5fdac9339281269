import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { defineResource } from './descriptor.js';
import { commonFields, description, name, tags } from './fields.js';

const schema = z.object({ Name: name, Description: description, Tags: tags }).strict();
export type SecurityProfileFile = z.infer<typeof schema>;

export const securityProfile = defineResource({
  type: 'security-profile',
  label: 'security profile',
  folder: 'security-profiles',
  arnKind: 'security-profile',
  schema,
  export: 'referenced',
  deploy: 'existing',
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListSecurityProfiles({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.SecurityProfileSummaryList,
      'ListSecurityProfiles',
    );
    return summaries('security-profile', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeSecurityProfileCommandOutput>(
      new connect.DescribeSecurityProfileCommand({ InstanceId, SecurityProfileId: summary.id }),
      `security profile "${summary.name}"`,
    );
    const s = out.SecurityProfile ?? {};
    return { body: commonFields(s.SecurityProfileName ?? summary.name, s.Description, s.Tags), tags: s.Tags ?? {} };
  },
});
