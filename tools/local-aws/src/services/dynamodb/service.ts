import { crc32 } from 'node:zlib';
import { AwsError } from '../../errors.js';
import { ServiceModel, type ServiceModelJson } from '../../models/model.js';
import { jsonRpcProtocol } from '../../protocols/json-rpc.js';
import type { HttpResponse, ServiceRequest } from '../../protocols/protocol.js';
import type { OperationContext, OperationHandler, OperationResult, ServiceEmulator } from '../service.js';
import { TableNamespaces, type DynaliteResponse } from './table-namespaces.js';
import { restoreTables, snapshotTables, type NamespaceState } from './table-snapshots.js';
import { mergeUnprocessed, withholdWrites, type WriteRequestsByTable } from './unprocessed-items.js';
import dynamodbModel from '../../../models/dynamodb.json' with { type: 'json' };

const model = new ServiceModel(dynamodbModel as ServiceModelJson);
const ERROR_NAMESPACE = 'com.amazonaws.dynamodb.v20120810';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Operations on items, which DynamoDB throttles per table (ProvisionedThroughputExceededException). */
const ITEM_OPERATIONS = new Set([
  'BatchGetItem',
  'BatchWriteItem',
  'DeleteItem',
  'GetItem',
  'PutItem',
  'Query',
  'Scan',
  'UpdateItem',
]);

const THROTTLE_ERRORS: Readonly<Record<string, { message: string; namespace?: string }>> = {
  ProvisionedThroughputExceededException: {
    message:
      'The level of configured provisioned throughput for the table was exceeded. ' +
      'Consider increasing your provisioning level with the UpdateTable API.',
  },
  ThrottlingException: {
    message: 'Rate of requests exceeds the allowed throughput.',
    namespace: 'com.amazon.coral.availability',
  },
  RequestLimitExceeded: {
    message:
      'Throughput exceeds the current throughput limit for your account. ' +
      'Please contact AWS Support at https://aws.amazon.com/support request a limit increase',
  },
};

/** Where each operation's output holds a table description, whose ARNs name the table store's account. */
const TABLE_DESCRIPTION_MEMBERS: Readonly<Record<string, string>> = {
  CreateTable: 'TableDescription',
  DeleteTable: 'TableDescription',
  UpdateTable: 'TableDescription',
  DescribeTable: 'Table',
};

const FORWARDED_HEADERS = ['content-type', 'x-amz-target', 'authorization', 'x-amz-date'];

