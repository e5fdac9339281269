import { CfnCondition, CfnParameter, Fn, Stack, type App } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnRole, CfnServiceLinkedRole } from 'aws-cdk-lib/aws-iam';
import type { StepDeclaration } from '../declarations.js';
import { CODEBUILD_ROLE_NAME, NAME_PREFIX, TARGET_ROLE_NAME } from '../pipelines.js';
import { stackSynthesizer } from './synthesizer.js';

export interface TargetRolesInput {
  sharedAccount: string;
  steps: StepDeclaration[];
  undeclared: string[];
}

const prefix = NAME_PREFIX;
const arn = (service: string, resource: string, region = '*') =>
  Fn.sub(`arn:\${AWS::Partition}:${service}:${region}:\${AWS::AccountId}:${resource}`);

/** `connect-deploy` -> `ConnectDeploy`: a statement id and a logical id. */
export function pascalCase(name: string): string {
  return name.replace(/(^|[-_])([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}

/**
 * What the backend-common and virtual-callback-queue pipelines deploy with `aws cloudformation deploy`: CloudFormation
 * acts with the caller's permissions, so the role needs those of the stacks' own resources (tables, functions, their
 * roles, the prompt bucket). They are broader than a step's API calls, and held to the `edd-` names the stacks use.
 */
export function backendStatements(): Record<string, unknown>[] {
  return [
    {
      Sid: 'BackendStacks',
      Effect: 'Allow',
      Action: [
        'cloudformation:CreateChangeSet',
        'cloudformation:DeleteChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStacks',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:GetTemplateSummary',
      ],
      Resource: [arn('cloudformation', `stack/${prefix}*/*`), arn('cloudformation', 'transform/*')],
    },
    {
      Sid: 'BackendTables',
      Effect: 'Allow',
      Action: [
        'dynamodb:CreateTable',
        'dynamodb:DeleteTable',
        'dynamodb:DescribeContinuousBackups',
        'dynamodb:DescribeTable',
        'dynamodb:DescribeTimeToLive',
        'dynamodb:ListTagsOfResource',
        'dynamodb:TagResource',
        'dynamodb:UntagResource',
        'dynamodb:UpdateContinuousBackups',
        'dynamodb:UpdateTable',
        'dynamodb:UpdateTimeToLive',
      ],
      Resource: arn('dynamodb', `table/${prefix}*`),
    },
    {
      Sid: 'BackendFunctions',
      Effect: 'Allow',
      Action: [
        'lambda:AddPermission',
        'lambda:CreateFunction',
        'lambda:DeleteFunction',
        'lambda:GetFunction',
        'lambda:GetFunctionConfiguration',
        'lambda:ListTags',
        'lambda:RemovePermission',
        'lambda:TagResource',
        'lambda:UntagResource',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
      ],
      Resource: arn('lambda', `function:${prefix}*`),
    },
    {
      Sid: 'BackendFunctionRoles',
      Effect: 'Allow',
      Action: [
        'iam:AttachRolePolicy',
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
      ],
      Resource: Fn.sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${prefix}*`),
    },
    {
      Sid: 'BackendPassFunctionRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: Fn.sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${prefix}*`),
      Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
    },
    {
      Sid: 'BackendPromptBucket',
      Effect: 'Allow',
      Action: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:GetBucketPublicAccessBlock',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketTagging',
      ],
      Resource: Fn.sub(`arn:\${AWS::Partition}:s3:::${prefix}*`),
    },
    {
      // The Lambdas' association with the instance, after the stack (AssociateLambdaFunction also needs
      // lambda:AddPermission, granted above on the stacks' functions).
      Sid: 'BackendConnectAssociations',
      Effect: 'Allow',
      Action: ['connect:AssociateLambdaFunction', 'connect:ListInstances', 'connect:ListLambdaFunctions'],
      Resource: '*',
    },
  ];
}

/**
 * Seed §1.10.2, in each target account: `codebuild-connect`, trusted by the Shared account's CodeBuild service role
 * only, allowed exactly what the steps declare they call (one managed policy per step, each within IAM's size
 * quota) plus the backend stacks; and Lex's service-linked role for imported bots.
 */
export function targetRolesStack(app: App, input: TargetRolesInput): Stack {
  const stack = new Stack(app, 'target-account-roles', {
    synthesizer: stackSynthesizer(),
    description:
      'EDD target account roles: codebuild-connect for the pipelines of the Shared account, and the Lex V2 service-linked role for imported bots',
  });
  stack.templateOptions.metadata = {
    EddStepsWithoutDeclaredIamActions: input.undeclared.length > 0 ? input.undeclared : 'none',
  };
  const sharedAccount = new CfnParameter(stack, 'SharedAccountId', {
    type: 'String',
    default: input.sharedAccount,
    allowedPattern: '^\\d{12}$',
    description: 'The account whose CodeBuild projects run the pipelines',
  });
  const codeBuildRole = new CfnParameter(stack, 'CodeBuildRoleName', {
    type: 'String',
    default: CODEBUILD_ROLE_NAME,
    description: "The Shared account's CodeBuild service role, the only principal allowed to assume codebuild-connect",
  });
  const createLexRole = new CfnParameter(stack, 'CreateLexServiceLinkedRole', {
    type: 'String',
    default: 'true',
    allowedValues: ['true', 'false'],
    description: 'false when AWSServiceRoleForLexV2Bots_Common exists already (a service-linked role exists once)',
  });

  const role = new CfnRole(stack, 'CodeBuildConnectRole', {
    roleName: TARGET_ROLE_NAME,
    description: 'Assumed by the pipelines of the Shared account to deploy into this account',
    maxSessionDuration: 3600,
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: Fn.sub('arn:${AWS::Partition}:iam::${SharedAccountId}:role/${CodeBuildRoleName}', {
              SharedAccountId: sharedAccount.valueAsString,
              CodeBuildRoleName: codeBuildRole.valueAsString,
            }),
          },
          Action: 'sts:AssumeRole',
        },
      ],
    },
  });

  for (const step of input.steps) {
    if (!step.iamActions || step.iamActions.length === 0) continue;
    new CfnManagedPolicy(stack, `${pascalCase(step.step)}Policy`, {
      managedPolicyName: `${TARGET_ROLE_NAME}-${step.step}`,
      description: `What ${step.packageName} ${step.version} calls (edd.iamActions of its package.json)`,
      roles: [role.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Sid: pascalCase(step.step), Effect: 'Allow', Action: step.iamActions, Resource: '*' }],
      },
    });
  }
  new CfnManagedPolicy(stack, 'BackendStacksPolicy', {
    managedPolicyName: `${TARGET_ROLE_NAME}-backend-stacks`,
    description: 'aws cloudformation deploy of the edd-* stacks and the Connect association of their Lambdas',
    roles: [role.ref],
    policyDocument: { Version: '2012-10-17', Statement: backendStatements() },
  });

  const lexRoleWanted = new CfnCondition(stack, 'CreateLexRole', {
    expression: Fn.conditionEquals(createLexRole.valueAsString, 'true'),
  });
  const lexRole = new CfnServiceLinkedRole(stack, 'LexBotsServiceLinkedRole', {
    awsServiceName: 'lexv2.amazonaws.com',
    customSuffix: 'Common',
    description: 'AWSServiceRoleForLexV2Bots_Common: the role of the bots lex-deploy imports',
  });
  lexRole.cfnOptions.condition = lexRoleWanted;
  return stack;
}
