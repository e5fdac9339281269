#!/usr/bin/env node
// Generates models/<service>.json: the official AWS API models (botocore format) cut down to the operations
// local-aws implements and the shapes they reach, without documentation. The emulator validates every request
// against these files, and CI has no access to the full models, so the trimmed copies are committed.
//
//   node scripts/trim-models.mjs [--source <dir with <service>/service-2.json.gz>] [--botocore <dir>] [--check]
//
// Most models come from the folder of official models beside the repository (--source). Those it lacks are read
// from the data folder of Python's botocore package (--botocore: the `data` folder next to botocore's __init__.py),
// where each model sits under its API version; without --botocore those models are left as they are.
//
// To emulate another operation, add it below and run the script again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

/**
 * `name` is the file written under models/; `source` the folder of the original model under --source, or `botocore`
 * its folder (`<service>/<api version>`) under --botocore.
 */
const SERVICES = [
  { name: 'sts', source: 'sts', operations: ['AssumeRole', 'GetCallerIdentity'] },
  {
    name: 'dynamodb',
    source: 'dynamodb',
    operations: [
      'BatchGetItem',
      'BatchWriteItem',
      'CreateTable',
      'DeleteItem',
      'DeleteTable',
      'DescribeTable',
      'DescribeTimeToLive',
      'GetItem',
      'ListTables',
      'ListTagsOfResource',
      'PutItem',
      'Query',
      'Scan',
      'TagResource',
      'UntagResource',
      'UpdateItem',
      'UpdateTable',
    ],
  },
  {
    name: 'connect',
    source: 'connect',
    operations: [
      'AssociateApprovedOrigin',
      'AssociateBot',
      'AssociateLambdaFunction',
      'AssociatePhoneNumberContactFlow',
      'AssociateQueueQuickConnects',
      'AssociateRoutingProfileQueues',
      'CreateAgentStatus',
      'CreateContactFlow',
      'CreateContactFlowModule',
      'CreateHoursOfOperation',
      'CreateInstance',
      'CreateIntegrationAssociation',
      'CreatePrompt',
      'CreateQueue',
      'CreateQuickConnect',
      'CreateRoutingProfile',
      'CreateUser',
      'CreateUserHierarchyGroup',
      'DeleteContactFlow',
      'DeleteContactFlowModule',
      'DeleteHoursOfOperation',
      'DeleteInstance',
      'DeletePrompt',
      'DeleteQueue',
      'DeleteQuickConnect',
      'DeleteRoutingProfile',
      'DescribeAgentStatus',
      'DescribeContactFlow',
      'DescribeContactFlowModule',
      'DescribeHoursOfOperation',
      'DescribeInstance',
      'DescribeInstanceAttribute',
      'DescribePhoneNumber',
      'DescribePrompt',
      'DescribeQueue',
      'DescribeQuickConnect',
      'DescribeRoutingProfile',
      'DescribeSecurityProfile',
      'DescribeUser',
      'DescribeUserHierarchyGroup',
      'DisassociateApprovedOrigin',
      'DisassociateBot',
      'DisassociateLambdaFunction',
      'DisassociatePhoneNumberContactFlow',
      'DisassociateQueueQuickConnects',
      'DisassociateRoutingProfileQueues',
      'GetPromptFile',
      'ListAgentStatuses',
      'ListApprovedOrigins',
      'ListBots',
      'ListContactFlowModules',
      'ListContactFlows',
      'ListFlowAssociations',
      'ListHoursOfOperations',
      'ListInstanceAttributes',
      'ListInstances',
      'ListIntegrationAssociations',
      'ListLambdaFunctions',
      'ListPhoneNumbers',
      'ListPhoneNumbersV2',
      'ListPrompts',
      'ListQueueQuickConnects',
      'ListQueues',
      'ListQuickConnects',
      'ListRoutingProfileQueues',
      'ListRoutingProfiles',
      'ListSecurityProfiles',
      'ListTagsForResource',
      'ListUserHierarchyGroups',
      'ListUsers',
      'TagResource',
      'UntagResource',
      'UpdateAgentStatus',
      'UpdateContactFlowContent',
      'UpdateContactFlowMetadata',
      'UpdateContactFlowModuleContent',
      'UpdateContactFlowModuleMetadata',
      'UpdateContactFlowName',
      'UpdateHoursOfOperation',
      'UpdateInstanceAttribute',
      'UpdatePrompt',
      'UpdateQueueHoursOfOperation',
      'UpdateQueueMaxContacts',
      'UpdateQueueName',
      'UpdateQueueOutboundCallerConfig',
      'UpdateQueueStatus',
      'UpdateQuickConnectConfig',
      'UpdateQuickConnectName',
      'UpdateRoutingProfileAgentAvailabilityTimer',
      'UpdateRoutingProfileConcurrency',
      'UpdateRoutingProfileDefaultOutboundQueue',
      'UpdateRoutingProfileName',
      'UpdateRoutingProfileQueues',
    ],
  },
  {
    name: 'lambda',
    source: 'lambda',
    operations: [
      'AddPermission',
      'CreateFunction',
      'DeleteFunction',
      'GetFunction',
      'GetPolicy',
      'ListFunctions',
      'RemovePermission',
      'UpdateFunctionCode',
      'UpdateFunctionConfiguration',
    ],
  },
  {
    name: 'lex',
    source: 'lexv2-models',
    operations: [
      'BuildBotLocale',
      'CreateBot',
      'CreateBotAlias',
      'CreateBotLocale',
      'CreateBotVersion',
      'CreateExport',
      'CreateIntent',
      'CreateResourcePolicy',
      'CreateSlot',
      'CreateSlotType',
      'CreateUploadUrl',
      'DeleteBot',
      'DeleteBotAlias',
      'DeleteBotLocale',
      'DeleteBotVersion',
      'DeleteExport',
      'DeleteIntent',
      'DeleteResourcePolicy',
      'DeleteSlot',
      'DeleteSlotType',
      'DescribeBot',
      'DescribeBotAlias',
      'DescribeBotLocale',
      'DescribeBotVersion',
      'DescribeExport',
      'DescribeImport',
      'DescribeIntent',
      'DescribeResourcePolicy',
      'DescribeSlot',
      'DescribeSlotType',
      'ListBotAliases',
      'ListBotLocales',
      'ListBotVersions',
      'ListBots',
      'ListBuiltInIntents',
      'ListBuiltInSlotTypes',
      'ListIntents',
      'ListSlotTypes',
      'ListSlots',
      'ListTagsForResource',
      'StartImport',
      'TagResource',
      'UntagResource',
      'UpdateBot',
      'UpdateBotAlias',
      'UpdateBotLocale',
      'UpdateIntent',
      'UpdateResourcePolicy',
      'UpdateSlot',
      'UpdateSlotType',
    ],
  },
  {
    name: 'cloudformation',
    botocore: 'cloudformation/2010-05-15',
    operations: [
      'CreateChangeSet',
      'CreateStack',
      'DeleteChangeSet',
      'DeleteStack',
      'DescribeChangeSet',
      'DescribeStackEvents',
      'DescribeStackResource',
      'DescribeStackResources',
      'DescribeStacks',
      'ExecuteChangeSet',
      'GetTemplate',
      'GetTemplateSummary',
      'ListChangeSets',
      'ListExports',
      'ListImports',
      'ListStackResources',
      'ListStacks',
      'UpdateStack',
      'ValidateTemplate',
    ],
  },
];

