import { setTimeout as sleep } from 'node:timers/promises';
import type { TableNamespaces } from './table-namespaces.js';

// dynalite keeps its tables in memory only, so a state file holds them as DynamoDB itself would hand them out: each
// table's definition (from DescribeTable), its tags and its items (from Scan), and they come back through CreateTable,
// TagResource and BatchWriteItem. These calls go straight to each account's and region's dynalite, not through
// local-aws's own endpoint, so that fault rules, quotas and the call log play no part.

type Document = Record<string, unknown>;

interface Tag {
  Key: string;
  Value: string;
}

export interface TableState {
  /** CreateTable's input for the table as it stands: keys, attributes, billing mode, indexes. */
  definition: Document;
  tags: Tag[];
  /** In DynamoDB's JSON, which keeps numbers as text and binary as base64, so that nothing is lost on the way. */
  items: Document[];
}

export interface NamespaceState {
  account: string;
  region: string;
  tables: TableState[];
}

const TARGET_PREFIX = 'DynamoDB_20120810';
/** BatchWriteItem's limit. */
const BATCH_SIZE = 25;

class DynaliteError extends Error {
  constructor(
    /** `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` */
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

async function call(
  namespaces: TableNamespaces,
  { account, region }: { account: string; region: string },
  operation: string,
  input: Document,
): Promise<Document> {
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const reply = await namespaces.send(
    account,
    region,
    {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `${TARGET_PREFIX}.${operation}`,
      // dynalite checks that a request is signed, not the signature.
      authorization: `AWS4-HMAC-SHA256 Credential=local-aws/${date.slice(0, 8)}/${region}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
      'x-amz-date': date,
    },
    JSON.stringify(input),
  );
  const document = JSON.parse(reply.body.toString('utf8')) as Document;
  if (reply.status !== 200) {
    const message = document.message ?? document.Message ?? `HTTP ${reply.status}`;
    throw new DynaliteError(
      String(document.__type ?? ''),
      `DynamoDB ${operation} in ${account}/${region}: ${String(message)}`,
    );
  }
  return document;
}

function throughput(value: unknown): Document {
  const { ReadCapacityUnits, WriteCapacityUnits } = value as Document;
  return { ReadCapacityUnits, WriteCapacityUnits };
}

/**
 * What CreateTable needs to make the table again. dynalite keeps no other table settings (streams, encryption,
 * table class are dropped when a table is created), and it writes its own fields (ARNs, counts, statuses) beside
 * these, which CreateTable would refuse.
 */
function definitionOf(description: Document): Document {
  const billingMode = (description.BillingModeSummary as Document | undefined)?.BillingMode ?? description.BillingMode;
  const provisioned = billingMode !== 'PAY_PER_REQUEST';
  const indexes = (field: string, pick: (index: Document) => Document) =>
    Array.isArray(description[field]) ? (description[field] as Document[]).map(pick) : undefined;
  return {
    TableName: description.TableName,
    KeySchema: description.KeySchema,
    AttributeDefinitions: description.AttributeDefinitions,
    BillingMode: billingMode,
    ProvisionedThroughput: provisioned ? throughput(description.ProvisionedThroughput) : undefined,
    LocalSecondaryIndexes: indexes('LocalSecondaryIndexes', ({ IndexName, KeySchema, Projection }) => ({
      IndexName,
      KeySchema,
      Projection,
    })),
    GlobalSecondaryIndexes: indexes('GlobalSecondaryIndexes', ({ IndexName, KeySchema, Projection, ...rest }) => ({
      IndexName,
      KeySchema,
      Projection,
      ProvisionedThroughput: provisioned ? throughput(rest.ProvisionedThroughput) : undefined,
    })),
  };
}

async function tableState(namespaces: TableNamespaces, scope: NamespaceState, name: string): Promise<TableState> {
  const { Table: description } = (await call(namespaces, scope, 'DescribeTable', { TableName: name })) as {
    Table: Document;
  };
  const { Tags = [] } = (await call(namespaces, scope, 'ListTagsOfResource', {
    ResourceArn: description.TableArn,
  })) as { Tags?: Tag[] };
  const items: Document[] = [];
  let startKey: unknown;
  do {
    const page = (await call(namespaces, scope, 'Scan', { TableName: name, ExclusiveStartKey: startKey })) as {
      Items: Document[];
      LastEvaluatedKey?: unknown;
    };
    items.push(...page.Items);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return { definition: definitionOf(description), tags: Tags, items };
}

/** Every table of every account and region, with its items. */
export async function snapshotTables(namespaces: TableNamespaces): Promise<NamespaceState[]> {
  const states: NamespaceState[] = [];
  for (const { account, region } of namespaces.scopes()) {
    const state: NamespaceState = { account, region, tables: [] };
    let startName: unknown;
    do {
      const page = (await call(namespaces, state, 'ListTables', { ExclusiveStartTableName: startName })) as {
        TableNames: string[];
        LastEvaluatedTableName?: string;
      };
      for (const name of page.TableNames) {
        try {
          state.tables.push(await tableState(namespaces, state, name));
        } catch (error) {
          // Deleted (by a stack operation still running) between the listing and the reading: it is gone anyway.
          if (!(error instanceof DynaliteError && error.type.endsWith('#ResourceNotFoundException'))) throw error;
        }
      }
      startName = page.LastEvaluatedTableName;
    } while (startName !== undefined);
    if (state.tables.length > 0) states.push(state);
  }
  return states;
}

/** Waits out CREATING: dynalite turns a table ACTIVE on a timer, however short, and refuses items until then. */
async function active(namespaces: TableNamespaces, scope: NamespaceState, name: string): Promise<void> {
  for (;;) {
    const { Table } = (await call(namespaces, scope, 'DescribeTable', { TableName: name })) as { Table: Document };
    if (Table.TableStatus === 'ACTIVE') return;
    await sleep(1);
  }
}

/** Makes the tables again, with their tags and items, in namespaces that hold nothing yet. */
export async function restoreTables(namespaces: TableNamespaces, states: readonly NamespaceState[]): Promise<void> {
  for (const state of states) {
    for (const { definition, tags, items } of state.tables) {
      const { TableDescription } = (await call(namespaces, state, 'CreateTable', definition)) as {
        TableDescription: Document;
      };
      await active(namespaces, state, definition.TableName as string);
      if (tags.length > 0) {
        await call(namespaces, state, 'TagResource', { ResourceArn: TableDescription.TableArn, Tags: tags });
      }
      for (let start = 0; start < items.length; start += BATCH_SIZE) {
        let requests: unknown = {
          [definition.TableName as string]: items.slice(start, start + BATCH_SIZE).map((Item) => ({
            PutRequest: { Item },
          })),
        };
        // BatchWriteItem may hand items back unprocessed; they go again until none is left.
        while (requests !== undefined && Object.keys(requests as Document).length > 0) {
          ({ UnprocessedItems: requests } = await call(namespaces, state, 'BatchWriteItem', {
            RequestItems: requests,
          }));
        }
      }
    }
  }
}
