import type { CliDefinition, OptionSpec } from '@edd/core/cli';

const instanceAlias: OptionSpec = {
  key: 'instanceAlias',
  flag: 'instance-alias',
  kind: 'string',
  env: ['CONNECT_INSTANCE_ALIAS'],
  valueName: 'alias',
  description: 'Alias of the Connect instance; ${Environment}, ${AccountNumber} and ${Region} are expanded',
};
const instanceId: OptionSpec = {
  key: 'instanceId',
  flag: 'instance-id',
  kind: 'string',
  valueName: 'id',
  pattern: { regex: /^[0-9a-f-]{36}$/, message: '--instance-id must be a Connect instance id (a UUID)' },
  description: 'Id of the Connect instance (instead of --instance-alias)',
};
const source: OptionSpec = {
  key: 'source',
  flag: 'source',
  kind: 'string',
  env: ['CONNECT_SOURCE_DIR'],
  required: true,
  valueName: 'dir',
  description: 'Export directory (as written by export, kept in git)',
};
const include: OptionSpec = {
  key: 'include',
  flag: 'include',
  kind: 'list',
  valueName: 'regex',
  description: 'Only resources whose <folder>/<name> matches (e.g. "flows/EDD .*")',
};
const exclude: OptionSpec = {
  key: 'exclude',
  flag: 'exclude',
  kind: 'list',
  valueName: 'regex',
  description: 'Skip resources whose <folder>/<name> matches',
};
const pacing: OptionSpec[] = [
  {
    key: 'rate',
    flag: 'rate',
    kind: 'integer',
    env: ['EDD_CONNECT_RATE'],
    min: 1,
    max: 1000,
    valueName: 'n',
    description: 'Requests per second per Connect API (default 2, or rateLimit in the config)',
  },
  {
    key: 'burst',
    flag: 'burst',
    kind: 'integer',
    env: ['EDD_CONNECT_BURST'],
    min: 1,
    max: 1000,
    valueName: 'n',
    description: 'Burst per Connect API (default 5)',
  },
  {
    key: 'concurrency',
    flag: 'concurrency',
    kind: 'integer',
    env: ['EDD_CONNECT_CONCURRENCY'],
    min: 1,
    max: 64,
    valueName: 'n',
    description: 'Calls in flight at once (default 10)',
  },
];
const sourceConfig = (early: Record<string, unknown>) =>
  typeof early.source === 'string' ? `${early.source}/connect-deploy.json` : undefined;

export const definition: CliDefinition = {
  name: 'connect-deploy',
  version: __EDD_PACKAGE_VERSION__,
  summary: 'Export, validate, plan and deploy a whole Amazon Connect instance across accounts',
  verbs: {
    export: {
      summary: 'Write an instance to a deterministic, reviewable directory with symbolic references',
      target: 'required',
      options: [
        instanceAlias,
        instanceId,
        {
          key: 'out',
          flag: 'out',
          kind: 'string',
          required: true,
          valueName: 'dir',
          description: 'Export directory (its connect-deploy.json is read and kept)',
        },
        include,
        exclude,
        ...pacing,
      ],
      configFile: (early) => (typeof early.out === 'string' ? `${early.out}/connect-deploy.json` : undefined),
      examples: ['connect-deploy export --instance-alias edd-dev --out connect/'],
      load: async () => (await import('./commands/export.js')).exportCommand,
    },
    validate: {
      summary: 'Check an export offline: files, names, references, flow structure (no AWS calls)',
      target: 'none',
      options: [source],
      examples: ['connect-deploy validate --source connect/'],
      load: async () => (await import('./commands/validate.js')).validateCommand,
    },
    plan: {
      summary: 'Show exactly what deploy would change in the target instance (same as deploy --dry-run)',
      target: 'required',
      writes: true,
      planOnly: true,
      options: [
        instanceAlias,
        source,
        include,
        exclude,
        {
          key: 'prune',
          flag: 'prune',
          kind: 'boolean',
          default: false,
          description: 'Also plan deletions (needs --prune-prefix)',
        },
        {
          key: 'prunePrefix',
          flag: 'prune-prefix',
          kind: 'string',
          valueName: 'prefix',
          description: 'Only names starting with this are ever deleted',
        },
        ...pacing,
      ],
      configFile: sourceConfig,
      load: async () => (await import('./commands/deploy.js')).deployCommand,
    },
    deploy: {
      summary: 'Make the target instance match the export: create what is missing, update what differs',
      description:
        'Resolves every reference before the first write (exit 3 listing all that do not resolve), prints the plan, then applies it in dependency order within the Connect API quotas. Nothing is deleted without --prune and --prune-prefix.',
      target: 'required',
      writes: true,
      options: [
        instanceAlias,
        source,
        include,
        exclude,
        {
          key: 'prune',
          flag: 'prune',
          kind: 'boolean',
          default: false,
          description: 'Delete target resources that are not in the export (needs --prune-prefix)',
        },
        {
          key: 'prunePrefix',
          flag: 'prune-prefix',
          kind: 'string',
          valueName: 'prefix',
          description: 'Only resources whose names start with this are ever deleted',
        },
        {
          key: 'backupDir',
          flag: 'backup-dir',
          kind: 'string',
          valueName: 'dir',
          description: "Save the target's previous version of everything changed (deploy it to roll back)",
        },
        ...pacing,
      ],
      configFile: sourceConfig,
      examples: ["connect-deploy deploy --instance-alias 'edd-${Environment}' --source connect/ --backup-dir backup/"],
      load: async () => (await import('./commands/deploy.js')).deployCommand,
    },
    instance: {
      summary: 'Ensure the instance itself exists as configured (alias, identity, calling, attributes, origins)',
      target: 'required',
      writes: true,
      options: [
        {
          key: 'config',
          flag: 'config',
          kind: 'string',
          required: true,
          env: ['CONNECT_INSTANCE_CONFIG'],
          valueName: 'file',
          description: 'instance.json-shaped file (InstanceAlias may use ${Environment})',
        },
        {
          key: 'waitTimeout',
          flag: 'wait-timeout',
          kind: 'integer',
          default: 900,
          min: 10,
          valueName: 'seconds',
          description: 'How long to wait for a new instance to become active',
        },
      ],
      examples: ['connect-deploy instance --config connect/instance.json'],
      load: async () => (await import('./commands/instance.js')).instanceCommand,
    },
  },
};
