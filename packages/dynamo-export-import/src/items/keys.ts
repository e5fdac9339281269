import { binaryLength, toBase64 } from './binary.js';
import { normalizeNumber } from './number.js';
import { typeOf, type AttributeValue, type Item, type KeyAttribute, type KeySchema } from './types.js';

/** DynamoDB's limits on key values. */
export const MAX_PARTITION_KEY_BYTES = 2048;
export const MAX_SORT_KEY_BYTES = 1024;

function partText(value: AttributeValue | undefined, attribute: KeyAttribute): string {
  if (value !== undefined) {
    if (attribute.type === 'S' && 'S' in value) return JSON.stringify(value.S);
    if (attribute.type === 'N' && 'N' in value) return normalizeNumber(value.N);
    if (attribute.type === 'B' && 'B' in value) return toBase64(value.B);
  }
  throw new Error(`key attribute ${attribute.name} is missing or not of type ${attribute.type}`);
}

/**
 * The key as people read it in logs and reports, `pk="queue#1" sk=12.5` (binary as `b64:...`). Equal keys give
 * equal texts and different keys different ones, so it also identifies items in sets and maps.
 */
export function formatKey(item: Item, schema: KeySchema): string {
  const { partitionKey, sortKey } = schema;
  const parts = [
    partitionKey.name,
    partitionKey.type === 'B' ? '=b64:' : '=',
    partText(item[partitionKey.name], partitionKey),
  ];
  if (sortKey)
    parts.push(' ', sortKey.name, sortKey.type === 'B' ? '=b64:' : '=', partText(item[sortKey.name], sortKey));
  // Joined rather than concatenated: a flat string, where `a + b` would keep a rope of pieces alive in every map
  // that holds keys (about 100 bytes more per key).
  return parts.join('');
}

/** Only the key attributes of an item (what a DeleteRequest takes). */
export function keyOf(item: Item, schema: KeySchema): Item {
  const names = [schema.partitionKey.name, ...(schema.sortKey ? [schema.sortKey.name] : [])];
  return Object.fromEntries(names.map((name) => [name, item[name]!]));
}

function emptiness(value: AttributeValue): boolean {
  if ('S' in value) return value.S === '';
  if ('B' in value) return binaryLength(value.B) === 0;
  return false;
}

/** Why DynamoDB would refuse the item's key or index key attributes; empty when it would not. */
export function keyProblems(item: Item, schema: KeySchema): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const check = (attribute: KeyAttribute, role: string, maxBytes?: number) => {
    const value = item[attribute.name];
    if (value === undefined) {
      if (maxBytes !== undefined)
        problems.push({ path: attribute.name, message: `missing ${role} '${attribute.name}' (${attribute.type})` });
      return;
    }
    const type = typeOf(value);
    if (type !== attribute.type) {
      problems.push({
        path: attribute.name,
        message: `${role} '${attribute.name}' is ${type}; the table's key schema says ${attribute.type}`,
      });
      return;
    }
    if (emptiness(value)) {
      problems.push({
        path: attribute.name,
        message: `${role} '${attribute.name}' is empty; DynamoDB key values cannot be empty`,
      });
      return;
    }
    if (maxBytes !== undefined) {
      const bytes =
        type === 'S'
          ? Buffer.byteLength((value as { S: string }).S)
          : type === 'B'
            ? binaryLength((value as { B: Uint8Array | string }).B)
            : 0;
      if (bytes > maxBytes)
        problems.push({
          path: attribute.name,
          message: `${role} '${attribute.name}' is ${bytes} bytes; DynamoDB allows at most ${maxBytes} and would refuse it: ValidationException: ${
            role === 'partition key'
              ? `Size of hashkey has exceeded the maximum size limit of ${maxBytes} bytes`
              : `Aggregated size of all range keys has exceeded the size limit of ${maxBytes} bytes`
          }`,
        });
    }
  };
  check(schema.partitionKey, 'partition key', MAX_PARTITION_KEY_BYTES);
  if (schema.sortKey) check(schema.sortKey, 'sort key', MAX_SORT_KEY_BYTES);
  for (const attribute of schema.indexKeys ?? []) check(attribute, 'index key');
  return problems;
}
