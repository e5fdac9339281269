import { defineVerb, option, type CliDefinition, type OptionsOf } from '@edd/core/cli';

export const ROLE_NAME_DEFAULT = 'codebuild-connect';

export const assumeOptions = {
  roleName: option.string({
    env: ['EDD_ROLE_NAME'],
    default: ROLE_NAME_DEFAULT,
    valueName: 'name',
    pattern: { regex: /^[\w+=,.@-]{1,64}$/, message: '--role-name must be 1-64 of letters, digits and +=,.@_-' },
    description: 'Role to assume in the target account',
  }),
  sessionName: option.string({
    valueName: 'name',
    pattern: { regex: /^[\w+=,.@-]{2,64}$/, message: '--session-name must be 2-64 of letters, digits and +=,.@_-' },
    description: 'Role session name (default: $CODEBUILD_BUILD_ID made valid)',
  }),
  duration: option.integer({
    env: ['EDD_ROLE_DURATION'],
    default: 3600,
    min: 900,
    max: 43200,
    valueName: 'seconds',
    description: 'Session duration; AWS caps chained role sessions (CodeBuild) at 3600',
  }),
  externalId: option.string({
    env: ['EDD_ROLE_EXTERNAL_ID'],
    valueName: 'id',
    pattern: {
      regex: /^[\w+=,.@:/-]{2,1224}$/,
      message: '--external-id must be 2-1224 of letters, digits and +=,.@:/_-',
    },
    description: "External id the role's trust policy requires",
  }),
  format: option.choice(['env', 'json', 'profile'], {
    default: 'env',
    description: 'How to hand over the credentials (ignored with -- <command>)',
  }),
  profileName: option.string({
    default: 'target',
    valueName: 'name',
    pattern: { regex: /^[\w.-]+$/, message: '--profile-name must be letters, digits, dots, dashes or underscores' },
    description: 'Profile written by --format profile',
  }),
  credentialSource: option.choice(['EcsContainer', 'Ec2InstanceMetadata', 'Environment'], {
    default: 'EcsContainer',
    description: 'Where the profile takes the base credentials from (CodeBuild: EcsContainer)',
  }),
  configFile: option.path({
    must: 'writable-file',
    flag: 'aws-config-file',
    env: ['AWS_CONFIG_FILE'],
    valueName: 'file',
    description: 'AWS config file written by --format profile (default ~/.aws/config)',
  }),
};
export type AssumeOptions = OptionsOf<typeof assumeOptions>;

export const definition: CliDefinition = {
  name: 'assume-role',
  version: __EDD_PACKAGE_VERSION__,
  summary: "Assume the target account's deployment role for the rest of a CodeBuild build",
  defaultVerb: 'assume',
  verbs: {
    assume: defineVerb({
      summary: "Assume the target account's deployment role and hand the credentials to the build",
      description: [
        "Assumes arn:aws:iam::$AccountNumber:role/<role-name> with the build's own credentials, checks that the new",
        'credentials act in $AccountNumber, and hands them over in one of these forms:',
        '  env      shell-quoted export lines for eval (unsets AWS_PROFILE)',
        '  json     credential_process output',
        '  profile  writes a profile (role_arn + credential_source, no secrets) to the AWS config file and prints',
        '           the export line for AWS_PROFILE; the SDKs and the CLI refresh the session themselves',
        '  -- cmd   runs cmd with the credentials and exits with its exit code',
      ].join('\n'),
      target: 'required',
      verifiesAccountItself: true,
      passthrough: true,
      options: assumeOptions,
      examples: [
        'keys="$(assume-role)" && eval "$keys"                          # Environment and AccountNumber from the pipeline',
        'profile="$(assume-role --format profile)" && eval "$profile"   # long builds: the profile refreshes itself',
        'assume-role -- aws sts get-caller-identity',
      ],
      load: async () => (await import('./commands/assume.js')).assumeCommand,
    }),
  },
};
