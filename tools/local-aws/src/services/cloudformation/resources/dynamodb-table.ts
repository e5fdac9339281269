import type { StructureValue } from '../../../protocols/protocol.js';
import { sameValue } from '../intrinsics.js';
import {
  defined,
  recorded,
  ResourceFailure,
  tagMap,
  toBoolean,
  toNumber,
  type ExistingResource,
  type Properties,
  type ProvisionContext,
  type ResourceProvider,
} from './provider.js';

interface IndexDeclaration {
  IndexName: string;
  KeySchema?: unknown;
  Projection?: unknown;
  ProvisionedThroughput?: unknown;
}

function throughput(value: unknown): StructureValue | undefined {
  if (value === undefined) return undefined;
  const { ReadCapacityUnits, WriteCapacityUnits } = value as Record<string, unknown>;
  return { ReadCapacityUnits: toNumber(ReadCapacityUnits), WriteCapacityUnits: toNumber(WriteCapacityUnits) };
}

function indexes(value: unknown): IndexDeclaration[] {
  return Array.isArray(value) ? (value as IndexDeclaration[]) : [];
}

function indexInput(index: IndexDeclaration): StructureValue {
  return defined({
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    ProvisionedThroughput: throughput(index.ProvisionedThroughput),
  });
}

function streamInput(value: unknown): StructureValue | undefined {
  if (value === undefined) return undefined;
  return { StreamEnabled: true, StreamViewType: (value as Record<string, unknown>).StreamViewType };
}

function sseInput(value: unknown): StructureValue | undefined {
  if (value === undefined) return undefined;
  const { SSEEnabled, SSEType, KMSMasterKeyId } = value as Record<string, unknown>;
  return defined({ Enabled: toBoolean(SSEEnabled), SSEType, KMSMasterKeyId });
}

function attributesOf(description: StructureValue): Record<string, unknown> {
  return defined({ Arn: description.TableArn, StreamArn: description.LatestStreamArn });
}

async function applyTags(
  context: ProvisionContext,
  arn: string,
  wanted: Record<string, string>,
  current: Record<string, string>,
): Promise<void> {
  const removed = Object.keys(current).filter((key) => !(key in wanted));
  const changed = Object.entries(wanted).filter(([key, value]) => current[key] !== value);
  if (removed.length > 0) await context.call('dynamodb', 'UntagResource', { ResourceArn: arn, TagKeys: removed });
  if (changed.length > 0) {
    await context.call('dynamodb', 'TagResource', {
      ResourceArn: arn,
      Tags: changed.map(([Key, Value]) => ({ Key, Value })),
    });
  }
}

/** The GSI changes of an update; DynamoDB takes one index creation or deletion per UpdateTable. */
function indexUpdates(properties: Properties, previous: Properties): StructureValue[] {
  const before = new Map(indexes(previous.GlobalSecondaryIndexes).map((index) => [index.IndexName, index]));
  const after = new Map(indexes(properties.GlobalSecondaryIndexes).map((index) => [index.IndexName, index]));
  const updates: StructureValue[] = [];
  for (const name of before.keys()) if (!after.has(name)) updates.push({ Delete: { IndexName: name } });
  for (const [name, index] of after) {
    const old = before.get(name);
    if (!old) updates.push({ Create: indexInput(index) });
    else if (!sameValue(old.ProvisionedThroughput, index.ProvisionedThroughput) && index.ProvisionedThroughput) {
      updates.push({ Update: { IndexName: name, ProvisionedThroughput: throughput(index.ProvisionedThroughput) } });
    }
  }
  const structural = updates.filter((update) => !('Update' in update));
  if (structural.length > 1) {
    throw new ResourceFailure('Cannot perform more than one GSI creation or deletion in a single update');
  }
  return updates;
}

