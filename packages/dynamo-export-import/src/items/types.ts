/**
 * Binary as it travels: the SDK hands out bytes, files hold standard base64 text. Every function of this package
 * accepts both, so binary nested at any depth is never mistaken for a string.
 */
export type Binary = Uint8Array | string;

/** One DynamoDB attribute value in typed DynamoDB JSON. Numbers are always text. */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Binary }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Binary[] }
  | { M: Item }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

export type Item = Record<string, AttributeValue>;

export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';
export type KeyType = 'S' | 'N' | 'B';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'];

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

/** What a table imposes on its items: its primary key, and the types of the attributes its indexes use as keys. */
export interface KeySchema {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Key attributes of secondary indexes (not the table's own key): an item's value must have this type. */
  indexKeys?: readonly KeyAttribute[];
}

/** The one type tag of a value (DynamoDB JSON objects carry exactly one). */
export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) {
    if ((value as Record<string, unknown>)[key] !== undefined) return key as AttributeType;
  }
  throw new Error('attribute value without a type');
}
