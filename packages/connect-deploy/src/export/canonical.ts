import { resourceOf } from '../resources/index.js';

/**
 * Puts the lists whose order Connect does not keep (queue quick connects, routing profile queues and
 * concurrencies) in a stable order, so the same resource always gives the same bytes and compares equal.
 */
export function canonicalOrder(type: string, body: Record<string, unknown>): Record<string, unknown> {
  const canonical = resourceOf(type).canonical;
  return canonical ? (canonical(body) as Record<string, unknown>) : body;
}