/** AWS::DynamoDB::Table, created, updated and deleted through the emulated DynamoDB of the stack's account. */
export const dynamoDbTable: ResourceProvider = {
  type: 'AWS::DynamoDB::Table',
  properties: {
    TableName: { recreation: 'Always' },
    KeySchema: { required: true, recreation: 'Always' },
    AttributeDefinitions: {},
    BillingMode: {},
    ProvisionedThroughput: {},
    GlobalSecondaryIndexes: {},
    LocalSecondaryIndexes: { recreation: 'Always' },
    StreamSpecification: {},
    SSESpecification: {},
    TableClass: {},
    DeletionProtectionEnabled: {},
    Tags: {},
    ...recorded([
      'TimeToLiveSpecification',
      'PointInTimeRecoverySpecification',
      'ContributorInsightsSpecification',
      'KinesisStreamSpecification',
      'ResourcePolicy',
      'OnDemandThroughput',
      'WarmThroughput',
    ]),
    ...recorded(['ImportSourceSpecification'], 'Always'),
  },
  attributes: ['Arn', 'StreamArn'],
  nameProperty: 'TableName',

  async create(properties, context) {
    const name = (properties.TableName as string | undefined) ?? context.generatedName({ maxLength: 255 });
    const output = await context.call(
      'dynamodb',
      'CreateTable',
      defined({
        TableName: name,
        KeySchema: properties.KeySchema,
        AttributeDefinitions: properties.AttributeDefinitions,
        BillingMode: properties.BillingMode,
        ProvisionedThroughput: throughput(properties.ProvisionedThroughput),
        GlobalSecondaryIndexes:
          properties.GlobalSecondaryIndexes && indexes(properties.GlobalSecondaryIndexes).map(indexInput),
        LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
        StreamSpecification: streamInput(properties.StreamSpecification),
        SSESpecification: sseInput(properties.SSESpecification),
        TableClass: properties.TableClass,
        DeletionProtectionEnabled: toBoolean(properties.DeletionProtectionEnabled),
      }),
      name,
    );
    const description = output.TableDescription as StructureValue;
    await applyTags(context, description.TableArn as string, tagMap(properties.Tags), {});
    return { physicalId: name, attributes: attributesOf(description) };
  },

  async update(properties, previous, context) {
    const name = previous.physicalId;
    const before = previous.properties;
    const changed = (property: string) => !sameValue(before[property], properties[property]);
    const billingChanged = changed('BillingMode') || changed('ProvisionedThroughput');
    const tableUpdates: StructureValue[] = [];
    if (
      billingChanged ||
      changed('StreamSpecification') ||
      changed('SSESpecification') ||
      changed('TableClass') ||
      changed('DeletionProtectionEnabled')
    ) {
      tableUpdates.push(
        defined({
          BillingMode: billingChanged ? ((properties.BillingMode as string | undefined) ?? 'PROVISIONED') : undefined,
          ProvisionedThroughput: billingChanged ? throughput(properties.ProvisionedThroughput) : undefined,
          StreamSpecification: changed('StreamSpecification')
            ? (streamInput(properties.StreamSpecification) ?? { StreamEnabled: false })
            : undefined,
          SSESpecification: changed('SSESpecification') ? sseInput(properties.SSESpecification) : undefined,
          TableClass: changed('TableClass') ? properties.TableClass : undefined,
          DeletionProtectionEnabled: changed('DeletionProtectionEnabled')
            ? (toBoolean(properties.DeletionProtectionEnabled) ?? false)
            : undefined,
        }),
      );
    }
    for (const update of indexUpdates(properties, before)) {
      tableUpdates.push({
        AttributeDefinitions: properties.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [update],
      });
    }
    let attributes = previous.attributes;
    for (const update of tableUpdates) {
      const output = await context.call('dynamodb', 'UpdateTable', { TableName: name, ...update }, name);
      attributes = attributesOf(output.TableDescription as StructureValue);
    }
    if (changed('Tags')) {
      await applyTags(context, attributes.Arn as string, tagMap(properties.Tags), tagMap(before.Tags));
    }
    return { physicalId: name, attributes };
  },

  async delete(previous: ExistingResource, context) {
    try {
      await context.call('dynamodb', 'DeleteTable', { TableName: previous.physicalId }, previous.physicalId);
    } catch (error) {
      if (!(error instanceof ResourceFailure && error.code === 'ResourceNotFoundException')) throw error;
    }
  },
};
