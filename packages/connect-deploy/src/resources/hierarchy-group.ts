import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { defineResource } from './descriptor.js';
import { commonFields, name, tags } from './fields.js';

const schema = z.object({ Name: name, Tags: tags }).strict();
export type HierarchyGroupFile = z.infer<typeof schema>;

export const hierarchyGroup = defineResource({
  type: 'hierarchy-group',
  label: 'hierarchy group',
  folder: 'hierarchy-groups',
  arnKind: 'agent-group',
  schema,
  export: 'referenced',
  deploy: 'existing',
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListUserHierarchyGroups({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.UserHierarchyGroupSummaryList,
      'ListUserHierarchyGroups',
    );
    return summaries('hierarchy-group', list);
  },
  async describe({ api, instanceId: InstanceId }, summary) {
    const out = await api.send<connect.DescribeUserHierarchyGroupCommandOutput>(
      new connect.DescribeUserHierarchyGroupCommand({ InstanceId, HierarchyGroupId: summary.id }),
      `hierarchy group "${summary.name}"`,
    );
    const g = out.HierarchyGroup ?? {};
    return { body: commonFields(g.Name ?? summary.name, undefined, g.Tags), tags: g.Tags ?? {} };
  },
});
