import { z } from 'zod';
import { tags } from '../resources/fields.js';

export { FLOW_TYPES } from '../resources/flow.js';

/** `instance.json`: how the instance itself is set up (the `instance` verb and deploy's checks). */
export const instanceSchema = z
  .object({
    InstanceAlias: z.string().min(1).max(62),
    IdentityManagementType: z.enum(['SAML', 'CONNECT_MANAGED', 'EXISTING_DIRECTORY']).optional(),
    DirectoryId: z.string().optional(),
    InboundCallsEnabled: z.boolean().optional(),
    OutboundCallsEnabled: z.boolean().optional(),
    Attributes: z.record(z.string(), z.string()).optional(),
    ApprovedOrigins: z.array(z.string().url()).optional(),
    Tags: tags,
  })
  .strict();
export type InstanceFile = z.infer<typeof instanceSchema>;
