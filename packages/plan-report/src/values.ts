import type { FieldChange } from '@edd/core';

/** How a value of a plan reads in a report: in full (a review page has room), long objects as indented JSON. */
export type Describe = (value: unknown) => string | undefined;

/** A field as the steps describe it: with the text they read its values as, when they say. */
export type ShownField = FieldChange & { display?: { before?: string; after?: string } };

/** `{"$ref": "queue", "name": "EDD Billing"}` reads as `queue "EDD Billing"`. */
export function describeReference(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.$ref !== 'string') return undefined;
  const parts = Object.entries(record)
    .filter(([key]) => key !== '$ref')
    .map(([key, v]) => (key === 'name' ? JSON.stringify(v) : `${key}=${JSON.stringify(v)}`));
  return [record.$ref, ...parts].join(' ');
}

const COMPACT = 100;

export function valueText(value: unknown, describe: Describe = describeReference): string {
  if (value === undefined) return '';
  const described = describe(value);
  if (described !== undefined) return described;
  if (typeof value === 'string') return JSON.stringify(value);
  // Nested references are swapped for markers JSON cannot contain unescaped, then for their descriptions.
  const descriptions: string[] = [];
  const replacer = (_key: string, v: unknown) => {
    if (v === value) return v;
    const inner = describe(v);
    if (inner === undefined) return v;
    descriptions.push(inner);
    return `\u0000${descriptions.length - 1}\u0000`;
  };
  const restore = (json: string) =>
    json.replace(/"\\u0000(\d+)\\u0000"/g, (_m, index: string) => `<${descriptions[Number(index)]}>`);
  const compact = JSON.stringify(value, replacer);
  if (compact === undefined) return String(value);
  if (compact.length <= COMPACT) return restore(compact);
  descriptions.length = 0;
  return restore(JSON.stringify(value, replacer, 2));
}

/** One side of a field: the step's own reading of it when it gave one, else the value. Undefined when absent. */
export function fieldSide(field: FieldChange, side: 'before' | 'after', describe?: Describe): string | undefined {
  if (field[side] === undefined) return undefined;
  return (field as ShownField).display?.[side] ?? valueText(field[side], describe);
}
