import { parseJsonStrict } from '@edd/core';
import { isLegacyConsoleExport } from '../model/flow-content.js';

/**
 * The shapes flow and module files take in the wild, brought to the export's own: a `DescribeContactFlow` /
 * `DescribeContactFlowModule` output (`{"ContactFlow": {... "Content": "<string>"}}`), a flow exported from the
 * console's designer (flow-language content whose `Metadata` names it), and, refused with a hint, the console's
 * legacy format and a bare flow-language document with no name.
 */

/** The console's flow types (in a flow exported from the flow designer) and the API's. */
const CONSOLE_FLOW_TYPES: Record<string, string> = {
  contactFlow: 'CONTACT_FLOW',
  customerQueue: 'CUSTOMER_QUEUE',
  customerHold: 'CUSTOMER_HOLD',
  customerWhisper: 'CUSTOMER_WHISPER',
  agentHold: 'AGENT_HOLD',
  agentWhisper: 'AGENT_WHISPER',
  outboundWhisper: 'OUTBOUND_WHISPER',
  agentTransfer: 'AGENT_TRANSFER',
  queueTransfer: 'QUEUE_TRANSFER',
  campaign: 'CAMPAIGN',
};

const VOLATILE = [
  'Arn',
  'Id',
  'FlowContentSha256',
  'FlowModuleContentSha256',
  'LastModifiedTime',
  'LastModifiedRegion',
  'Version',
  'VersionDescription',
];

type Adapted = { body: Record<string, unknown> } | { problem: string; path?: string };

const LEGACY =
  'this is the legacy console export format ({"modules": [...], "version": "1"}), which the Connect API cannot import; open the flow in the console, save it once so it is converted to the flow language, and export it again with connect-deploy export';

function fromDesignerExport(raw: Record<string, unknown>): Record<string, unknown> | undefined {
  const metadata = raw.Metadata as Record<string, unknown> | undefined;
  if ('Name' in raw || !Array.isArray(raw.Actions) || typeof metadata?.name !== 'string') return undefined;
  const flowType = typeof metadata.type === 'string' ? (CONSOLE_FLOW_TYPES[metadata.type] ?? metadata.type) : undefined;
  return {
    Name: metadata.name,
    ...(flowType ? { Type: flowType } : {}),
    ...(typeof metadata.description === 'string' && metadata.description ? { Description: metadata.description } : {}),
    Status: typeof metadata.status === 'string' ? metadata.status.toUpperCase() : 'PUBLISHED',
    Content: raw,
  };
}

function bareDocumentHint(kind: 'flow' | 'module', raw: Record<string, unknown>): string | undefined {
  if ('Name' in raw || 'Content' in raw || !('Actions' in raw) || !('StartAction' in raw)) return undefined;
  const wrapper =
    kind === 'flow'
      ? '{"Name": "<flow name>", "Type": "CONTACT_FLOW", "Content": <this document>}'
      : '{"Name": "<module name>", "Content": <this document>}';
  return `is a bare flow-language document (Version, StartAction, Actions) with no name or type: wrap it as ${wrapper}, or export the ${kind === 'flow' ? 'flow' : 'flow module'} with connect-deploy export`;
}

/** Brings a file of `flows/` (`kind` flow) or `flow-modules/` (`kind` module) to the export's shape. */
export function adaptFlowFile(kind: 'flow' | 'module', raw: Record<string, unknown>): Adapted {
  if (isLegacyConsoleExport(raw) || isLegacyConsoleExport(raw.Content)) return { problem: LEGACY };
  if (kind === 'flow') {
    const designed = fromDesignerExport(raw);
    if (designed) return { body: designed };
  }
  const hint = bareDocumentHint(kind, raw);
  if (hint) return { problem: hint };
  const wrapperKey = kind === 'flow' ? 'ContactFlow' : 'ContactFlowModule';
  const inner = raw[wrapperKey];
  const wrapped = inner !== null && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(raw).length === 1;
  const body = wrapped ? { ...(inner as Record<string, unknown>) } : { ...raw };
  if (wrapped) for (const volatile of VOLATILE) delete body[volatile];
  if (typeof body.Content === 'string') {
    const content = parseJsonStrict(body.Content);
    if (!content.ok) return { problem: content.problem.message, path: 'Content' };
    body.Content = content.value;
  }
  for (const key of ['Status', 'State'] as const) {
    if (typeof body[key] === 'string') body[key] = (body[key] as string).toUpperCase();
  }
  if (body.Tags && typeof body.Tags === 'object' && Object.keys(body.Tags).length === 0) delete body.Tags;
  if (body.Description === '') delete body.Description;
  return { body };
}
