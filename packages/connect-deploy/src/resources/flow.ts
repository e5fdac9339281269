import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect, PAGE } from '../aws/paginate.js';
import { defineResource } from './descriptor.js';
import { adaptFlowFile } from './flow-files.js';
import { commonFields, description, name, tags } from './fields.js';
import {
  MAX_CONTENT_CHARS,
  STUB_FLOW,
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

export const FLOW_TYPES = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_HOLD',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
  'CAMPAIGN',
] as const;

const schema = z
  .object({
    Name: name,
    Type: z.enum(FLOW_TYPES),
    Description: description,
    Status: status,
    State: state,
    Content: flowContent,
    Tags: tags,
  })
  .strict();
export type FlowFile = z.infer<typeof schema>;

const writes: FlowWrites = {
  content: (InstanceId, ContactFlowId, Content) =>
    new connect.UpdateContactFlowContentCommand({ InstanceId, ContactFlowId, Content }),
  metadata: (InstanceId, ContactFlowId, { description, state }) =>
    new connect.UpdateContactFlowMetadataCommand({
      InstanceId,
      ContactFlowId,
      ...(description !== undefined ? { Description: description } : {}),
      ContactFlowState: state,
    }),
};

/** Flows: created as SAVED stubs when caught in a reference cycle, published only where the source was published. */
export const flow = defineResource({
  type: 'flow',
  label: 'flow',
  folder: 'flows',
  arnKind: 'contact-flow',
  schema,
  export: 'always',
  deploy: 'deployed',
  tagged: true,
  flowContent: 'Content',
  comparesDraft: (desired) => desired.Status === 'SAVED',
  adaptFile: (raw) => adaptFlowFile('flow', raw),
  sizeLimit: { field: 'Content', chars: MAX_CONTENT_CHARS, message: contentTooLarge },
  async list({ api, instanceId: InstanceId }) {
    const list = await collect(
      connect.paginateListContactFlows({ client: api.client, pageSize: PAGE }, { InstanceId }),
      (p) => p.ContactFlowSummaryList,
      'ListContactFlows',
    );
    return list
      .filter((s) => s.Id && s.Name)
      .map((s) => ({
        type: 'flow',
        id: s.Id!,
        arn: s.Arn ?? '',
        name: s.Name!,
        ...(s.ContactFlowType ? { flowType: s.ContactFlowType } : {}),
      }));
  },
  async describe({ api, instanceId: InstanceId }, summary, { saved }) {
    const what = `flow "${summary.name}"`;
    const out = await api.send<connect.DescribeContactFlowCommandOutput>(
      new connect.DescribeContactFlowCommand({
        InstanceId,
        ContactFlowId: saved ? `${summary.id}:$SAVED` : summary.id,
      }),
      what,
    );
    const f = out.ContactFlow ?? {};
    return {
      body: {
        ...commonFields(f.Name, f.Description, f.Tags),
        Type: f.Type as FlowFile['Type'],
        Status: (upper(f.Status) ?? 'PUBLISHED') as 'PUBLISHED' | 'SAVED',
        ...(upper(f.State) === 'ARCHIVED' ? { State: 'ARCHIVED' as const } : {}),
        Content: parseContent(f.Content, what),
      },
      tags: f.Tags ?? {},
    };
  },
  check(desired, current) {
    if (current && current.Type !== desired.Type)
      return {
        path: 'Type',
        message: `the target's flow is ${String(current.Type)} and the export's is ${String(desired.Type)}; a flow's type can never change: rename the flow in the export or delete it in the target`,
      };
    return undefined;
  },
  stub: (desired) => ({ ...desired, Content: STUB_FLOW, Status: 'SAVED' as const, State: undefined }),
  async create(ctx, d) {
    const out = await ctx.send<connect.CreateContactFlowCommandOutput>(
      new connect.CreateContactFlowCommand({
        InstanceId: ctx.instance.id,
        Name: d.Name,
        Type: d.Type,
        Description: d.Description,
        Content: JSON.stringify(d.Content),
        Status: d.Status ?? 'PUBLISHED',
        Tags: d.Tags,
      }),
    );
    const created = { id: out.ContactFlowId!, arn: out.ContactFlowArn! };
    await archiveCreated(ctx, writes, created.id, d.State);
    return created;
  },
  updates: flowUpdates(writes),
  async delete(ctx, target) {
    await ctx.send(new connect.DeleteContactFlowCommand({ InstanceId: ctx.instance.id, ContactFlowId: target.id }));
  },
});
