import { toBase64, toBytes } from './binary.js';
import { compareDecimals, formatDecimal, normalizeNumber, parseDecimal, type Decimal } from './number.js';
import { compareStrings } from './order.js';
import type { AttributeValue, Binary, Item, KeySchema } from './types.js';

// What JSON.stringify would escape in a string; strings without any are quoted directly, which is most of them and
// several times faster than a call into the serializer.
// eslint-disable-next-line no-control-regex -- control characters are among what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const quote = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

// Attribute names repeat from item to item; their quoted form is kept (a bounded number of them).
const quotedNames = new Map<string, string>();
function quoteName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    if (quotedNames.size >= 10_000) quotedNames.clear();
    quoted = quote(name);
    quotedNames.set(name, quoted);
  }
  return quoted;
}

function decimalOf(text: string): Decimal {
  const value = parseDecimal(text);
  if (!value) throw new Error(`not a number: '${text}'`);
  return value;
}

/** The list itself when already sorted (what DynamoDB mostly returns), else a sorted copy. */
function sorted<T>(list: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1]!, list[i]!) > 0) return [...list].sort(compare);
  return list;
}

function members(map: Item, names: readonly string[]): string {
  let out = '';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ',';
    out += `${quoteName(names[i]!)}:${valueText(map[names[i]!]!)}`;
  }
  return out;
}

function valueText(value: AttributeValue): string {
  const v = value as Partial<Record<string, unknown>>;
  if (v.S !== undefined) return `{"S":${quote(v.S as string)}}`;
  if (v.N !== undefined) return `{"N":"${normalizeNumber(v.N as string)}"}`;
  if (v.M !== undefined) {
    const map = v.M as Item;
    return `{"M":{${members(map, Object.keys(map).sort(compareStrings))}}}`;
  }
  if (v.L !== undefined) return `{"L":[${(v.L as AttributeValue[]).map(valueText).join(',')}]}`;
  if (v.BOOL !== undefined) return v.BOOL ? '{"BOOL":true}' : '{"BOOL":false}';
  if (v.NULL !== undefined) return '{"NULL":true}';
  if (v.SS !== undefined)
    return `{"SS":[${sorted(v.SS as string[], compareStrings)
      .map(quote)
      .join(',')}]}`;
  if (v.NS !== undefined) {
    const numbers = (v.NS as string[]).map(decimalOf).sort(compareDecimals);
    return `{"NS":[${numbers.map((d) => `"${formatDecimal(d)}"`).join(',')}]}`;
  }
  if (v.B !== undefined) return `{"B":"${toBase64(v.B as Binary)}"}`;
  if (v.BS !== undefined) {
    const bytes = (v.BS as Binary[]).map(toBytes).sort(Buffer.compare);
    return `{"BS":[${bytes.map((b) => `"${b.toString('base64')}"`).join(',')}]}`;
  }
  throw new Error(`unsupported attribute value ${JSON.stringify(Object.keys(value))}`);
}

/**
 * A string built with + is a rope of its pieces; reading a character flattens it in place, so what is kept (an
 * export holds every line until it is sorted) takes the size of its text, not six times that.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/**
 * The one text of an item: key attributes first (partition, then sort key), then the other attributes and every
 * map's members by name in UTF-8 byte order; sets sorted (strings by UTF-8 bytes, numbers by value, binary by
 * bytes); numbers in plain notation; binary in standard base64. Two items are equal exactly when their texts are.
 */
export function canonicalJson(item: Item, schema?: KeySchema): string {
  const keyNames = schema ? [schema.partitionKey.name, ...(schema.sortKey ? [schema.sortKey.name] : [])] : [];
  const names = keyNames.filter((name) => item[name] !== undefined);
  const others = Object.keys(item).filter((name) => !keyNames.includes(name));
  names.push(...others.sort(compareStrings));
  return flat(`{${members(item, names)}}`);
}
