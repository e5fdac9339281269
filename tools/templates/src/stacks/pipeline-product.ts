import { Aws, CfnCondition, CfnMapping, CfnOutput, CfnParameter, CfnRule, Fn, Stack, type App } from 'aws-cdk-lib';
import { CfnProject } from 'aws-cdk-lib/aws-codebuild';
import { CfnPipeline } from 'aws-cdk-lib/aws-codepipeline';
import { CfnRule as CfnEventsRule } from 'aws-cdk-lib/aws-events';
import { environmentKey, formatTargetAccount, type EnvironmentRecord } from '@edd/environments';
import {
  CODEBUILD_ROLE_NAME,
  DEFAULT_DRIFT_SCHEDULE,
  EVENTS_ROLE_NAME,
  PIPELINE_KINDS,
  PIPELINE_ROLE_NAME,
  PROD_CODEBUILD_ROLE_NAME,
  productionTargets,
} from '../pipelines.js';
import { ARTIFACT_BUCKET } from './shared-account.js';
import { pascalCase } from './target-roles.js';
import { stackSynthesizer } from './synthesizer.js';

/** The variables namespace of the production pipelines' Plan action, whose EDD_REPORT_URL the approval links to. */
export const PLAN_NAMESPACE = 'Plan';
/**
 * The Plan action's output artifact: its review pages and the plans the steps saved (plans/). The Deploy action
 * after the approval takes it as a second input, which CodeBuild unpacks at $CODEBUILD_SRC_DIR_Plan, and the steps
 * apply exactly those plans.
 */
export const PLAN_ARTIFACT = 'Plan';

export interface PipelineProductInput {
  /** The registry's deployment targets, in registry order. */
  targets: EnvironmentRecord[];
  /** Pipeline kind -> its standard buildspec. */
  buildspecs: Record<string, string>;
}

/**
 * The Service Catalog product of seed §1.8 / §1.10.1: one CodePipeline (CodeCommit source, a CodeBuild project
 * running the kind's standard buildspec, a manual approval before Prod and Prod-FIX) for one repository and one
 * `TargetAccount`. `AllowedValues` of `TargetAccount` and `Branch`, and the rule tying each target to its branch,
 * are generated from the environment registry.
 */
