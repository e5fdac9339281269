import { toBase64 } from './binary.js';
import { normalizeNumber } from './number.js';
import { ATTRIBUTE_TYPES, type AttributeValue, type Item, type KeyAttribute, type KeySchema } from './types.js';

/** Longest value a plan line shows; longer ones are cut in the middle, so both ends stay visible. */
export const MAX_SHOWN = 80;

export function cutMiddle(text: string, max = MAX_SHOWN): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 3) * 0.6);
  return `${text.slice(0, head)}...${text.slice(text.length - (max - 3 - head))}`;
}

// Text that would make `pk=a, sk=b` ambiguous or unreadable once written inside the plan's quotes.
// eslint-disable-next-line no-control-regex -- control characters are among what must be quoted
const NEEDS_QUOTES = /^$|^\s|\s$|[",=\\\u0000-\u001f]/;

function keyPartText(value: AttributeValue | undefined, attribute: KeyAttribute): string {
  if (value && attribute.type === 'S' && 'S' in value)
    return NEEDS_QUOTES.test(value.S) ? JSON.stringify(value.S) : value.S;
  if (value && attribute.type === 'N' && 'N' in value) return normalizeNumber(value.N);
  if (value && attribute.type === 'B' && 'B' in value) return `b64:${toBase64(value.B)}`;
  throw new Error(`key attribute ${attribute.name} is missing or not of type ${attribute.type}`);
}

/**
 * The key as a plan names the item: `pk=queue#billing, sk=1`. Strings are written as they are unless they would
 * read ambiguously (a comma, a quote, an equals sign, surrounding spaces), then JSON-quoted.
 */
export function displayKey(item: Item, schema: KeySchema): string {
  const { partitionKey, sortKey } = schema;
  const partition = `${partitionKey.name}=${keyPartText(item[partitionKey.name], partitionKey)}`;
  return sortKey ? `${partition}, ${sortKey.name}=${keyPartText(item[sortKey.name], sortKey)}` : partition;
}

/** True for a value in typed DynamoDB JSON: an object with exactly one known type tag. */
export function isAttributeValue(value: unknown): value is AttributeValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (ATTRIBUTE_TYPES as readonly string[]).includes(keys[0]!);
}

/** A typed value as people read it: `"text"`, `12.5`, `true`, `["a", "b"]`, `{"open": "08:00"}`, `b64:AAE=`. */
export function plainText(value: AttributeValue): string {
  const v = value as Partial<Record<string, unknown>>;
  if (v.S !== undefined) return JSON.stringify(v.S);
  if (v.N !== undefined) return normalizeNumber(v.N as string);
  if (v.BOOL !== undefined) return String(v.BOOL);
  if (v.NULL !== undefined) return 'null';
  if (v.B !== undefined) return `b64:${toBase64(v.B as string)}`;
  if (v.SS !== undefined) return `[${(v.SS as string[]).map((s) => JSON.stringify(s)).join(', ')}]`;
  if (v.NS !== undefined) return `[${(v.NS as string[]).map(normalizeNumber).join(', ')}]`;
  if (v.BS !== undefined) return `[${(v.BS as string[]).map((b) => `b64:${toBase64(b)}`).join(', ')}]`;
  if (v.L !== undefined) return `[${(v.L as AttributeValue[]).map(plainText).join(', ')}]`;
  if (v.M !== undefined)
    return `{${Object.entries(v.M as Item)
      .map(([name, inner]) => `${JSON.stringify(name)}: ${plainText(inner)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

/** How a plan line shows a typed value: its plain form, cut to one readable line. */
export function describeAttribute(value: unknown): string | undefined {
  return isAttributeValue(value) ? cutMiddle(plainText(value)) : undefined;
}
