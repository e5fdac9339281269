import {
  CONNECT_PACING_OPTIONS,
  REPORT_OPTION,
  defineVerb,
  option,
  type CliDefinition,
  type OptionsOf,
} from '@edd/core/cli';

export const deployOptions = {
  instanceAlias: option.string({
    env: ['CONNECT_INSTANCE_ALIAS'],
    valueName: 'alias',
    description: 'Alias of the target Connect instance (else instanceAlias of the spec); ${Environment} is expanded',
  }),
  config: option.path({
    must: 'file',
    env: ['CALLBACK_CONFIG'],
    required: true,
    valueName: 'callback.json',
    description: 'The callback specification; its flows/ folder (export format) sits next to it',
  }),
  ...REPORT_OPTION,
  ...CONNECT_PACING_OPTIONS,
};
export type DeployOptions = OptionsOf<typeof deployOptions>;

export const definition: CliDefinition = {
  name: 'virtual-callback-deploy',
  version: __EDD_PACKAGE_VERSION__,
  summary: 'Deploy the scheduled-callback queue, flows, Lambda associations, number and configuration in one step',
  verbs: {
    deploy: defineVerb({
      summary: 'Make the target instance serve scheduled callbacks as callback.json declares',
      description:
        'Checks outbound calling and the claimed numbers; creates or updates the callback queues (outbound caller id, whisper flow), adds them to their routing profiles, creates their QUEUE quick connects; deploys and publishes the flows next to the spec through connect-deploy; associates the callback Lambda functions before the flows that invoke them are published; points the designated callback number (and no other) at its flow; seeds the configuration table with the resolved ids through dynamo-export-import; then reads everything back.',
      target: 'required',
      writes: true,
      options: deployOptions,
      examples: [
        "virtual-callback-deploy deploy --config callback/callback.json --instance-alias 'edd-${Environment}'",
      ],
      load: async () => (await import('./commands/deploy.js')).deployCommand,
    }),
    plan: defineVerb({
      summary: 'Show everything deploy would do, with zero write calls (same as deploy --dry-run)',
      target: 'required',
      writes: true,
      planOnly: true,
      options: deployOptions,
      load: async () => (await import('./commands/deploy.js')).deployCommand,
    }),
  },
};
