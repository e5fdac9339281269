import type { ExportedType } from '../model/layout.js';

function byJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sorted(value: unknown): unknown {
  return Array.isArray(value) ? [...value].sort(byJson) : value;
}

/**
 * Puts the lists whose order Connect does not keep (queue quick connects, routing profile queues and
 * concurrencies) in a stable order, so the same resource always gives the same bytes and compares equal.
 */
export function canonicalOrder(type: ExportedType, body: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'queue':
      return body.QuickConnectIds ? { ...body, QuickConnectIds: sorted(body.QuickConnectIds) } : body;
    case 'routing-profile':
      return {
        ...body,
        MediaConcurrencies: sorted(body.MediaConcurrencies),
        ...(body.QueueConfigs ? { QueueConfigs: sorted(body.QueueConfigs) } : {}),
      };
    default:
      return body;
  }
}
