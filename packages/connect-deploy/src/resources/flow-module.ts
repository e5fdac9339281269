import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE, summaries } from '../aws/paginate.js';
import { defineResource } from './descriptor.js';
import { adaptFlowFile } from './flow-files.js';
import { commonFields, description, name, tags } from './fields.js';
import {
  MAX_CONTENT_CHARS,
  STUB_MODULE,
  contentTooLarge,
  flowContent,
  parseContent,
  archiveCreated,
  flowUpdates,
  type FlowWrites,
  state,
  status,
  upper,
} from './flow-common.js';

const schema = z
  .object({ Name: name, Description: description, Status: status, State: state, Content: flowContent, Tags: tags })
  .strict();
export type FlowModuleFile = z.infer<typeof schema>;

const writes: FlowWrites = {
  content: (InstanceId, ContactFlowModuleId, Content) =>
    new connect.UpdateContactFlowModuleContentCommand({ InstanceId, ContactFlowModuleId, Content }),
  metadata: (InstanceId, ContactFlowModuleId, { description, state }) =>
    new connect.UpdateContactFlowModuleMetadataCommand({
      InstanceId,
      ContactFlowModuleId,
      ...(description !== undefined ? { Description: description } : {}),
      State: state,
    }),
};

/** Flow modules. `CreateContactFlowModule` takes no status: a module created in the target is published. */
export const flowModule = defineResource({
  type: 'flow-module',
  label: 'flow module',
  folder: 'flow-modules',
  arnKind: 'flow-module',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  flowContent: 'Content',
  comparesDraft: (desired) => desired.Status === 'SAVED',
  adaptFile: (raw) => adaptFlowFile('module', raw),
  sizeLimit: { field: 'Content', chars: MAX_CONTENT_CHARS, message: contentTooLarge },
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListContactFlowModules({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.ContactFlowModulesSummaryList,
      'ListContactFlowModules',
    );
    return summaries('flow-module', list);
  },
  async describe({ api, instanceId: InstanceId }, summary, { saved }) {
    const what = `flow module "${summary.name}"`;
    const out = await api.send<connect.DescribeContactFlowModuleCommandOutput>(
      new connect.DescribeContactFlowModuleCommand({
        InstanceId,
        ContactFlowModuleId: saved ? `${summary.id}:$SAVED` : summary.id,
      }),
      what,
    );
    const m = out.ContactFlowModule ?? {};
    return {
      body: {
        ...commonFields(m.Name, m.Description, m.Tags),
        Status: (upper(m.Status) ?? 'PUBLISHED') as 'PUBLISHED' | 'SAVED',
        ...(upper(m.State) === 'ARCHIVED' ? { State: 'ARCHIVED' as const } : {}),
        Content: parseContent(m.Content, what),
      },
      tags: m.Tags ?? {},
    };
  },
  stub: (desired) => ({ ...desired, Content: STUB_MODULE, State: undefined }),
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateContactFlowModuleCommandOutput>(
      new connect.CreateContactFlowModuleCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Description: d.Description,
        Content: JSON.stringify(d.Content),
        Tags: d.Tags,
      }),
    );
    const created = { id: out.Id!, arn: out.Arn! };
    await archiveCreated(ctx, writes, created.id, d.State);
    return created;
  },
  updates: flowUpdates(writes),
  async delete(ctx, target) {
    await ctx.send(
      new connect.DeleteContactFlowModuleCommand({ InstanceId: ctx.instance.id, ContactFlowModuleId: target.id }),
    );
  },
});
