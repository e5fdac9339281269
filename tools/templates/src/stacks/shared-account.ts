import { CfnOutput, CfnParameter, Fn, Stack, type App } from 'aws-cdk-lib';
import { CfnProject } from 'aws-cdk-lib/aws-codebuild';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { StepDeclaration } from '../declarations.js';
import {
  CODEBUILD_ROLE_NAME,
  EVENTS_ROLE_NAME,
  NAME_PREFIX,
  PIPELINE_ROLE_NAME,
  PROD_CODEBUILD_ROLE_NAME,
  READONLY_ROLE_NAME,
  TARGET_ROLE_NAME,
} from '../pipelines.js';
import { stackSynthesizer } from './synthesizer.js';

export interface SharedAccountInput {
  /** Accounts the pipelines deploy into, production ones excepted: the ones the build role may assume into. */
  targetAccounts: string[];
  /** The production accounts: only the production build role may assume into them. */
  productionAccounts: string[];
  steps: StepDeclaration[];
}

export const ARTIFACT_BUCKET = `${NAME_PREFIX}pipeline-artifacts-\${AWS::AccountId}-\${AWS::Region}`;
const here = (service: string, resource: string) =>
  Fn.sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
const trust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/**
 * What every pipeline of the Shared account uses, deployed once there: the two CodeBuild roles the target accounts
 * trust (the production one, used only by the pipelines into the production accounts, and the one every other
 * pipeline uses), the CodePipeline and EventBridge roles, the artifact bucket, and the toolkit's own CI project.
 */
