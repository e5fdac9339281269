import * as connect from '@aws-sdk/client-connect';
import { z } from 'zod';
import { collect } from '../aws/paginate.js';
import { defineResource, type RefValue } from './descriptor.js';
import { ref } from './fields.js';

const schema = z
  .object({
    PhoneNumberId: ref('phone-number'),
    ContactFlowId: ref('flow'),
  })
  .strict();
export type PhoneNumberFlowFile = z.infer<typeof schema>;

/** The id at the end of an ARN (`.../phone-number/<id>`, `.../contact-flow/<id>`), or the id itself. */
export function idOf(value: string): string {
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : value;
}

function numberName(phone: RefValue): string {
  const number = (phone as { number?: unknown }).number;
  return typeof number === 'string' ? number : '';
}

/** Numbers per ListPhoneNumbersV2 / ListFlowAssociations page: the larger page both take. */
const PAGE = 100;

/**
 * The contact flow a claimed phone number answers with, known by the number's logical name (the config's
 * `phoneNumbers`, else its E.164 number) so that each environment's own number gets the flow. Numbers are never
 * claimed or released: a number the target has not claimed stops the deploy before any write (its reference does not
 * resolve), and a number without a flow is neither exported nor touched.
 */
export const phoneNumberFlow = defineResource({
  type: 'phone-number-flow',
  label: 'phone number flow',
  folder: 'phone-numbers',
  schema,
  export: 'always',
  deploy: 'deployed',
  identity: (b) => numberName(b.PhoneNumberId),
  async list({ api, instanceId: InstanceId, phoneName }) {
    const [numbers, associations] = await Promise.all([
      collect(
        connect.paginateListPhoneNumbersV2({ client: api.client, pageSize: PAGE }, { InstanceId }),
        (p) => p.ListPhoneNumbersSummaryList,
        'ListPhoneNumbersV2',
      ),
      collect(
        connect.paginateListFlowAssociations(
          { client: api.client, pageSize: PAGE },
          { InstanceId, ResourceType: 'VOICE_PHONE_NUMBER' },
        ),
        (p) => p.FlowAssociationSummaryList,
        'ListFlowAssociations',
      ),
    ]);
    const flowOf = new Map(
      associations.filter((a) => a.ResourceId && a.FlowId).map((a) => [idOf(a.ResourceId!), a.FlowId!]),
    );
    return numbers
      .filter((n) => n.PhoneNumberId && n.PhoneNumber && flowOf.has(n.PhoneNumberId))
      .map((n) => ({
        type: 'phone-number-flow',
        id: n.PhoneNumberId!,
        arn: n.PhoneNumberArn ?? '',
        name: phoneName ? phoneName(n.PhoneNumber!) : n.PhoneNumber!,
        listed: { ContactFlowId: flowOf.get(n.PhoneNumberId!)! },
      }));
  },
  async describe(_ctx, summary) {
    return {
      body: { PhoneNumberId: summary.arn || summary.id, ContactFlowId: String(summary.listed?.ContactFlowId) },
      tags: {},
    };
  },
  async create(ctx, d) {
    await associate(ctx.send, ctx.instance.id, d.PhoneNumberId, d.ContactFlowId);
    return { id: idOf(d.PhoneNumberId), arn: d.PhoneNumberId.startsWith('arn:') ? d.PhoneNumberId : '' };
  },
  updates: [
    {
      fields: ['ContactFlowId'],
      async write(ctx, _target, d) {
        await associate(ctx.send, ctx.instance.id, d.PhoneNumberId, d.ContactFlowId);
      },
    },
  ],
});

function associate(
  send: (command: { input: unknown }) => Promise<unknown>,
  InstanceId: string,
  phoneNumber: string,
  flow: string,
): Promise<unknown> {
  return send(
    new connect.AssociatePhoneNumberContactFlowCommand({
      InstanceId,
      // The full ARN: a number of a traffic distribution group answers to nothing else in its alternate region.
      PhoneNumberId: phoneNumber,
      ContactFlowId: idOf(flow),
    }),
  );
}
