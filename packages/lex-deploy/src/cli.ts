import { dirname, join } from 'node:path';
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

const config = option.path({
  must: 'file',
  env: ['LEX_DEPLOY_CONFIG'],
  valueName: 'file',
  description: 'Configuration file (default lex-deploy.json beside the bot folders, when present)',
});
const waitTimeout = option.integer({
  env: ['LEX_WAIT_TIMEOUT'],
  min: 10,
  valueName: 'seconds',
  description: 'How long to wait for each export, import, locale build, version and alias (default 1200)',
});
const pollInterval = option.integer({
  env: ['LEX_POLL_INTERVAL'],
  min: 10,
  max: 60_000,
  valueName: 'ms',
  description: "First pause between checks on Lex's progress, growing to 15 s (default 2000)",
});

export const exportOptions = {
  botName: option.string({
    required: true,
    valueName: 'name',
    description: 'The bot in the source account; ${Environment}, ${AccountNumber}, ${Region} are expanded',
  }),
  botVersion: option.string({
    default: 'DRAFT',
    valueName: 'n|DRAFT',
    pattern: { regex: /^(DRAFT|[1-9]\d{0,4})$/, message: '--bot-version must be DRAFT or a version number' },
    description: 'Version to export',
  }),
  out: option.string({
    required: true,
    valueName: 'dir',
    description: 'Folder of the bots in the repository; the bot goes to <dir>/<BotName>/',
  }),
  config,
  waitTimeout,
  pollInterval,
};
export type ExportOptions = OptionsOf<typeof exportOptions>;

export const deployOptions = {
  source: option.string({
    required: true,
    valueName: 'dir|zip',
    description: 'Exported bot folder (<dir>/<BotName>, holding Manifest.json) or a zip of a bot',
  }),
  botName: option.string({
    env: ['LEX_BOT_NAME'],
    valueName: 'name',
    description: "Bot name in the target; ${name} is the export's name (default botName of the config, else ${name})",
  }),
  aliasName: option.string({
    env: ['LEX_ALIAS_NAME'],
    valueName: 'name',
    description: 'Alias pointed at the deployed version (default live)',
  }),
  config,
  role: option.string({
    env: ['LEX_BOT_ROLE'],
    valueName: 'name|arn',
    description: 'IAM role of the bot in the target account (default AWSServiceRoleForLexV2Bots_Common)',
  }),
  connectInstanceAlias: option.string({
    env: ['CONNECT_INSTANCE_ALIAS'],
    valueName: 'alias',
    description: 'Connect instance to associate the bot alias with (${Environment} etc. expanded)',
  }),
  keepVersions: option.integer({
    min: 0,
    max: 99,
    valueName: 'n',
    description: 'Newest versions kept besides those an alias uses (default 5; a bot holds at most 100)',
  }),
  waitTimeout,
  pollInterval,
  ...PLAN_VERBOSE_OPTION,
  ...REPORT_OPTION,
  ...APPLY_PLAN_OPTION,
};
export type DeployOptions = OptionsOf<typeof deployOptions>;

export const planOptions = {
  source: deployOptions.source,
  botName: deployOptions.botName,
  aliasName: deployOptions.aliasName,
  config,
  role: deployOptions.role,
  connectInstanceAlias: deployOptions.connectInstanceAlias,
  keepVersions: deployOptions.keepVersions,
  ...PLAN_VERBOSE_OPTION,
  ...DETAILED_EXITCODE_OPTION,
  ...REPORT_OPTION,
  ...SAVE_PLAN_OPTION,
};
export type PlanOptions = OptionsOf<typeof planOptions>;

export const validateOptions = {
  source: deployOptions.source,
  botName: deployOptions.botName,
  aliasName: deployOptions.aliasName,
  config,
  role: deployOptions.role,
};
export type ValidateOptions = OptionsOf<typeof validateOptions>;

const sourceConfigFile = (early: Record<string, unknown>): string | undefined =>
  typeof early.config === 'string'
    ? early.config
    : typeof early.source === 'string'
      ? join(dirname(early.source), 'lex-deploy.json')
      : undefined;

export const changesOptions = {
  before: option.string({
    required: true,
    envName: false,
    valueName: 'dir',
    description: 'The folder of bots as it was (e.g. extracted from the last commit); a missing folder is an empty one',
  }),
  after: option.path({
    must: 'dir',
    required: true,
    envName: false,
    valueName: 'dir',
    description: 'The folder of bots as it is now',
  }),
};
export type ChangesOptions = OptionsOf<typeof changesOptions>;

