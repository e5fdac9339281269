import type { CliDefinition, OptionSpec } from '@edd/core/cli';

const table: OptionSpec = {
  key: 'table',
  flag: 'table',
  short: 't',
  kind: 'string',
  valueName: 'name',
  description: 'Table name; ${Environment}, ${AccountNumber} and ${Region} are expanded',
};

const manifest: OptionSpec = {
  key: 'manifest',
  flag: 'manifest',
  short: 'm',
  kind: 'string',
  valueName: 'file',
  description: 'JSON list of tables and files ({"tables":[{"table":...,"file":...}]}), instead of --table',
};

const segments: OptionSpec = {
  key: 'segments',
  flag: 'segments',
  kind: 'integer',
  default: 4,
  min: 1,
  max: 1000,
  valueName: 'n',
  description: 'Parallel Scan segments when reading a table',
};

export const definition: CliDefinition = {
  name: 'dynamo-export-import',
  version: __EDD_PACKAGE_VERSION__,
  summary: 'Lossless export and import of DynamoDB configuration tables as typed DynamoDB JSON lines',
  verbs: {
    export: {
      summary: 'Write tables to files: one item per line in typed DynamoDB JSON, sorted by key',
      description: [
        'Reads each table with a parallel Scan and writes its items, one per line, in canonical typed DynamoDB JSON',
        'sorted by key: exporting unchanged data again gives identical bytes. Memory stays bounded whatever the size',
        'of the table (sorted runs are spilled to temporary files).',
      ].join('\n'),
      target: 'required',
      verifiesAccountItself: true,
      options: [
        table,
        {
          key: 'file',
          flag: 'out',
          short: 'o',
          kind: 'string',
          valueName: 'file',
          description: 'File to write (with --table)',
        },
        manifest,
        segments,
        {
          key: 'templatize',
          flag: 'templatize',
          kind: 'boolean',
          default: false,
          description: 'Write ${AccountNumber} where a string value contains the target account number',
        },
      ],
      examples: [
        "dynamo-export-import export --table 'edd-queues-${Environment}' --out data/queues.jsonl --templatize",
        'dynamo-export-import export --manifest data/tables.json',
      ],
      load: async () => (await import('./commands/export.js')).exportCommand,
    },
    import: {
      summary: 'Make tables hold the items of files: validate, compare, write only what differs',
      description: [
        'Validates every file completely before the first write (typed JSON, key attributes and types, duplicate',
        'keys, the 400 KB item limit), reads the table, and writes with BatchWriteItem only the items that are',
        'missing or different. Unprocessed items, throttling and 5xx are retried with back-off; whatever is still',
        'unwritten is listed by key (exit 4). --prune also deletes the items whose keys are not in the file.',
        '${Environment}, ${AccountNumber} and ${Region} in string values are expanded for the target.',
      ].join('\n'),
      target: 'required',
      verifiesAccountItself: true,
      writes: true,
      options: [
        table,
        {
          key: 'file',
          flag: 'in',
          short: 'i',
          kind: 'string',
          valueName: 'file',
          description: 'File to import (with --table)',
        },
        manifest,
        {
          key: 'concurrency',
          flag: 'concurrency',
          kind: 'integer',
          default: 8,
          min: 1,
          max: 64,
          valueName: 'n',
          description: 'BatchWriteItem calls in flight',
        },
        segments,
        {
          key: 'prune',
          flag: 'prune',
          kind: 'boolean',
          default: false,
          description: 'Also delete the items whose keys are not in the file',
        },
        {
          key: 'batchAttempts',
          flag: 'batch-attempts',
          kind: 'integer',
          env: ['EDD_DYNAMO_BATCH_ATTEMPTS'],
          default: 10,
          min: 1,
          max: 100,
          valueName: 'n',
          description: 'Attempts in a row that write nothing before the rest of a batch is reported unwritten',
        },
      ],
      examples: [
        'dynamo-export-import import --manifest data/tables.json --dry-run',
        "dynamo-export-import import --table 'edd-queues-${Environment}' --in data/queues.jsonl --prune",
      ],
      load: async () => (await import('./commands/import.js')).importCommand,
    },
  },
};