export function sharedAccountStack(app: App, input: SharedAccountInput): Stack {
  const stack = new Stack(app, 'shared-account', {
    synthesizer: stackSynthesizer(),
    description: 'EDD Shared account: roles and artifact bucket of the pipelines, and the CI of the toolkit',
  });
  const toolkitRepository = new CfnParameter(stack, 'ToolkitRepository', {
    type: 'String',
    default: 'connect-scripts',
    description: 'CodeCommit repository of the toolkit (the monorepo of the step packages)',
  });
  const domain = new CfnParameter(stack, 'CodeArtifactDomain', {
    type: 'String',
    default: 'edd',
    description: 'CodeArtifact domain of the team registry',
  });
  const repository = new CfnParameter(stack, 'CodeArtifactRepository', {
    type: 'String',
    default: 'npm',
    description: 'CodeArtifact repository that serves the @edd packages',
  });
  const variables: Record<string, string> = {
    Domain: domain.valueAsString,
    Repository: repository.valueAsString,
    Toolkit: toolkitRepository.valueAsString,
  };
  const sub = (text: string) =>
    Fn.sub(text, Object.fromEntries(Object.entries(variables).filter(([key]) => text.includes(`\${${key}}`))));

  const bucket = new CfnBucket(stack, 'ArtifactBucket', {
    bucketName: Fn.sub(ARTIFACT_BUCKET),
    bucketEncryption: {
      serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    },
    publicAccessBlockConfiguration: {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    lifecycleConfiguration: { rules: [{ id: 'expire-pipeline-artifacts', status: 'Enabled', expirationInDays: 30 }] },
  });
  const artifacts = {
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
    Resource: Fn.sub(`arn:\${AWS::Partition}:s3:::${ARTIFACT_BUCKET}/*`),
  };
  const repositories = here('codecommit', `${NAME_PREFIX}*`);
  const readRegistry = [
    {
      Sid: 'RegistryToken',
      Effect: 'Allow',
      Action: 'codeartifact:GetAuthorizationToken',
      Resource: sub('arn:${AWS::Partition}:codeartifact:${AWS::Region}:${AWS::AccountId}:domain/${Domain}'),
    },
    {
      Sid: 'RegistryRead',
      Effect: 'Allow',
      Action: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
      Resource: sub(
        'arn:${AWS::Partition}:codeartifact:${AWS::Region}:${AWS::AccountId}:repository/${Domain}/${Repository}',
      ),
    },
    {
      Sid: 'RegistryBearerToken',
      Effect: 'Allow',
      Action: 'sts:GetServiceBearerToken',
      Resource: '*',
      Condition: { StringEquals: { 'sts:AWSServiceName': 'codeartifact.amazonaws.com' } },
    },
  ];
  const logs = (project: string) => ({
    Sid: 'BuildLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: here('logs', `log-group:/aws/codebuild/${project}*`),
  });

  const callerActions = [...new Set(input.steps.flatMap((step) => step.callerIamActions ?? []))].sort();
  const assumeTargetRoles = (accounts: string[]) => ({
    // edd.callerIamActions of the steps, on the codebuild-connect roles of these accounts only.
    Sid: 'AssumeTargetRoles',
    Effect: 'Allow',
    Action: callerActions,
    Resource: accounts.flatMap((account) =>
      [TARGET_ROLE_NAME, READONLY_ROLE_NAME].map((role) =>
        Fn.sub(`arn:\${AWS::Partition}:iam::${account}:role/${role}`),
      ),
    ),
  });
  const builds = [
    logs(NAME_PREFIX),
    { Sid: 'PipelineArtifacts', ...artifacts },
    { Sid: 'SourceClone', Effect: 'Allow', Action: 'codecommit:GitPull', Resource: repositories },
  ];
  new CfnRole(stack, 'CodeBuildServiceRole', {
    roleName: CODEBUILD_ROLE_NAME,
    description:
      "Runs the builds of every pipeline but the production ones; the other target accounts' codebuild-connect roles trust it",
    assumeRolePolicyDocument: trust('codebuild.amazonaws.com'),
    policies: [
      {
        policyName: 'pipeline-builds',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            assumeTargetRoles(input.targetAccounts),
            ...builds,
            {
              // The export pipeline pushes its commit, and only to dev.
              Sid: 'ExportPush',
              Effect: 'Allow',
              Action: 'codecommit:GitPush',
              Resource: repositories,
              Condition: {
                'ForAllValues:StringEquals': { 'codecommit:References': ['refs/heads/dev'] },
                Null: { 'codecommit:References': 'false' },
              },
            },
            ...readRegistry,
          ],
        },
      },
    ],
  });
  new CfnRole(stack, 'CodeBuildProdRole', {
    roleName: PROD_CODEBUILD_ROLE_NAME,
    description:
      'Runs the builds of the pipelines into the production accounts, and nothing else; only their codebuild-connect roles trust it',
    assumeRolePolicyDocument: trust('codebuild.amazonaws.com'),
    policies: [
      {
        policyName: 'production-builds',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [assumeTargetRoles(input.productionAccounts), ...builds, ...readRegistry],
        },
      },
    ],
  });

  new CfnRole(stack, 'CodePipelineServiceRole', {
    roleName: PIPELINE_ROLE_NAME,
    description: 'Runs the pipelines: reads the source, starts the builds, keeps the artifacts',
    assumeRolePolicyDocument: trust('codepipeline.amazonaws.com'),
    policies: [
      {
        policyName: 'pipelines',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'PipelineArtifacts', ...artifacts },
            {
              Sid: 'Source',
              Effect: 'Allow',
              Action: [
                'codecommit:CancelUploadArchive',
                'codecommit:GetBranch',
                'codecommit:GetCommit',
                'codecommit:GetUploadArchiveStatus',
                'codecommit:UploadArchive',
              ],
              Resource: repositories,
            },
            {
              Sid: 'Builds',
              Effect: 'Allow',
              Action: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
              Resource: here('codebuild', `project/${NAME_PREFIX}*`),
            },
          ],
        },
      },
    ],
  });

  const eventsRole = new CfnRole(stack, 'PipelineEventsRole', {
    roleName: EVENTS_ROLE_NAME,
    description:
      'Starts a pipeline when its branch is pushed or its drift schedule is due, and the toolkit CI when main is',
    assumeRolePolicyDocument: trust('events.amazonaws.com'),
    policies: [
      {
        policyName: 'start-on-push',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'codepipeline:StartPipelineExecution',
              Resource: here('codepipeline', `${NAME_PREFIX}*`),
            },
            {
              Effect: 'Allow',
              Action: 'codebuild:StartBuild',
              Resource: here('codebuild', `project/${NAME_PREFIX}toolkit-ci`),
            },
          ],
        },
      },
    ],
  });

  const toolkitRepositoryArn = sub('arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${Toolkit}');
  const ciRole = new CfnRole(stack, 'ToolkitCiRole', {
    roleName: `${NAME_PREFIX}toolkit-ci`,
    description: 'The toolkit CI: tests, builds, and publishes the released packages to the team registry',
    assumeRolePolicyDocument: trust('codebuild.amazonaws.com'),
    policies: [
      {
        policyName: 'toolkit-ci',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            logs(`${NAME_PREFIX}toolkit-ci`),
            { Sid: 'SourceClone', Effect: 'Allow', Action: 'codecommit:GitPull', Resource: toolkitRepositoryArn },
            ...readRegistry,
            {
              Sid: 'RegistryPublish',
              Effect: 'Allow',
              Action: ['codeartifact:PublishPackageVersion', 'codeartifact:PutPackageMetadata'],
              Resource: sub(
                'arn:${AWS::Partition}:codeartifact:${AWS::Region}:${AWS::AccountId}:package/${Domain}/${Repository}/npm/edd/*',
              ),
            },
          ],
        },
      },
    ],
  });
  const ci = new CfnProject(stack, 'ToolkitCiProject', {
    name: `${NAME_PREFIX}toolkit-ci`,
    description: 'CI and release of the toolkit (buildspecs/ci.yml)',
    serviceRole: ciRole.attrArn,
    source: {
      type: 'CODECOMMIT',
      location: sub('https://git-codecommit.${AWS::Region}.amazonaws.com/v1/repos/${Toolkit}'),
      // nx affected compares the last release with HEAD: a shallow clone does not hold the base commit.
      gitCloneDepth: 0,
      buildSpec: 'buildspecs/ci.yml',
    },
    sourceVersion: 'refs/heads/main',
    artifacts: { type: 'NO_ARTIFACTS' },
    environment: {
      type: 'LINUX_CONTAINER',
      computeType: 'BUILD_GENERAL1_MEDIUM',
      image: 'aws/codebuild/standard:7.0',
      environmentVariables: [
        { name: 'EDD_CODEARTIFACT_DOMAIN', value: domain.valueAsString },
        { name: 'EDD_CODEARTIFACT_REPOSITORY', value: repository.valueAsString },
        { name: 'EDD_CODEARTIFACT_OWNER', value: stack.account },
      ],
    },
    timeoutInMinutes: 60,
  });
  new CfnRule(stack, 'ToolkitCiOnPush', {
    description: 'Runs the toolkit CI on every push to main',
    eventPattern: {
      source: ['aws.codecommit'],
      'detail-type': ['CodeCommit Repository State Change'],
      resources: [toolkitRepositoryArn],
      detail: { event: ['referenceCreated', 'referenceUpdated'], referenceType: ['branch'], referenceName: ['main'] },
    },
    targets: [{ id: 'toolkit-ci', arn: ci.attrArn, roleArn: eventsRole.attrArn }],
  });
  new CfnOutput(stack, 'ArtifactBucketName', { value: bucket.ref });
  return stack;
}
