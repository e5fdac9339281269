import type { z } from 'zod';

type Path = readonly PropertyKey[];

function containerAt(root: unknown, path: Path): unknown {
  let at = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/**
 * `value` (a describe output's nested structure, as the SDK deserialized it) with only the members the file schema
 * allows, at every depth: whatever the schema does not know (a member AWS added after the schema was written, an
 * output-only member) is left out, so an export always holds create/update inputs only. The schema's strict objects
 * name the members to drop; other mismatches (ids where the file holds references) are left for the exporter.
 */
export function allowlisted<T>(schema: z.ZodType, value: T): T {
  const copy = JSON.parse(JSON.stringify(value ?? null)) as T;
  // Each pass drops what the strict objects it could reach refused; nested objects show up in the next pass.
  for (let pass = 0; pass < 64; pass++) {
    const result = schema.safeParse(copy);
    if (result.success) return copy;
    let dropped = false;
    for (const issue of result.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      const container = containerAt(copy, issue.path);
      if (container === null || typeof container !== 'object') continue;
      for (const key of issue.keys) {
        delete (container as Record<string, unknown>)[key];
        dropped = true;
      }
    }
    if (!dropped) return copy;
  }
  return copy;
}
