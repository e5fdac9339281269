import { binaryLength } from './binary.js';
import { decimalSize, parseDecimal } from './number.js';
import { typeOf, type AttributeValue, type Binary, type Item } from './types.js';

/** DynamoDB's item size limit: 400 KB. */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');
const numberSize = (text: string): number => {
  const value = parseDecimal(text);
  return value ? decimalSize(value) : utf8Length(text);
};

/** Bytes DynamoDB counts for a value: UTF-8 text, raw binary, base-100 numbers, 3 bytes plus 1 per element for maps and lists. */
export function valueSize(value: AttributeValue): number {
  switch (typeOf(value)) {
    case 'S':
      return utf8Length((value as { S: string }).S);
    case 'N':
      return numberSize((value as { N: string }).N);
    case 'B':
      return binaryLength((value as { B: Binary }).B);
    case 'SS':
      return (value as { SS: string[] }).SS.reduce((sum, s) => sum + utf8Length(s), 0);
    case 'NS':
      return (value as { NS: string[] }).NS.reduce((sum, n) => sum + numberSize(n), 0);
    case 'BS':
      return (value as { BS: Binary[] }).BS.reduce((sum, b) => sum + binaryLength(b), 0);
    case 'M': {
      const map = (value as { M: Item }).M;
      return 3 + Object.keys(map).length + itemSize(map);
    }
    case 'L':
      return (value as { L: AttributeValue[] }).L.reduce((sum, v) => sum + 1 + valueSize(v), 3);
    default:
      return 1;
  }
}

/** The size DynamoDB holds against the 400 KB limit: attribute names plus values. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + valueSize(item[name]!);
  return size;
}
