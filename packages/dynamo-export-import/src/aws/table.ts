import { DescribeTableCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { toAwsOperationError } from '@edd/core';
import type { KeyAttribute, KeySchema, KeyType } from '../items/types.js';

export type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface TableDescription {
  name: string;
  status: string;
  schema: KeySchema;
  /** DynamoDB's item count, refreshed about every six hours: for progress only. */
  approximateItemCount: number;
}

/** States in which a table serves reads and writes. */
export const USABLE_TABLE_STATES = new Set(['ACTIVE', 'UPDATING']);

/** The table's key schema and the key types of its indexes; undefined when the table does not exist. */
export async function describeTable(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  let table;
  try {
    table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw toAwsOperationError(error, 'DescribeTable', name);
  }
  if (!table) return undefined;
  const types = new Map((table.AttributeDefinitions ?? []).map((d) => [d.AttributeName!, d.AttributeType as KeyType]));
  const attribute = (attributeName: string): KeyAttribute => {
    const type = types.get(attributeName);
    if (!type) throw new Error(`DescribeTable ${name}: key attribute ${attributeName} has no attribute definition`);
    return { name: attributeName, type };
  };
  const keyNamed = (keyType: string) => table.KeySchema?.find((k) => k.KeyType === keyType)?.AttributeName;
  const partition = keyNamed('HASH');
  if (!partition) throw new Error(`DescribeTable ${name}: the table has no partition key`);
  const sort = keyNamed('RANGE');
  const primary = new Set([partition, sort]);
  const indexKeys = [...types.keys()].filter((n) => !primary.has(n)).map(attribute);
  return {
    name,
    status: table.TableStatus ?? 'ACTIVE',
    schema: { partitionKey: attribute(partition), ...(sort ? { sortKey: attribute(sort) } : {}), indexKeys },
    approximateItemCount: table.ItemCount ?? 0,
  };
}
