import {
  APPLY_PLAN_OPTION,
  CONNECT_PACING_OPTIONS,
  DETAILED_EXITCODE_OPTION,
  PLAN_VERBOSE_OPTION,
  REPORT_OPTION,
  SAVE_PLAN_OPTION,
  defineVerb,
  option,
  type CliDefinition,
  type OptionsOf,
} from '@edd/core/cli';

const instanceAlias = option.string({
  env: ['CONNECT_INSTANCE_ALIAS'],
  valueName: 'alias',
  description: 'Alias of the Connect instance; ${Environment}, ${AccountNumber} and ${Region} are expanded',
});
const source = option.path({
  must: 'dir',
  env: ['CONNECT_SOURCE_DIR'],
  required: true,
  valueName: 'dir',
  description: 'Export directory (as written by export, kept in git)',
});
const include = option.regexList({
  valueName: 'regex',
  description: 'Only resources whose <folder>/<name> matches (e.g. "flows/EDD .*")',
});
const exclude = option.regexList({ valueName: 'regex', description: 'Skip resources whose <folder>/<name> matches' });
const prunePrefix = option.string({
  valueName: 'prefix',
  description: 'Only resources whose names start with this are ever deleted',
});
const waitTimeout = option.integer({
  default: 900,
  min: 1,
  valueName: 'seconds',
  description: 'How long to wait for what Connect processes after answering (a new vocabulary)',
});
const sourceConfig = (early: Record<string, unknown>) =>
  typeof early.source === 'string' ? `${early.source}/connect-deploy.json` : undefined;

export const exportOptions = {
  instanceAlias,
  instanceId: option.string({
    valueName: 'id',
    pattern: { regex: /^[0-9a-f-]{36}$/, message: '--instance-id must be a Connect instance id (a UUID)' },
    description: 'Id of the Connect instance (instead of --instance-alias)',
  }),
  out: option.string({
    required: true,
    valueName: 'dir',
    description: 'Export directory (its connect-deploy.json is read and kept)',
  }),
  include,
  exclude,
  ...CONNECT_PACING_OPTIONS,
};
export type ExportOptions = OptionsOf<typeof exportOptions>;

export const validateOptions = { source };
export type ValidateOptions = OptionsOf<typeof validateOptions>;

export const planOptions = {
  instanceAlias,
  source,
  include,
  exclude,
  prune: option.boolean({ description: 'Also plan deletions (needs --prune-prefix)' }),
  prunePrefix,
  waitTimeout,
  ...PLAN_VERBOSE_OPTION,
  ...SAVE_PLAN_OPTION,
  ...DETAILED_EXITCODE_OPTION,
  ...REPORT_OPTION,
  ...CONNECT_PACING_OPTIONS,
};
export type PlanOptions = OptionsOf<typeof planOptions>;

export const deployOptions = {
  instanceAlias,
  source,
  include,
  exclude,
  prune: option.boolean({ description: 'Delete target resources that are not in the export (needs --prune-prefix)' }),
  prunePrefix,
  backupDir: option.string({
    valueName: 'dir',
    description: "Save the target's previous version of everything changed (deploy it to roll back)",
  }),
  waitTimeout,
  ...PLAN_VERBOSE_OPTION,
  ...APPLY_PLAN_OPTION,
  ...REPORT_OPTION,
  ...CONNECT_PACING_OPTIONS,
};
export type DeployOptions = OptionsOf<typeof deployOptions>;

export const instanceOptions = {
  config: option.path({
    must: 'file',
    required: true,
    env: ['CONNECT_INSTANCE_CONFIG'],
    valueName: 'file',
    description: 'instance.json-shaped file (InstanceAlias may use ${Environment})',
  }),
  waitTimeout: option.integer({
    default: 900,
    min: 10,
    valueName: 'seconds',
    description: 'How long to wait for a new instance to become active',
  }),
  ...PLAN_VERBOSE_OPTION,
  ...REPORT_OPTION,
};
export type InstanceOptions = OptionsOf<typeof instanceOptions>;

