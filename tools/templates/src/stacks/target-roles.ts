import { CfnCondition, CfnParameter, Fn, Stack, type App, type ICfnConditionExpression } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnRole, CfnServiceLinkedRole } from 'aws-cdk-lib/aws-iam';
import type { EnvironmentRecord } from '@edd/environments';
import type { StepDeclaration } from '../declarations.js';
import { BACKEND_STACKS } from '../iam/backend-stacks.js';
import { BOUNDARY_ARN } from '../iam/scopes.js';
import {
  allowStatements,
  pascalCase,
  policyParts,
  readActions,
  type PolicyDeclaration,
  type PolicyStatement,
} from '../iam/statements.js';
import {
  BOUNDARY_POLICY_NAME,
  CODEBUILD_ROLE_NAME,
  NAME_PREFIX,
  PROD_CODEBUILD_ROLE_NAME,
  READONLY_ROLE_NAME,
  TARGET_ROLE_NAME,
} from '../pipelines.js';
import { stackSynthesizer } from './synthesizer.js';

export { pascalCase } from '../iam/statements.js';

export interface TargetRolesInput {
  sharedAccount: string;
  /** The registry's production targets: they trust the production build role instead of the other. */
  productionTargets: EnvironmentRecord[];
  steps: StepDeclaration[];
  undeclared: string[];
}

export const PRUNE_POLICY_NAME = `${TARGET_ROLE_NAME}-prune`;

