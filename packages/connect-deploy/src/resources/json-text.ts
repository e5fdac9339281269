import { z } from 'zod';

/**
 * A member the API takes as a string of JSON (a view's template, a rule's function). An export holds it as a JSON
 * object when it is one, so its diffs read by key and the ids inside it become references; any other text is kept as
 * it is.
 */
export const jsonText = z.union([z.record(z.string(), z.unknown()), z.string()]);
export type JsonText = z.infer<typeof jsonText>;

export function fromJsonText(text: string | undefined): JsonText | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: kept as the text it is.
  }
  return text;
}

export function toJsonText(value: JsonText | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
