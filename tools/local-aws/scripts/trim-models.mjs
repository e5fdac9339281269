#!/usr/bin/env node
// Generates models/<service>.json: the official AWS API models (botocore format) cut down to the operations
// local-aws answers (every operation of Connect and Lex V2) and the shapes they reach, without documentation. The emulator validates every request
// against these files, and CI has no access to the full models, so the trimmed copies are committed.
//
//   node scripts/trim-models.mjs [--source <dir with <service>/service-2.json.gz>] [--botocore <dir>] [--check]
//
// Most models come from the folder of official models beside the repository (--source). Those it lacks are read
// from the data folder of Python's botocore package (--botocore: the `data` folder next to botocore's __init__.py),
// where each model sits under its API version; without --botocore those models are left as they are.
//
// To emulate another operation of STS, DynamoDB, Lambda or CloudFormation, add it below and run the script again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const ALL_OPERATIONS = 'all';

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
    // Every operation: what local-aws does not model by hand, its generic engine answers from the model.
    operations: ALL_OPERATIONS,
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
    // Every operation: what local-aws does not model by hand, its generic engine answers from the model.
    operations: ALL_OPERATIONS,
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

/**
 * Keeps the operations' input, output and error shapes and everything they reach, in the original order;
 * `wanted` is a list of operation names or 'all'.
 */
export function trimModel(model, wanted) {
  const operations = wanted === ALL_OPERATIONS ? Object.keys(model.operations) : wanted;
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

/**
 * The model as JSON with one operation or shape a line: a fraction of the size of indented JSON, and a change to
 * one shape is still a one-line diff.
 */
export function modelText(model) {
  const entries = (record) =>
    Object.entries(record)
      .map(([name, value]) => `    ${JSON.stringify(name)}: ${JSON.stringify(value)}`)
      .join(',\n');
  return [
    '{',
    `  "version": ${JSON.stringify(model.version)},`,
    `  "metadata": ${JSON.stringify(model.metadata)},`,
    '  "operations": {',
    entries(model.operations),
    '  },',
    '  "shapes": {',
    entries(model.shapes),
    '  }',
    '}',
    '',
  ].join('\n');
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
    const text = modelText(trimModel(model, service.operations));
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
