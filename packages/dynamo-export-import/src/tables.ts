import { UsageError } from '@edd/core';
import { describeTable, USABLE_TABLE_STATES, type DynamoDBClient, type TableDescription } from './aws/table.js';

/** DynamoDB's rule for table names. */
export const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

function missingMessage(names: readonly string[]): string {
  const which = names.length === 1 ? `table ${names[0]} does not exist` : `tables ${names.join(', ')} do not exist`;
  return `${which} in this account and region; tables are created by the backend stack that owns their schema, never by this tool: deploy the stack first, or fix the table name`;
}

/** The description of a table that exists and serves reads and writes; a UsageError (exit 2) otherwise. */
export async function requireTable(client: DynamoDBClient, name: string): Promise<TableDescription> {
  return (await requireTables(client, [name]))[0]!;
}

/** Like {@link requireTable} for several tables, naming every missing one in one error. */
export async function requireTables(client: DynamoDBClient, names: readonly string[]): Promise<TableDescription[]> {
  const found = await Promise.all(names.map((name) => describeTable(client, name)));
  const missing = names.filter((_, i) => found[i] === undefined);
  if (missing.length > 0) throw new UsageError(missingMessage(missing));
  const unusable = found.filter((t) => !USABLE_TABLE_STATES.has(t!.status));
  if (unusable.length > 0) {
    throw new UsageError(
      `${unusable.map((t) => `table ${t!.name} is ${t!.status}`).join('; ')}: wait until the stack has finished with it`,
    );
  }
  return found as TableDescription[];
}
