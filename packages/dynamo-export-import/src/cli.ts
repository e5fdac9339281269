import { defineVerb, option, type CliDefinition, type OptionsOf } from '@edd/core/cli';

const table = option.string({
  short: 't',
  valueName: 'name',
  description: 'Table name; ${Environment}, ${AccountNumber} and ${Region} are expanded',
});

const manifest = option.path({
  must: 'file',
  short: 'm',
  valueName: 'file',
  description: 'JSON list of tables and files ({"tables":[{"table":...,"file":...}]}), instead of --table',
});

const segments = option.integer({
  default: 4,
  min: 1,
  max: 1000,
  valueName: 'n',
  description: 'Parallel Scan segments when reading a table',
});

export const exportOptions = {
  table,
  file: option.string({
    flag: 'out',
    short: 'o',
    valueName: 'file',
    description: 'File to write (with --table)',
  }),
  manifest,
  segments,
  templatize: option.boolean({
    description: 'Write ${AccountNumber} where a string value contains the target account number',
  }),
};
export type ExportOptions = OptionsOf<typeof exportOptions>;

export const importOptions = {
  table,
  file: option.path({
    must: 'file',
    flag: 'in',
    short: 'i',
    valueName: 'file',
    description: 'File to import (with --table)',
  }),
  manifest,
  concurrency: option.integer({
    default: 8,
    min: 1,
    max: 64,
    valueName: 'n',
    description: 'BatchWriteItem calls in flight',
  }),
  segments,
  prune: option.boolean({ description: 'Also delete the items whose keys are not in the file' }),
  batchAttempts: option.integer({
    env: ['EDD_DYNAMO_BATCH_ATTEMPTS'],
    default: 10,
    min: 1,
    max: 100,
    valueName: 'n',
    description: 'Attempts in a row that write nothing before the rest of a batch is reported unwritten',
  }),
};
export type ImportOptions = OptionsOf<typeof importOptions>;

export const definition: CliDefinition = {
  name: 'dynamo-export-import',
  version: __EDD_PACKAGE_VERSION__,
  summary: 'Lossless export and import of DynamoDB configuration tables as typed DynamoDB JSON lines',
  verbs: {
    export: defineVerb({
      summary: 'Write tables to files: one item per line in typed DynamoDB JSON, sorted by key',
      description: [
        'Reads each table with a parallel Scan and writes its items, one per line, in canonical typed DynamoDB JSON',
        'sorted by key: exporting unchanged data again gives identical bytes. Memory stays bounded whatever the size',
        'of the table (sorted runs are spilled to temporary files).',
      ].join('\n'),
      target: 'required',
      verifiesAccountItself: true,
      options: exportOptions,
      examples: [
        "dynamo-export-import export --table 'edd-queues-${Environment}' --out data/queues.jsonl --templatize",
        'dynamo-export-import export --manifest data/tables.json',
      ],
      load: async () => (await import('./commands/export.js')).exportCommand,
    }),
    import: defineVerb({
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
      options: importOptions,
      examples: [
        'dynamo-export-import import --manifest data/tables.json --dry-run',
        "dynamo-export-import import --table 'edd-queues-${Environment}' --in data/queues.jsonl --prune",
      ],
      load: async () => (await import('./commands/import.js')).importCommand,
    }),
  },
};