export function pipelineProductStack(app: App, input: PipelineProductInput): Stack {
  const stack = new Stack(app, 'pipeline-product', {
    synthesizer: stackSynthesizer(),
    description: 'EDD CodePipeline product (Service Catalog): deploys one repository into one target account',
  });
  const repository = new CfnParameter(stack, 'Repository', {
    type: 'String',
    allowedPattern: '^edd-[A-Za-z0-9._-]{1,80}$',
    constraintDescription: 'a CodeCommit repository of the Shared account whose name starts with edd-',
    description: 'Name of the CodeCommit repository that stores the application code',
  });
  const kind = new CfnParameter(stack, 'PipelineKind', {
    type: 'String',
    allowedValues: PIPELINE_KINDS.map((k) => k.kind),
    description: `Which standard buildspec the pipeline runs: ${PIPELINE_KINDS.map((k) => `${k.kind} (${k.repository})`).join(', ')}`,
  });
  const targetAccount = new CfnParameter(stack, 'TargetAccount', {
    type: 'String',
    allowedValues: input.targets.map(formatTargetAccount),
    description:
      'The destination account, <environment>/<account> (generated from the environment registry: add environments with pnpm new-environment)',
  });
  const branches = [...new Set(input.targets.map((t) => t.branch))];
  const branch = new CfnParameter(stack, 'Branch', {
    type: 'String',
    allowedValues: branches,
    description: 'The branch whose pushes deploy into TargetAccount (each environment has its own, see the rules)',
  });
  const deploymentType = new CfnParameter(stack, 'DeploymentType', {
    type: 'String',
    default: 'full',
    allowedValues: ['full', 'partial'],
    description:
      'frontend-common: full deploys the Lex bots, then the Connect content; partial the Connect content only',
  });
  const driftSchedule = new CfnParameter(stack, 'DriftSchedule', {
    type: 'String',
    default: DEFAULT_DRIFT_SCHEDULE,
    allowedPattern: '^(cron|rate)\\(.+\\)$',
    constraintDescription: 'an EventBridge schedule expression: cron(...) or rate(...)',
    description:
      'drift: when the check runs, an EventBridge schedule expression in UTC (default daily at 11:00 UTC); other kinds ignore it',
  });
  const domain = new CfnParameter(stack, 'CodeArtifactDomain', { type: 'String', default: 'edd' });
  const registryRepository = new CfnParameter(stack, 'CodeArtifactRepository', { type: 'String', default: 'npm' });

  for (const target of input.targets) {
    new CfnRule(stack, `BranchOf${pascalCase(environmentKey(target))}`, {
      ruleCondition: Fn.conditionEquals(targetAccount.valueAsString, formatTargetAccount(target)),
      assertions: [
        {
          assert: Fn.conditionEquals(branch.valueAsString, target.branch),
          assertDescription: `${formatTargetAccount(target)} deploys from branch ${target.branch}`,
        },
      ],
    });
  }

  new CfnMapping(stack, 'Buildspecs', {
    mapping: Object.fromEntries(PIPELINE_KINDS.map((k) => [k.kind, { Content: input.buildspecs[k.kind]! }])),
  });
  // The production targets: a manual approval first, and the build role only their codebuild-connect trusts.
  const productionChoices = productionTargets(input.targets).map((t) =>
    Fn.conditionEquals(targetAccount.valueAsString, formatTargetAccount(t)),
  );
  const production = new CfnCondition(stack, 'Production', {
    expression: productionChoices.length === 1 ? productionChoices[0]! : Fn.conditionOr(...productionChoices),
  });
  const isExport = new CfnCondition(stack, 'IsExport', {
    expression: Fn.conditionEquals(kind.valueAsString, 'export'),
  });
  const isDrift = new CfnCondition(stack, 'IsDrift', {
    expression: Fn.conditionEquals(kind.valueAsString, 'drift'),
  });
  const deploysOnPush = new CfnCondition(stack, 'DeploysOnPush', {
    expression: Fn.conditionNot(Fn.conditionOr(isExport, isDrift)),
  });
  // A drift check writes nothing, so it needs no approval, and one would hold every scheduled run.
  const approval = new CfnCondition(stack, 'ApprovesDeploy', {
    expression: Fn.conditionAnd(production, Fn.conditionNot(isDrift)),
  });

  // `TargetAccount` is `qa/640079793484`: CodeBuild gets its two halves as $Environment and $AccountNumber.
  const environment = Fn.select(0, Fn.split('/', targetAccount.valueAsString));
  const accountNumber = Fn.select(1, Fn.split('/', targetAccount.valueAsString));
  // The export and drift pipelines share their repository with its deployment pipeline: the kind is in their name.
  const name = Fn.conditionIf(
    isExport.logicalId,
    Fn.join('-', [repository.valueAsString, 'export', environment]),
    Fn.conditionIf(
      isDrift.logicalId,
      Fn.join('-', [repository.valueAsString, 'drift', environment]),
      Fn.join('-', [repository.valueAsString, environment]),
    ),
  ).toString();
  const role = (roleName: string) => Fn.sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName}`);

  const project = new CfnProject(stack, 'BuildProject', {
    name,
    description: Fn.sub('${PipelineKind} pipeline of ${Repository} into ${TargetAccount}'),
    serviceRole: Fn.conditionIf(
      production.logicalId,
      role(PROD_CODEBUILD_ROLE_NAME),
      role(CODEBUILD_ROLE_NAME),
    ).toString(),
    source: { type: 'CODEPIPELINE', buildSpec: Fn.findInMap('Buildspecs', kind.valueAsString, 'Content') },
    artifacts: { type: 'CODEPIPELINE' },
    environment: {
      type: 'LINUX_CONTAINER',
      computeType: 'BUILD_GENERAL1_SMALL',
      image: 'aws/codebuild/standard:7.0',
      environmentVariables: [
        { name: 'Environment', value: environment },
        { name: 'AccountNumber', value: accountNumber },
        { name: 'DEPLOYMENT_TYPE', value: deploymentType.valueAsString },
        { name: 'EDD_CODEARTIFACT_DOMAIN', value: domain.valueAsString },
        { name: 'EDD_CODEARTIFACT_REPOSITORY', value: registryRepository.valueAsString },
        { name: 'EDD_CODEARTIFACT_OWNER', value: Aws.ACCOUNT_ID },
        // Where the buildspecs put the steps' review pages, for the manual approval to link to.
        { name: 'EDD_REPORT_BUCKET', value: Fn.sub(ARTIFACT_BUCKET) },
      ],
    },
    timeoutInMinutes: 120,
  });

  const pipeline = new CfnPipeline(stack, 'Pipeline', {
    name,
    roleArn: role(PIPELINE_ROLE_NAME),
    pipelineType: 'V2',
    artifactStore: { type: 'S3', location: Fn.sub(ARTIFACT_BUCKET) },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
            configuration: {
              RepositoryName: repository.valueAsString,
              BranchName: branch.valueAsString,
              PollForSourceChanges: false,
              // A git clone rather than a zip: the builds read the commit, and the export pipeline commits.
              OutputArtifactFormat: 'CODEBUILD_CLONE_REF',
            },
            outputArtifacts: [{ name: 'Source' }],
          },
        ],
      },
      // Before the manual approval, the same build as a plan (EDD_MODE=plan: every step plans, nothing is written),
      // whose report the approval's link opens (the buildspec exports EDD_REPORT_URL) and whose saved plans the
      // Deploy action applies.
      Fn.conditionIf(
        approval.logicalId,
        {
          Name: 'Plan',
          Actions: [
            {
              Name: 'Plan',
              ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
              Configuration: {
                ProjectName: project.ref,
                EnvironmentVariables: JSON.stringify([{ name: 'EDD_MODE', value: 'plan', type: 'PLAINTEXT' }]),
              },
              InputArtifacts: [{ Name: 'Source' }],
              OutputArtifacts: [{ Name: PLAN_ARTIFACT }],
              Namespace: PLAN_NAMESPACE,
            },
          ],
        },
        Aws.NO_VALUE,
      ),
      Fn.conditionIf(
        approval.logicalId,
        {
          Name: 'Approval',
          Actions: [
            {
              Name: 'Approve',
              ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' },
              Configuration: {
                CustomData: Fn.sub(
                  'Deploy ${Repository} (${PipelineKind}) into ${TargetAccount}? The link opens the plan of this commit: what every step would change. Approved, the steps apply exactly their saved plans.',
                ),
                ExternalEntityLink: `#{${PLAN_NAMESPACE}.EDD_REPORT_URL}`,
              },
            },
          ],
        },
        Aws.NO_VALUE,
      ),
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Build',
            actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
            // After an approval, what was approved is applied: the steps that saved a plan apply exactly it, and
            // refuse (nothing written) when the source or the target moved since.
            configuration: { ProjectName: project.ref, PrimarySource: 'Source' },
            inputArtifacts: Fn.conditionIf(
              approval.logicalId,
              [{ Name: 'Source' }, { Name: PLAN_ARTIFACT }],
              [{ Name: 'Source' }],
            ),
            outputArtifacts: [{ name: 'Report' }],
          },
        ],
      },
    ] as CfnPipeline.StageDeclarationProperty[],
  });

  const trigger = new CfnEventsRule(stack, 'PushTrigger', {
    description: Fn.sub('Starts the pipeline on pushes to ${Branch} of ${Repository}'),
    eventPattern: {
      source: ['aws.codecommit'],
      'detail-type': ['CodeCommit Repository State Change'],
      resources: [Fn.sub('arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${Repository}')],
      detail: {
        event: ['referenceCreated', 'referenceUpdated'],
        referenceType: ['branch'],
        referenceName: [branch.valueAsString],
      },
    },
    targets: [
      {
        id: 'pipeline',
        arn: Fn.sub('arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}'),
        roleArn: role(EVENTS_ROLE_NAME),
      },
    ],
  });
  trigger.cfnOptions.condition = deploysOnPush;

  const schedule = new CfnEventsRule(stack, 'DriftScheduleRule', {
    description: Fn.sub('Checks ${TargetAccount} for drift from ${Branch} of ${Repository}'),
    scheduleExpression: driftSchedule.valueAsString,
    targets: [
      {
        id: 'pipeline',
        arn: Fn.sub('arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}'),
        roleArn: role(EVENTS_ROLE_NAME),
      },
    ],
  });
  schedule.cfnOptions.condition = isDrift;

  new CfnOutput(stack, 'PipelineName', { value: pipeline.ref });
  new CfnOutput(stack, 'Environment', { value: environment });
  new CfnOutput(stack, 'AccountNumber', { value: accountNumber });
  return stack;
}
