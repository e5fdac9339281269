import { Match } from 'aws-cdk-lib/assertions';
import { registry } from '@edd/environments';
import { describe, expect, it } from 'vitest';
import { grantsBeyondDeclarations, managedPolicies, type CloudFormationTemplate } from '../src/iam/audit.js';
import {
  BACKEND_STACKS,
  PRUNE_POLICY_NAME,
  TemplateValidationError,
  policyDeclarations,
  readWorkspace,
  type WorkspaceFacts,
} from '../src/index.js';
import { ROOT, synthesize, synthesizeAll } from './support.js';

const workspace = readWorkspace(ROOT);
const template = synthesize('target-account-roles.yaml');
const json = () => template.toJSON() as CloudFormationTemplate & Record<string, unknown>;
/** A step's policy, its numbered parts (`-2`, ...) read as one. */
const policy = (name: string, t: CloudFormationTemplate = json()) => {
  const parts = managedPolicies(t).filter((p) => p.name === name || new RegExp(`^${name}-[2-9]\\d*$`).test(p.name));
  return parts.length === 0 ? undefined : { ...parts[0]!, statements: parts.flatMap((p) => p.statements) };
};
const withStep = (step: string, change: (actions: string[]) => string[]): WorkspaceFacts => ({
  ...workspace,
  steps: workspace.steps.map((s) => (s.step === step ? { ...s, iamActions: change(s.iamActions ?? []).sort() } : s)),
});

