import type { ReadContext, RefValue, ResourceSummary } from './descriptor.js';

/**
 * Child resources: what lives inside another resource and only there (an override inside its hours of operation).
 * A child's file references its parent in the field the API takes it in, so the applier creates it after a parent
 * the same deploy creates; the registry lists it after its parent type, so pruning deletes it before its parent; and
 * it is known among its type as `<parent>/<Name>` (its descriptor's `identity`), so two parents can each hold a child
 * of the same name, its file name says both, and `--include` patterns and `--prune-prefix` select children by their
 * parent: the holidays of prefixed hours are pruned with them.
 */

/**
 * `<parent>/<name>`: a child's name among its type, from its parent's name or from the reference to its parent its
 * file holds (the descriptor's `identity`).
 */
export function childName(parent: string | RefValue, name: string): string {
  const parentName = typeof parent === 'string' ? parent : (parent as { name?: unknown }).name;
  return `${typeof parentName === 'string' ? parentName : ''}/${name}`;
}

/** Every child of every parent: the parents' own listing, then one listing per parent, all at once (paced per API). */
export async function listChildren(
  ctx: ReadContext,
  parentType: { list(ctx: ReadContext): Promise<ResourceSummary[]> },
  childrenOf: (parent: ResourceSummary) => Promise<ResourceSummary[]>,
): Promise<ResourceSummary[]> {
  const parents = await parentType.list(ctx);
  return (await Promise.all(parents.map(childrenOf))).flat();
}