function forwardedHeaders(request: ServiceRequest, target?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (target) headers['x-amz-target'] = `${model.metadata.targetPrefix}.${target}`;
  return headers;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function withAccount(arn: unknown, account: string, region: string): unknown {
  return typeof arn === 'string'
    ? arn.replace(/^arn:[^:]*:dynamodb:[^:]*:[^:]*:/, `arn:${partitionOf(region)}:dynamodb:${region}:${account}:`)
    : arn;
}

/** Puts the caller's account and region into the ARNs of a table description. */
function rewriteTableArns(description: Record<string, unknown>, account: string, region: string): void {
  for (const field of ['TableArn', 'LatestStreamArn']) {
    if (field in description) description[field] = withAccount(description[field], account, region);
  }
  for (const field of ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes']) {
    const indexes = description[field];
    if (!Array.isArray(indexes)) continue;
    for (const index of indexes as Record<string, unknown>[]) {
      index.IndexArn = withAccount(index.IndexArn, account, region);
    }
  }
}

function jsonResponse(status: number, body: string | Buffer, contentType: string, requestId: string): HttpResponse {
  return {
    status,
    headers: {
      'content-type': contentType,
      // boto3 and the AWS CLI check DynamoDB responses against this checksum and retry on a mismatch.
      'x-amz-crc32': String(crc32(body)),
      'x-amzn-requestid': requestId,
    },
    body,
  };
}

function relay(reply: DynaliteResponse, requestId: string, body: string | Buffer = reply.body): HttpResponse {
  return jsonResponse(reply.status, body, String(reply.headers['content-type'] ?? JSON_CONTENT_TYPE), requestId);
}

function dynamoError(code: string, message: string, namespace?: string): AwsError {
  return new AwsError({ code, message, namespace });
}

/**
 * DynamoDB on dynalite: one in-memory table store per account and region, requests relayed after validation
 * against the AWS model. Faults dynalite never produces (unprocessed batch items, throttling) are added here and by
 * the server's fault rules.
 */
export function createDynamoDbService(): ServiceEmulator {
  const tables = new TableNamespaces();

  async function relayRequest(operation: string, context: OperationContext): Promise<OperationResult> {
    const { account, region, request, requestId } = context;
    const reply = await tables.send(account, region, forwardedHeaders(request), request.body);
    const descriptionMember = TABLE_DESCRIPTION_MEMBERS[operation];
    if (reply.status !== 200 || !descriptionMember) return { response: relay(reply, requestId) };
    const document = JSON.parse(reply.body.toString('utf8')) as Record<string, Record<string, unknown> | undefined>;
    const description = document[descriptionMember];
    if (description) rewriteTableArns(description, account, region);
    return { response: relay(reply, requestId, JSON.stringify(document)) };
  }

  async function existingTables(context: OperationContext, names: string[]): Promise<Set<string>> {
    const headers = forwardedHeaders(context.request, 'DescribeTable');
    const replies = await Promise.all(
      names.map((name) => tables.send(context.account, context.region, headers, JSON.stringify({ TableName: name }))),
    );
    return new Set(names.filter((_name, index) => replies[index]?.status === 200));
  }

  const batchWriteItem: OperationHandler = async (_input, context) => {
    const { unprocessedRate, random } = context.faults;
    if (unprocessedRate <= 0) return relayRequest('BatchWriteItem', context);
    const document = JSON.parse(context.request.body.toString('utf8')) as {
      RequestItems: WriteRequestsByTable;
    } & Record<string, unknown>;
    const eligible = await existingTables(context, Object.keys(document.RequestItems));
    const { forwarded, withheld } = withholdWrites(document.RequestItems, unprocessedRate, random, eligible);
    if (Object.keys(withheld).length === 0) return relayRequest('BatchWriteItem', context);
    if (Object.keys(forwarded).length === 0) {
      const body = JSON.stringify({ UnprocessedItems: withheld });
      return { response: jsonResponse(200, body, JSON_CONTENT_TYPE, context.requestId) };
    }
    const reply = await tables.send(
      context.account,
      context.region,
      forwardedHeaders(context.request),
      JSON.stringify({ ...document, RequestItems: forwarded }),
    );
    if (reply.status !== 200) return { response: relay(reply, context.requestId) };
    const answer = JSON.parse(reply.body.toString('utf8')) as { UnprocessedItems?: WriteRequestsByTable };
    answer.UnprocessedItems = mergeUnprocessed(answer.UnprocessedItems, withheld);
    return { response: relay(reply, context.requestId, JSON.stringify(answer)) };
  };

  const operations: Record<string, OperationHandler> = {};
  for (const operation of Object.keys(model.operations)) {
    operations[operation] =
      operation === 'BatchWriteItem' ? batchWriteItem : (_input, context) => relayRequest(operation, context);
  }

  return {
    model,
    protocol: jsonRpcProtocol,
    errorNamespace: ERROR_NAMESPACE,
    operations,
    validationError: (message) => dynamoError('ValidationException', message, 'com.amazon.coral.validate'),
    throttleErrors: Object.keys(THROTTLE_ERRORS),
    throttleError(operation, code) {
      const chosen =
        code ?? (ITEM_OPERATIONS.has(operation) ? 'ProvisionedThroughputExceededException' : 'ThrottlingException');
      const { message, namespace } = THROTTLE_ERRORS[chosen] ?? { message: 'Rate exceeded' };
      return dynamoError(chosen, message, namespace);
    },
    internalError: () => new AwsError({ code: 'InternalServerError', message: 'Internal server error', status: 500 }),
    reset: () => tables.clear(),
    snapshot: () => snapshotTables(tables),
    async restore(state) {
      await tables.clear();
      await restoreTables(tables, state as NamespaceState[]);
    },
    close: () => tables.clear(),
  };
}
