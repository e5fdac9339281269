import { toBytes } from './binary.js';
import { compareDecimals, parseDecimal, type Decimal } from './number.js';
import type { AttributeValue, KeyAttribute, KeySchema, KeyType } from './types.js';

// Code units from U+D800 up: only where both strings hold one can UTF-16 order differ from UTF-8 order.
const HIGH_CODE_UNIT = /[\ud800-\uffff]/;

/**
 * Strings in UTF-8 byte order, which is how DynamoDB orders them. JavaScript compares UTF-16 code units, which
 * differs for characters above U+FFFF against U+E000..U+FFFF; shifting the code units fixes that without encoding.
 * Strings without such characters (nearly all) are compared natively.
 */
export function compareStrings(a: string, b: string): number {
  if (!HIGH_CODE_UNIT.test(a) || !HIGH_CODE_UNIT.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** A key attribute's value, ready to compare: S as text, N as an exact decimal, B as bytes. */
export type KeyPart = string | Decimal | Buffer;

/** The key of one item: partition key part, then sort key part when the table has one. */
export type KeyParts = readonly KeyPart[];

function keyPartOf(value: AttributeValue | undefined, attribute: KeyAttribute): KeyPart {
  if (attribute.type === 'S' && value && 'S' in value) return value.S;
  if (attribute.type === 'N' && value && 'N' in value) {
    const decimal = parseDecimal(value.N);
    if (decimal) return decimal;
  }
  if (attribute.type === 'B' && value && 'B' in value) return toBytes(value.B);
  throw new Error(`key attribute ${attribute.name} is missing or not of type ${attribute.type}`);
}

// Plain values rather than tagged objects: an export holds one key per item until it is sorted.
export function keyPartsOf(item: Record<string, AttributeValue>, schema: KeySchema): KeyParts {
  const partition = keyPartOf(item[schema.partitionKey.name], schema.partitionKey);
  return schema.sortKey ? [partition, keyPartOf(item[schema.sortKey.name], schema.sortKey)] : [partition];
}

const COMPARE_BY_TYPE = {
  S: compareStrings,
  N: compareDecimals,
  B: Buffer.compare,
} as unknown as Record<KeyType, (a: KeyPart, b: KeyPart) => number>;

/**
 * The total order of a table's keys, and of the lines of its file: partition key, then sort key; strings by UTF-8
 * bytes, numbers by exact value, binary by bytes.
 */
export function keyComparator(schema: KeySchema): (a: KeyParts, b: KeyParts) => number {
  const partition = COMPARE_BY_TYPE[schema.partitionKey.type];
  const sort = schema.sortKey ? COMPARE_BY_TYPE[schema.sortKey.type] : undefined;
  return sort ? (a, b) => partition(a[0]!, b[0]!) || sort(a[1]!, b[1]!) : (a, b) => partition(a[0]!, b[0]!);
}
