import { z } from 'zod';
import type { RefValue } from './descriptor.js';

/** Field schemas shared by the resource types' file schemas. */

/**
 * A symbolic reference in a field that takes an id or ARN of one of `types` (any type when none is given). Its full
 * shape is checked by `refShapeProblem`; here, what it may point at.
 */
export function ref(...types: string[]): z.ZodType<RefValue> {
  const base = z.looseObject({ $ref: z.string() });
  if (types.length === 0) return base;
  return base.refine((value) => types.includes(value.$ref), {
    message: `must be a reference to ${types.map((t) => `a ${t}`).join(' or ')}`,
  });
}

export const name = z.string().min(1).max(127);
export const description = z.string().max(250).optional();
export const tags = z.record(z.string(), z.string()).optional();
export const time = z
  .object({ Hours: z.number().int().min(0).max(23), Minutes: z.number().int().min(0).max(59) })
  .strict();
export const channel = z.enum(['VOICE', 'CHAT', 'TASK', 'EMAIL']);

/** Tags worth carrying between accounts: not AWS's own, not the ones this toolkit records. */
export function portableTags(all: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = Object.entries(all ?? {}).filter(([k]) => !/^(aws:|edd:)/.test(k));
  return kept.length > 0 ? Object.fromEntries(kept.sort(([a], [b]) => a.localeCompare(b))) : undefined;
}

/** `Name`, `Description` (when not empty) and the portable `Tags`: the fields most resources start with. */
export function commonFields(
  resourceName: string | undefined,
  resourceDescription: string | undefined,
  allTags: Record<string, string> | undefined,
): { Name: string; Description?: string; Tags?: Record<string, string> } {
  const portable = portableTags(allTags);
  return {
    Name: resourceName ?? '',
    ...(resourceDescription ? { Description: resourceDescription } : {}),
    ...(portable ? { Tags: portable } : {}),
  };
}

/** Drops `undefined` members the SDK leaves in its output objects. */
export function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function byJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A list whose order Connect does not keep, in a stable order. */
export function sortedList<T>(list: readonly T[]): T[] {
  return [...list].sort(byJson);
}

/**
 * A free-text member that may hold a reference once exported: an id of the instance (a default value naming a quick
 * connect), or a value the config's `environmentValues` declares.
 */
export function textOrRef(text: z.ZodType<string> = z.string()): z.ZodType<string | RefValue> {
  return z.union([text, ref()]);
}
