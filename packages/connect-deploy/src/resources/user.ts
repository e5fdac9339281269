import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { defineResource } from './descriptor.js';
import { name } from './fields.js';

const schema = z.object({ Name: name }).strict();

/** Users are referenced by user name (quick connects of type USER); they live in each target, never copied. */
export const user = defineResource({
  type: 'user',
  label: 'user',
  folder: 'users',
  arnKind: 'agent',
  schema,
  export: 'never',
  deploy: 'existing',
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
  async describe(_ctx, summary) {
    return { body: { Name: summary.name }, tags: {} };
  },
});
