import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { resourceKey, type ExternalResolver, type TargetState } from '@edd/connect-deploy/engine';
import { planImport, type ImportPlan } from '@edd/dynamo-export-import';
import { toAwsOperationError, type AwsClients, type Logger, type Problem } from '@edd/core';

export type TypedValue = Record<string, unknown>;

/** `{"$ref": ...}` in a configuration item: what the scheduling Lambdas need to know about the target. */
interface ItemRef {
  $ref: string;
  name?: string;
  number?: string;
  function?: string;
  form?: 'id' | 'number';
}

function isRef(value: unknown): value is ItemRef {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as ItemRef).$ref === 'string'
  );
}

/** Resolves the references of an item to the target's ids and ARNs; unresolved ones are reported with their path. */
export function resolveItem(
  item: Record<string, unknown>,
  target: TargetState,
  resolver: ExternalResolver,
  where: string,
  problems: Problem[],
): Record<string, unknown> {
  const resolveValue = (value: unknown, path: string): unknown => {
    if (isRef(value)) {
      const resolved = resolveRef(value, target, resolver);
      if (resolved === undefined)
        problems.push({
          file: where,
          path,
          message: `${JSON.stringify(value)} does not resolve in the target instance`,
        });
      return resolved ?? '';
    }
    if (Array.isArray(value)) return value.map((v, i) => resolveValue(v, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, `${path}.${k}`)]));
    }
    return value;
  };
  return resolveValue(item, '') as Record<string, unknown>;
}

function resolveRef(ref: ItemRef, target: TargetState, resolver: ExternalResolver): string | undefined {
  switch (ref.$ref) {
    case 'instance':
      return ref.form === 'id' ? target.instance.id : target.instance.arn;
    case 'phone-number': {
      const phone = ref.number ? resolver.phone({ $ref: 'phone-number', number: ref.number }) : undefined;
      if (!phone) return undefined;
      return ref.form === 'id' ? phone.id : ref.form === 'number' ? phone.number : phone.arn;
    }
    case 'lambda':
      return ref.function ? resolver.lambdaArn({ $ref: 'lambda', function: ref.function }) : undefined;
    default: {
      const summary = ref.name ? target.byKey.get(resourceKey(ref.$ref, ref.name)) : undefined;
      if (!summary) return undefined;
      return ref.form === 'id' ? summary.id : summary.arn;
    }
  }
}

/** Plain JSON to typed DynamoDB JSON; numbers are written as their decimal text (never through floats again). */
export function toTyped(value: unknown): TypedValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value === null || value === undefined) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(toTyped) };
  return { M: Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toTyped(v)])) };
}

export interface ConfigTableWrite {
  plan: ImportPlan;
  items: Record<string, TypedValue>[];
  cleanup(): Promise<void>;
}

/**
 * Plans the seeding of the configuration table through dynamo-export-import: the same validation (key schema,
 * sizes, duplicates), the same comparison (unchanged items are not written) and the same retrying writer.
 */
export async function planConfigTable(
  clients: AwsClients,
  table: string,
  items: Record<string, unknown>[],
  logger: Logger,
): Promise<ConfigTableWrite> {
  const dir = await mkdtemp(join(tmpdir(), 'edd-callback-'));
  const file = join(dir, `${table}.jsonl`);
  const typed = items.map((item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toTyped(v)])));
  await writeFile(file, typed.map((i) => JSON.stringify(i)).join('\n') + '\n');
  const plan = await planImport({ client: clients.get(DynamoDBClient), table, file, logger });
  return { plan, items: typed, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Reads each item back by its key and reports the ones that differ from what was written. */
export async function verifyItems(
  clients: AwsClients,
  table: string,
  items: Record<string, TypedValue>[],
  keyNames: string[],
): Promise<string[]> {
  const mismatches: string[] = [];
  for (const item of items) {
    const Key = Object.fromEntries(keyNames.map((k) => [k, item[k]]));
    let stored: Record<string, unknown> | undefined;
    try {
      stored = (
        await clients
          .get(DynamoDBClient)
          .send(new GetItemCommand({ TableName: table, Key: Key as never, ConsistentRead: true }))
      ).Item as Record<string, unknown> | undefined;
    } catch (error) {
      throw toAwsOperationError(error, 'GetItem', `table ${table}`);
    }
    if (JSON.stringify(sortDeep(stored)) !== JSON.stringify(sortDeep(item))) mismatches.push(JSON.stringify(Key));
  }
  return mismatches;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
