import type { JsonPath } from '../references/rewrite.js';
import { isRefObject } from '../references/types.js';

export interface Difference {
  path: JsonPath;
  before: unknown;
  after: unknown;
  /** For lists that grew or shrank: this element was added to or removed from the list at `path`. */
  list?: 'added' | 'removed';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isRefObject(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const y = b as unknown[];
    return a.length === y.length && a.every((v, i) => deepEqual(v, y[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (!deepEqual(x[k], y[k])) return false;
  return true;
}

/**
 * Differences between the target's current state and the desired one, in symbolic terms (names, not ids): the
 * applier writes the top-level fields they touch. What a reviewer reads is `fieldChanges` and `diffFlowContent`.
 */
export function diff(before: unknown, after: unknown, path: JsonPath = [], out: Difference[] = []): Difference[] {
  if (deepEqual(before, after)) return out;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) diff(before[k], after[k], [...path, k], out);
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length === after.length) {
      before.forEach((v, i) => diff(v, after[i], [...path, i], out));
      return out;
    }
    // Lists that grow or shrink read best as what was added and what was removed.
    const removed = before.filter((b) => !after.some((a) => deepEqual(a, b)));
    const added = after.filter((a) => !before.some((b) => deepEqual(a, b)));
    for (const r of removed) out.push({ path, before: r, after: undefined, list: 'removed' });
    for (const a of added) out.push({ path, before: undefined, after: a, list: 'added' });
    return out;
  }
  out.push({ path, before, after });
  return out;
}