const sub = (text: string) => Fn.sub(text);
const iamArn = (resource: string) => sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:${resource}`);

/** The policies `codebuild-connect` holds: one per step that declares what it calls, and the backend stacks'. */
export function policyDeclarations(steps: readonly StepDeclaration[]): PolicyDeclaration[] {
  return [
    ...steps
      .filter((step) => (step.iamActions?.length ?? 0) + (step.pruneIamActions?.length ?? 0) > 0)
      .map((step) => ({
        name: step.step,
        what: `${step.packageName} ${step.version}`,
        iamActions: step.iamActions ?? [],
        pruneIamActions: step.pruneIamActions ?? [],
      })),
    BACKEND_STACKS,
  ];
}

/** `Fn::Or` takes 2 to 10 conditions: one account is an `Fn::Equals`, more are nested by tens. */
function anyOf(conditions: ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) return conditions[0]!;
  if (conditions.length <= 10) return Fn.conditionOr(...conditions);
  const chunks: ICfnConditionExpression[] = [];
  for (let i = 0; i < conditions.length; i += 10) chunks.push(anyOf(conditions.slice(i, i + 10)));
  return anyOf(chunks);
}

/**
 * Denials that hold whatever is attached to the role later: it never changes itself, its policies or the boundary,
 * and no role comes to exist, or stays, without the boundary.
 */
function guardrails(): PolicyStatement[] {
  return [
    {
      Sid: 'DenyChangingItself',
      Effect: 'Deny',
      Action: [
        'iam:AttachRolePolicy',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:DeleteRole',
        'iam:DeleteRolePermissionsBoundary',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:SetDefaultPolicyVersion',
        'iam:TagPolicy',
        'iam:TagRole',
        'iam:UntagPolicy',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      Resource: [
        iamArn(`role/${TARGET_ROLE_NAME}`),
        iamArn(`role/${READONLY_ROLE_NAME}`),
        iamArn(`policy/${TARGET_ROLE_NAME}-*`),
        iamArn(`policy/${BOUNDARY_POLICY_NAME}`),
      ],
    },
    {
      Sid: 'DenyRolesWithoutTheBoundary',
      Effect: 'Deny',
      Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': sub(BOUNDARY_ARN) } },
    },
    { Sid: 'DenyRemovingTheBoundary', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' },
  ];
}

/**
 * The most any role of the backend stacks may ever do, whatever policy its repository writes for it: the data of
 * the `edd-` tables, queues, topics and buckets, the `edd-` functions, their logs, and contact-level Connect calls.
 * No IAM, no STS, nothing of another naming. It also keeps itself: no change to this policy, no role losing it.
 */
function boundaryStatements(): PolicyStatement[] {
  const here = (service: string, resource: string) =>
    sub(`arn:\${AWS::Partition}:${service}:*:\${AWS::AccountId}:${resource}`);
  return [
    {
      Sid: 'ApplicationTables',
      Effect: 'Allow',
      Action: [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:DescribeTable',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:UpdateItem',
      ],
      Resource: here('dynamodb', `table/${NAME_PREFIX}*`),
    },
    {
      Sid: 'ApplicationFunctions',
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: here('lambda', `function:${NAME_PREFIX}*`),
    },
    {
      Sid: 'ApplicationLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: here('logs', `log-group:/aws/lambda/${NAME_PREFIX}*`),
    },
    {
      Sid: 'ApplicationMessages',
      Effect: 'Allow',
      Action: [
        'sns:Publish',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ],
      Resource: [here('sns', `${NAME_PREFIX}*`), here('sqs', `${NAME_PREFIX}*`)],
    },
    {
      Sid: 'ApplicationObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: sub(`arn:\${AWS::Partition}:s3:::${NAME_PREFIX}*/*`),
    },
    {
      Sid: 'ApplicationBuckets',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: sub(`arn:\${AWS::Partition}:s3:::${NAME_PREFIX}*`),
    },
    {
      // Contacts and what a flow's Lambda reads; several of these have no resource type of their own.
      Sid: 'ContactCenter',
      Effect: 'Allow',
      Action: [
        'connect:Describe*',
        'connect:GetContactAttributes',
        'connect:GetCurrentMetricData',
        'connect:GetCurrentUserData',
        'connect:GetMetricData',
        'connect:GetMetricDataV2',
        'connect:List*',
        'connect:Search*',
        'connect:StartOutboundVoiceContact',
        'connect:StartTaskContact',
        'connect:StopContact',
        'connect:UpdateContact',
        'connect:UpdateContactAttributes',
        'connect:UpdateContactSchedule',
      ],
      Resource: '*',
    },
    {
      Sid: 'Tracing',
      Effect: 'Allow',
      Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
      Resource: '*',
    },
    {
      Sid: 'DenyChangingTheBoundary',
      Effect: 'Deny',
      Action: ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:DeletePolicyVersion', 'iam:SetDefaultPolicyVersion'],
      Resource: iamArn(`policy/${BOUNDARY_POLICY_NAME}`),
    },
    {
      Sid: 'DenyRemovingTheBoundary',
      Effect: 'Deny',
      Action: ['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'],
      Resource: '*',
    },
  ];
}

/**
 * Seed §1.10.2, in each target account: `codebuild-connect`, trusted by one role of the Shared account (the
 * production build role in the production accounts, the other build role elsewhere), allowed what the steps declare
 * they call, where they call it (one managed policy per step, each within IAM's size quota) plus the backend stacks;
 * `codebuild-connect-readonly` for the drift checks, with the same trust and only the reads of those policies;
 * what only pruning needs in a separate policy that exists only with `AllowPrune=true`; the permissions boundary of
 * every role the backend stacks create; and Lex's service-linked role for imported bots.
 */
