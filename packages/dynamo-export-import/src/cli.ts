import {
  APPLY_PLAN_OPTION,
  DETAILED_EXITCODE_OPTION,
  PLAN_VERBOSE_OPTION,
  REPORT_OPTION,
  SAVE_PLAN_OPTION,
  defineVerb,
  option,
  type CliDefinition,
  type OptionsOf,
} from '@edd/core/cli';

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

const importFile = option.path({
  must: 'file',
  flag: 'in',
  short: 'i',
  valueName: 'file',
  description: 'File to import (with --table)',
});

export const importOptions = {
  table,
  file: importFile,
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
  ...PLAN_VERBOSE_OPTION,
  ...REPORT_OPTION,
  ...APPLY_PLAN_OPTION,
};
export type ImportOptions = OptionsOf<typeof importOptions>;

export const planOptions = {
  table,
  file: importFile,
  manifest,
  segments,
  prune: importOptions.prune,
  ...PLAN_VERBOSE_OPTION,
  ...DETAILED_EXITCODE_OPTION,
  ...REPORT_OPTION,
  ...SAVE_PLAN_OPTION,
};
export type PlanOptions = OptionsOf<typeof planOptions>;

export const validateOptions = {
  table: option.string({
    short: 't',
    valueName: 'name',
    description: 'Table the file is for (named in messages; its key schema is checked by plan, not here)',
  }),
  file: option.path({
    must: 'file',
    flag: 'in',
    short: 'i',
    valueName: 'file',
    description: 'File to check',
  }),
  manifest,
};
export type ValidateOptions = OptionsOf<typeof validateOptions>;

const DEPLOY_DESCRIPTION = [
  'Validates every file completely before the first write (typed JSON, key attributes and types, duplicate',
  'keys, the 400 KB item limit), reads the table, prints the plan (every item created, changed with its',
  'attributes old -> new, or deleted), and writes with BatchWriteItem only the items that are missing or',
  'different. Unprocessed items, throttling and 5xx are retried with back-off; whatever is still unwritten is',
  'listed by key (exit 4). --prune also deletes the items whose keys are not in the file. ${Environment},',
  '${AccountNumber} and ${Region} in string values are expanded for the target. With --plan it applies exactly',
  'a saved plan, and refuses (exit 3, nothing written) when a file, an option or a table moved since.',
].join('\n');

const loadDeploy = async () => (await import('./commands/deploy.js')).deployCommand;

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
    validate: defineVerb({
      summary: 'Check files offline, as plan and deploy do before reading a table (no credentials needed)',
      description: [
        'Reads the manifest and every file it names (or --in) and checks each line: typed DynamoDB JSON, one',
        'value per attribute, attribute names given once, the 400 KB item limit. With an environment, the',
        'placeholders are expanded first, as deploy does. The key attributes, their types and duplicate keys',
        "depend on the table's key schema: plan and deploy check them.",
      ].join('\n'),
      target: 'optional',
      options: validateOptions,
      examples: [
        'dynamo-export-import validate --manifest data/manifest.json',
        'Environment=qa AccountNumber=640079793484 dynamo-export-import validate --in data/queues.jsonl',
      ],
      load: async () => (await import('./commands/validate.js')).validateCommand,
    }),
    plan: defineVerb({
      summary: 'Print what deploy would write, item by item, and write nothing',
      description: [
        'Validates the files, reads the tables and prints the plan: every item created (+), changed (~, with its',
        'attributes old -> new) or deleted (-, with --prune), the unchanged counted. Values of secret-looking',
        'attributes are never shown. --json carries the same plan. --out saves it, with a fingerprint of every',
        'file and table it read, for deploy --plan. --detailed-exitcode exits 6 when there are changes, so a',
        'scheduled job can detect drift.',
      ].join('\n'),
      target: 'required',
      verifiesAccountItself: true,
      writes: true,
      planOnly: true,
      options: planOptions,
      examples: [
        'dynamo-export-import plan --manifest data/manifest.json',
        'dynamo-export-import plan --manifest data/manifest.json --detailed-exitcode',
        'dynamo-export-import plan --manifest data/manifest.json --out plan.json',
      ],
      load: async () => (await import('./commands/deploy.js')).planCommand,
    }),
    deploy: defineVerb({
      summary: 'Make tables hold the items of files: validate, plan, write only what differs',
      description: DEPLOY_DESCRIPTION,
      target: 'required',
      verifiesAccountItself: true,
      writes: true,
      options: importOptions,
      examples: [
        'dynamo-export-import deploy --manifest data/manifest.json',
        "dynamo-export-import deploy --table 'edd-queues-${Environment}' --in data/queues.jsonl --prune",
        'dynamo-export-import deploy --manifest data/manifest.json --plan plan.json',
      ],
      load: loadDeploy,
    }),
    import: defineVerb({
      summary: 'The same as deploy (its older name, kept for buildspecs that use it)',
      description: DEPLOY_DESCRIPTION,
      target: 'required',
      verifiesAccountItself: true,
      writes: true,
      options: importOptions,
      examples: ['dynamo-export-import import --manifest data/manifest.json --dry-run'],
      load: loadDeploy,
    }),
  },
};
