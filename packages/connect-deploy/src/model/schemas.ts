import { z } from 'zod';
import type { ExportedType } from './layout.js';

/** A symbolic reference in a resource field; its shape is checked by refShapeProblems. */
const ref = z.looseObject({ $ref: z.string() });
const tags = z.record(z.string(), z.string()).optional();
const name = z.string().min(1).max(127);
const description = z.string().max(250).optional();
const time = z.object({ Hours: z.number().int().min(0).max(23), Minutes: z.number().int().min(0).max(59) }).strict();
const flowContent = z.record(z.string(), z.unknown());
const status = z.enum(['PUBLISHED', 'SAVED']).optional();
const state = z.enum(['ACTIVE', 'ARCHIVED']).optional();
const channel = z.enum(['VOICE', 'CHAT', 'TASK', 'EMAIL']);

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

/**
 * The fields each export file may hold: an allowlist of the create/update inputs of the Connect API, with
 * symbolic references where the API takes an id or ARN. Unknown fields are refused (they are typos or volatile
 * describe output that must never be sent back).
 */
export const RESOURCE_SCHEMAS: Record<ExportedType, z.ZodType<Record<string, unknown>>> = {
  'hours-of-operation': z
    .object({
      Name: name,
      Description: description,
      TimeZone: z.string().min(1),
      Config: z.array(
        z
          .object({
            Day: z.enum(['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY']),
            StartTime: time,
            EndTime: time,
          })
          .strict(),
      ),
      Tags: tags,
    })
    .strict(),
  'agent-status': z
    .object({
      Name: name,
      Description: description,
      State: z.enum(['ENABLED', 'DISABLED']),
      DisplayOrder: z.number().int().min(1).max(50).optional(),
      Type: z.enum(['ROUTABLE', 'CUSTOM', 'OFFLINE']).optional(),
      Tags: tags,
    })
    .strict(),
  'security-profile': z.object({ Name: name, Description: description, Tags: tags }).strict(),
  'hierarchy-group': z.object({ Name: name, Tags: tags }).strict(),
  prompt: z
    .object({
      Name: name,
      Description: description,
      File: z.string().regex(/^[^/\\]+\.(wav|mp3)$/i, 'must be the name of a .wav or .mp3 file next to this one'),
      Tags: tags,
    })
    .strict(),
  'flow-module': z
    .object({ Name: name, Description: description, Status: status, State: state, Content: flowContent, Tags: tags })
    .strict(),
  flow: z
    .object({
      Name: name,
      Type: z.enum(FLOW_TYPES),
      Description: description,
      Status: status,
      State: state,
      Content: flowContent,
      Tags: tags,
    })
    .strict(),
  queue: z
    .object({
      Name: name,
      Description: description,
      HoursOfOperationId: ref,
      MaxContacts: z.number().int().min(0).optional(),
      Status: z.enum(['ENABLED', 'DISABLED']).optional(),
      OutboundCallerConfig: z
        .object({
          OutboundCallerIdName: z.string().max(255).optional(),
          OutboundCallerIdNumberId: ref.optional(),
          OutboundFlowId: ref.optional(),
        })
        .strict()
        .optional(),
      QuickConnectIds: z.array(ref).optional(),
      Tags: tags,
    })
    .strict(),
  'quick-connect': z
    .object({
      Name: name,
      Description: description,
      QuickConnectConfig: z
        .object({
          QuickConnectType: z.enum(['USER', 'QUEUE', 'PHONE_NUMBER', 'FLOW']),
          UserConfig: z.object({ UserId: ref, ContactFlowId: ref }).strict().optional(),
          QueueConfig: z.object({ QueueId: ref, ContactFlowId: ref }).strict().optional(),
          PhoneConfig: z
            .object({ PhoneNumber: z.string().min(1) })
            .strict()
            .optional(),
          FlowConfig: z.object({ ContactFlowId: ref }).strict().optional(),
        })
        .strict(),
      Tags: tags,
    })
    .strict(),
  'routing-profile': z
    .object({
      Name: name,
      Description: z.string().min(1).max(250),
      DefaultOutboundQueueId: ref,
      MediaConcurrencies: z.array(
        z
          .object({
            Channel: channel,
            Concurrency: z.number().int().min(1).max(10),
            CrossChannelBehavior: z
              .object({ BehaviorType: z.enum(['ROUTE_CURRENT_CHANNEL_ONLY', 'ROUTE_ANY_CHANNEL']) })
              .strict()
              .optional(),
          })
          .strict(),
      ),
      QueueConfigs: z
        .array(
          z
            .object({
              QueueReference: z.object({ QueueId: ref, Channel: channel }).strict(),
              Priority: z.number().int().min(1).max(99),
              Delay: z.number().int().min(0).max(9999),
            })
            .strict(),
        )
        .optional(),
      AgentAvailabilityTimer: z.enum(['TIME_SINCE_LAST_ACTIVITY', 'TIME_SINCE_LAST_INBOUND']).optional(),
      Tags: tags,
    })
    .strict(),
};

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