export function targetRolesStack(app: App, input: TargetRolesInput): Stack {
  const stack = new Stack(app, 'target-account-roles', {
    synthesizer: stackSynthesizer(),
    description:
      'EDD target account roles: codebuild-connect for the pipelines of the Shared account, the boundary of the application roles, and the Lex V2 service-linked role for imported bots',
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
    description: `The Shared account's CodeBuild role that may assume codebuild-connect; in the production accounts of the registry it is always ${PROD_CODEBUILD_ROLE_NAME}, which only their pipelines use`,
  });
  const allowPrune = new CfnParameter(stack, 'AllowPrune', {
    type: 'String',
    default: 'false',
    allowedValues: ['true', 'false'],
    description: `true attaches ${PRUNE_POLICY_NAME}: the deletes only pruning needs (connect-deploy --prune, stack updates that remove a table, function, role or bucket)`,
  });
  const createLexRole = new CfnParameter(stack, 'CreateLexServiceLinkedRole', {
    type: 'String',
    default: 'true',
    allowedValues: ['true', 'false'],
    description: 'false when AWSServiceRoleForLexV2Bots_Common exists already (a service-linked role exists once)',
  });

  const production = new CfnCondition(stack, 'ProductionAccount', {
    expression: anyOf(input.productionTargets.map((target) => Fn.conditionEquals(stack.account, target.account))),
  });
  const principal = (roleName: string) =>
    Fn.sub('arn:${AWS::Partition}:iam::${SharedAccountId}:role/${RoleName}', {
      SharedAccountId: sharedAccount.valueAsString,
      RoleName: roleName,
    });
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: {
          AWS: Fn.conditionIf(
            production.logicalId,
            principal(PROD_CODEBUILD_ROLE_NAME),
            principal(codeBuildRole.valueAsString),
          ),
        },
        Action: 'sts:AssumeRole',
      },
    ],
  };
  const role = new CfnRole(stack, 'CodeBuildConnectRole', {
    roleName: TARGET_ROLE_NAME,
    description: 'Assumed by the pipelines of the Shared account to deploy into this account',
    maxSessionDuration: 3600,
    assumeRolePolicyDocument: trust,
    policies: [{ policyName: 'guardrails', policyDocument: { Version: '2012-10-17', Statement: guardrails() } }],
  });
  const readonlyRole = new CfnRole(stack, 'CodeBuildConnectReadOnlyRole', {
    roleName: READONLY_ROLE_NAME,
    description:
      'Assumed by the drift checks of the Shared account to read this account: the reads of codebuild-connect',
    maxSessionDuration: 3600,
    assumeRolePolicyDocument: trust,
  });

  new CfnManagedPolicy(stack, 'ApplicationBoundary', {
    managedPolicyName: BOUNDARY_POLICY_NAME,
    description: 'Permissions boundary of every role the edd- stacks create: the most an application role may ever do',
    policyDocument: { Version: '2012-10-17', Statement: boundaryStatements() },
  });

  const declarations = policyDeclarations(input.steps);
  for (const declaration of declarations) {
    if (declaration.iamActions.length === 0) continue;
    // IAM caps a managed policy at 6,144 characters: a step that calls more gets numbered parts (`-2`, `-3`).
    policyParts(declaration.name, declaration.iamActions).forEach((actions, i) => {
      const part = i === 0 ? '' : `-${i + 1}`;
      new CfnManagedPolicy(stack, `${pascalCase(declaration.name)}Policy${part.slice(1)}`, {
        managedPolicyName: `${TARGET_ROLE_NAME}-${declaration.name}${part}`,
        description: `What ${declaration.what} calls, where (edd.iamActions${part ? `, part ${i + 1}` : ''})`.slice(
          0,
          1000,
        ),
        roles: [role.ref],
        policyDocument: { Version: '2012-10-17', Statement: allowStatements(declaration.name, actions) },
      });
    });
  }

  // The read-only role: the same scopes, only the reads. A step that reads nothing gets no policy here.
  for (const declaration of declarations) {
    const reads = readActions(declaration.iamActions);
    if (reads.length === 0) continue;
    policyParts(declaration.name, reads).forEach((actions, i) => {
      const part = i === 0 ? '' : `-${i + 1}`;
      new CfnManagedPolicy(stack, `${pascalCase(declaration.name)}ReadOnlyPolicy${part.slice(1)}`, {
        managedPolicyName: `${READONLY_ROLE_NAME}-${declaration.name}${part}`,
        description:
          `What ${declaration.what} reads, where (the reads of edd.iamActions${part ? `, part ${i + 1}` : ''})`.slice(
            0,
            1000,
          ),
        roles: [readonlyRole.ref],
        policyDocument: { Version: '2012-10-17', Statement: allowStatements(declaration.name, actions) },
      });
    });
  }

  const pruning = declarations.filter((d) => d.pruneIamActions.length > 0);
  if (pruning.length > 0) {
    const prune = new CfnManagedPolicy(stack, 'PrunePolicy', {
      managedPolicyName: PRUNE_POLICY_NAME,
      description: `The deletes only pruning needs (edd.pruneIamActions of ${pruning.map((d) => d.name).join(', ')})`,
      roles: [role.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: pruning.flatMap((d) =>
          allowStatements(d.name, d.pruneIamActions).map((s) => ({ ...s, Sid: `Prune${s.Sid}` })),
        ),
      },
    });
    prune.cfnOptions.condition = new CfnCondition(stack, 'PruneAllowed', {
      expression: Fn.conditionEquals(allowPrune.valueAsString, 'true'),
    });
  }

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