const DOCUMENTATION_KEYS = new Set(['documentation', 'documentationUrl']);

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(packageDir, 'models');

function withoutDocumentation(value) {
  if (Array.isArray(value)) return value.map(withoutDocumentation);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !DOCUMENTATION_KEYS.has(key))
      .map(([key, child]) => [key, withoutDocumentation(child)]),
  );
}

function shapesReferencedBy(shape) {
  const refs = [];
  for (const member of Object.values(shape.members ?? {})) refs.push(member.shape);
  for (const key of ['member', 'key', 'value']) if (shape[key]) refs.push(shape[key].shape);
  return refs;
}

/** Keeps the operations' input, output and error shapes and everything they reach, in the original order. */
export function trimModel(model, operations) {
  const missing = operations.filter((name) => !model.operations[name]);
  if (missing.length > 0) {
    throw new Error(`${model.metadata.serviceId} has no operation ${missing.join(', ')}`);
  }
  const reached = new Set();
  const pending = [];
  for (const name of operations) {
    const operation = model.operations[name];
    if (operation.input) pending.push(operation.input.shape);
    if (operation.output) pending.push(operation.output.shape);
    for (const error of operation.errors ?? []) pending.push(error.shape);
  }
  while (pending.length > 0) {
    const name = pending.pop();
    if (reached.has(name)) continue;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`${model.metadata.serviceId} references the undefined shape ${name}`);
    reached.add(name);
    pending.push(...shapesReferencedBy(shape));
  }
  const keptOperations = new Set(operations);
  return withoutDocumentation({
    version: model.version,
    metadata: model.metadata,
    operations: Object.fromEntries(Object.entries(model.operations).filter(([name]) => keptOperations.has(name))),
    shapes: Object.fromEntries(Object.entries(model.shapes).filter(([name]) => reached.has(name))),
  });
}

/** A model file, gzipped (`service-2.json.gz`) or not (older botocore releases ship `service-2.json`). */
function readModel(folder, hint) {
  const gzipped = join(folder, 'service-2.json.gz');
  if (existsSync(gzipped)) return JSON.parse(gunzipSync(readFileSync(gzipped)).toString('utf8'));
  const plain = join(folder, 'service-2.json');
  if (existsSync(plain)) return JSON.parse(readFileSync(plain, 'utf8'));
  throw new Error(`no model at ${gzipped} (${hint})`);
}

function main() {
  const { values } = parseArgs({
    options: {
      source: { type: 'string', default: resolve(packageDir, '../../../shared/aws-models') },
      botocore: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
  });
  let stale = 0;
  for (const service of SERVICES) {
    if (service.botocore && values.botocore === undefined) continue;
    const model = service.botocore
      ? readModel(join(values.botocore, service.botocore), "pass --botocore <botocore's data folder>")
      : readModel(join(values.source, service.source), 'pass --source <dir>');
    const text = `${JSON.stringify(trimModel(model, service.operations), null, 2)}\n`;
    const target = join(modelsDir, `${service.name}.json`);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === text) continue;
    if (values.check) {
      console.error(`models/${service.name}.json is out of date: run node scripts/trim-models.mjs`);
      stale += 1;
    } else {
      writeFileSync(target, text);
      console.error(`wrote models/${service.name}.json`);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`trim-models: ${error.message}`);
    process.exitCode = 1;
  }
}
