import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readWorkspace, type WorkspaceFacts } from '../src/index.js';
import { ROOT, synthesize } from './support.js';

const workspace = readWorkspace(ROOT);
const template = synthesize('target-account-roles.yaml');
type PolicyResource = {
  Properties: {
    ManagedPolicyName: string;
    PolicyDocument: { Statement: { Sid?: string; Action: string[] | string; Resource: unknown }[] };
  };
};
const policies = (t = template) => Object.values(t.findResources('AWS::IAM::ManagedPolicy')) as PolicyResource[];

describe('codebuild-connect', () => {
  it("trusts the Shared account's CodeBuild service role only, never the account root", () => {
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
                'Fn::Sub': [
                  'arn:${AWS::Partition}:iam::${SharedAccountId}:role/${CodeBuildRoleName}',
                  { SharedAccountId: { Ref: 'SharedAccountId' }, CodeBuildRoleName: { Ref: 'CodeBuildRoleName' } },
                ],
              },
            },
          },
        ],
      },
    });
    expect(template.findParameters('SharedAccountId').SharedAccountId).toMatchObject({ Default: '318484875904' });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/:root|AdministratorAccess|"Action":"\*"/);
  });

  it('is allowed exactly what each step declares it calls, one policy per step', () => {
    const declared = workspace.steps.filter((step) => step.iamActions && step.iamActions.length > 0);
    expect(declared.map((step) => step.step)).toContain('connect-deploy');
    for (const step of declared) {
      const policy = policies().find((p) => p.Properties.ManagedPolicyName === `codebuild-connect-${step.step}`);
      expect(policy, step.step).toBeDefined();
      expect(policy!.Properties.PolicyDocument.Statement).toEqual([
        { Sid: expect.any(String), Effect: 'Allow', Action: step.iamActions, Resource: '*' },
      ]);
    }
    expect(
      policies()
        .map((p) => p.Properties.ManagedPolicyName)
        .sort(),
    ).toEqual([...declared.map((s) => `codebuild-connect-${s.step}`), 'codebuild-connect-backend-stacks'].sort());
  });

  it('follows a declaration when a step starts calling something new', () => {
    const changed: WorkspaceFacts = {
      ...workspace,
      steps: workspace.steps.map((step) =>
        step.step === 'connect-deploy'
          ? { ...step, iamActions: [...step.iamActions!, 'connect:CreateUser'].sort() }
          : step,
      ),
    };
    const actions = policies(synthesize('target-account-roles.yaml', { workspace: changed })).find(
      (p) => p.Properties.ManagedPolicyName === 'codebuild-connect-connect-deploy',
    )!.Properties.PolicyDocument.Statement[0]!.Action;
    expect(actions).toContain('connect:CreateUser');
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
    expect(policies(roles).map((p) => p.Properties.ManagedPolicyName)).not.toContain('codebuild-connect-lex-deploy');
  });

  it('keeps every policy within the 6,144 characters IAM allows a managed policy', () => {
    for (const policy of policies()) {
      expect(
        JSON.stringify(policy.Properties.PolicyDocument).length,
        policy.Properties.ManagedPolicyName,
      ).toBeLessThanOrEqual(6144);
    }
  });

  it('may deploy the edd- stacks of backend-common, their resources held to edd- names', () => {
    const backend = policies().find((p) => p.Properties.ManagedPolicyName === 'codebuild-connect-backend-stacks')!;
    const statements = backend.Properties.PolicyDocument.Statement;
    expect(statements.map((s) => s.Sid)).toEqual([
      'BackendStacks',
      'BackendTables',
      'BackendFunctions',
      'BackendFunctionRoles',
      'BackendPassFunctionRoles',
      'BackendPromptBucket',
      'BackendConnectAssociations',
    ]);
    for (const statement of statements.filter((s) => s.Sid !== 'BackendConnectAssociations')) {
      expect(JSON.stringify(statement.Resource), statement.Sid).toContain('edd-*');
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
