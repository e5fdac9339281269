/**
 * One line of an import file: typed DynamoDB JSON (`{"pk": {"S": "a"}}`), or a line of DynamoDB's own export to S3
 * in DynamoDB JSON (`{"Item": {"pk": {"S": "a"}}}`), so such exports can be imported as they are. A line is taken
 * as the S3 form only when `Item` is its one attribute and holds an item (attribute values, not a value itself).
 */
export function parseItemLine(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  const inner = value.Item;
  if (keys.length === 1 && keys[0] === 'Item' && isPlainObject(inner) && Object.values(inner).every(isPlainObject))
    return inner;
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