export const definition: CliDefinition = {
  name: 'lex-deploy',
  version: __EDD_PACKAGE_VERSION__,
  summary: 'Export Amazon Lex V2 bots to git and deploy them into any environment',
  verbs: {
    export: defineVerb({
      summary: 'Export a bot version into a deterministic, environment-neutral folder <out>/<BotName>/',
      description:
        'CreateExport (LexJson) of the version, wait, download, then write it unzipped with sorted keys and without ids or versions, environment-specific strings written per the rules of lex-deploy.json. Re-exporting unchanged content gives identical files.',
      target: 'required',
      options: exportOptions,
      examples: ["lex-deploy export --bot-name 'EDDBot-${Environment}' --out lex/"],
      load: async () => (await import('./commands/export.js')).exportCommand,
    }),
    validate: defineVerb({
      summary: 'Check an exported bot offline, as deploy does before its first AWS call (no credentials needed)',
      description:
        'Reads the folder or zip as deploy does (paths, links, archive entries, duplicate keys, sizes, names and references) and, with an environment, rewrites it for that environment and checks that no other account remains. Refuses exactly what deploy refuses before its first AWS call, with the same messages.',
      target: 'optional',
      options: validateOptions,
      configFile: sourceConfigFile,
      examples: [
        'lex-deploy validate --source lex/EDDBot',
        'Environment=qa AccountNumber=640079793484 lex-deploy validate --source lex/EDDBot',
      ],
      load: async () => (await import('./commands/validate.js')).validateCommand,
    }),
    plan: defineVerb({
      summary: 'Print what deploy would change, intent by intent and per locale, and write nothing',
      description:
        "Checks the source as deploy does, reads the target (the bot, the version its alias serves, the alias, the Lambda permissions, the Connect association) with Describe and List calls only, and prints the plan: the bot's settings, locales, slot types, intents (their utterances, prompts and settings) and slots that are created, changed (old -> new) or deleted, then the version, alias, permission, association and pruned versions. --json carries the same plan. --detailed-exitcode exits 6 when there are changes. --out saves the plan with a fingerprint of every file and target resource it read, for deploy --plan.",
      target: 'required',
      verifiesAccountItself: true,
      writes: true,
      planOnly: true,
      options: planOptions,
      configFile: sourceConfigFile,
      examples: [
        'lex-deploy plan --source lex/EDDBot',
        "lex-deploy plan --source lex/EDDBot --connect-instance-alias 'edd-${Environment}' --detailed-exitcode",
        'lex-deploy plan --source lex/EDDBot --out plan.json --report plan.html',
      ],
      load: async () => (await import('./commands/deploy.js')).planCommand,
    }),
    deploy: defineVerb({
      summary: 'Deploy an exported bot: import, build, version, alias, Lambda permission, Connect association',
      description:
        'Checks the source and rewrites its environment-specific strings before anything is written (exit 3 listing file and JSON path of every problem), prints the plan (see plan), then applies it. Unchanged content (its hash is recorded on the version) skips import, build and version. Builds at most 5 locales at once, prunes versions no alias uses beyond --keep-versions. --dry-run is plan. --plan applies exactly a plan saved by plan --out, and refuses (exit 3, nothing written) when the source, the options or anything it read in the target changed since.',
      target: 'required',
      verifiesAccountItself: true,
      writes: true,
      options: deployOptions,
      configFile: sourceConfigFile,
      examples: [
        "lex-deploy deploy --source lex/EDDBot --connect-instance-alias 'edd-${Environment}' --json > lex-report.json",
        'lex-deploy deploy --source EDDBot.zip --bot-name EDDBot-qa --dry-run',
        'lex-deploy deploy --source lex/EDDBot --plan plan.json',
      ],
      load: async () => (await import('./commands/deploy.js')).deployCommand,
    }),
    changes: defineVerb({
      summary: 'Name the bots that differ between two versions of a folder of exported bots (no AWS calls)',
      description:
        'Compares the folders file by file; each bot whose files differ is added, changed or removed. --json lists them under changes, each with a one-line description for a commit message.',
      target: 'none',
      options: changesOptions,
      examples: ['lex-deploy changes --before /tmp/last-commit/lex --after lex/ --json'],
      load: async () => (await import('./commands/changes.js')).changesCommand,
    }),
  },
};