describe('codebuild-connect', () => {
  it('trusts one role of the Shared account: the production build role in Prod and Prod-FIX, the other elsewhere', () => {
    const principal = (roleName: unknown) => ({
      'Fn::Sub': [
        'arn:${AWS::Partition}:iam::${SharedAccountId}:role/${RoleName}',
        { SharedAccountId: { Ref: 'SharedAccountId' }, RoleName: roleName },
      ],
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'codebuild-connect',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: {
              AWS: {
                'Fn::If': [
                  'ProductionAccount',
                  principal('codebuild-shared-prod-role'),
                  principal({ Ref: 'CodeBuildRoleName' }),
                ],
              },
            },
          },
        ],
      },
    });
    expect(template.findConditions('ProductionAccount').ProductionAccount).toEqual({
      'Fn::Or': registry.productionTargets().map((t) => ({ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, t.account] })),
    });
    expect(template.findParameters('SharedAccountId').SharedAccountId).toMatchObject({ Default: '318484875904' });
    expect(JSON.stringify(json())).not.toMatch(/:root|AdministratorAccess|"Action":"\*"/);
  });

  it('holds one policy per declaring step and one for the backend stacks, each granting only what is declared', () => {
    const declarations = policyDeclarations(workspace.steps);
    expect(declarations.map((d) => d.name)).toEqual([
      'connect-deploy',
      'virtual-callback-deploy',
      'lex-deploy',
      'dynamo-export-import',
      'backend-stacks',
    ]);
    const names = managedPolicies(json()).map((p) => p.name.replace(/-[2-9]\d*$/, ''));
    expect([...new Set(names)]).toEqual([
      'edd-application-boundary',
      ...declarations.map((d) => `codebuild-connect-${d.name}`),
      ...declarations.map((d) => `codebuild-connect-readonly-${d.name}`),
      PRUNE_POLICY_NAME,
    ]);
    // IAM attaches at most 10 managed policies to a role unless the account's quota was raised.
    for (const role of ['CodeBuildConnectRole', 'CodeBuildConnectReadOnlyRole']) {
      const attached = Object.values(json().Resources ?? {}).filter(
        (r) =>
          r.Type === 'AWS::IAM::ManagedPolicy' &&
          JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: role }]),
      );
      expect(attached.length, role).toBeGreaterThan(0);
      expect(attached.length, role).toBeLessThanOrEqual(10);
    }
    expect(grantsBeyondDeclarations(json(), declarations)).toEqual([]);
  });

  it('scopes a step policy by resource: Connect to this account, Lambda and DynamoDB to edd- names, S3 to the prompt bucket', () => {
    const connectDeploy = policy('codebuild-connect-connect-deploy')!.statements;
    const on = (action: string) => connectDeploy.find((s) => s.actions.includes(action))!.resources;
    expect(on('connect:CreateQueue')).toEqual([
      'arn:${AWS::Partition}:connect:*:${AWS::AccountId}:instance/*',
      'arn:${AWS::Partition}:connect:*:${AWS::AccountId}:phone-number/*',
    ]);
    expect(on('lambda:GetFunction')).toEqual(['arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:edd-*']);
    expect(on('s3:PutObject')).toEqual(['arn:${AWS::Partition}:s3:::edd-connect-prompts-${AWS::AccountId}/*']);
    expect(on('connect:ListInstances')).toEqual(['*']);
    expect(policy('codebuild-connect-dynamo-export-import')!.statements).toEqual([
      expect.objectContaining({
        actions: ['dynamodb:BatchWriteItem', 'dynamodb:DescribeTable', 'dynamodb:Scan'],
        resources: ['arn:${AWS::Partition}:dynamodb:*:${AWS::AccountId}:table/edd-*'],
      }),
    ]);
  });

  it('passes only the Lex service-linked role, to Lex, and creates only Connect service-linked roles', () => {
    const lex = policy('codebuild-connect-lex-deploy')!.statements.find((s) => s.actions.includes('iam:PassRole'))!;
    expect(lex).toMatchObject({
      resources: [
        'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/lexv2.amazonaws.com/AWSServiceRoleForLexV2Bots*',
      ],
      condition: { StringEquals: { 'iam:PassedToService': 'lexv2.amazonaws.com' } },
    });
    const connect = policy('codebuild-connect-connect-deploy')!.statements;
    expect(connect.find((s) => s.actions.includes('iam:CreateServiceLinkedRole'))).toMatchObject({
      actions: ['iam:CreateServiceLinkedRole'],
      resources: ['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/connect.amazonaws.com/*'],
      condition: { StringEquals: { 'iam:AWSServiceName': 'connect.amazonaws.com' } },
    });
    expect(connect.find((s) => s.actions.includes('iam:PutRolePolicy'))!.resources).toEqual([
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/connect.amazonaws.com/*',
    ]);
  });

  it('lets the backend stacks create edd- roles only with the boundary, and pass them only to Lambda', () => {
    const backend = policy('codebuild-connect-backend-stacks')!.statements;
    const create = backend.find((s) => s.actions.includes('iam:CreateRole'))!;
    expect(create.resources).toEqual(['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/edd-*']);
    expect(create.condition).toEqual({
      StringEquals: {
        'iam:PermissionsBoundary': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/edd-application-boundary',
      },
    });
    for (const action of ['iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary'])
      expect(create.actions, action).toContain(action);
    expect(backend.find((s) => s.actions.includes('iam:PassRole'))!.condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    });
  });

  it('keeps the deletes only pruning needs in a policy that exists only with AllowPrune=true', () => {
    template.hasResource('AWS::IAM::ManagedPolicy', {
      Condition: 'PruneAllowed',
      Properties: Match.objectLike({ ManagedPolicyName: PRUNE_POLICY_NAME }),
    });
    expect(template.findParameters('AllowPrune').AllowPrune).toMatchObject({ Default: 'false' });
    expect(template.findConditions('PruneAllowed').PruneAllowed).toEqual({
      'Fn::Equals': [{ Ref: 'AllowPrune' }, 'true'],
    });
    const prune = policy(PRUNE_POLICY_NAME)!.statements.flatMap((s) => s.actions);
    expect(prune).toEqual(expect.arrayContaining(['connect:DeleteQueue', ...BACKEND_STACKS.pruneIamActions]));
    const elsewhere = managedPolicies(json())
      .filter((p) => p.name !== PRUNE_POLICY_NAME)
      .flatMap((p) => p.statements.flatMap((s) => s.actions));
    expect(
      elsewhere.filter((a) => /^connect:Delete|DeleteTable|DeleteFunction|DeleteBucket|iam:DeleteRole$/.test(a)),
    ).toEqual([]);
  });

  it('denies itself any change to its role, its policies and the boundary, and any role without the boundary', () => {
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as {
      Properties: { Policies: { PolicyName: string; PolicyDocument: { Statement: Record<string, unknown>[] } }[] };
    };
    const guardrails = role.Properties.Policies.find((p) => p.PolicyName === 'guardrails')!.PolicyDocument.Statement;
    expect(guardrails.every((s) => s.Effect === 'Deny')).toBe(true);
    expect(guardrails.map((s) => s.Sid)).toEqual([
      'DenyChangingItself',
      'DenyRolesWithoutTheBoundary',
      'DenyRemovingTheBoundary',
    ]);
    expect(JSON.stringify(guardrails[0]!.Resource)).toContain(':role/codebuild-connect');
  });

  it('follows a declaration when a step starts calling an action the scope table knows', () => {
    const changed = withStep('dynamo-export-import', (actions) => [...actions, 'dynamodb:GetItem']);
    const roles = synthesizeAll({ workspace: changed })['target-account-roles.yaml'] as CloudFormationTemplate;
    expect(policy('codebuild-connect-dynamo-export-import', roles)!.statements[0]!.actions).toContain(
      'dynamodb:GetItem',
    );
  });

  it('refuses to synthesize an action the scope table does not scope, saying where to scope it', () => {
    const changed = withStep('connect-deploy', (actions) => [...actions, 'connect:StartOutboundVoiceContact']);
    expect(() => synthesizeAll({ workspace: changed })).toThrow(
      /connect-deploy declares connect:StartOutboundVoiceContact, which has no resource scope: add it to ACTION_SCOPES in tools\/templates\/src\/iam\/scopes.ts/,
    );
  });

  it('refuses a template that would grant a pruning action with the main policy', () => {
    const changed = withStep('connect-deploy', (actions) => [...actions, 'connect:DeleteQueue']);
    expect(() => synthesizeAll({ workspace: changed })).toThrow(TemplateValidationError);
    expect(() => synthesizeAll({ workspace: changed })).toThrow(/connect:DeleteQueue outside the prune policy/);
  });

  it('names the steps that declare nothing, which it cannot grant anything', () => {
    const undeclared: WorkspaceFacts = {
      ...workspace,
      steps: workspace.steps.map((step) => (step.step === 'lex-deploy' ? { ...step, iamActions: undefined } : step)),
      missingPackages: ['future-step'],
    };
    const roles = synthesize('target-account-roles.yaml', { workspace: undeclared });
    expect(roles.toJSON().Metadata.EddStepsWithoutDeclaredIamActions).toEqual(
      expect.arrayContaining(['future-step', 'lex-deploy']),
    );
    expect(managedPolicies(roles.toJSON() as CloudFormationTemplate).map((p) => p.name)).not.toContain(
      'codebuild-connect-lex-deploy',
    );
  });

  it('keeps every policy within the 6,144 characters IAM allows a managed policy, in the longest partition', () => {
    for (const resource of Object.values(template.findResources('AWS::IAM::ManagedPolicy'))) {
      const properties = (resource as { Properties: { ManagedPolicyName: string; PolicyDocument: unknown } })
        .Properties;
      const resolved = JSON.stringify(properties.PolicyDocument, (_, value: unknown) =>
        value !== null && typeof value === 'object' && 'Fn::Sub' in value
          ? String((value as { 'Fn::Sub': string })['Fn::Sub'])
              .replaceAll('${AWS::Partition}', 'aws-us-gov')
              .replaceAll('${AWS::AccountId}', '123456789012')
          : value,
      );
      expect(resolved.length, properties.ManagedPolicyName).toBeLessThanOrEqual(6144);
    }
  });
});

describe('the Lex V2 bots role', () => {
  it('is the service-linked role AWSServiceRoleForLexV2Bots_Common, unless the account has it already', () => {
    template.hasResource('AWS::IAM::ServiceLinkedRole', {
      Condition: 'CreateLexRole',
      Properties: Match.objectLike({ AWSServiceName: 'lexv2.amazonaws.com', CustomSuffix: 'Common' }),
    });
  });
});