export const changesOptions = {
  before: option.string({
    required: true,
    envName: false,
    valueName: 'dir',
    description: 'The export folder as it was (e.g. extracted from the last commit); a missing folder is an empty one',
  }),
  after: option.path({
    must: 'dir',
    required: true,
    envName: false,
    valueName: 'dir',
    description: 'The export folder as it is now',
  }),
};
export type ChangesOptions = OptionsOf<typeof changesOptions>;

export const definition: CliDefinition = {
  name: 'connect-deploy',
  version: __EDD_PACKAGE_VERSION__,
  summary: 'Export, validate, plan and deploy a whole Amazon Connect instance across accounts',
  verbs: {
    export: defineVerb({
      summary: 'Write an instance to a deterministic, reviewable directory with symbolic references',
      target: 'required',
      options: exportOptions,
      configFile: (early) => (typeof early.out === 'string' ? `${early.out}/connect-deploy.json` : undefined),
      examples: ['connect-deploy export --instance-alias edd-dev --out connect/'],
      load: async () => (await import('./commands/export.js')).exportCommand,
    }),
    validate: defineVerb({
      summary: 'Check an export offline: files, names, references, flow structure (no AWS calls)',
      target: 'none',
      options: validateOptions,
      examples: ['connect-deploy validate --source connect/'],
      load: async () => (await import('./commands/validate.js')).validateCommand,
    }),
    plan: defineVerb({
      summary: 'Show exactly what deploy would change in the target instance (same as deploy --dry-run)',
      description:
        'Prints the plan (flows block by block), then what blocks it (exit 3). --out saves it for deploy --plan; --detailed-exitcode exits 6 when changes are pending, 0 when the target matches the export.',
      target: 'required',
      writes: true,
      planOnly: true,
      options: planOptions,
      configFile: sourceConfig,
      examples: [
        "connect-deploy plan --instance-alias 'edd-${Environment}' --source connect/ --out plan.json",
        'connect-deploy plan --source connect/ --detailed-exitcode   # 0 in sync, 6 drifted, 3 blocked',
      ],
      load: async () => (await import('./commands/deploy.js')).planCommand,
    }),
    deploy: defineVerb({
      summary: 'Make the target instance match the export: create what is missing, update what differs',
      description:
        'Resolves every reference before the first write, prints the plan and what blocks it (exit 3), then applies it in dependency order within the Connect API quotas. With --plan it applies exactly a saved plan, and refuses (exit 3) when the source or the target moved since. Nothing is deleted without --prune and --prune-prefix.',
      target: 'required',
      writes: true,
      options: deployOptions,
      configFile: sourceConfig,
      examples: [
        "connect-deploy deploy --instance-alias 'edd-${Environment}' --source connect/ --backup-dir backup/",
        "connect-deploy deploy --instance-alias 'edd-${Environment}' --source connect/ --plan plan.json",
      ],
      load: async () => (await import('./commands/deploy.js')).deployCommand,
    }),
    changes: defineVerb({
      summary: 'Name what differs between two versions of an export folder, resource by resource (no AWS calls)',
      description:
        'Compares the folders file by file and names each resource whose files differ by the name inside them: added, changed or removed. --json lists them under changes, each with a one-line description for a commit message.',
      target: 'none',
      options: changesOptions,
      examples: ['connect-deploy changes --before /tmp/last-commit/connect --after connect/ --json'],
      load: async () => (await import('./commands/changes.js')).changesCommand,
    }),
    instance: defineVerb({
      summary: 'Ensure the instance itself exists as configured (alias, identity, calling, attributes, origins)',
      target: 'required',
      writes: true,
      options: instanceOptions,
      description:
        'Prints the plan in the shared grammar (the instance, each attribute old -> new, each approved origin), then applies it; with --dry-run it stops after the plan. Never deletes anything.',
      examples: [
        'connect-deploy instance --config connect/instance.json',
        'connect-deploy instance --config connect/instance.json --dry-run --report instance.html',
      ],
      load: async () => (await import('./commands/instance.js')).instanceCommand,
    }),
  },
};
